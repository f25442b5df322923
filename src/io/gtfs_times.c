/* SPDX-License-Identifier: MIT */
/*
 * The GTFS reader's timetable files: stop_times.txt into trips whose stops are in order
 * (missing intermediate times interpolated evenly between the timed stops around them),
 * frequencies.txt expanded into single trips, and transfers.txt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "dosah/transit.h"
#include "io/gtfs_internal.h"

struct row {
    uint32_t trip, seq, stop;
    int32_t arr, dep;
    unsigned long line;
};

static int by_trip_seq(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->trip != y->trip)
        return x->trip < y->trip ? -1 : 1;
    if (x->seq != y->seq)
        return x->seq < y->seq ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static enum dosah_status read_time(struct dosah_ctx *ctx, const struct gtfs_table *t, int col,
                                   int32_t *out)
{
    const char *s = gtfs_field(t, col);
    *out = -1;
    if (!*s)
        return DOSAH_OK;
    if ((*out = gtfs_parse_time(s)) < 0)
        return gtfs_bad(ctx, t, col, "'%s' is not a time HH:MM:SS (hours may pass 24)", s);
    return DOSAH_OK;
}

static enum dosah_status read_row(struct gtfs_reader *r, struct gtfs_table *t, const int *c,
                                  struct row *w)
{
    const char *seq = gtfs_field(t, c[4]);
    char *end;
    unsigned long v;
    enum dosah_status st;
    w->line = t->line;
    if ((w->trip = gtfs_index_get(&r->trips, gtfs_field(t, c[0]))) == DOSAH_NONE)
        return gtfs_bad(r->ctx, t, c[0], "trip '%s' is not in trips.txt", gtfs_field(t, c[0]));
    if ((w->stop = gtfs_index_get(&r->stops, gtfs_field(t, c[3]))) == DOSAH_NONE)
        return gtfs_bad(r->ctx, t, c[3],
                        "stop '%s' is not a stop of stops.txt where vehicles stop "
                        "(location_type 0)",
                        gtfs_field(t, c[3]));
    v = strtoul(seq, &end, 10);
    if (!*seq || *end || v > UINT32_MAX || *seq == '-')
        return gtfs_bad(r->ctx, t, c[4], "'%s' is not a whole number >= 0", seq);
    w->seq = (uint32_t)v;
    if ((st = read_time(r->ctx, t, c[1], &w->arr)) || (st = read_time(r->ctx, t, c[2], &w->dep)))
        return st;
    if (w->arr < 0)
        w->arr = w->dep;
    if (w->dep < 0)
        w->dep = w->arr;
    return DOSAH_OK;
}

/* Interpolates untimed stops of v[0..n) and checks the order; t->line set for messages. */
static enum dosah_status check_trip(struct gtfs_reader *r, struct gtfs_table *t, const int *c,
                                    struct row *v, size_t n)
{
    size_t k, p = 0, q;
    for (k = 0; k < n; k++) {
        t->line = v[k].line;
        if (k && v[k].seq == v[k - 1].seq)
            return gtfs_bad(r->ctx, t, c[4], "trip '%s' has stop_sequence %u twice (also line "
                            "%lu); each stop of a trip has its own",
                            r->trip_ids[v[k].trip], v[k].seq, v[k - 1].line);
        if (v[k].arr < 0 && (k == 0 || k == n - 1))
            return gtfs_bad(r->ctx, t, c[1], "the %s stop of trip '%s' has no time; the first "
                            "and last stops need arrival_time and departure_time",
                            k ? "last" : "first", r->trip_ids[v[k].trip]);
    }
    for (k = 1; k < n; k++) {
        if (v[k].arr >= 0) {
            p = k;
            continue;
        }
        for (q = k; v[q].arr < 0; q++)
            ;
        v[k].arr = v[k].dep =
            v[p].dep + (int32_t)((int64_t)(v[q].arr - v[p].dep) * (int64_t)(k - p) /
                                 (int64_t)(q - p));
    }
    for (k = 0; k < n; k++) {
        t->line = v[k].line;
        if (v[k].dep < v[k].arr)
            return gtfs_bad(r->ctx, t, c[2], "trip '%s' leaves the stop before it arrives; "
                            "departure_time must not be earlier than arrival_time",
                            r->trip_ids[v[k].trip]);
        if (k && v[k].arr < v[k - 1].dep)
            return gtfs_bad(r->ctx, t, c[1], "trip '%s' arrives (stop_sequence %u) before it "
                            "leaves the stop before (line %lu); stop times are out of order: fix "
                            "the times or the stop_sequence",
                            r->trip_ids[v[k].trip], v[k].seq, v[k - 1].line);
    }
    return DOSAH_OK;
}

/* The sorted rows of each trip into the feed's stop times and trips. */
static enum dosah_status build_trips(struct gtfs_reader *r, struct gtfs_table *t, const int *c,
                                     struct row *v, size_t n)
{
    struct dosah_feed *f = r->f;
    size_t i = 0, j, short_trips = 0, first = 0;
    uint32_t *times = NULL; /* stop times per trips.txt row */
    enum dosah_status st = DOSAH_OK;
    f->stop_times = dosah_malloc(r->ctx, (n + 1) * sizeof *f->stop_times);
    f->trips = dosah_malloc(r->ctx, (r->trip_id_count + 1) * sizeof *f->trips);
    r->trip_feed = dosah_malloc(r->ctx, (r->trip_id_count + 1) * sizeof *r->trip_feed);
    times = dosah_calloc(r->ctx, r->trip_id_count + 1, sizeof *times);
    if (!f->stop_times || !f->trips || !r->trip_feed || !times) {
        dosah_free(times);
        return DOSAH_ENOMEM;
    }
    for (j = 0; j < r->trip_id_count; j++)
        r->trip_feed[j] = DOSAH_NONE;
    while (i < n && !st) {
        for (j = i; j < n && v[j].trip == v[i].trip; j++)
            ;
        times[v[i].trip] = (uint32_t)(j - i);
        if (j - i < 2) {
            /* counted below, with the trips that have no stop time at all */
        } else if (!(st = check_trip(r, t, c, v + i, j - i))) {
            struct dosah_feed_trip *tr = &f->trips[f->trip_count];
            size_t k;
            tr->service = r->trip_service[v[i].trip];
            tr->first = (uint32_t)f->stop_time_count;
            tr->count = (uint32_t)(j - i);
            tr->shift_s = 0;
            r->trip_feed[v[i].trip] = (uint32_t)f->trip_count++;
            for (k = i; k < j; k++) {
                struct dosah_feed_stop_time *x = &f->stop_times[f->stop_time_count++];
                x->stop = v[k].stop;
                x->arrival_s = v[k].arr;
                x->departure_s = v[k].dep;
            }
        }
        i = j;
    }
    /* Trips of a known service with fewer than two stop times, in the order of trips.txt. */
    for (j = r->trip_id_count; j-- > 0 && !st;)
        if (r->trip_service[j] != DOSAH_NONE && times[j] < 2) {
            short_trips++;
            first = j;
        }
    if (!st && short_trips)
        st = dosah_diag_add(r->ctx, DOSAH_WARNING, "load", r->label, "stop_times.txt", NULL,
                            NULL,
                            "%zu %s fewer than two stop times and %s left out (first: trip '%s' "
                            "at line %lu of trips.txt, with %u %s)",
                            short_trips, dosah_plural(short_trips, "trip has", "trips have"),
                            dosah_plural(short_trips, "is", "are"), r->trip_ids[first],
                            r->trip_line[first], times[first],
                            dosah_plural(times[first], "stop time", "stop times"));
    dosah_free(times);
    return st;
}

enum dosah_status gtfs_read_stop_times(struct gtfs_reader *r)
{
    static const char *const names[] = {"trip_id", "arrival_time", "departure_time", "stop_id",
                                        "stop_sequence"};
    struct gtfs_table t;
    struct row *v = NULL;
    size_t n = 0, cap = 0, k;
    int present, c[5];
    enum dosah_status st = gtfs_open_file(r, "stop_times.txt", 0, &present, &t);
    for (k = 0; k < 5 && !st; k++)
        st = gtfs_table_require(r->ctx, &t, names[k], &c[k]);
    while (!st) {
        int m = gtfs_table_next(r->ctx, &t);
        if (m <= 0) {
            st = m < 0 ? DOSAH_EINVAL : DOSAH_OK;
            break;
        }
        if ((t.line & 0xffff) == 0 &&
            (st = dosah_progress(r->ctx, (double)t.pos / (double)t.size, "load")))
            break;
        if ((st = gtfs_room(r->ctx, (void **)&v, &cap, n, sizeof *v)) ||
            (st = read_row(r, &t, c, &v[n])))
            break;
        if (r->trip_service[v[n].trip] != DOSAH_NONE)
            n++; /* trips of no service were warned about and are left out */
    }
    if (!st && n)
        qsort(v, n, sizeof *v, by_trip_seq);
    if (!st)
        st = build_trips(r, &t, c, v, n);
    dosah_free(v);
    gtfs_table_clear(&t);
    return st;
}

/* Appends the trips of one frequencies.txt row. */
static enum dosah_status expand(struct gtfs_reader *r, const struct gtfs_table *t, const int *c,
                                uint32_t ft, size_t *cap, unsigned char **remove)
{
    struct dosah_feed *f = r->f;
    int32_t start, end, head, s, base;
    char *e;
    long h = strtol(gtfs_field(t, c[3]), &e, 10);
    if ((start = gtfs_parse_time(gtfs_field(t, c[1]))) < 0)
        return gtfs_bad(r->ctx, t, c[1], "'%s' is not a time HH:MM:SS", gtfs_field(t, c[1]));
    if ((end = gtfs_parse_time(gtfs_field(t, c[2]))) < 0)
        return gtfs_bad(r->ctx, t, c[2], "'%s' is not a time HH:MM:SS", gtfs_field(t, c[2]));
    if (!*gtfs_field(t, c[3]) || *e || h <= 0 || h > 86400)
        return gtfs_bad(r->ctx, t, c[3], "'%s' is not a headway in seconds (1 to 86400)",
                        gtfs_field(t, c[3]));
    if (end <= start)
        return gtfs_bad(r->ctx, t, c[2], "end_time is not after start_time");
    head = (int32_t)h;
    (*remove)[ft] = 1;
    base = f->stop_times[f->trips[ft].first].departure_s;
    for (s = start; s < end; s += head) {
        enum dosah_status st = gtfs_room(r->ctx, (void **)&f->trips, cap, f->trip_count,
                                         sizeof *f->trips);
        if (st)
            return st;
        f->trips[f->trip_count] = f->trips[ft];
        f->trips[f->trip_count++].shift_s = s - base;
    }
    return DOSAH_OK;
}

enum dosah_status gtfs_read_frequencies(struct gtfs_reader *r)
{
    struct dosah_feed *f = r->f;
    struct gtfs_table t;
    unsigned char *remove = NULL;
    size_t cap = r->trip_id_count + 1, i, w, listed = f->trip_count;
    int present, c[4];
    enum dosah_status st = gtfs_open_file(r, "frequencies.txt", 1, &present, &t);
    if (st || !present)
        return st;
    if (!(remove = dosah_calloc(r->ctx, listed + 1, 1))) /* per trip of stop_times.txt */
        st = DOSAH_ENOMEM;
    if (!st && !(st = gtfs_table_require(r->ctx, &t, "trip_id", &c[0])) &&
        !(st = gtfs_table_require(r->ctx, &t, "start_time", &c[1])) &&
        !(st = gtfs_table_require(r->ctx, &t, "end_time", &c[2])))
        st = gtfs_table_require(r->ctx, &t, "headway_secs", &c[3]);
    while (!st) {
        uint32_t row, ft;
        int m = gtfs_table_next(r->ctx, &t);
        if (m <= 0) {
            st = m < 0 ? DOSAH_EINVAL : DOSAH_OK;
            break;
        }
        if ((row = gtfs_index_get(&r->trips, gtfs_field(&t, c[0]))) == DOSAH_NONE) {
            st = gtfs_bad(r->ctx, &t, c[0], "trip '%s' is not in trips.txt", gtfs_field(&t, c[0]));
            break;
        }
        if ((ft = r->trip_feed[row]) != DOSAH_NONE)
            st = expand(r, &t, c, ft, &cap, &remove);
    }
    /* A template trip runs only through its frequencies; the expanded ones (from listed on)
     * stay. */
    for (i = 0, w = 0; i < f->trip_count && !st; i++)
        if (i >= listed || !remove[i])
            f->trips[w++] = f->trips[i];
    if (!st)
        f->trip_count = w;
    dosah_free(remove);
    gtfs_table_clear(&t);
    return st;
}

enum dosah_status gtfs_read_transfers(struct gtfs_reader *r)
{
    struct dosah_feed *f = r->f;
    struct gtfs_table t;
    size_t cap = 0, skipped = 0;
    int present, cfrom, cto, ctype, cmin;
    enum dosah_status st = gtfs_open_file(r, "transfers.txt", 1, &present, &t);
    if (st || !present)
        return st;
    if (!(st = gtfs_table_require(r->ctx, &t, "from_stop_id", &cfrom)) &&
        !(st = gtfs_table_require(r->ctx, &t, "to_stop_id", &cto)))
        st = gtfs_table_require(r->ctx, &t, "transfer_type", &ctype);
    cmin = gtfs_column(&t, "min_transfer_time");
    while (!st) {
        struct dosah_feed_transfer x;
        const char *type;
        char *e;
        long v;
        int m = gtfs_table_next(r->ctx, &t);
        if (m <= 0) {
            st = m < 0 ? DOSAH_EINVAL : DOSAH_OK;
            break;
        }
        type = gtfs_field(&t, ctype);
        x.type = *type ? type[0] - '0' : 0;
        if (strlen(type) > 1 || x.type < 0 || x.type > 5) {
            st = gtfs_bad(r->ctx, &t, ctype, "'%s' is not a transfer_type 0 to 5", type);
            break;
        }
        x.from = gtfs_index_get(&r->stops, gtfs_field(&t, cfrom));
        x.to = gtfs_index_get(&r->stops, gtfs_field(&t, cto));
        if (x.from == DOSAH_NONE || x.to == DOSAH_NONE || (x.type != 2 && x.type != 3)) {
            skipped++; /* stations, trip-to-trip rules, recommended points: not modelled */
            continue;
        }
        x.min_s = 0;
        if (x.type == 2) {
            v = strtol(gtfs_field(&t, cmin), &e, 10);
            if (!*gtfs_field(&t, cmin) || *e || v < 0 || v > 86400) {
                st = gtfs_bad(r->ctx, &t, cmin < 0 ? ctype : cmin,
                              "transfer_type 2 needs min_transfer_time in seconds (0 to 86400)");
                break;
            }
            x.min_s = (int32_t)v;
        }
        if ((st = gtfs_room(r->ctx, (void **)&f->transfers, &cap, f->transfer_count,
                            sizeof *f->transfers)))
            break;
        f->transfers[f->transfer_count++] = x;
    }
    if (!st && skipped)
        st = dosah_diag_add(r->ctx, DOSAH_INFO, "load", r->label, "transfers.txt", NULL, NULL,
                            "%zu %s not used: between stations rather than stops, or "
                            "of types 0, 1, 4 and 5 (dosah uses 2, a minimum time, and 3, no "
                            "transfer)",
                            skipped, dosah_plural(skipped, "transfer is", "transfers are"));
    gtfs_table_clear(&t);
    return st;
}
