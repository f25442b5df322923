/* SPDX-License-Identifier: MIT */
/*
 * An output set: files that replace their predecessors in a directory together or not at
 * all (the GeoPackage, report.html, maps/, charts/, tables/). Everything is written into a
 * private staging directory inside the output directory; the commit moves each file into
 * place (swapping it with the previous one, RENAME_EXCHANGE), and undoes the moves made so
 * far when one fails, so that on any failure the previous files are left as they were.
 * Files of the directory that the set does not contain are never touched.
 */
#ifndef DOSAH_OUTSET_H
#define DOSAH_OUTSET_H

#include <stddef.h>

#include "dosah/core.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dosah_outset;

/*
 * Checks, without writing anything, that dir can take the outputs `names` (paths relative
 * to dir; a trailing '/' marks a directory): dir is a directory or can be created as one,
 * the process may write in it, no name is a directory where a file goes or a file where a
 * directory goes. DOSAH_EINVAL with the path and the reason (strerror) when not.
 */
enum dosah_status dosah_outset_check(struct dosah_ctx *ctx, const char *dir,
                                     const char *const *names, size_t count);

/*
 * Begins a set: dosah_outset_check, then creates dir (and missing parents) when needed and
 * the staging directory in it, after removing the staging directories of dead runs there.
 * *out is new (free with dosah_outset_destroy).
 */
enum dosah_status dosah_outset_begin(struct dosah_ctx *ctx, const char *dir,
                                     const char *const *names, size_t count,
                                     struct dosah_outset **out);
/* The staging directory: write the set's files there under their final relative names.
 * Borrowed, valid until destroy. */
const char *dosah_outset_staging(const struct dosah_outset *set);
/* The directory the set goes to (as given to begin). Borrowed. */
const char *dosah_outset_dir(const struct dosah_outset *set);
/* The top-most directory begin had to create for it (mkdir -p), NULL when the directory
 * existed. Borrowed. */
const char *dosah_outset_created(const struct dosah_outset *set);
/*
 * Moves every file of the staging directory into place. SIGINT, SIGTERM, SIGHUP and SIGQUIT
 * are held in the calling thread for these few renames. On failure the files moved so far
 * are moved back and the error (DOSAH_EIO, strerror) names the file.
 */
enum dosah_status dosah_outset_commit(struct dosah_ctx *ctx, struct dosah_outset *set);
/* Removes the staging directory with what it holds (the replaced files after a commit, the
 * unfinished set otherwise) and, when nothing was committed, the directories begin created.
 * NULL does nothing; returns NULL. */
struct dosah_outset *dosah_outset_destroy(struct dosah_outset *set);

/*
 * For a signal handler ending the process at once: removes the staging directory `staging`
 * (as returned by dosah_outset_staging, copied by the caller beforehand) and everything in
 * it, then, when created is not NULL (dosah_outset_created), the empty directories from dir
 * (dosah_outset_dir) up to created. Async-signal-safe. 0, or -1 when the staging directory
 * stayed.
 */
int dosah_outset_remove_now(const char *staging, const char *dir, const char *created);

#ifdef __cplusplus
}
#endif
#endif
