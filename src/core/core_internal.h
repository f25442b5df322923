/* SPDX-License-Identifier: MIT */
/* Declarations shared inside the core module and with the modules built on it. */
#ifndef DOSAH_CORE_INTERNAL_H
#define DOSAH_CORE_INTERNAL_H

#include <stddef.h>

#include "dosah/core.h"

/* Diagnostics list lifecycle, used by the context only (plain malloc: not fault-injected). */
struct dosah_diagnostics *dosah_diagnostics_create_internal(void);
void dosah_diagnostics_destroy_internal(struct dosah_diagnostics *d);

/* Forgets the diagnostics added after the first n (a repeated computation's duplicates). */
void dosah_diagnostics_truncate(struct dosah_ctx *ctx, size_t n);

#endif
