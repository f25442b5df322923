/* SPDX-License-Identifier: MIT */
/*
 * Catchment polygons of a question's facilities, built on several threads: each worker has
 * its own context, route workspace and time surface, takes the next facility, runs its
 * bounded search for the node times (shared by every threshold), fills the time surface and traces and checks
 * one polygon per coverage threshold into the facility's cells. The graph, the snaps and
 * the cell grid (filled under its own lock) are shared. The caller turns the cells into rows
 * in facility order, so the output does not depend on the number of threads.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "dosah/surface.h"
#include "run/run_internal.h"

struct shared {
    struct dosah_catchment_job *job;
    struct dosah_ctx *caller; /* progress goes here, from the calling thread only */
    atomic_size_t next, done;
    atomic_int stop;
};

struct worker {
    struct shared *sh;
    int is_caller;
    struct dosah_ctx *ctx;
    struct dosah_route_workspace *ws;
    struct dosah_surface surf;
    struct dosah_contour_work *trace;
    uint32_t *sel;     /* the points checked */
    double *point_s;   /* per point, its time from the facility; NAN when not reached */
    struct dosah_point *pts;
    unsigned char *want;
    enum dosah_status st;
    char msg[512];
};

/* What the boundary test needs of one search. */
struct probe {
    struct worker *w;
    const struct dosah_catchment_job *job;
    const struct dosah_snap *src;
    double t_s;
};

/* 1 when the true time crosses t_s within tol of (x, y): probes on a 5 x 5 grid of step
 * tol / 2 around the point for a time on the other side of t_s. */
static int near_boundary(void *user, double x, double y, int inside, double tol)
{
    const struct probe *p = user;
    int a, b;
    for (a = -2; a <= 2; a++)
        for (b = -2; b <= 2; b++) {
            double t = dosah_surface_time_at(p->w->ctx, p->job->surface, p->w->ws, p->src,
                                             &p->job->opt, x + a * tol / 2, y + b * tol / 2);
            if ((t <= p->t_s + DOSAH_ROUTE_SLACK_S) != inside)
                return 1;
        }
    return 0;
}

/* The points checked: those in the surface's window and every reached one. */
static size_t select_points(const struct dosah_catchment_job *job, struct worker *w)
{
    const struct dosah_surface *s = &w->surf;
    double x1 = s->x0 + (double)s->nx * s->cell_m, y0 = s->y1 - (double)s->ny * s->cell_m;
    size_t i, m = 0;
    for (i = 0; i < job->point_count; i++) {
        const struct dosah_point *p = &job->points[i];
        if (!isnan(w->point_s[i]) || (s->nx && p->x >= s->x0 && p->x <= x1 && p->y >= y0 &&
                                      p->y <= s->y1))
            w->sel[m++] = (uint32_t)i;
    }
    return m;
}

/* One facility: its search, its surface, then a polygon and its check per threshold. */
static enum dosah_status one_facility(struct worker *w, const struct dosah_catchment_job *job,
                                      size_t j)
{
    const struct dosah_snap *src = &job->sources[j];
    double tol = sqrt(2.0) * dosah_surface_cells_size(job->surface);
    size_t k, i, n = 0, m = 0;
    /* The node times only: the points it reaches are known from the caller's searches. */
    enum dosah_status st = dosah_route_reach(w->ctx, w->ws, src, NULL, 0, &job->opt, NULL,
                                             NULL, &n);
    const uint32_t *reached = job->reach_target + job->reach_offsets[j];
    n = job->reach_offsets[j + 1] - job->reach_offsets[j];
    for (i = 0; i < n && !st; i++)
        w->point_s[reached[i]] = job->reach_time_s[job->reach_offsets[j] + i];
    if (!st)
        st = dosah_surface_fill(w->ctx, job->surface, w->ws, src, &job->opt,
                                job->opt.max_time_s, &w->surf);
    if (!st)
        m = select_points(job, w);
    for (i = 0; i < m; i++)
        w->pts[i] = job->points[w->sel[i]];
    for (k = 0; k < job->threshold_count && !st; k++) {
        struct dosah_catchment_cell *c = &job->cells[j * job->threshold_count + k];
        double t_s = 60 * job->thresholds_min[k];
        struct probe pr = {w, job, src, t_s};
        for (i = 0; i < m; i++)
            w->want[i] = w->point_s[w->sel[i]] <= t_s + DOSAH_ROUTE_SLACK_S;
        st = dosah_contour_polygon(w->ctx, w->trace, &w->surf, t_s, &c->wkb, &c->wkb_size);
        if (!st)
            st = dosah_polygon_check(w->ctx, c->wkb, c->wkb_size, w->pts, w->want, m, tol,
                                     near_boundary, &pr, &c->violations);
        c->samples = m;
    }
    for (i = 0; i < n; i++)
        w->point_s[reached[i]] = NAN;
    return st;
}

static enum dosah_status worker_open(struct worker *w, const struct dosah_catchment_job *job)
{
    size_t n = job->point_count + 1, i;
    enum dosah_status st = dosah_route_workspace_create(w->ctx, job->graph, &w->ws);
    if (st || (st = dosah_contour_work_create(w->ctx, &w->trace)))
        return st;
    w->sel = dosah_calloc(w->ctx, n, sizeof *w->sel);
    w->point_s = dosah_calloc(w->ctx, n, sizeof *w->point_s);
    w->pts = dosah_calloc(w->ctx, n, sizeof *w->pts);
    w->want = dosah_calloc(w->ctx, n, sizeof *w->want);
    if (!w->sel || !w->point_s || !w->pts || !w->want)
        return DOSAH_ENOMEM;
    for (i = 0; i < n; i++)
        w->point_s[i] = NAN;
    return DOSAH_OK;
}

static void worker_close(struct worker *w)
{
    dosah_surface_clear(&w->surf);
    dosah_free(w->sel);
    dosah_free(w->point_s);
    dosah_free(w->pts);
    dosah_free(w->want);
    dosah_route_workspace_destroy(w->ws);
    dosah_contour_work_destroy(w->trace);
}

static void *work(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    struct dosah_catchment_job *job = sh->job;
    size_t j;
    if (!(w->ctx = dosah_ctx_create())) {
        w->st = DOSAH_ENOMEM;
        snprintf(w->msg, sizeof w->msg, "out of memory");
        atomic_store(&sh->stop, 1);
        return NULL;
    }
    dosah_ctx_inherit_cancel(w->ctx, sh->caller);
    w->st = worker_open(w, job);
    while (!w->st && !atomic_load(&sh->stop) &&
           (j = atomic_fetch_add(&sh->next, 1)) < job->facility_count) {
        if (!(w->st = dosah_check_cancel(w->ctx, "catchments")))
            w->st = one_facility(w, job, j);
        atomic_fetch_add(&sh->done, 1);
        if (!w->st && w->is_caller &&
            dosah_progress(sh->caller,
                           (double)atomic_load(&sh->done) / (double)job->facility_count,
                           "catchments"))
            w->st = DOSAH_EINTERRUPT;
    }
    if (w->st) {
        atomic_store(&sh->stop, 1);
        if (w->st != DOSAH_EINTERRUPT)
            snprintf(w->msg, sizeof w->msg, "%s", dosah_ctx_errmsg(w->ctx));
    }
    worker_close(w);
    dosah_ctx_destroy(w->ctx);
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
    struct shared sh;
    struct worker w[2];
    pthread_t tid;
    int started = 0;
    unsigned i;
    enum dosah_status st = DOSAH_OK;
    job->cells =
        dosah_calloc(ctx, job->facility_count * job->threshold_count + 1, sizeof *job->cells);
    if (!job->cells)
        return DOSAH_ENOMEM;
    memset(&sh, 0, sizeof sh);
    memset(w, 0, sizeof w);
    sh.job = job, sh.caller = ctx;
    atomic_init(&sh.next, 0), atomic_init(&sh.done, 0), atomic_init(&sh.stop, 0);
    for (i = 0; i < 2; i++)
        w[i].sh = &sh, w[i].is_caller = i == 0;
    if ((st = dosah_progress(ctx, 0.0, "catchments")))
        goto fail;
    if (threads > 1 && job->facility_count > 1) /* the calling thread is worker 0 */
        started = pthread_create(&tid, NULL, work, &w[1]) == 0;
    work(&w[0]);
    if (started)
        pthread_join(tid, NULL);
    for (i = 0; i < 2 && !st; i++)
        if (w[i].st == DOSAH_EINTERRUPT)
            st = dosah_error_set(ctx, DOSAH_EINTERRUPT, "interrupted during catchments");
        else if (w[i].st)
            st = dosah_error_set(ctx, w[i].st, "%s", w[i].msg);
    if (!st)
        st = dosah_progress(ctx, 1.0, "catchments");
fail:
    if (st)
        dosah_catchment_cells_free(job);
    return st;
}
