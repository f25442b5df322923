/* SPDX-License-Identifier: MIT */
/* For the modules above io that run GEOS through a third party (the report's SpatiaLite):
 * binds ctx's cancellation to GEOS's interrupt hook in the calling thread (geom/interrupt.h). */
#ifndef DOSAH_IO_INTERRUPT_H
#define DOSAH_IO_INTERRUPT_H

#include "dosah/core.h"

void dosah_io_bind_geos_interrupt(struct dosah_ctx *ctx);

#endif
