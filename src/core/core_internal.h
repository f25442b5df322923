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

/* Creates dir and its missing parents (mkdir -p). DOSAH_EINVAL for an empty or too long
 * path, DOSAH_EIO (with the path and the reason) when a directory cannot be created. */
enum dosah_status dosah_make_dirs(struct dosah_ctx *ctx, const char *dir);

#endif
