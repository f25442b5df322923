/* SPDX-License-Identifier: MIT */
/*
 * Interrupting GEOS: GEOS 3.11 offers only a process-wide interrupt hook, called in every
 * thread before each of its interruption checks. dosah installs one hook for the process; it
 * asks the cancellation callback of the context the calling thread is bound to and, when
 * that says stop, requests the interruption, so that a long buffer, union or simplification
 * (ours, OGR's or SpatiaLite's) fails at its next check. Private to dosah_core.
 */
#ifndef DOSAH_GEOM_INTERRUPT_H
#define DOSAH_GEOM_INTERRUPT_H

#include "dosah/core.h"

/* Installs the process-wide hook once (keeping any earlier one, which is still called) and
 * binds ctx to the calling thread (see dosah_ctx_bind_thread). Thread-safe. */
void dosah_geos_interrupt_bind(struct dosah_ctx *ctx);

#endif
