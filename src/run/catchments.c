/* SPDX-License-Identifier: MIT */
/*
 * Catchment polygons of a question's facilities, built on several threads: each worker has
 * its own context, route workspace and GEOS handle, takes every n-th facility, runs its
 * bounded search and builds and checks one polygon per coverage threshold into its own
 * cells. The graph and the snaps are only read. The caller turns the cells into rows in
 * facility order, so the output does not depend on the number of threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "dosah/catchment.h"
#include "run/run_internal.h"

struct worker {
    const struct dosah_catchment_job *job;
    struct dosah_ctx *parent; /* cancellation; progress from worker 0 (the caller's thread) */
    unsigned tid, threads;
    enum dosah_status st;
    char msg[512];
};

/* One facility: its search, then a polygon and its check per threshold. */
static enum dosah_status one_facility(struct dosah_ctx *ctx, struct dosah_route_workspace *ws,
                                      struct dosah_geom *geom,
                                      const struct dosah_catchment_job *job, size_t j)
{
    const struct dosah_snap *src = &job->sources[j];
    size_t k, n;
    enum dosah_status st = dosah_route_reach(ctx, ws, src, NULL, 0, &job->opt, NULL, NULL, &n);
    for (k = 0; k < job->threshold_count && !st; k++) {
        struct dosah_catchment_cell *c = &job->cells[j * job->threshold_count + k];
        double t_s = 60 * job->thresholds_min[k];
        struct dosah_polylines parts;
        memset(&parts, 0, sizeof parts);
        st = dosah_catchment_reached(ctx, job->graph, ws, src, job->opt.direction, t_s, &parts);
        if (!st)
            st = dosah_catchment_polygon(geom, &parts, src->attached ? &src->at : NULL,
                                         job->buffer_m, &c->wkb, &c->wkb_size);
        if (!st)
            st = dosah_catchment_check(geom, job->graph, ws, src, job->opt.direction, t_s, c->wkb,
                                       c->wkb_size, job->buffer_m, job->buffer_m, &c->samples,
                                       &c->violations);
        dosah_polylines_clear(&parts);
    }
    return st;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    const struct dosah_catchment_job *job = w->job;
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_route_workspace *ws = NULL;
    struct dosah_geom *geom = NULL;
    size_t j;
    if (!ctx) {
        w->st = DOSAH_ENOMEM;
        snprintf(w->msg, sizeof w->msg, "out of memory");
        return NULL;
    }
    dosah_ctx_inherit_cancel(ctx, w->parent);
    w->st = dosah_route_workspace_create(ctx, job->graph, &ws);
    if (!w->st)
        w->st = dosah_geom_create(ctx, &geom);
    for (j = w->tid; j < job->facility_count && !w->st; j += w->threads) {
        if (!(w->st = dosah_check_cancel(ctx, "catchments")))
            w->st = one_facility(ctx, ws, geom, job, j);
        if (!w->st && w->tid == 0)
            w->st = dosah_progress(w->parent, (double)(j + 1) / (double)job->facility_count,
                                   "catchments");
        if (w->st == DOSAH_EINTERRUPT && w->tid == 0)
            dosah_error_set(ctx, DOSAH_EINTERRUPT, "%s", dosah_ctx_errmsg(w->parent));
    }
    if (w->st)
        snprintf(w->msg, sizeof w->msg, "%s", dosah_ctx_errmsg(ctx));
    dosah_geom_destroy(geom);
    dosah_route_workspace_destroy(ws);
    dosah_ctx_destroy(ctx);
    return NULL;
}

void dosah_catchment_cells_free(struct dosah_catchment_job *job)
{
    size_t i;
    for (i = 0; job->cells && i < job->facility_count * job->threshold_count; i++)
        dosah_free(job->cells[i].wkb);
    dosah_free(job->cells);
    job->cells = NULL;
}

enum dosah_status dosah_catchment_build_all(struct dosah_ctx *ctx, struct dosah_catchment_job *job,
                                            unsigned threads)
{
    struct worker w[2];
    pthread_t tid[2];
    unsigned i, started = 0;
    enum dosah_status st = DOSAH_OK;
    job->cells =
        dosah_calloc(ctx, job->facility_count * job->threshold_count + 1, sizeof *job->cells);
    if (!job->cells)
        return DOSAH_ENOMEM;
    threads = threads < 1 ? 1 : threads > 2 ? 2 : threads;
    memset(w, 0, sizeof w);
    for (i = 0; i < threads; i++)
        w[i].job = job, w[i].parent = ctx, w[i].tid = i, w[i].threads = threads;
    for (i = 1; i < threads; i++) /* the calling thread is worker 0 */
        if (pthread_create(&tid[i], NULL, work, &w[i]) == 0)
            started = i;
        else
            w[i].threads = 0;
    if (started + 1 < threads) /* a thread could not start: do everything here */
        w[0].threads = 1;
    work(&w[0]);
    for (i = 1; i <= started; i++)
        pthread_join(tid[i], NULL);
    for (i = 0; i < threads && !st; i++)
        if (w[i].st)
            st = dosah_error_set(ctx, w[i].st, "%s", w[i].msg);
    if (st)
        dosah_catchment_cells_free(job);
    return st;
}
