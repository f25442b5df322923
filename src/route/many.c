/* SPDX-License-Identifier: MIT */
/*
 * Bounded searches from many sources at once, for the floating-catchment measures: one
 * search per source, spread over POSIX threads. The graph and the points are shared
 * read-only; each thread has its own context (so allocation and its errors stay in the
 * thread) and its own workspace, and appends its results to buffers of its own. Threads
 * take the next source from an atomic counter, so a slow source does not hold the others
 * back; since every source's result is found alone, which thread found it does not matter,
 * and the results are gathered into one CSR set in source order after all threads are
 * done. The calling thread works as one of them and is the only one that reports progress
 * on the caller's context. There is no global state.
 *
 * The targets are indexed once by the nodes their legs lead to, so that a search costs its
 * reach: after it, the settled nodes give the targets reached, instead of a pass over all
 * targets per source (which on a large region, with a hundred thousand demand points and
 * a thousand facilities, would cost more than the searches). The times are the same sums
 * as dosah_route_reach's, so both give exactly the same result.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "route/route_internal.h"

/* Where a source's result sits: in the buffers of worker `thread`, from `start`. */
struct slot {
    size_t start;
    uint32_t count;
    uint32_t thread;
};

/* An attached target and its link, for those on the same link as a source. */
struct link_ref {
    uint32_t link;
    uint32_t target;
};

/* The targets by the nodes of their legs (CSR) and by link; built once, then read-only. */
struct target_index {
    uint32_t *first;         /* node_count + 1 entries */
    uint32_t *target;        /* per leg: its target */
    double *leg_s;           /* per leg: its time */
    struct link_ref *by_link; /* attached targets, by link then index */
    size_t attached;
    struct route_grid grid;  /* attached targets by place, for the direct way */
};

/* What all workers share: the inputs (read-only), the slots and the counters. */
struct job {
    const struct dosah_graph *g;
    const struct dosah_snap *sources;
    const struct dosah_snap *targets;
    struct target_index index;
    size_t source_count;
    size_t target_count;
    const struct dosah_route_options *opt;
    const struct dosah_route_visitor *visitor; /* NULL: none */
    const char *stage;       /* the progress stage */
    struct slot *slot;       /* each written by the one worker that takes the source */
    atomic_size_t next;      /* the next source to take */
    atomic_size_t done;      /* sources finished */
    atomic_int stop;         /* set when a worker fails or the caller asks to stop */
};

struct worker {
    struct job *job;
    uint32_t index;
    struct dosah_ctx *ctx;   /* the worker's own */
    struct dosah_route_workspace *ws;
    uint32_t *reached;       /* one search's result, target_count entries */
    double *reached_time;
    double *best;            /* per target, INFINITY between searches */
    double *direct;          /* per target, the direct way's time; INFINITY between searches */
    uint64_t *mark;          /* per target a bit, for sorting reached; all 0 between searches */
    uint32_t *target;        /* the worker's results, source after source */
    double *time_s;
    size_t size;
    size_t cap;
    enum dosah_status status;
    pthread_t thread;
    int started;
};

struct dosah_route_reach_set *dosah_route_reach_set_destroy(struct dosah_route_reach_set *set)
{
    if (!set)
        return NULL;
    dosah_free(set->time_s);
    dosah_free(set->target);
    dosah_free(set->offsets);
    dosah_free(set);
    return NULL;
}

/* Appends the last search's result to the worker's buffers. */
static enum dosah_status keep(struct worker *w, size_t count)
{
    if (count == 0)
        return DOSAH_OK; /* the buffers may not exist yet */
    if (w->cap - w->size < count) {
        size_t cap = w->cap ? w->cap : 1024;
        uint32_t *target;
        double *time_s;
        while (cap - w->size < count)
            cap *= 2;
        if (!(target = dosah_reallocarray(w->ctx, w->target, cap, sizeof *target)))
            return DOSAH_ENOMEM;
        w->target = target;
        if (!(time_s = dosah_reallocarray(w->ctx, w->time_s, cap, sizeof *time_s)))
            return DOSAH_ENOMEM;
        w->time_s = time_s;
        w->cap = cap;
    }
    memcpy(w->target + w->size, w->reached, count * sizeof *w->target);
    memcpy(w->time_s + w->size, w->reached_time, count * sizeof *w->time_s);
    w->size += count;
    return DOSAH_OK;
}

static int link_ref_cmp(const void *a, const void *b)
{
    const struct link_ref *x = a, *y = b;
    if (x->link != y->link)
        return x->link < y->link ? -1 : 1;
    return x->target < y->target ? -1 : x->target > y->target;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/*
 * Sorts the n distinct targets of reached ascending. When they are dense in the span they
 * cover (a search that reaches thousands of points), by marking them in a bitset and reading
 * it back in order: a pass over n targets and span / 64 words, instead of a comparison sort.
 */
static void sort_reached(struct worker *w, size_t n)
{
    uint32_t *r = w->reached, lo = UINT32_MAX, hi = 0;
    size_t i, k, out = 0;
    for (i = 0; i < n; i++) {
        lo = r[i] < lo ? r[i] : lo;
        hi = r[i] > hi ? r[i] : hi;
    }
    if (n < 64 || (size_t)(hi / 64 - lo / 64) > 4 * n) {
        qsort(r, n, sizeof *r, u32_cmp);
        return;
    }
    for (i = 0; i < n; i++)
        w->mark[r[i] / 64] |= UINT64_C(1) << (r[i] % 64);
    for (k = lo / 64; k <= hi / 64; k++) {
        uint64_t bits = w->mark[k];
        w->mark[k] = 0;
        while (bits) {
            r[out++] = (uint32_t)(k * 64 + (unsigned)__builtin_ctzll(bits));
            bits &= bits - 1;
        }
    }
}

/* Indexes the targets' legs by node and the attached targets by link. */
static enum dosah_status build_index(struct dosah_ctx *ctx, struct job *job)
{
    struct target_index *ix = &job->index;
    size_t n = dosah_graph_node_count(job->g), t, v, legs = 0, m = job->target_count;
    struct route_target *tl = dosah_malloc(ctx, (m ? m : 1) * sizeof *tl);
    int k;
    if (!tl || !(ix->first = dosah_calloc(ctx, n + 1, sizeof *ix->first)) ||
        !(ix->by_link = dosah_malloc(ctx, (m ? m : 1) * sizeof *ix->by_link)))
        goto fail;
    dosah_route_target_legs(job->g, job->targets, m, job->opt->direction, tl);
    for (t = 0; t < m; t++) {
        for (k = 0; k < tl[t].count; k++, legs++)
            ix->first[tl[t].leg[k].node + 1]++;
        if (tl[t].count > 0) {
            ix->by_link[ix->attached].link = job->targets[t].link;
            ix->by_link[ix->attached++].target = (uint32_t)t;
        }
    }
    qsort(ix->by_link, ix->attached, sizeof *ix->by_link, link_ref_cmp);
    for (v = 0; v < n; v++)
        ix->first[v + 1] += ix->first[v];
    if (!(ix->target = dosah_malloc(ctx, (legs ? legs : 1) * sizeof *ix->target)) ||
        !(ix->leg_s = dosah_malloc(ctx, (legs ? legs : 1) * sizeof *ix->leg_s)))
        goto fail;
    /* first[v] serves as node v's fill cursor, then shifts back. */
    for (t = 0; t < m; t++) {
        for (k = 0; k < tl[t].count; k++) {
            uint32_t e = ix->first[tl[t].leg[k].node]++;
            ix->target[e] = (uint32_t)t;
            ix->leg_s[e] = tl[t].leg[k].time_s;
        }
    }
    for (v = n; v > 0; v--)
        ix->first[v] = ix->first[v - 1];
    ix->first[0] = 0;
    dosah_free(tl);
    return dosah_route_grid_build(ctx, job->targets, m, job->opt, &ix->grid);
fail:
    dosah_free(tl);
    return DOSAH_ENOMEM;
}

/* Offers target t the time d; a target's first offer puts it on the worker's list. */
static size_t improve(struct worker *w, uint32_t t, double d, size_t n)
{
    if (!(d < w->best[t]))
        return n;
    if (w->best[t] == INFINITY && w->direct[t] == INFINITY)
        w->reached[n++] = t;
    w->best[t] = d;
    return n;
}

/* The first by_link entry on link, or attached when none. */
static size_t first_on_link(const struct target_index *ix, uint32_t link)
{
    size_t lo = 0, hi = ix->attached;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->by_link[mid].link < link)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Offers the targets near source their direct way (see struct dosah_route_options). */
static size_t near_targets(struct worker *w, const struct dosah_snap *source, size_t n)
{
    const struct job *job = w->job;
    const struct route_grid *grid = &job->index.grid;
    size_t lo[3], hi[3], runs = dosah_route_grid_near(grid, source->pt, lo, hi), k, r;
    for (k = 0; k < runs; k++)
        for (r = lo[k]; r < hi[k]; r++) {
            uint32_t t = grid->ref[r].index;
            double d = dosah_route_direct_way_s(job->opt, source, &job->targets[t]);
            if (!(d < w->direct[t]))
                continue;
            if (w->best[t] == INFINITY && w->direct[t] == INFINITY)
                w->reached[n++] = t;
            w->direct[t] = d;
        }
    return n;
}

/*
 * After a search from source: the targets reached within the bound, ascending, in the
 * worker's reached arrays; returns their number. Goes through the settled nodes' legs, the
 * targets on the source's own link and those near it by the direct way, as
 * dosah_route_reach does target by target.
 */
static size_t collect(struct worker *w, const struct dosah_snap *source)
{
    const struct job *job = w->job;
    const struct target_index *ix = &job->index;
    const uint32_t *settled;
    size_t i, k, ns, n = 0, out = 0;
    double bound = job->opt->max_time_s + DOSAH_ROUTE_SLACK_S;

    settled = dosah_route_settled(w->ws, &ns);
    for (k = 0; k < ns; k++) {
        uint32_t v = settled[k], e;
        double dv = w->ws->dist[v]; /* settled */
        for (e = ix->first[v]; e < ix->first[v + 1]; e++)
            n = improve(w, ix->target[e], dv + ix->leg_s[e], n);
    }
    if (source->attached)
        n = near_targets(w, source, n);
    for (i = source->attached ? first_on_link(ix, source->link) : ix->attached;
         i < ix->attached && ix->by_link[i].link == source->link; i++) {
        uint32_t t = ix->by_link[i].target;
        n = improve(w, t, dosah_route_direct_s(job->g, source, &job->targets[t],
                                             job->opt->direction), n);
    }
    sort_reached(w, n);
    for (i = 0; i < n; i++) {
        uint32_t t = w->reached[i];
        double time_s = w->best[t] + job->targets[t].access_s;
        if (w->direct[t] < time_s)
            time_s = w->direct[t];
        w->best[t] = INFINITY;
        w->direct[t] = INFINITY;
        if (!(time_s <= bound))
            continue;
        w->reached[out] = t;
        w->reached_time[out++] = time_s;
    }
    return out;
}

/* Searches from one source into the worker's buffers. */
static enum dosah_status search_one(struct worker *w, size_t s)
{
    struct job *job = w->job;
    size_t count;
    enum dosah_status st = dosah_route_search_one(w->ctx, w->ws, &job->sources[s], job->opt);
    if (st != DOSAH_OK)
        return st;
    count = collect(w, &job->sources[s]);
    if (job->visitor &&
        (st = job->visitor->visit(job->visitor->arg, w->index, w->ctx, s, w->ws, w->reached,
                                  w->reached_time, count)) != DOSAH_OK)
        return st;
    job->slot[s].start = w->size;
    job->slot[s].count = (uint32_t)count;
    job->slot[s].thread = w->index;
    return keep(w, count);
}

/*
 * Takes sources until none is left or a stop is asked for. With progress_ctx (the calling
 * thread only), reports the share done after each source; a request to stop is then its
 * status.
 */
static enum dosah_status work(struct worker *w, struct dosah_ctx *progress_ctx)
{
    struct job *job = w->job;
    for (;;) {
        size_t s;
        enum dosah_status st;
        if (atomic_load(&job->stop))
            return DOSAH_OK;
        s = atomic_fetch_add(&job->next, 1);
        if (s >= job->source_count)
            return DOSAH_OK;
        if ((st = search_one(w, s)) != DOSAH_OK) {
            atomic_store(&job->stop, 1);
            return st;
        }
        atomic_fetch_add(&job->done, 1);
        if (progress_ctx &&
            (st = dosah_progress(progress_ctx,
                                 (double)atomic_load(&job->done) / (double)job->source_count,
                                 job->stage)) != DOSAH_OK) {
            atomic_store(&job->stop, 1);
            return st;
        }
    }
}

static void *thread_main(void *arg)
{
    struct worker *w = arg;
    w->status = work(w, NULL);
    return NULL;
}

/* Sets up worker k: its context (plain, with the hook) and, on ctx, its workspace. */
static enum dosah_status worker_init(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                     struct job *job, struct worker *w, uint32_t k,
                                     long fail_after)
{
    size_t i, n = job->target_count ? job->target_count : 1;
    w->job = job;
    w->index = k;
    if (!(w->ctx = dosah_ctx_create()))
        return dosah_error_set(ctx, DOSAH_ENOMEM, "out of memory for a search thread");
    dosah_ctx_inherit_cancel(w->ctx, ctx);
    if (fail_after >= 0)
        dosah_ctx_fail_alloc_after(w->ctx, fail_after);
    if (dosah_route_workspace_create(ctx, g, &w->ws) != DOSAH_OK ||
        !(w->reached = dosah_malloc(ctx, n * sizeof *w->reached)) ||
        !(w->reached_time = dosah_malloc(ctx, n * sizeof *w->reached_time)) ||
        !(w->best = dosah_malloc(ctx, n * sizeof *w->best)) ||
        !(w->direct = dosah_malloc(ctx, n * sizeof *w->direct)) ||
        !(w->mark = dosah_calloc(ctx, n / 64 + 1, sizeof *w->mark)))
        return DOSAH_ENOMEM;
    for (i = 0; i < n; i++)
        w->best[i] = w->direct[i] = INFINITY;
    return DOSAH_OK;
}

static void worker_clear(struct worker *w)
{
    dosah_free(w->time_s);
    dosah_free(w->target);
    dosah_free(w->mark);
    dosah_free(w->best);
    dosah_free(w->direct);
    dosah_free(w->reached_time);
    dosah_free(w->reached);
    dosah_route_workspace_destroy(w->ws);
    dosah_ctx_destroy(w->ctx);
}

/*
 * Runs the workers: threads for workers 1 .. count - 1 (those that cannot be started leave
 * their share to the others), worker 0 in the calling thread. Returns the first failure in
 * worker order, its message carried to ctx; an interruption comes first.
 */
static enum dosah_status run_workers(struct dosah_ctx *ctx, struct worker *w, uint32_t count)
{
    enum dosah_status st;
    uint32_t k;
    for (k = 1; k < count; k++)
        w[k].started = pthread_create(&w[k].thread, NULL, thread_main, &w[k]) == 0;
    st = work(&w[0], ctx);
    for (k = 1; k < count; k++)
        if (w[k].started)
            pthread_join(w[k].thread, NULL);
    if (st == DOSAH_EINTERRUPT && dosah_ctx_cancelled(ctx))
        return dosah_check_cancel(ctx, w[0].job->stage);
    if (st == DOSAH_EINTERRUPT)
        return st; /* dosah_progress left its message on ctx */
    if (st != DOSAH_OK)
        return dosah_error_set(ctx, st, "%s", dosah_ctx_errmsg(w[0].ctx));
    for (k = 1; k < count; k++)
        if (w[k].started && w[k].status != DOSAH_OK)
            return dosah_error_set(ctx, w[k].status, "%s", dosah_ctx_errmsg(w[k].ctx));
    return DOSAH_OK;
}

/* Gathers the workers' results into set, in source order. */
static enum dosah_status gather(struct dosah_ctx *ctx, const struct job *job,
                                const struct worker *w, struct dosah_route_reach_set *set)
{
    size_t s, total;
    set->offsets[0] = 0;
    for (s = 0; s < job->source_count; s++)
        set->offsets[s + 1] = set->offsets[s] + job->slot[s].count;
    total = set->offsets[job->source_count];
    set->target = dosah_malloc(ctx, (total ? total : 1) * sizeof *set->target);
    set->time_s = dosah_malloc(ctx, (total ? total : 1) * sizeof *set->time_s);
    if (!set->target || !set->time_s)
        return DOSAH_ENOMEM;
    for (s = 0; s < job->source_count; s++) {
        const struct slot *sl = &job->slot[s];
        const struct worker *from = &w[sl->thread];
        if (sl->count == 0)
            continue;
        memcpy(set->target + set->offsets[s], from->target + sl->start,
               sl->count * sizeof *set->target);
        memcpy(set->time_s + set->offsets[s], from->time_s + sl->start,
               sl->count * sizeof *set->time_s);
    }
    return DOSAH_OK;
}

enum dosah_status dosah_route_reach_many_hooked(struct dosah_ctx *ctx,
                                                const struct dosah_graph *g,
                                                const struct dosah_snap *sources,
                                                size_t source_count,
                                                const struct dosah_snap *targets,
                                                size_t target_count,
                                                const struct dosah_route_options *opt,
                                                unsigned threads,
                                                const struct dosah_route_visitor *v,
                                                long worker_fail_after,
                                                struct dosah_route_reach_set **out)
{
    struct dosah_route_reach_set *set = NULL;
    struct worker *w = NULL;
    struct job job;
    uint32_t count = threads ? threads : 1, k;
    enum dosah_status st;

    *out = NULL;
    memset(&job, 0, sizeof job);
    if ((st = dosah_route_check_input(ctx, g, sources, source_count, targets, target_count,
                                      opt)) != DOSAH_OK)
        return st;
    if (count > source_count)
        count = source_count ? (uint32_t)source_count : 1;
    job.g = g;
    job.sources = sources;
    job.targets = targets;
    job.source_count = source_count;
    job.target_count = target_count;
    job.opt = opt;
    job.visitor = v && v->visit ? v : NULL;
    job.stage = v && v->stage ? v->stage : "route";
    atomic_init(&job.next, 0);
    atomic_init(&job.done, 0);
    atomic_init(&job.stop, 0);
    st = DOSAH_ENOMEM;
    if (!(set = dosah_calloc(ctx, 1, sizeof *set)) ||
        !(set->offsets = dosah_malloc(ctx, (source_count + 1) * sizeof *set->offsets)) ||
        !(job.slot = dosah_calloc(ctx, source_count ? source_count : 1, sizeof *job.slot)) ||
        build_index(ctx, &job) != DOSAH_OK || !(w = dosah_calloc(ctx, count, sizeof *w)))
        goto done;
    set->source_count = source_count;
    for (k = 0; k < count; k++)
        if ((st = worker_init(ctx, g, &job, &w[k], k, worker_fail_after)) != DOSAH_OK)
            goto done;
    if ((st = dosah_progress(ctx, 0.0, job.stage)) != DOSAH_OK ||
        (st = run_workers(ctx, w, count)) != DOSAH_OK ||
        (st = gather(ctx, &job, w, set)) != DOSAH_OK ||
        (st = dosah_progress(ctx, 1.0, job.stage)) != DOSAH_OK)
        goto done;
    *out = set;
    set = NULL;
done:
    for (k = 0; w && k < count; k++)
        worker_clear(&w[k]);
    dosah_free(w);
    dosah_free(job.index.by_link);
    dosah_free(job.index.leg_s);
    dosah_free(job.index.target);
    dosah_free(job.index.first);
    dosah_route_grid_clear(&job.index.grid);
    dosah_free(job.slot);
    dosah_route_reach_set_destroy(set);
    return st;
}

enum dosah_status dosah_route_reach_many(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                         const struct dosah_snap *sources, size_t source_count,
                                         const struct dosah_snap *targets, size_t target_count,
                                         const struct dosah_route_options *opt,
                                         unsigned threads, struct dosah_route_reach_set **out)
{
    return dosah_route_reach_many_hooked(ctx, g, sources, source_count, targets,
                                         target_count, opt, threads, NULL, -1, out);
}

enum dosah_status dosah_route_reach_many_visit(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                               const struct dosah_snap *sources,
                                               size_t source_count,
                                               const struct dosah_snap *targets,
                                               size_t target_count,
                                               const struct dosah_route_options *opt,
                                               unsigned threads,
                                               const struct dosah_route_visitor *v,
                                               struct dosah_route_reach_set **out)
{
    return dosah_route_reach_many_hooked(ctx, g, sources, source_count, targets,
                                         target_count, opt, threads, v, -1, out);
}
