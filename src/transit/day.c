/* SPDX-License-Identifier: MIT */
/*
 * The timetable of one service day: which services run (calendar and calendar_dates), the
 * connections of the trips that run (with the previous day's trips past midnight and the
 * next day's), and the footpaths and change times between stops. Pure C.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dosah/transit.h"

#define DAY_S 86400

void dosah_feed_clear(struct dosah_feed *f)
{
    size_t i;
    for (i = 0; i < f->stop_count; i++)
        dosah_free(f->stops[i].id);
    for (i = 0; i < f->service_count; i++) {
        dosah_free(f->services[i].id);
        dosah_free(f->services[i].added);
        dosah_free(f->services[i].removed);
    }
    dosah_free(f->stops);
    dosah_free(f->stop_times);
    dosah_free(f->trips);
    dosah_free(f->services);
    dosah_free(f->transfers);
    memset(f, 0, sizeof *f);
}

/* Days from civil (Howard Hinnant's algorithm), proleptic Gregorian. */
int32_t dosah_transit_day_number(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

int dosah_transit_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (int)((day + 3) % 7);
    return w < 0 ? w + 7 : w;
}

/* Binary search in an ascending list. */
static int listed(const int32_t *days, size_t n, int32_t day)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (days[mid] == day)
            return 1;
        if (days[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int dosah_feed_service_runs(const struct dosah_feed_service *sv, int32_t day)
{
    if (listed(sv->removed, sv->removed_count, day))
        return 0;
    if (listed(sv->added, sv->added_count, day))
        return 1;
    return day >= sv->start_day && day <= sv->end_day &&
           (sv->weekdays >> dosah_transit_weekday(day) & 1u);
}

static size_t trips_on(const struct dosah_feed *f, const size_t *per_service, int32_t day)
{
    size_t k, n = 0;
    for (k = 0; k < f->service_count; k++)
        if (dosah_feed_service_runs(&f->services[k], day))
            n += per_service[k];
    return n;
}

/* The trips per service (per[k]) and the range of days the calendars of services with
 * trips name (lo > hi when none). */
static size_t *trips_per_service(struct dosah_ctx *ctx, const struct dosah_feed *f, int32_t *lo,
                                 int32_t *hi)
{
    size_t k, i, *per = dosah_calloc(ctx, f->service_count + 1, sizeof *per);
    *lo = INT32_MAX;
    *hi = INT32_MIN;
    if (!per)
        return NULL;
    for (i = 0; i < f->trip_count; i++)
        per[f->trips[i].service]++;
    for (k = 0; k < f->service_count; k++) {
        const struct dosah_feed_service *sv = &f->services[k];
        if (!per[k])
            continue;
        if (sv->start_day <= sv->end_day) {
            *lo = sv->start_day < *lo ? sv->start_day : *lo;
            *hi = sv->end_day > *hi ? sv->end_day : *hi;
        }
        for (i = 0; i < sv->added_count; i++) {
            *lo = sv->added[i] < *lo ? sv->added[i] : *lo;
            *hi = sv->added[i] > *hi ? sv->added[i] : *hi;
        }
    }
    return per;
}

enum dosah_status dosah_feed_trip_days(struct dosah_ctx *ctx, const struct dosah_feed *f,
                                       int32_t *first, int32_t *last)
{
    int32_t lo, hi, day;
    size_t *per = trips_per_service(ctx, f, &lo, &hi);
    *first = *last = INT32_MIN;
    if (!per)
        return DOSAH_ENOMEM;
    for (day = lo; lo <= hi && day <= hi && *first == INT32_MIN; day++)
        if (trips_on(f, per, day))
            *first = day;
    for (day = hi; *first != INT32_MIN && *last == INT32_MIN; day--)
        if (trips_on(f, per, day))
            *last = day;
    dosah_free(per);
    return DOSAH_OK;
}

enum dosah_status dosah_feed_busiest_weekday(struct dosah_ctx *ctx, const struct dosah_feed *f,
                                             int weekday, int32_t *out)
{
    int32_t lo, hi, day, best = INT32_MIN;
    size_t most = 0, *per = trips_per_service(ctx, f, &lo, &hi);
    *out = INT32_MIN;
    if (!per)
        return DOSAH_ENOMEM;
    for (day = lo; lo <= hi && day <= hi; day++) {
        size_t n;
        if (dosah_transit_weekday(day) != weekday)
            continue;
        n = trips_on(f, per, day);
        if (n > most) {
            most = n;
            best = day;
        }
    }
    dosah_free(per);
    *out = best;
    return DOSAH_OK;
}

void dosah_transit_options_init(struct dosah_transit_options *o)
{
    o->walk_kmh = 5;
    o->transfer_max_m = 400;
    o->change_s = 0;
}

void dosah_transit_day_clear(struct dosah_transit_day *d)
{
    dosah_free(d->conn);
    dosah_free(d->foot_first);
    dosah_free(d->foot_to);
    dosah_free(d->foot_s);
    dosah_free(d->change_s);
    memset(d, 0, sizeof *d);
}

size_t dosah_transit_day_memory(const struct dosah_transit_day *d)
{
    size_t feet = d->foot_first ? d->foot_first[d->stop_count] : 0;
    return d->conn_count * sizeof *d->conn + (d->stop_count + 1) * sizeof *d->foot_first +
           feet * (sizeof *d->foot_to + sizeof *d->foot_s) + d->stop_count * sizeof *d->change_s;
}

/* A connection with its place in the trip, for the order of equal departures. */
struct seq_conn {
    struct dosah_connection c;
    uint32_t seq;
};

static int by_departure_desc(const void *a, const void *b)
{
    const struct seq_conn *x = a, *y = b;
    if (x->c.dep_s != y->c.dep_s)
        return x->c.dep_s < y->c.dep_s ? 1 : -1;
    if (x->c.arr_s != y->c.arr_s)
        return x->c.arr_s < y->c.arr_s ? 1 : -1;
    if (x->c.trip != y->c.trip)
        return x->c.trip < y->c.trip ? -1 : 1;
    return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

/* Appends the connections of the trips running on day + offset (offset -1, 0, 1). */
static enum dosah_status add_day(struct dosah_ctx *ctx, const struct dosah_feed *f, int32_t day,
                                 int offset, const int32_t *range, struct seq_conn **v, size_t *n,
                                 size_t *cap, size_t *running)
{
    size_t t, k;
    int32_t shift = offset * DAY_S;
    unsigned char *runs = dosah_malloc(ctx, f->service_count + 1);
    if (!runs)
        return DOSAH_ENOMEM;
    for (k = 0; k < f->service_count; k++)
        runs[k] = (unsigned char)dosah_feed_service_runs(&f->services[k], day + offset);
    for (t = 0; t < f->trip_count; t++) {
        const struct dosah_feed_trip *tr = &f->trips[t];
        if (!runs[tr->service])
            continue;
        if (offset == 0)
            (*running)++;
        for (k = 0; k + 1 < tr->count; k++) {
            const struct dosah_feed_stop_time *a = &f->stop_times[tr->first + k], *b = a + 1;
            int32_t dep = a->departure_s + tr->shift_s + shift;
            if (dep < range[0] || dep >= range[1])
                continue;
            if (*n == *cap) {
                size_t ncap = *cap ? 2 * *cap : 1024;
                void *p = dosah_reallocarray(ctx, *v, ncap, sizeof **v);
                if (!p) {
                    dosah_free(runs);
                    return DOSAH_ENOMEM;
                }
                *v = p;
                *cap = ncap;
            }
            (*v)[*n].c.from = a->stop;
            (*v)[*n].c.to = b->stop;
            (*v)[*n].c.trip = (uint32_t)((size_t)(offset + 1) * f->trip_count + t);
            (*v)[*n].c.dep_s = dep;
            (*v)[*n].c.arr_s = b->arrival_s + tr->shift_s + shift;
            (*v)[*n].seq = (uint32_t)k;
            (*n)++;
        }
    }
    dosah_free(runs);
    return DOSAH_OK;
}

static int32_t walk_time_s(double dist_m, double walk_kmh)
{
    return (int32_t)ceil(dist_m / (walk_kmh / 3.6) - 1e-9);
}

static int by_pair(const void *a, const void *b)
{
    const struct dosah_feed_transfer *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->to < y->to ? -1 : x->to > y->to;
}

/* The transfer row from -> to in the sorted rows, or NULL. */
static const struct dosah_feed_transfer *transfer_of(const struct dosah_feed_transfer *rows,
                                                     size_t n, uint32_t from, uint32_t to)
{
    struct dosah_feed_transfer key;
    key.from = from;
    key.to = to;
    return n ? bsearch(&key, rows, n, sizeof *rows, by_pair) : NULL;
}

struct xi {
    double x;
    uint32_t i;
};

static int by_x(const void *a, const void *b)
{
    double x = ((const struct xi *)a)->x, y = ((const struct xi *)b)->x;
    return x < y ? -1 : x > y ? 1 : 0;
}

struct foot {
    uint32_t from, to;
    int32_t s;
};

static int by_from(const void *a, const void *b)
{
    const struct foot *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->to < y->to ? -1 : x->to > y->to ? 1 : 0;
}

static enum dosah_status push_foot(struct dosah_ctx *ctx, struct foot **v, size_t *n, size_t *cap,
                                   uint32_t from, uint32_t to, int32_t s)
{
    if (*n == *cap) {
        size_t ncap = *cap ? 2 * *cap : 256;
        void *p = dosah_reallocarray(ctx, *v, ncap, sizeof **v);
        if (!p)
            return DOSAH_ENOMEM;
        *v = p;
        *cap = ncap;
    }
    (*v)[*n].from = from;
    (*v)[*n].to = to;
    (*v)[(*n)++].s = s;
    return DOSAH_OK;
}

/* Pairs of stops within transfer_max_m, by a sweep over the stops sorted by x. */
static enum dosah_status near_pairs(struct dosah_ctx *ctx, const struct dosah_feed *f,
                                    const struct dosah_transit_options *opt, struct foot **v,
                                    size_t *n, size_t *cap)
{
    struct xi *order = dosah_malloc(ctx, (f->stop_count + 1) * sizeof *order);
    enum dosah_status st = order ? DOSAH_OK : DOSAH_ENOMEM;
    size_t i, j;
    for (i = 0; i < f->stop_count && !st; i++) {
        order[i].x = f->stops[i].x;
        order[i].i = (uint32_t)i;
    }
    if (!st)
        qsort(order, f->stop_count, sizeof *order, by_x);
    for (i = 0; i < f->stop_count && !st; i++)
        for (j = i + 1; j < f->stop_count && !st; j++) {
            const struct dosah_feed_stop *a = &f->stops[order[i].i], *b = &f->stops[order[j].i];
            double dx = b->x - a->x, dy = b->y - a->y, dist;
            int32_t s;
            if (dx > opt->transfer_max_m)
                break;
            dist = sqrt(dx * dx + dy * dy);
            if (dist > opt->transfer_max_m)
                continue;
            s = walk_time_s(dist, opt->walk_kmh);
            if (!(st = push_foot(ctx, v, n, cap, order[i].i, order[j].i, s)))
                st = push_foot(ctx, v, n, cap, order[j].i, order[i].i, s);
        }
    dosah_free(order);
    return st;
}

/* Footpaths (near pairs, then transfers.txt) in CSR form, and the change time per stop. */
static enum dosah_status footpaths(struct dosah_ctx *ctx, const struct dosah_feed *f,
                                   const struct dosah_transit_options *opt,
                                   struct dosah_transit_day *d)
{
    struct foot *v = NULL;
    struct dosah_feed_transfer *rows = NULL;
    size_t n = 0, cap = 0, i, w, nr = f->transfer_count;
    enum dosah_status st = near_pairs(ctx, f, opt, &v, &n, &cap);
    if (!st && nr) {
        if (!(rows = dosah_malloc(ctx, nr * sizeof *rows)))
            st = DOSAH_ENOMEM;
        else {
            memcpy(rows, f->transfers, nr * sizeof *rows);
            qsort(rows, nr, sizeof *rows, by_pair);
        }
    }
    for (i = 0; i < f->transfer_count && !st; i++) {
        const struct dosah_feed_transfer *t = &f->transfers[i];
        if (t->from != t->to && t->type == 2)
            st = push_foot(ctx, &v, &n, &cap, t->from, t->to, t->min_s);
    }
    d->foot_first = dosah_calloc(ctx, f->stop_count + 1, sizeof *d->foot_first);
    d->foot_to = dosah_malloc(ctx, (n + 1) * sizeof *d->foot_to);
    d->foot_s = dosah_malloc(ctx, (n + 1) * sizeof *d->foot_s);
    d->change_s = dosah_malloc(ctx, (f->stop_count + 1) * sizeof *d->change_s);
    if (!st && (!d->foot_first || !d->foot_to || !d->foot_s || !d->change_s))
        st = DOSAH_ENOMEM;
    if (st) {
        dosah_free(v);
        dosah_free(rows);
        return st;
    }
    if (n)
        qsort(v, n, sizeof *v, by_from);
    /* One footpath per pair: transfers.txt (later in v) wins; type 3 removes it. */
    for (i = 0, w = 0; i < n; i++) {
        const struct dosah_feed_transfer *t;
        if (i + 1 < n && v[i + 1].from == v[i].from && v[i + 1].to == v[i].to)
            continue;
        t = transfer_of(rows, nr, v[i].from, v[i].to);
        if (t && t->type == 3)
            continue;
        if (t && t->type == 2)
            v[i].s = t->min_s;
        d->foot_first[v[i].from + 1]++;
        d->foot_to[w] = v[i].to;
        d->foot_s[w++] = v[i].s;
    }
    for (i = 0; i < f->stop_count; i++) {
        const struct dosah_feed_transfer *t = transfer_of(rows, nr, (uint32_t)i, (uint32_t)i);
        d->foot_first[i + 1] += d->foot_first[i];
        d->change_s[i] = t && t->type == 2 ? t->min_s : opt->change_s;
    }
    dosah_free(v);
    dosah_free(rows);
    return DOSAH_OK;
}

enum dosah_status dosah_transit_day_build(struct dosah_ctx *ctx, const struct dosah_feed *f,
                                          int32_t day, int32_t from_s, int32_t to_s,
                                          const struct dosah_transit_options *opt,
                                          struct dosah_transit_day *out)
{
    struct seq_conn *v = NULL;
    size_t n = 0, cap = 0, i;
    int32_t range[2] = {from_s, to_s};
    int offset;
    enum dosah_status st = DOSAH_OK;
    memset(out, 0, sizeof *out);
    out->stop_count = f->stop_count;
    out->trip_count = (uint32_t)(3 * f->trip_count);
    for (offset = -1; offset <= 1 && !st; offset++)
        st = add_day(ctx, f, day, offset, range, &v, &n, &cap, &out->trips_running);
    if (!st && n)
        qsort(v, n, sizeof *v, by_departure_desc);
    if (!st && !(out->conn = dosah_malloc(ctx, (n + 1) * sizeof *out->conn)))
        st = DOSAH_ENOMEM;
    for (i = 0; i < n && !st; i++)
        out->conn[i] = v[i].c;
    out->conn_count = st ? 0 : n;
    dosah_free(v);
    if (!st)
        st = footpaths(ctx, f, opt, out);
    if (st)
        dosah_transit_day_clear(out);
    return st;
}
