/* SPDX-License-Identifier: MIT */
/* Declarations shared inside the core module and with the modules built on it. */
#ifndef DOSAH_CORE_INTERNAL_H
#define DOSAH_CORE_INTERNAL_H

#include <stddef.h>

#include "dosah/core.h"

/* Diagnostics list lifecycle, used by the context only (plain malloc: not fault-injected). */
struct dosah_diagnostics *dosah_diagnostics_create_internal(void);
void dosah_diagnostics_destroy_internal(struct dosah_diagnostics *d);

/* Of the diagnostics added after the first n (by a repeated computation), forgets those that
 * repeat an earlier one and prefixes the others' message with `prefix`. */
enum dosah_status dosah_diagnostics_keep_new(struct dosah_ctx *ctx, size_t n,
                                             const char *prefix);

/* Holds the diagnostic callback: diagnostics added from now on are announced only by
 * dosah_diagnostics_release, in the list's order, as they stand then (for a repeated
 * computation, after dosah_diagnostics_keep_new). No nesting. */
void dosah_diagnostics_hold(struct dosah_ctx *ctx);
void dosah_diagnostics_release(struct dosah_ctx *ctx);

/* Creates dir and its missing parents (mkdir -p). DOSAH_EINVAL for an empty or too long
 * path, DOSAH_EIO (with the path and the reason) when a directory cannot be created. */
enum dosah_status dosah_make_dirs(struct dosah_ctx *ctx, const char *dir);

/* Makes ctx the context this thread works for, for third-party interrupt hooks that carry
 * no user data (GEOS's): dosah_ctx_thread_bound returns it until it is destroyed (then the
 * one bound before it again) or another is bound. */
void dosah_ctx_bind_thread(struct dosah_ctx *ctx);
const struct dosah_ctx *dosah_ctx_thread_bound(void);

/* Remembers the stage a later "interrupted during <stage>" names (dosah_progress does it). */
void dosah_ctx_note_stage(struct dosah_ctx *ctx, const char *stage);

/* A private temporary directory `parent/.dosah-tmp-XXXXXX` (mkdtemp, mode 0700), locked
 * (flock) for as long as it lives, so that no other process writes there and a run that
 * died leaves nothing another run does not remove (tempdir.c). */
struct dosah_tempdir {
    char *path;  /* NULL when none */
    int lock_fd; /* -1 when none */
};
/* Removes the temporary directories of dead runs in parent (those nobody locks, and the
 * `.<name>.<pid>.tmp.gpkg` files of dead processes left by version 0.1), then makes one.
 * DOSAH_EIO naming parent and the reason (strerror) when it cannot. */
enum dosah_status dosah_tempdir_create(struct dosah_ctx *ctx, const char *parent,
                                       struct dosah_tempdir *td);
/* Removes the directory with what it holds and drops the lock; td becomes empty. */
void dosah_tempdir_remove(struct dosah_tempdir *td);
/* Removes the unlocked temporary directories in parent (see dosah_tempdir_create). */
void dosah_tempdir_sweep(const char *parent);
/* Removes path and everything under it, following no symbolic link; async-signal-safe.
 * 0, or -1 when something stayed. */
int dosah_remove_tree(const char *path);
/* Creates a new empty file beside final_path, `.<name>.<random>.tmp`, with
 * O_CREAT|O_EXCL|O_NOFOLLOW (mode 0666 less the umask): a name planted in advance, a
 * symbolic link included, makes it pick another. *tmp (free with dosah_free) and *fd are the
 * caller's. DOSAH_EIO with strerror when the directory does not take it. */
enum dosah_status dosah_temp_file(struct dosah_ctx *ctx, const char *final_path, char **tmp,
                                  int *fd);

#endif
