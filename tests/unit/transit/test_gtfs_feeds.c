/* SPDX-License-Identifier: MIT */
/*
 * Tiny hand-written GTFS feeds read by the GTFS reader and routed by the profile search,
 * with answers worked out by hand in the comments: a transfer missed by one minute, a
 * change time, a trip after midnight, a service that runs only on a calendar date, a
 * frequency-based route with its median and quartiles, walking being faster than waiting;
 * and the reader's messages for bad feeds.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <cpl_vsi.h>

#include "dosah/gtfs.h"
#include "dosah/transit.h"

#define CRS "EPSG:32633"
#define HM(h, m) ((h) * 3600 + (m) * 60)

static char dir[256];

static void put(const char *name, const char *text)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void new_feed(void)
{
    char cmd[300];
    if (dir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        assert_int_equal(system(cmd), 0);
    }
    strcpy(dir, "/tmp/dosah_gtfs_XXXXXX");
    assert_non_null(mkdtemp(dir));
    /* Stops about 1.1 km apart: no footpath within the default 400 m. */
    put("stops.txt", "\xef\xbb\xbfstop_id,stop_name,stop_lat,stop_lon\r\n"
                     "A,\"Stop \"\"A\"\", north\",50.00,15.00\r\n"
                     "B,B,50.01,15.00\r\n"
                     "C,C,50.02,15.00\r\n"
                     "D,D,50.03,15.00\r\n");
    put("routes.txt", "route_id,route_type\n1,3\n");
}

/* Earliest arrival from stop `from` (walk 0) at depart_s on `day` to a facility at `to`. */
static int32_t ride(struct dosah_feed *f, int32_t day, const char *from, const char *to,
                    int32_t depart_s)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_transit_options opt;
    struct dosah_transit_day d;
    struct dosah_transit_profile *p = NULL;
    int32_t egress[8];
    uint32_t fac[8], s = 0, k;
    int32_t walk0 = 0, arr;
    for (k = 0; k < f->stop_count; k++) {
        egress[k] = strcmp(f->stops[k].id, to) == 0 ? 0 : -1;
        fac[k] = 0;
        if (strcmp(f->stops[k].id, from) == 0)
            s = k;
    }
    dosah_transit_options_init(&opt);
    assert_int_equal(dosah_transit_day_build(ctx, f, day, 0, HM(30, 0), &opt, &d), DOSAH_OK);
    assert_int_equal(dosah_transit_profile_build(ctx, &d, egress, fac, &p), DOSAH_OK);
    {
        struct dosah_transit_origin o = {&s, &walk0, 1, -1, DOSAH_NONE};
        arr = dosah_transit_arrival(p, &o, depart_s, &k);
    }
    dosah_transit_profile_destroy(p);
    dosah_transit_day_clear(&d);
    dosah_ctx_destroy(ctx);
    return arr;
}

static void load(struct dosah_ctx *ctx, struct dosah_feed *f)
{
    enum dosah_status st = dosah_gtfs_load(ctx, dir, "feed", CRS, f);
    if (st)
        fail_msg("%s", dosah_ctx_errmsg(ctx));
}

/* T1 A 08:00 -> B 08:10. T2 leaves B at 08:09 (missed by one minute), T4 at 08:12 (missed
 * by the 5-minute change time at B), T3 at 08:40 reaching C at 09:00. */
static void test_missed_transfer(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    int32_t day = dosah_transit_day_number(2026, 3, 3);
    (void)state;
    new_feed();
    put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\r\nW,1,1,1,1,1,0,0,20260101,20261231\r\n");
    put("trips.txt", "route_id,service_id,trip_id\n1,W,T1\n1,W,T2\n1,W,T3\n1,W,T4\n");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "T1,08:00:00,08:00:00,A,1\nT1,08:10:00,08:10:00,B,2\n"
                          "T2,08:09:00,08:09:00,B,1\nT2,08:30:00,08:30:00,C,2\n"
                          "T3,08:40:00,08:40:00,B,1\nT3,09:00:00,09:00:00,C,2\n"
                          "T4,08:35:00,08:35:00,C,2\nT4,08:12:00,08:12:00,B,1\n");
    put("transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nB,B,2,300\n");
    load(ctx, &f);
    assert_int_equal(f.stop_count, 4);
    assert_string_equal(f.stops[0].id, "A");
    assert_int_equal(ride(&f, day, "A", "C", HM(8, 0)), HM(9, 0));
    /* From B itself no change is needed: T4 at 08:12 reaches C at 08:35. */
    assert_int_equal(ride(&f, day, "B", "C", HM(8, 10)), HM(8, 35));
    /* Saturday: service W does not run. */
    assert_int_equal(ride(&f, dosah_transit_day_number(2026, 3, 7), "A", "C", HM(8, 0)),
                     DOSAH_TRANSIT_NEVER);
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
}

/* Trip N on weekdays: A 23:50 -> B 24:20 -> C 25:05. On Tuesday at 00:10 Monday's trip
 * still runs: B at 00:20, C at 01:05. On Monday at 00:10 Sunday's does not run, so the next
 * is Monday's own, at B at 24:20: C at 25:05. */
static void test_after_midnight(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    (void)state;
    new_feed();
    put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\nW,1,1,1,1,1,0,0,20260101,20261231\n");
    put("trips.txt", "route_id,service_id,trip_id\n1,W,N\n");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "N,23:50:00,23:50:00,A,1\nN,24:20:00,24:20:00,B,2\n"
                          "N,25:05:00,25:05:00,C,3\n");
    load(ctx, &f);
    assert_int_equal(ride(&f, dosah_transit_day_number(2026, 3, 3), "B", "C", HM(0, 10)),
                     HM(1, 5));
    assert_int_equal(ride(&f, dosah_transit_day_number(2026, 3, 2), "B", "C", HM(0, 10)),
                     HM(25, 5));
    /* The same day's trip, boarded before midnight: A 23:50 to C at 25:05. */
    assert_int_equal(ride(&f, dosah_transit_day_number(2026, 3, 2), "A", "C", HM(23, 0)),
                     HM(25, 5));
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
}

/* S runs only on Thursday 5 March (calendar_dates); D daily but removed that day. */
static void test_calendar_dates(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    int32_t day;
    (void)state;
    new_feed();
    put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\nDAILY,1,1,1,1,1,1,1,20260301,20260331\n");
    put("calendar_dates.txt", "service_id,date,exception_type\nSPECIAL,20260305,1\n"
                              "DAILY,20260305,2\n");
    put("trips.txt", "route_id,service_id,trip_id\n1,SPECIAL,S\n1,DAILY,D\n1,NOWHERE,X\n");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "S,10:00:00,10:00:00,A,1\nS,10:30:00,10:30:00,B,2\n"
                          "D,10:05:00,10:05:00,A,1\nD,10:20:00,10:20:00,B,2\n"
                          "X,10:01:00,10:01:00,A,1\nX,10:02:00,10:02:00,B,2\n");
    load(ctx, &f);
    /* X's service is in no calendar: warned about and left out. */
    assert_int_equal(f.trip_count, 2);
    assert_true(strstr(dosah_diagnostics_get(dosah_ctx_diagnostics(ctx), 0)->message,
                       "first: line 4, trip 'X', service_id 'NOWHERE'") != NULL);
    assert_int_equal(ride(&f, dosah_transit_day_number(2026, 3, 4), "A", "B", HM(10, 0)),
                     HM(10, 20));
    assert_int_equal(ride(&f, dosah_transit_day_number(2026, 3, 5), "A", "B", HM(10, 0)),
                     HM(10, 30));
    /* The busiest Thursday: 5 March runs S (D is removed), 12, 19 and 26 March run D; one
     * trip each, so the earliest. */
    assert_int_equal(dosah_feed_busiest_weekday(ctx, &f, 3, &day), DOSAH_OK);
    assert_int_equal(day, dosah_transit_day_number(2026, 3, 5));
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
}

/* The message of the diagnostic that contains text; fails when none does. */
static const char *diag_with(struct dosah_ctx *ctx, const char *text)
{
    const struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    size_t i;
    for (i = 0; i < dosah_diagnostics_count(d); i++)
        if (strstr(dosah_diagnostics_get(d, i)->message, text))
            return dosah_diagnostics_get(d, i)->message;
    fail_msg("no diagnostic contains '%s'", text);
    return NULL;
}

/* NEVER (line 3) and NONE (line 5) have no weekday and no added date: they run on no day.
 * ONLY has no weekday either, but calendar_dates.txt adds a date. */
static void test_service_on_no_day(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    (void)state;
    new_feed();
    put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\nW,1,1,1,1,1,0,0,20260101,20261231\n"
                        "NEVER,0,0,0,0,0,0,0,20260101,20261231\n"
                        "ONLY,0,0,0,0,0,0,0,20260101,20261231\n"
                        "NONE,0,0,0,0,0,0,0,20260101,20261231\n");
    put("calendar_dates.txt", "service_id,date,exception_type\nONLY,20260305,1\n");
    put("trips.txt", "route_id,service_id,trip_id\n1,W,T\n1,NEVER,N\n");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "T,10:00:00,10:00:00,A,1\nT,10:30:00,10:30:00,B,2\n"
                          "N,11:00:00,11:00:00,A,1\nN,11:30:00,11:30:00,B,2\n");
    load(ctx, &f);
    assert_string_equal(diag_with(ctx, "on no day"),
                        "2 services run on no day: no weekday is 1 and calendar_dates.txt adds "
                        "no date (first: line 3, service_id 'NEVER'); their trips never run");
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
    /* One such service: the message agrees in number. */
    ctx = dosah_ctx_create();
    put("calendar_dates.txt", "service_id,date,exception_type\nONLY,20260305,1\n"
                              "NONE,20260306,1\n");
    load(ctx, &f);
    assert_string_equal(diag_with(ctx, "on no day"),
                        "1 service runs on no day: no weekday is 1 and calendar_dates.txt adds "
                        "no date (first: line 3, service_id 'NEVER'); its trips never run");
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
}

/* Counts in the reader's warnings agree in number, and the short-trip warning names the
 * first such trip of trips.txt: S0 (line 3) has no stop time, S1 (line 4) one; X's service
 * is in no calendar; the transfer of type 0 is not used. */
static void test_message_plurals(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    (void)state;
    new_feed();
    put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\nW,1,1,1,1,1,0,0,20260101,20261231\n");
    put("trips.txt", "route_id,service_id,trip_id\n1,W,T\n1,W,S0\n1,W,S1\n1,NOWHERE,X\n");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "T,10:00:00,10:00:00,A,1\nT,10:30:00,10:30:00,B,2\n"
                          "S1,11:00:00,11:00:00,A,1\n");
    put("transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nA,B,0,\n");
    load(ctx, &f);
    assert_string_equal(diag_with(ctx, "service_id that"),
                        "1 trip has a service_id that neither calendar.txt nor "
                        "calendar_dates.txt lists (first: line 5, trip 'X', service_id "
                        "'NOWHERE'): it runs on no day and is left out");
    assert_string_equal(diag_with(ctx, "fewer than two"),
                        "2 trips have fewer than two stop times and are left out (first: trip "
                        "'S0' at line 3 of trips.txt, with 0 stop times)");
    assert_string_equal(diag_with(ctx, "not used"),
                        "1 transfer is not used: between stations rather than stops, or of types "
                        "0, 1, 4 and 5 (dosah uses 2, a minimum time, and 3, no transfer)");
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
    ctx = dosah_ctx_create();
    put("trips.txt", "route_id,service_id,trip_id\n1,W,T\n1,W,S1\n");
    put("transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nA,B,0,\n"
                         "B,A,1,\n");
    load(ctx, &f);
    assert_string_equal(diag_with(ctx, "fewer than two"),
                        "1 trip has fewer than two stop times and is left out (first: trip 'S1' "
                        "at line 3 of trips.txt, with 1 stop time)");
    assert_non_null(strstr(diag_with(ctx, "not used"), "2 transfers are not used"));
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
}

/* The days on which trips run: W on weekdays of 2026 but not Thursday 1 January, and on
 * Tuesday 5 January 2027 by calendar_dates; EMPTY's longer calendar has no trip. */
static void test_trip_days(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    int32_t first, last;
    (void)state;
    new_feed();
    put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\nW,1,1,1,1,1,0,0,20260101,20261231\n"
                        "EMPTY,1,1,1,1,1,1,1,20250101,20281231\n");
    put("calendar_dates.txt", "service_id,date,exception_type\nW,20260101,2\nW,20270105,1\n");
    put("trips.txt", "route_id,service_id,trip_id\n1,W,T\n");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "T,10:00:00,10:00:00,A,1\nT,10:30:00,10:30:00,B,2\n");
    load(ctx, &f);
    assert_int_equal(dosah_feed_trip_days(ctx, &f, &first, &last), DOSAH_OK);
    assert_int_equal(first, dosah_transit_day_number(2026, 1, 2));
    assert_int_equal(last, dosah_transit_day_number(2027, 1, 5));
    /* No trip on any day: both INT32_MIN. */
    f.services[0].weekdays = 0;
    f.services[0].added_count = 0;
    assert_int_equal(dosah_feed_trip_days(ctx, &f, &first, &last), DOSAH_OK);
    assert_int_equal(first, INT32_MIN);
    assert_int_equal(last, INT32_MIN);
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
}

/* F every 15 minutes from 07:00 (07:00, 07:15, 07:30, 07:45), 12 minutes A to B. Departing
 * every minute 07:00-07:29 the times are 12 (07:00), 26 down to 12 (07:01-07:15), 26 down to
 * 13 (07:16-07:29): each of 12..26 twice. Sorted, the 15th is 19 (median), the 8th 15 (p25),
 * the 23rd 23 (p75). */
static void test_frequencies(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    struct dosah_transit_options opt;
    struct dosah_transit_day d;
    struct dosah_transit_profile *p = NULL;
    struct dosah_transit_summary sum;
    int32_t egress[4] = {-1, 0, -1, -1}, walk0 = 0, scratch[30];
    uint32_t fac[4] = {0, 7, 0, 0}, a = 0;
    struct dosah_transit_origin o = {&a, &walk0, 1, -1, DOSAH_NONE};
    (void)state;
    new_feed();
    put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\nW,1,1,1,1,1,1,1,20260101,20261231\n");
    put("trips.txt", "route_id,service_id,trip_id\n1,W,F\n");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "F,00:00:00,00:00:00,A,1\nF,,,C,2\nF,00:12:00,00:12:00,B,3\n");
    put("frequencies.txt", "trip_id,start_time,end_time,headway_secs,exact_times\n"
                           "F,07:00:00,08:00:00,900,1\n");
    load(ctx, &f);
    assert_int_equal(f.trip_count, 4);
    /* C's time is interpolated halfway: 00:06:00. */
    assert_int_equal(f.stop_times[1].arrival_s, 360);
    dosah_transit_options_init(&opt);
    assert_int_equal(dosah_transit_day_build(ctx, &f, dosah_transit_day_number(2026, 3, 3),
                                             HM(7, 0), HM(10, 0), &opt, &d),
                     DOSAH_OK);
    assert_int_equal(dosah_transit_profile_build(ctx, &d, egress, fac, &p), DOSAH_OK);
    dosah_transit_summarize(p, &o, HM(7, 0), HM(7, 30), 60, scratch, &sum);
    assert_true(sum.median_s == 19 * 60);
    assert_true(sum.p25_s == 15 * 60);
    assert_true(sum.p75_s == 23 * 60);
    assert_int_equal(sum.fac, 7);
    dosah_transit_profile_destroy(p);
    dosah_transit_day_clear(&d);
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
}

/* Walking 10 minutes to the facility, or 2 minutes to A for the 07:30 bus reaching B (the
 * facility) at 07:35. */
static void test_walking_beats_waiting(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    struct dosah_transit_options opt;
    struct dosah_transit_day d;
    struct dosah_transit_profile *p = NULL;
    int32_t egress[4] = {-1, 0, -1, -1}, walk = 120;
    uint32_t fac[4] = {0, 1, 0, 0}, a = 0, got;
    struct dosah_transit_origin o = {&a, &walk, 1, 600, 1};
    (void)state;
    new_feed();
    put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\nW,1,1,1,1,1,1,1,20260101,20261231\n");
    put("trips.txt", "route_id,service_id,trip_id\n1,W,BUS\n");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "BUS,07:30:00,07:30:00,A,1\nBUS,07:35:00,07:35:00,B,2\n");
    load(ctx, &f);
    dosah_transit_options_init(&opt);
    assert_int_equal(dosah_transit_day_build(ctx, &f, dosah_transit_day_number(2026, 3, 3),
                                             HM(7, 0), HM(10, 0), &opt, &d),
                     DOSAH_OK);
    assert_int_equal(dosah_transit_profile_build(ctx, &d, egress, fac, &p), DOSAH_OK);
    assert_int_equal(dosah_transit_arrival(p, &o, HM(7, 0), &got) - HM(7, 0), 600);
    assert_int_equal(dosah_transit_arrival(p, &o, HM(7, 26), &got) - HM(7, 26), 540);
    assert_int_equal(dosah_transit_arrival(p, &o, HM(7, 28), &got) - HM(7, 28), 420);
    assert_int_equal(dosah_transit_arrival(p, &o, HM(7, 29), &got) - HM(7, 29), 600);
    dosah_transit_profile_destroy(p);
    dosah_transit_day_clear(&d);
    dosah_feed_clear(&f);
    dosah_ctx_destroy(ctx);
}

static void expect_error(const char *contains)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    assert_int_equal(dosah_gtfs_load(ctx, dir, "feed", CRS, &f), DOSAH_EINVAL);
    if (!strstr(dosah_ctx_errmsg(ctx), contains))
        fail_msg("expected '%s' in: %s", contains, dosah_ctx_errmsg(ctx));
    assert_int_equal(f.stop_count, 0);
    dosah_ctx_destroy(ctx);
}

/* dosah_gtfs_load of path fails with DOSAH_EINVAL and a message containing `contains`. */
static void expect_path_error(const char *path, const char *contains)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_feed f;
    assert_int_equal(dosah_gtfs_load(ctx, path, "feed.zip", CRS, &f), DOSAH_EINVAL);
    if (!strstr(dosah_ctx_errmsg(ctx), contains))
        fail_msg("expected '%s' in: %s", contains, dosah_ctx_errmsg(ctx));
    dosah_ctx_destroy(ctx);
}

/* Writes text as the entry `name` of the zip at path (GDAL's /vsizip/ writer). */
static void put_zip(const char *path, const char *name, const char *text)
{
    char vsi[600];
    VSILFILE *fp;
    snprintf(vsi, sizeof vsi, "/vsizip/%s/%s", path, name);
    assert_non_null(fp = VSIFOpenL(vsi, "wb"));
    assert_int_equal(VSIFWriteL(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(VSIFCloseL(fp), 0);
}

/* A feed path that does not exist, a file that is not a zip, and GTFS files one folder down
 * (in a zip and in a folder): each named as such rather than as a missing stops.txt. */
static void test_feed_path(void **state)
{
    char path[512], sub[512];
    (void)state;
    new_feed();
    snprintf(path, sizeof path, "%s/nothere.zip", dir);
    expect_path_error(path, "feed.zip: no such file or folder; inputs.transit needs a GTFS feed");
    snprintf(path, sizeof path, "%s/stops.txt", dir);
    expect_path_error(path, "feed.zip: neither a folder nor a zip file");
    snprintf(path, sizeof path, "%s/feed.zip", dir);
    put_zip(path, "sub/stops.txt", "stop_id,stop_lat,stop_lon\nA,50.0,15.0\n");
    expect_path_error(path, "feed.zip: the GTFS files are in the subfolder 'sub/'; the .txt "
                            "files must be at the zip's root");
    snprintf(sub, sizeof sub, "%s/inner", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(sub, sizeof sub, "%s/inner/stops.txt", dir);
    snprintf(path, sizeof path, "%s/stops.txt", dir);
    assert_int_equal(rename(path, sub), 0);
    expect_path_error(dir, "feed.zip: the GTFS files are in the subfolder 'inner/'; the .txt "
                           "files must be at the folder's root: give the subfolder as the path");
}

static void base_files(void)
{
    put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\nW,1,1,1,1,1,1,1,20260101,20261231\n");
    put("trips.txt", "route_id,service_id,trip_id\n1,W,T\n");
}

static void test_bad_feeds(void **state)
{
    (void)state;
    new_feed();
    base_files();
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "T,08:10:00,08:10:00,A,1\nT,08:05:00,08:06:00,B,2\n");
    expect_error("feed: stop_times.txt line 3: field 'arrival_time': trip 'T' arrives "
                 "(stop_sequence 2) before it leaves the stop before (line 2)");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "T,8:10,08:10:00,A,1\n");
    expect_error("feed: stop_times.txt line 2: field 'arrival_time': '8:10' is not a time");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                          "T,08:10:00,08:10:00,Q,1\n");
    expect_error("feed: stop_times.txt line 2: field 'stop_id': stop 'Q' is not a stop");
    put("stops.txt", "stop_id,stop_lat,stop_lon\nA,50.0,15.0\nB,,15.0\n");
    expect_error("feed: stops.txt line 3: field 'stop_lat': stop 'B' has no coordinates");
    put("stops.txt", "stop_id,stop_lat\nA,50.0\n");
    expect_error("feed: stops.txt line 1: no column 'stop_lon'");
    put("stops.txt", "stop_id,stop_lat,stop_lon\nA,50.0,\"15.0\n");
    expect_error("feed: stops.txt line 2: a quoted field is not closed");
    new_feed();
    put("trips.txt", "route_id,service_id,trip_id\n1,W,T\n");
    put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    expect_error("neither calendar.txt nor calendar_dates.txt");
    base_files();
    put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\nW,1,1,1,1,1,1,1,2026-01-01,20261231\n");
    expect_error("feed: calendar.txt line 2: field 'start_date': '2026-01-01' is not a date");
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        assert_int_equal(system(cmd), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missed_transfer),     cmocka_unit_test(test_after_midnight),
        cmocka_unit_test(test_calendar_dates),      cmocka_unit_test(test_frequencies),
        cmocka_unit_test(test_walking_beats_waiting), cmocka_unit_test(test_bad_feeds),
        cmocka_unit_test(test_feed_path),           cmocka_unit_test(test_trip_days),
        cmocka_unit_test(test_service_on_no_day),   cmocka_unit_test(test_message_plurals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
