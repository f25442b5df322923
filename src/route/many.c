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
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "route/route_internal.h"

/* Where a source's result sits: in the buffers of worker `thread`, from `start`. */
struct slot {
    size_t start;
    uint32_t count;
    uint32_t thread;
};

/* What all workers share: the inputs (read-only), the slots and the counters. */
struct job {
    const struct dosah_snap *sources;
    const struct dosah_snap *targets;
    struct route_target *legs;  /* of every target, found once */
    size_t source_count;
    size_t target_count;
    const struct dosah_route_options *opt;
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

/* Searches from one source into the worker's buffers. */
static enum dosah_status search_one(struct worker *w, size_t s)
{
    struct job *job = w->job;
    size_t count;
    enum dosah_status st = dosah_route_reach_checked(
        w->ctx, w->ws, &job->sources[s], job->targets, job->legs, job->target_count,
        job->opt, w->reached, w->reached_time, &count);
    if (st != DOSAH_OK)
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
                                 "route")) != DOSAH_OK) {
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
    size_t n = job->target_count ? job->target_count : 1;
    w->job = job;
    w->index = k;
    if (!(w->ctx = dosah_ctx_create()))
        return dosah_error_set(ctx, DOSAH_ENOMEM, "out of memory for a search thread");
    if (fail_after >= 0)
        dosah_ctx_fail_alloc_after(w->ctx, fail_after);
    if (dosah_route_workspace_create(ctx, g, &w->ws) != DOSAH_OK ||
        !(w->reached = dosah_malloc(ctx, n * sizeof *w->reached)) ||
        !(w->reached_time = dosah_malloc(ctx, n * sizeof *w->reached_time)))
        return DOSAH_ENOMEM;
    return DOSAH_OK;
}

static void worker_clear(struct worker *w)
{
    dosah_free(w->time_s);
    dosah_free(w->target);
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
                                                unsigned threads, long worker_fail_after,
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
    job.sources = sources;
    job.targets = targets;
    job.source_count = source_count;
    job.target_count = target_count;
    job.opt = opt;
    atomic_init(&job.next, 0);
    atomic_init(&job.done, 0);
    atomic_init(&job.stop, 0);
    st = DOSAH_ENOMEM;
    if (!(set = dosah_calloc(ctx, 1, sizeof *set)) ||
        !(set->offsets = dosah_malloc(ctx, (source_count + 1) * sizeof *set->offsets)) ||
        !(job.slot = dosah_calloc(ctx, source_count ? source_count : 1, sizeof *job.slot)) ||
        !(job.legs = dosah_malloc(ctx, (target_count ? target_count : 1) * sizeof *job.legs)) ||
        !(w = dosah_calloc(ctx, count, sizeof *w)))
        goto done;
    set->source_count = source_count;
    dosah_route_target_legs(g, targets, target_count, opt->direction, job.legs);
    for (k = 0; k < count; k++)
        if ((st = worker_init(ctx, g, &job, &w[k], k, worker_fail_after)) != DOSAH_OK)
            goto done;
    if ((st = dosah_progress(ctx, 0.0, "route")) != DOSAH_OK ||
        (st = run_workers(ctx, w, count)) != DOSAH_OK ||
        (st = gather(ctx, &job, w, set)) != DOSAH_OK ||
        (st = dosah_progress(ctx, 1.0, "route")) != DOSAH_OK)
        goto done;
    *out = set;
    set = NULL;
done:
    for (k = 0; w && k < count; k++)
        worker_clear(&w[k]);
    dosah_free(w);
    dosah_free(job.legs);
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
                                         target_count, opt, threads, -1, out);
}
