/* SPDX-License-Identifier: MIT */
/*
 * The process-wide GEOS interrupt hook (see interrupt.h). A request is consumed by the first
 * GEOS check in any thread; every thread working for a cancelled context requests again at
 * its own next check, so each of them stops.
 */
#include <pthread.h>

#include <geos_c.h>

#include "core/core_internal.h"
#include "geom/interrupt.h"

static pthread_once_t hook_once = PTHREAD_ONCE_INIT;
static GEOSInterruptCallback *previous_hook;

static void hook(void)
{
    if (previous_hook)
        previous_hook();
    if (dosah_ctx_cancelled(dosah_ctx_thread_bound()))
        GEOS_interruptRequest();
}

static void install(void)
{
    previous_hook = GEOS_interruptRegisterCallback(hook);
}

void dosah_geos_interrupt_bind(struct dosah_ctx *ctx)
{
    pthread_once(&hook_once, install);
    dosah_ctx_bind_thread(ctx);
}
