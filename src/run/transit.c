/* SPDX-License-Identifier: MIT */
/*
 * Questions by public transport (mode: transit). The GTFS feed is read once and its stops
 * snapped to the walking network. Per question: the service day (a date, or the weekday's
 * busiest day of the feed), the connections of that day, one walking search from the
 * facilities to every stop (egress), the profile search over the connections, one bounded
 * walking search per demand point and locality to the stops within the walking limit
 * (access), and the walk the whole way; then, per point, the travel time for every minute of
 * the departure window, summarised as median and quartiles.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "dosah/gtfs.h"
#include "dosah/measure.h"
#include "dosah/transit.h"
#include "run/run_internal.h"

struct dosah_transit_state {
    struct dosah_feed feed;
    struct dosah_snap *stop_snap; /* per stop, on the walking network */
};

void dosah_transit_state_destroy(struct dosah_transit_state *ts)
{
    if (!ts)
        return;
    dosah_feed_clear(&ts->feed);
    dosah_free(ts->stop_snap);
    dosah_free(ts);
}

int dosah_transit_needed(const struct dosah_scenario *s)
{
    size_t k;
    for (k = 0; k < s->service_count; k++)
        if (s->services[k].mode == DOSAH_MODE_TRANSIT)
            return 1;
    return 0;
}

enum dosah_status dosah_transit_prepare(struct dosah_ctx *ctx, struct dosah_access *a,
                                        const struct dosah_scenario *s,
                                        const struct dosah_model *m)
{
    const struct dosah_input_spec *in = &s->inputs[DOSAH_INPUT_TRANSIT];
    struct dosah_transit_state *ts;
    struct dosah_snap_options opt;
    struct dosah_point *pts = NULL;
    size_t i, unattached = 0;
    enum dosah_status st;
    if (!dosah_transit_needed(s) || !a->walk.graph)
        return DOSAH_OK;
    if (!(ts = a->transit = dosah_calloc(ctx, 1, sizeof *ts)))
        return DOSAH_ENOMEM;
    if ((st = dosah_gtfs_load(ctx, in->path, in->path_as_written, m->crs_wkt, &ts->feed)))
        return st;
    ts->stop_snap = dosah_calloc(ctx, ts->feed.stop_count + 1, sizeof *ts->stop_snap);
    pts = dosah_calloc(ctx, ts->feed.stop_count + 1, sizeof *pts);
    if (!ts->stop_snap || !pts) {
        dosah_free(pts);
        return DOSAH_ENOMEM;
    }
    for (i = 0; i < ts->feed.stop_count; i++) {
        pts[i].x = ts->feed.stops[i].x;
        pts[i].y = ts->feed.stops[i].y;
    }
    dosah_snap_options_init(&opt);
    opt.snap_max_m = s->network.snap_max_m;
    opt.access_kmh = s->network.access_kmh;
    st = dosah_snap_points(ctx, a->walk.index, pts, ts->feed.stop_count, &opt, ts->stop_snap);
    dosah_free(pts);
    for (i = 0; i < ts->feed.stop_count && !st; i++)
        unattached += !ts->stop_snap[i].attached;
    if (!st && unattached)
        st = dosah_diag_add(ctx, DOSAH_WARNING, "network", in->path_as_written, "stops.txt",
                            NULL, NULL,
                            "%zu of the feed's %zu %s %s farther than snap_max_m = %.0f m "
                            "from the roads; nobody walks to %s",
                            unattached, ts->feed.stop_count,
                            dosah_plural(ts->feed.stop_count, "stop", "stops"),
                            dosah_plural(unattached, "lies", "lie"), s->network.snap_max_m,
                            dosah_plural(unattached, "it", "them"));
    if (!st)
        st = dosah_diag_add(ctx, DOSAH_INFO, "load", in->path_as_written, NULL, NULL, NULL,
                            "GTFS: %zu %s, %zu %s, %zu %s (frequencies expanded), %zu %s, %zu "
                            "%s, %zu %s",
                            ts->feed.stop_count, dosah_plural(ts->feed.stop_count, "stop", "stops"),
                            ts->feed.route_count,
                            dosah_plural(ts->feed.route_count, "route", "routes"),
                            ts->feed.trip_count, dosah_plural(ts->feed.trip_count, "trip", "trips"),
                            ts->feed.stop_time_count,
                            dosah_plural(ts->feed.stop_time_count, "stop time", "stop times"),
                            ts->feed.service_count,
                            dosah_plural(ts->feed.service_count, "service", "services"),
                            ts->feed.transfer_count,
                            dosah_plural(ts->feed.transfer_count, "transfer", "transfers"));
    return st;
}

/* The question's service day: its date, or the busiest day of its weekday in the feed. */
static enum dosah_status service_day(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                     const struct dosah_feed *f,
                                     const struct dosah_service_spec *q, int32_t *day)
{
    static const char *const names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
    const struct dosah_transit_when *w = &q->when;
    if (w->date_set) {
        *day = dosah_transit_day_number(w->year, w->month, w->day_of_month);
        return DOSAH_OK;
    }
    enum dosah_status st = dosah_feed_busiest_weekday(ctx, f, w->weekday, day);
    if (st || *day != INT32_MIN)
        return st;
    return dosah_error_set(ctx, DOSAH_EINVAL,
                           "%s:%u:%u: services: '%s' asks for a %s, but the feed %s runs no trip "
                           "on any %s of its calendar; give a date (day: YYYY-MM-DD) or another "
                           "weekday",
                           s->path, w->day_mark.line ? w->day_mark.line : q->mark.line,
                           w->day_mark.line ? w->day_mark.column : q->mark.column, q->key,
                           names[w->weekday], s->inputs[DOSAH_INPUT_TRANSIT].path_as_written,
                           names[w->weekday]);
}

/* "2026-03-03" of a day number. */
static void format_day(int32_t day, char *buf, size_t size)
{
    /* civil from days (Howard Hinnant) */
    int32_t z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1, mo = mp < 10 ? mp + 3 : mp - 9;
    snprintf(buf, size, "%04d-%02u-%02u", y + (mo <= 2), mo, d);
}

/* Fails when no trip of the feed runs on the question's day (a date outside the feed's
 * calendar), naming the days on which trips run. */
static enum dosah_status check_day_runs(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                        const struct dosah_feed *f,
                                        const struct dosah_service_spec *q, int32_t day,
                                        size_t trips_running)
{
    const struct dosah_transit_when *w = &q->when;
    char asked[16], first[16], last[16], span[96];
    int32_t lo, hi;
    enum dosah_status st;
    if (trips_running)
        return DOSAH_OK;
    if ((st = dosah_feed_trip_days(ctx, f, &lo, &hi)))
        return st;
    format_day(day, asked, sizeof asked);
    if (lo == INT32_MIN)
        snprintf(span, sizeof span, "the feed's calendars run no trip on any day");
    else {
        format_day(lo, first, sizeof first);
        format_day(hi, last, sizeof last);
        snprintf(span, sizeof span, "its calendar runs trips from %s to %s", first, last);
    }
    return dosah_error_set(ctx, DOSAH_EINVAL,
                           "%s:%u:%u: services: '%s' asks for day %s, but no trip of the feed %s "
                           "runs on that day (%s); choose a day within the feed's calendar",
                           s->path, w->day_mark.line ? w->day_mark.line : q->mark.line,
                           w->day_mark.line ? w->day_mark.column : q->mark.column, q->key, asked,
                           s->inputs[DOSAH_INPUT_TRANSIT].path_as_written, span);
}

/* Per-question scratch: egress per stop, walk-only and the summaries per point. */
struct tq {
    struct dosah_transit_day day;
    struct dosah_transit_profile *profile;
    int32_t *egress_s;
    uint32_t *egress_fac;
    int32_t start_s, end_s;
    double *p25, *p75;         /* per demand point, then per locality */
    double *loc_p25, *loc_p75, *loc_car_s;
};

static void tq_clear(struct tq *x)
{
    dosah_transit_day_clear(&x->day);
    dosah_transit_profile_destroy(x->profile);
    dosah_free(x->egress_s);
    dosah_free(x->egress_fac);
    dosah_free(x->p25);
    dosah_free(x->p75);
    dosah_free(x->loc_p25);
    dosah_free(x->loc_p75);
    dosah_free(x->loc_car_s);
}

/* Egress: one search from every facility to the stops over the walking network. */
static enum dosah_status egress(struct dosah_ctx *ctx, const struct dosah_access *a,
                                const struct dosah_times *t, double max_walk_s, struct tq *x)
{
    const struct dosah_transit_state *ts = a->transit;
    size_t n = ts->feed.stop_count, i;
    struct dosah_snap *src = dosah_calloc(ctx, t->facility_count + 1, sizeof *src);
    double *time = dosah_calloc(ctx, n + 1, sizeof *time);
    struct dosah_route_options opt;
    enum dosah_status st;
    x->egress_s = dosah_malloc(ctx, (n + 1) * sizeof *x->egress_s);
    x->egress_fac = dosah_malloc(ctx, (n + 1) * sizeof *x->egress_fac);
    if (!src || !time || !x->egress_s || !x->egress_fac) {
        st = DOSAH_ENOMEM;
        goto done;
    }
    for (i = 0; i < t->facility_count; i++)
        src[i] = a->walk.service_snap[t->facilities[i]];
    opt = a->walk.route;
    opt.direction = DOSAH_ROUTE_TO_SOURCES;
    opt.max_time_s = max_walk_s;
    st = dosah_route_nearest(ctx, a->walk.ws, src, t->facility_count, ts->stop_snap, n, &opt,
                             time, x->egress_fac);
    for (i = 0; i < n && !st; i++)
        x->egress_s[i] = isnan(time[i]) ? -1 : (int32_t)lround(time[i]);
done:
    dosah_free(src);
    dosah_free(time);
    return st;
}

/* Per point of one kind: access by bounded walks to the stops, the walk the whole way, and
 * the summaries over the window into time_s (median), near, p25, p75. */
static enum dosah_status points(struct dosah_ctx *ctx, const struct dosah_access *a,
                                const struct dosah_model *m, const struct dosah_times *t,
                                enum dosah_targets which, double max_walk_s, struct tq *x,
                                double *time_s, uint32_t *near, double *p25, double *p75,
                                double *walk_out)
{
    const struct dosah_transit_state *ts = a->transit;
    int demand = which == DOSAH_TARGETS_DEMAND;
    size_t n = demand ? m->demand_count : m->locality_count, i, k;
    const struct dosah_snap *snaps = demand ? a->walk.demand_snap : a->walk.locality_snap;
    struct dosah_route_reach_set *set = NULL;
    struct dosah_route_options opt;
    double *walk = dosah_calloc(ctx, n + 1, sizeof *walk);
    uint32_t *walk_near = dosah_calloc(ctx, n + 1, sizeof *walk_near);
    size_t minutes = (size_t)(x->end_s - x->start_s) / 60 + 1;
    int32_t *scratch = dosah_calloc(ctx, minutes, sizeof *scratch);
    int32_t *walk_s = dosah_calloc(ctx, ts->feed.stop_count + 1, sizeof *walk_s);
    enum dosah_status st = walk && walk_near && scratch && walk_s ? DOSAH_OK : DOSAH_ENOMEM;
    opt = a->walk.route;
    opt.max_time_s = max_walk_s;
    if (!st && n)
        st = dosah_route_reach_many(ctx, a->walk.graph, snaps, n, ts->stop_snap,
                                    ts->feed.stop_count, &opt, 2, &set);
    if (!st)
        st = dosah_access_nearest(ctx, a, m, DOSAH_MODE_WALK, DOSAH_ROUTE_TO_SOURCES,
                                  t->facilities, t->facility_count, which, walk, walk_near);
    for (i = 0; i < n && !st; i++) {
        struct dosah_transit_origin o;
        struct dosah_transit_summary sum;
        size_t first = set->offsets[i];
        if ((i & 255) == 0 && (st = dosah_progress(ctx, (double)i / (double)n, "transit")))
            break;
        for (k = first; k < set->offsets[i + 1]; k++)
            walk_s[k - first] = (int32_t)lround(set->time_s[k]);
        o.stop = set->target + first;
        o.walk_s = walk_s;
        o.count = set->offsets[i + 1] - first;
        o.walk_only_s = isnan(walk[i]) ? -1 : (int32_t)lround(walk[i]);
        o.walk_only_fac = walk_near[i];
        dosah_transit_summarize(x->profile, &o, x->start_s, x->end_s, 60, scratch, &sum);
        time_s[i] = sum.median_s;
        near[i] = sum.fac;
        p25[i] = sum.p25_s;
        p75[i] = sum.p75_s;
    }
    if (!st && walk_out)
        memcpy(walk_out, walk, n * sizeof *walk);
    dosah_route_reach_set_destroy(set);
    dosah_free(walk);
    dosah_free(walk_near);
    dosah_free(scratch);
    dosah_free(walk_s);
    return st;
}

/* Population-weighted mean of v over the reached demand points of each area (NAN: none). */
static enum dosah_status area_mean(struct dosah_ctx *ctx, const struct dosah_model *m,
                                   const double *v, int regions, double *out, size_t areas)
{
    double *w = dosah_calloc(ctx, areas + 1, sizeof *w);
    size_t i;
    if (!w)
        return DOSAH_ENOMEM;
    for (i = 0; i < areas; i++)
        out[i] = 0;
    for (i = 0; i < m->demand_count; i++) {
        uint32_t a = m->demand[i].municipality;
        if (a != DOSAH_NONE && regions)
            a = m->municipalities[a].region;
        if (a == DOSAH_NONE || isnan(v[i]) || !(m->demand[i].population > 0))
            continue;
        out[a] += m->demand[i].population * v[i] / 60.0;
        w[a] += m->demand[i].population;
    }
    for (i = 0; i < areas; i++)
        out[i] = w[i] > 0 ? out[i] / w[i] : NAN;
    dosah_free(w);
    return DOSAH_OK;
}

/* K_minutes_p25 or _p75 on one layer; per point values in seconds, areas averaged. */
static enum dosah_status quartile_column(struct dosah_ctx *ctx, const struct dosah_model *m,
                                         struct dosah_output *out, enum dosah_layer layer,
                                         const struct dosah_service_spec *q, int upper,
                                         const double *v, size_t rows)
{
    struct dosah_column *c = dosah_key_column(
        ctx, out, layer, q, upper ? DOSAH_KF_MINUTES_P75 : DOSAH_KF_MINUTES_P25, rows);
    size_t i;
    if (!c)
        return DOSAH_ENOMEM;
    if (layer == DOSAH_LAYER_MUNICIPALITIES || layer == DOSAH_LAYER_REGIONS)
        return area_mean(ctx, m, v, layer == DOSAH_LAYER_REGIONS, c->real, rows);
    for (i = 0; i < rows; i++)
        c->real[i] = isnan(v[i]) ? NAN : v[i] / 60.0;
    return DOSAH_OK;
}

static enum dosah_status transit_columns(struct dosah_ctx *ctx, const struct dosah_model *m,
                                         struct dosah_output *out,
                                         const struct dosah_service_spec *q, const struct tq *x)
{
    enum dosah_status st = DOSAH_OK;
    struct dosah_column *car;
    size_t i;
    int u;
    for (u = 0; u <= 1 && !st; u++) {
        const double *dv = u ? x->p75 : x->p25, *lv = u ? x->loc_p75 : x->loc_p25;
        if ((st = quartile_column(ctx, m, out, DOSAH_LAYER_DEMAND, q, u, dv, m->demand_count)) ||
            (st = quartile_column(ctx, m, out, DOSAH_LAYER_MUNICIPALITIES, q, u, dv,
                                  m->municipality_count)) ||
            (st = quartile_column(ctx, m, out, DOSAH_LAYER_REGIONS, q, u, dv, m->region_count)))
            break;
        st = quartile_column(ctx, m, out, DOSAH_LAYER_LOCALITIES, q, u, lv, m->locality_count);
    }
    if (st)
        return st;
    car = dosah_key_column(ctx, out, DOSAH_LAYER_LOCALITIES, q, DOSAH_KF_CAR_MINUTES,
                           m->locality_count);
    if (!car)
        return DOSAH_ENOMEM;
    for (i = 0; i < m->locality_count; i++)
        car->real[i] = isnan(x->loc_car_s[i]) ? NAN : x->loc_car_s[i] / 60.0;
    return DOSAH_OK;
}

/* The service day and the window as run_info facts, for the report. */
static enum dosah_status question_facts(struct dosah_ctx *ctx, struct dosah_output *out,
                                        const struct dosah_service_spec *q, int32_t day,
                                        const struct tq *x)
{
    static const char *const names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
    char date[32];
    enum dosah_status st;
    format_day(day, date, sizeof date);
    if ((st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_QUESTION_SERVICE_DAY, q->key, "%s",
                                       date)) ||
        (st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_QUESTION_SERVICE_WEEKDAY, q->key, "%s",
                                       names[dosah_transit_weekday(day)])) ||
        (st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_QUESTION_DEPART, q->key,
                                       "%02d:%02d-%02d:%02d", q->when.start_min / 60,
                                       q->when.start_min % 60, q->when.end_min / 60,
                                       q->when.end_min % 60)) ||
        (st = dosah_output_add_fact_id(ctx, out, DOSAH_FACT_QUESTION_TRANSIT_CONNECTIONS, q->key,
                                       "%zu", x->day.conn_count)))
        return st;
    return dosah_output_add_fact_id(ctx, out, DOSAH_FACT_QUESTION_TRANSIT_TRIPS, q->key, "%zu",
                                    x->day.trips_running);
}

enum dosah_status dosah_transit_question(struct dosah_ctx *ctx, const struct dosah_access *a,
                                         const struct dosah_scenario *s,
                                         const struct dosah_model *m, struct dosah_output *out,
                                         size_t k, struct dosah_times *t)
{
    const struct dosah_service_spec *q = &s->services[k];
    const struct dosah_transit_state *ts = a->transit;
    struct dosah_transit_options opt;
    double max_walk_s = s->transit.max_walk_m / (s->network.walk_kmh / 3.6);
    size_t nd = m->demand_count + 1, nl = m->locality_count + 1;
    uint32_t *ignored = NULL;
    struct tq x;
    int32_t day;
    enum dosah_status st;
    memset(&x, 0, sizeof x);
    if ((st = service_day(ctx, s, &ts->feed, q, &day)))
        return st;
    x.start_s = q->when.start_min * 60;
    x.end_s = q->when.end_min * 60;
    dosah_transit_options_init(&opt);
    opt.walk_kmh = s->network.walk_kmh;
    opt.transfer_max_m = s->transit.transfer_max_m;
    opt.change_s = (int32_t)lround(s->transit.change_min * 60);
    x.p25 = dosah_calloc(ctx, nd, sizeof *x.p25);
    x.p75 = dosah_calloc(ctx, nd, sizeof *x.p75);
    x.loc_p25 = dosah_calloc(ctx, nl, sizeof *x.loc_p25);
    x.loc_p75 = dosah_calloc(ctx, nl, sizeof *x.loc_p75);
    x.loc_car_s = dosah_calloc(ctx, nl, sizeof *x.loc_car_s);
    ignored = dosah_calloc(ctx, nl, sizeof *ignored);
    if (!x.p25 || !x.p75 || !x.loc_p25 || !x.loc_p75 || !x.loc_car_s || !ignored) {
        st = DOSAH_ENOMEM;
        goto done;
    }
    if ((st = dosah_transit_day_build(
             ctx, &ts->feed, day, x.start_s,
             x.end_s + (int32_t)lround(s->transit.max_trip_min * 60), &opt, &x.day)) ||
        (st = check_day_runs(ctx, s, &ts->feed, q, day, x.day.trips_running)) ||
        (st = egress(ctx, a, t, max_walk_s, &x)) ||
        (st = dosah_transit_profile_build(ctx, &x.day, x.egress_s, x.egress_fac, &x.profile)) ||
        (st = points(ctx, a, m, t, DOSAH_TARGETS_DEMAND, max_walk_s, &x, t->demand_s,
                     t->demand_near, x.p25, x.p75, NULL)) ||
        (st = points(ctx, a, m, t, DOSAH_TARGETS_LOCALITIES, max_walk_s, &x, t->locality_s,
                     t->locality_near, x.loc_p25, x.loc_p75, t->locality_walk_s)))
        goto done;
    if (m->locality_count &&
        (st = dosah_access_nearest(ctx, a, m, DOSAH_MODE_CAR, DOSAH_ROUTE_TO_SOURCES,
                                   t->facilities, t->facility_count, DOSAH_TARGETS_LOCALITIES,
                                   x.loc_car_s, ignored)))
        goto done;
    if ((st = dosah_access_columns(ctx, s, m, out, k, t)) ||
        (st = transit_columns(ctx, m, out, q, &x)))
        goto done;
    st = question_facts(ctx, out, q, day, &x);
done:
    dosah_free(ignored);
    tq_clear(&x);
    return st;
}
