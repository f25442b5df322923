/* SPDX-License-Identifier: MIT */
/* Declarations shared inside the core module and with the modules built on it: the plumbing
 * of errors, progress, cancellation and diagnostics that library code uses and a library user
 * never calls, the allocation test hook, hashing, files and temporary directories. */
#ifndef DOSAH_CORE_INTERNAL_H
#define DOSAH_CORE_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "dosah/core.h"

/* The smaller and the larger of two numbers neither of which is NaN, inlined (fmin and fmax
 * are calls into libm; a hot loop over every vertex of a national network feels them). */
#define DOSAH_MIN2(a, b) ((a) < (b) ? (a) : (b))
#define DOSAH_MAX2(a, b) ((a) > (b) ? (a) : (b))

/* Records a failure on the context (printf-style message) and returns status. A failure
 * recorded once the cancellation callback asks to stop is recorded as DOSAH_EINTERRUPT
 * ("interrupted during <last stage>: <message>"): an interrupted call into GDAL, GEOS or
 * SQLite fails in its own words, and the cause is the interruption. */
enum dosah_status dosah_error_set(struct dosah_ctx *ctx, enum dosah_status status,
                                  const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* As dosah_error_set with a va_list. */
enum dosah_status dosah_error_setv(struct dosah_ctx *ctx, enum dosah_status status,
                                   const char *fmt, va_list ap);
/* Prefixes the current message with "prefix: " (printf-style); keeps the status. */
void dosah_error_prefix(struct dosah_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports progress; returns DOSAH_EINTERRUPT (with a message) when the callback asks to stop
 * or the cancellation callback says so. */
enum dosah_status dosah_progress(struct dosah_ctx *ctx, double fraction, const char *stage);
/* Gives ctx the cancellation callback of parent (for worker contexts). */
void dosah_ctx_inherit_cancel(struct dosah_ctx *ctx, const struct dosah_ctx *parent);
/* 1 when the work must stop (the callback says so), else 0. Cheap; sets no message. */
int dosah_ctx_cancelled(const struct dosah_ctx *ctx);
/*
 * The one check for long loops: DOSAH_OK, or DOSAH_EINTERRUPT with "interrupted during
 * <stage>" on the context when the work must stop. Cheap enough for every few thousand
 * iterations of an inner loop (one indirect call).
 */
enum dosah_status dosah_check_cancel(struct dosah_ctx *ctx, const char *stage);

/* Appends a diagnostic; any of file/layer/feature/field may be NULL. fmt is an English
 * printf format written as a literal at the call site: it is also the key of the message's
 * Czech in the catalogue (src/core/catalog_diag.c), which a unit test requires for every
 * call site. Calls the diagnostic callback unless held (dosah_diagnostics_hold). */
enum dosah_status dosah_diag_add(struct dosah_ctx *ctx, enum dosah_severity severity,
                                 const char *stage, const char *file, const char *layer,
                                 const char *feature, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* As dosah_diag_add with a va_list, for functions that forward their caller's format. */
enum dosah_status dosah_diag_addv(struct dosah_ctx *ctx, enum dosah_severity severity,
                                  const char *stage, const char *file, const char *layer,
                                  const char *feature, const char *field, const char *fmt,
                                  va_list ap) __attribute__((format(printf, 8, 0)));

/* Test hook: the n-th allocation from now on fails (0 = the next one); -1 disables. */
void dosah_ctx_fail_alloc_after(struct dosah_ctx *ctx, long n);

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
