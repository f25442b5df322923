/* SPDX-License-Identifier: MIT */
/*
 * Catchment polygons of a question's facilities, built inside the facilities' searches
 * (dosah_route_reach_many_visit, on several threads): right after a facility's search, in
 * the thread that ran it and while its node times are at hand, the worker of that thread
 * fills the time surface and traces and checks one polygon per coverage threshold into the
 * facility's cells. So each facility is searched once, for its catchment and its polygons
 * alike. Each worker has its own time surface and scratch; the graph, the snaps and the
 * cell grid (filled under its own lock) are shared. The caller turns the cells into rows in
 * facility order, so the output does not depend on the number of threads.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "route/surface.h"
#include "run/run_internal.h"

#define WORKERS 2 /* threads: no more than reach_many is given */

struct shared {
    struct dosah_catchment_job *job;
    struct worker *w;    /* WORKERS */
    const uint32_t *by_y; /* the job's points by y (then by index) */
};

struct worker {
    int open;
    size_t point_count;                    /* what the arrays were sized for */
    struct dosah_ctx *ctx;                 /* the searching thread's, for this facility */
    const struct dosah_route_workspace *ws; /* its search's labels, for this facility */
    struct dosah_surface surf;
    struct dosah_contour_work *trace;
    uint32_t *sel;     /* the points checked */
    double *point_s;   /* per point, its time from the facility; NAN when not reached */
    struct dosah_point *pts;
    unsigned char *want;
    double level_s[DOSAH_CONTOUR_LEVELS]; /* the thresholds, seconds */
};

/* The workers' scratch, kept from one question to the next (a large surface costs its
 * pages once, not once per question). */
struct dosah_catchment_workers {
    struct worker w[WORKERS];
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

/* The points checked: those of the surface's window, found among the points sorted by y
 * (by_y) and so taken in order of y, which keeps a polygon's bands at hand from one point
 * to the next; then the reached ones outside the window, if any. */
static size_t select_points(const struct dosah_catchment_job *job, struct worker *w,
                            const uint32_t *by_y, const uint32_t *reached, size_t n)
{
    const struct dosah_surface *s = &w->surf;
    double x1 = s->x0 + (double)s->nx * s->cell_m, y0 = s->y1 - (double)s->ny * s->cell_m;
    size_t i, m = 0, lo = 0, hi = job->point_count;
    if (!s->nx) {
        for (i = 0; i < n; i++)
            w->sel[m++] = reached[i];
        return m;
    }
    while (lo < hi) { /* the first point at y0 or above */
        size_t mid = lo + (hi - lo) / 2;
        if (job->points[by_y[mid]].y < y0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (i = lo; i < job->point_count && job->points[by_y[i]].y <= s->y1; i++) {
        const struct dosah_point *p = &job->points[by_y[i]];
        if (p->x >= s->x0 && p->x <= x1)
            w->sel[m++] = by_y[i];
    }
    for (i = 0; i < n; i++) {
        const struct dosah_point *p = &job->points[reached[i]];
        if (!(p->y >= y0 && p->y <= s->y1 && p->x >= s->x0 && p->x <= x1))
            w->sel[m++] = reached[i];
    }
    return m;
}

/* One facility after its search (its labels in w->ws, the points it reached in reached and
 * time_s): its surface, then a polygon and its check per threshold. */
static enum dosah_status one_facility(struct worker *w, const struct dosah_catchment_job *job,
                                      const uint32_t *by_y, size_t j, const uint32_t *reached,
                                      const double *time_s, size_t n)
{
    const struct dosah_snap *src = &job->sources[j];
    double tol = sqrt(2.0) * dosah_surface_cells_size(job->surface);
    size_t k, i, m = 0;
    enum dosah_status st = dosah_check_cancel(w->ctx, "catchments");
    for (i = 0; i < n; i++)
        w->point_s[reached[i]] = time_s[i];
    if (!st)
        st = dosah_surface_fill(w->ctx, job->surface, w->ws, src, &job->opt,
                                job->opt.max_time_s, &w->surf);
    if (!st) {
        m = select_points(job, w, by_y, reached, n);
        for (k = 0; k < job->threshold_count && k < DOSAH_CONTOUR_LEVELS; k++)
            w->level_s[k] = 60 * job->thresholds_min[k];
        dosah_contour_levels(w->trace, &w->surf, w->level_s, k);
    }
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
    enum dosah_status st = dosah_contour_work_create(w->ctx, &w->trace);
    if (st)
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
    dosah_contour_work_destroy(w->trace);
}

/* The visitor of the facilities' searches: the worker of the searching thread, opened on
 * its first facility with that thread's context, builds facility j's polygons. */
static enum dosah_status visit(void *arg, unsigned worker, struct dosah_ctx *ctx, size_t j,
                               const struct dosah_route_workspace *ws, const uint32_t *target,
                               const double *time_s, size_t count)
{
    struct shared *sh = arg;
    struct worker *w = &sh->w[worker];
    enum dosah_status st;
    w->ctx = ctx, w->ws = ws;
    if (w->open && w->point_count != sh->job->point_count) {
        worker_close(w);
        memset(w, 0, sizeof *w);
        w->ctx = ctx, w->ws = ws;
    }
    if (!w->open) {
        w->open = 1;
        w->point_count = sh->job->point_count;
        if ((st = worker_open(w, sh->job))) {
            worker_close(w); /* what was taken; the next question opens it afresh */
            memset(w, 0, sizeof *w);
            return st;
        }
    }
    return one_facility(w, sh->job, sh->by_y, j, target, time_s, count);
}

void dosah_catchment_cells_free(struct dosah_catchment_job *job)
{
    size_t i;
    for (i = 0; job->cells && i < job->facility_count * job->threshold_count; i++)
        dosah_free(job->cells[i].wkb);
    dosah_free(job->cells);
    job->cells = NULL;
}

struct dosah_catchment_workers *dosah_catchment_workers_destroy(struct dosah_catchment_workers *cw)
{
    unsigned i;
    if (!cw)
        return NULL;
    for (i = 0; i < WORKERS; i++)
        if (cw->w[i].open)
            worker_close(&cw->w[i]);
    dosah_free(cw);
    return NULL;
}

struct y_key {
    double y;
    uint32_t i;
};

static int y_key_cmp(const void *a, const void *b)
{
    const struct y_key *p = a, *q = b;
    return p->y < q->y ? -1 : p->y > q->y ? 1 : (p->i > q->i) - (p->i < q->i);
}

/* The job's points' indices in order of y (a point's coordinates are finite), or NULL. */
static uint32_t *points_by_y(struct dosah_ctx *ctx, const struct dosah_catchment_job *job)
{
    struct y_key *key = dosah_malloc(ctx, (job->point_count + 1) * sizeof *key);
    uint32_t *by_y = dosah_malloc(ctx, (job->point_count + 1) * sizeof *by_y);
    size_t i;
    if (!key || !by_y) {
        dosah_free(key);
        dosah_free(by_y);
        return NULL;
    }
    for (i = 0; i < job->point_count; i++)
        key[i].y = job->points[i].y, key[i].i = (uint32_t)i;
    qsort(key, job->point_count, sizeof *key, y_key_cmp);
    for (i = 0; i < job->point_count; i++)
        by_y[i] = key[i].i;
    dosah_free(key);
    return by_y;
}

enum dosah_status dosah_catchment_build_all(struct dosah_ctx *ctx, struct dosah_catchment_job *job,
                                            unsigned threads,
                                            struct dosah_route_reach_set **set)
{
    struct shared sh;
    struct dosah_route_visitor v;
    enum dosah_status st;
    uint32_t *by_y;
    *set = NULL;
    if (!*job->workers && !(*job->workers = dosah_calloc(ctx, 1, sizeof **job->workers)))
        return DOSAH_ENOMEM;
    job->cells =
        dosah_calloc(ctx, job->facility_count * job->threshold_count + 1, sizeof *job->cells);
    if (!job->cells)
        return DOSAH_ENOMEM;
    if (!(by_y = points_by_y(ctx, job))) {
        dosah_catchment_cells_free(job);
        return DOSAH_ENOMEM;
    }
    sh.job = job, sh.w = (*job->workers)->w, sh.by_y = by_y;
    v.stage = "catchments", v.visit = visit, v.arg = &sh;
    st = dosah_route_reach_many_visit(ctx, job->graph, job->sources, job->facility_count,
                                      job->targets, job->point_count, &job->opt,
                                      threads < WORKERS ? threads : WORKERS, &v, set);
    dosah_free(by_y);
    if (st)
        dosah_catchment_cells_free(job);
    return st;
}
