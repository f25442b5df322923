/* SPDX-License-Identifier: MIT */
/*
 * The pipeline: load the inputs, build what the questions need, compute, and write the one
 * GeoPackage. Each stage hands plain data to the next; this file only sequences them, times
 * them for provenance and makes sure a failure leaves no output behind.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dosah/load.h"
#include "dosah/outset.h"
#include "dosah/output.h"
#include "dosah/run.h"
#include "dosah/write.h"
#include "core/core_internal.h"
#include "geom/interrupt.h"
#include "run/run_internal.h"

void dosah_run_options_init(struct dosah_run_options *o)
{
    memset(o, 0, sizeof *o);
    o->outdir = "out";
    o->lang = "cs";
}

void dosah_run_result_clear(struct dosah_run_result *r)
{
    dosah_free(r->gpkg_path);
    memset(r, 0, sizeof *r);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}


/* Does service s answer question q: one of its types, and the question's form? */
static int answers(const struct dosah_service_spec *q, const struct dosah_service *s)
{
    size_t t;
    if (!(s->forms & q->form))
        return 0;
    for (t = 0; t < q->type_count; t++)
        if (q->types[t] == s->type)
            return 1;
    return 0;
}

/* One services-layer row per (service, question it answers); one row for a service that
 * answers none, so that no input service is lost from the output. */
static enum dosah_status service_rows(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                      const struct dosah_model *m, struct dosah_output *out)
{
    size_t i, k, n = 0, cap = 0;
    for (i = 0; i < m->service_count; i++) {
        size_t before = n;
        for (k = 0; k <= s->service_count; k++) {
            if (k < s->service_count && !answers(&s->services[k], &m->services[i]))
                continue;
            if (k == s->service_count && n > before)
                break;
            if (n == cap) {
                size_t ncap = cap ? 2 * cap : 64;
                void *p =
                    dosah_reallocarray(ctx, out->service_rows, ncap, sizeof *out->service_rows);
                if (!p)
                    return DOSAH_ENOMEM;
                out->service_rows = p;
                cap = ncap;
            }
            out->service_rows[n].service = (uint32_t)i;
            out->service_rows[n].key = k < s->service_count ? (uint32_t)k : DOSAH_NONE;
            out->service_row_count = ++n;
        }
    }
    return DOSAH_OK;
}

static void fill_result(const struct dosah_model *m, struct dosah_run_result *r)
{
    size_t i;
    r->municipality_count = m->municipality_count;
    r->region_count = m->region_count;
    r->demand_count = m->demand_count;
    r->service_count = m->service_count;
    r->locality_count = m->locality_count;
    r->road_line_count = m->roads.line_count;
    for (i = 0; i < m->demand_count; i++)
        r->population += m->demand[i].population;
}

/* The run_info fact f of question key = text. */
static enum dosah_status question_fact(struct dosah_ctx *ctx, struct dosah_output *out,
                                       const char *key, enum dosah_fact f, const char *text)
{
    return dosah_output_add_fact_id(ctx, out, f, key, "%s", text);
}

/* A number as "%.15g" (the C locale's decimal point); no fact when it is NaN (not set). */
static enum dosah_status question_number(struct dosah_ctx *ctx, struct dosah_output *out,
                                         const char *key, enum dosah_fact f, double v)
{
    char text[64];
    if (isnan(v))
        return DOSAH_OK;
    snprintf(text, sizeof text, "%.15g", v);
    return question_fact(ctx, out, key, f, text);
}

/* The questions and time windows as run_info facts, so that the report reads them from the
 * GeoPackage without parsing the scenario text again. */
static enum dosah_status question_facts(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                        struct dosah_output *out)
{
    enum dosah_status st = DOSAH_OK;
    char types[512];
    size_t k, i, n;
    for (k = 0; k < s->service_count && !st; k++) {
        const struct dosah_service_spec *q = &s->services[k];
        for (i = 0, n = 0, types[0] = '\0'; i < q->type_count && n < sizeof types; i++)
            n += (size_t)snprintf(types + n, sizeof types - n, "%s\xc2\xa7%d", i ? ", " : "",
                                  q->types[i]);
        if ((st = question_fact(ctx, out, q->key, DOSAH_FACT_QUESTION_LABEL,
                                q->label ? q->label : q->key)) ||
            (st = question_fact(ctx, out, q->key, DOSAH_FACT_QUESTION_FORM,
                                dosah_form_name((enum dosah_form)q->form))) ||
            (st = question_fact(ctx, out, q->key, DOSAH_FACT_QUESTION_TYPES, types)) ||
            (st = question_number(ctx, out, q->key, DOSAH_FACT_QUESTION_THRESHOLD_MIN,
                                  q->threshold_min)) ||
            (st = question_number(ctx, out, q->key, DOSAH_FACT_QUESTION_NORM_PER_10K,
                                  q->norm_per_10k)) ||
            (st = question_number(ctx, out, q->key, DOSAH_FACT_QUESTION_TARGET_SHARE,
                                  q->target_share)))
            break;
        st = question_fact(ctx, out, q->key, DOSAH_FACT_QUESTION_MODE,
                           q->mode == DOSAH_MODE_TRANSIT ? "transit"
                           : q->mode == DOSAH_MODE_WALK  ? "walk"
                                                         : "car");
        if (!st && q->target_group)
            st = question_fact(ctx, out, q->key, DOSAH_FACT_QUESTION_TARGET_GROUP, q->target_group);
    }
    for (i = 0; i < s->window_count && !st; i++) {
        st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_WINDOW, s->windows[i].name, "%s",
                                      s->windows[i].text);
    }
    return st;
}

/* Graph, snapping and every question: the computed columns of the output. */
static enum dosah_status compute(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                 const struct dosah_model *m, struct dosah_output *out,
                                 int check_only)
{
    struct dosah_access a;
    enum dosah_status st = dosah_access_prepare(ctx, &a, s, m);
    size_t k;
    if (!st && !check_only)
        st = dosah_access_common_columns(ctx, &a, s, m, out);
    for (k = 0; k < s->service_count && !st && !check_only; k++) {
        struct dosah_group_view g;
        if (s->services[k].target_group) { /* the question counts one group's people */
            if (!(st = dosah_group_view_build(ctx, s, m, &s->services[k], &g)) &&
                !(st = dosah_access_question(ctx, &a, s, &g.view, out, k)))
                st = dosah_group_columns(ctx, &g, &s->services[k], out);
            dosah_group_view_clear(&g);
        } else {
            st = dosah_access_question(ctx, &a, s, m, out, k);
        }
        if (!st)
            st = dosah_progress(ctx, (double)(k + 1) / (double)s->service_count, "route");
    }
    dosah_access_clear(&a);
    return st;
}

/*
 * What if: the scenario's changes applied to the services, everything computed again (no
 * catchment polygons, no plans: the comparison is of indicators), and every region indicator
 * before and after into the `changes` table of out. check validates the changes only.
 */
static enum dosah_status what_if(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                 const struct dosah_model *m, struct dosah_output *out,
                                 const struct dosah_run_options *opt)
{
    struct dosah_scenario again = *s; /* shallow: only two switches differ */
    struct dosah_output *after = NULL;
    struct dosah_whatif w;
    size_t warnings = dosah_diagnostics_count(dosah_ctx_diagnostics(ctx));
    enum dosah_status st;
    dosah_diagnostics_hold(ctx); /* announced once the rerun's repeats are dropped */
    st = dosah_whatif_build(ctx, s, m, &w);
    again.catchments = 0;
    again.plan_count = 0;
    if (!st && !opt->check_only) {
        if (!(after = dosah_output_create(ctx)))
            st = DOSAH_ENOMEM;
        if (!st && !(st = service_rows(ctx, &again, &w.view, after)) &&
            !(st = compute(ctx, &again, &w.view, after, 0)))
            st = dosah_changes_compare(ctx, m, after, out,
                                       opt->lang && strcmp(opt->lang, "en") == 0);
        if (!st) /* the rerun repeats the first run's warnings; keep only its own */
            st = dosah_diagnostics_keep_new(ctx, warnings, "what-if: ");
    }
    dosah_diagnostics_release(ctx);
    dosah_output_destroy(after);
    dosah_whatif_clear(&w);
    return st;
}

enum dosah_status dosah_run(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                            const struct dosah_run_options *opt, struct dosah_run_result *result)
{
    struct dosah_model *m = NULL;
    struct dosah_output *out = NULL;
    struct dosah_write_options wopt;
    enum dosah_status st;
    char *path = NULL;
    double t0 = now_s();

    memset(result, 0, sizeof *result);
    dosah_geos_interrupt_bind(ctx); /* OGR's GEOS calls (dissolve, clip) */
    if (!opt->check_only) { /* output obstacles are found before the analysis */
        if (!(path = dosah_asprintf(ctx, "%s.gpkg", s->name))) {
            st = DOSAH_ENOMEM;
            goto done;
        }
        st = dosah_outset_check(ctx, opt->outdir, (const char *const *)&path, 1);
        dosah_free(path);
        path = NULL;
        if (st)
            goto done;
    }
    if ((st = dosah_load(ctx, s, &m)))
        goto done;
    if (!(out = dosah_output_create(ctx))) {
        st = DOSAH_ENOMEM;
        goto done;
    }
    if ((st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_TIMING_LOAD, NULL, "%.3f",
                                       now_s() - t0)) ||
        (st = question_facts(ctx, s, out)) || (st = service_rows(ctx, s, m, out)))
        goto done;
    fill_result(m, result);
    t0 = now_s();
    if ((st = compute(ctx, s, m, out, opt->check_only)) ||
        (st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_TIMING_ROUTE, NULL, "%.3f",
                                       now_s() - t0)) ||
        (s->change_count && (st = what_if(ctx, s, m, out, opt))))
        goto done;
    if (opt->check_only)
        goto done;
    if ((st = dosah_make_dirs(ctx, opt->outdir)))
        goto done;
    if (!(path = dosah_asprintf(ctx, "%s/%s.gpkg", opt->outdir, s->name))) {
        st = DOSAH_ENOMEM;
        goto done;
    }
    dosah_write_options_init(&wopt);
    wopt.lang = opt->lang;
    wopt.started_utc = opt->started_utc;
    if ((st = dosah_write_gpkg(ctx, s, m, out, &wopt, path)))
        goto done;
    result->gpkg_path = path;
    path = NULL;
done:
    if (st && dosah_ctx_cancelled(ctx)) /* a failure caused by the interruption */
        st = dosah_check_cancel(ctx, NULL);
    dosah_free(path);
    dosah_output_destroy(out);
    dosah_model_destroy(m);
    return st;
}
