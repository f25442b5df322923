/* SPDX-License-Identifier: MIT */
/*
 * Public transport from a GTFS timetable (pure C, no third-party headers). A feed (stops in
 * the working CRS, trips, their stop times, service calendars, transfers) is read by io
 * (dosah_gtfs_load in load.h); here it becomes the connections of one service day, and a
 * profile search over them gives, for every stop and every departure time, the earliest
 * arrival at the nearest of a set of facilities.
 *
 * The algorithm is the profile variant of the Connection Scan Algorithm (Dibbelt, Pajor,
 * Strasser, Wagner 2013): one scan of the day's connections by decreasing departure time,
 * once per question, keeps per stop the Pareto set of (departure, arrival) pairs. A journey
 * is: walk from the origin to a stop (access), ride, change at the stop of arrival (its
 * change time) or walk one footpath to another stop (change time plus the walk), ride again,
 * ... and walk from the last stop to a facility (egress). Times are whole seconds from
 * midnight of the service day; times past 24:00:00 are kept as they are.
 */
#ifndef DOSAH_TRANSIT_H
#define DOSAH_TRANSIT_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* No arrival: later than any time of a feed. */
#define DOSAH_TRANSIT_NEVER INT32_MAX

struct dosah_feed_stop {
    char *id;
    double x, y; /* working CRS */
};

/* One stop of a trip: times in seconds after midnight of the trip's service day. */
struct dosah_feed_stop_time {
    uint32_t stop;
    int32_t arrival_s, departure_s;
};

/* A trip runs stop_times[first .. first + count) shifted by shift_s (frequency-based trips
 * share the stop times of their template). */
struct dosah_feed_trip {
    uint32_t service;
    uint32_t first, count;
    int32_t shift_s;
};

/* A service calendar: weekdays (bit 0 Monday .. bit 6 Sunday) between start and end day
 * (days since 1970-01-01, inclusive), plus dates added and removed (calendar_dates; each list
 * ascending). */
struct dosah_feed_service {
    char *id;
    unsigned weekdays;
    int32_t start_day, end_day; /* start > end: no calendar.txt row */
    int32_t *added, *removed;   /* days since 1970-01-01 */
    size_t added_count, removed_count;
};

/* transfers.txt: type 2 with min_s (from == to: the change time at that stop), 3 = none. */
struct dosah_feed_transfer {
    uint32_t from, to;
    int type;
    int32_t min_s;
};

struct dosah_feed {
    struct dosah_feed_stop *stops;
    size_t stop_count;
    struct dosah_feed_stop_time *stop_times;
    size_t stop_time_count;
    struct dosah_feed_trip *trips;
    size_t trip_count;
    struct dosah_feed_service *services;
    size_t service_count;
    struct dosah_feed_transfer *transfers;
    size_t transfer_count;
    size_t route_count; /* routes.txt rows, for the facts */
};

/* Frees everything the feed owns and zeroes it. */
void dosah_feed_clear(struct dosah_feed *f);

/* Day number (days since 1970-01-01) of a Gregorian date; weekday 0 = Monday. */
int32_t dosah_transit_day_number(int year, int month, int day);
int dosah_transit_weekday(int32_t day);
/* 1 when the service runs on that day. */
int dosah_feed_service_runs(const struct dosah_feed_service *sv, int32_t day);
/* Of the days of the feed's calendars with the given weekday, the one on which the most trips
 * run (the earliest of equals) into *day; INT32_MIN when the feed runs no trip on that
 * weekday. Fails only with DOSAH_ENOMEM. */
enum dosah_status dosah_feed_busiest_weekday(struct dosah_ctx *ctx, const struct dosah_feed *f,
                                             int weekday, int32_t *day);

/* The first and last day on which any trip of the feed runs (calendar and calendar_dates)
 * into *first and *last; both INT32_MIN when no trip runs on any day. Fails only with
 * DOSAH_ENOMEM. */
enum dosah_status dosah_feed_trip_days(struct dosah_ctx *ctx, const struct dosah_feed *f,
                                       int32_t *first, int32_t *last);

struct dosah_transit_options {
    double walk_kmh;        /* walking speed for footpaths between stops, default 5 */
    double transfer_max_m;  /* stops within this straight distance are joined by a footpath,
                               default 400 */
    int32_t change_s;       /* change time at a stop unless transfers.txt says, default 0 */
};
void dosah_transit_options_init(struct dosah_transit_options *o);

/* One connection: a vehicle leaving `from` at dep_s and arriving at `to` at arr_s. */
struct dosah_connection {
    uint32_t from, to, trip;
    int32_t dep_s, arr_s;
};

/* The connections of one service day and the footpaths between stops. */
struct dosah_transit_day {
    size_t stop_count;
    struct dosah_connection *conn; /* by decreasing departure (later legs of a trip first) */
    size_t conn_count;
    uint32_t trip_count;           /* trip ids used by conn (feed trips of the three days) */
    uint32_t *foot_first;          /* CSR over stops: foot_first[s] .. foot_first[s + 1] */
    uint32_t *foot_to;
    int32_t *foot_s;
    int32_t *change_s;             /* per stop */
    size_t trips_running;          /* trips of the feed running on the day itself */
};

/*
 * Builds the connections departing at or after from_s and before to_s on service day `day`
 * (days since 1970-01-01): the day's trips, the previous day's trips after midnight (times minus 24 h)
 * and the next day's (plus 24 h). Footpaths join stops within transfer_max_m (straight line,
 * time rounded up to the second) unless transfers.txt forbids (type 3) or sets the time
 * (type 2). Free with dosah_transit_day_clear.
 */
enum dosah_status dosah_transit_day_build(struct dosah_ctx *ctx, const struct dosah_feed *f,
                                          int32_t day, int32_t from_s, int32_t to_s,
                                          const struct dosah_transit_options *opt,
                                          struct dosah_transit_day *out);
void dosah_transit_day_clear(struct dosah_transit_day *d);
/* Bytes held by the day. */
size_t dosah_transit_day_memory(const struct dosah_transit_day *d);

/* The per-stop profiles toward one set of facilities. */
struct dosah_transit_profile;

/*
 * The profile search: egress_s[s] is the walk in seconds from stop s to the nearest facility
 * (negative or DOSAH_TRANSIT_NEVER: none), egress_fac[s] that facility. Scans the day once.
 * Reports progress (stage "transit") and fails with DOSAH_EINTERRUPT when asked to stop.
 * Free with dosah_transit_profile_destroy.
 */
enum dosah_status dosah_transit_profile_build(struct dosah_ctx *ctx,
                                              const struct dosah_transit_day *d,
                                              const int32_t *egress_s,
                                              const uint32_t *egress_fac,
                                              struct dosah_transit_profile **out);
struct dosah_transit_profile *dosah_transit_profile_destroy(struct dosah_transit_profile *p);
size_t dosah_transit_profile_memory(const struct dosah_transit_profile *p);

/* One origin's ways in: the stops it walks to, with the walk in seconds, and the walk to the
 * nearest facility the whole way (walk_s < 0: none) and that facility. */
struct dosah_transit_origin {
    const uint32_t *stop;
    const int32_t *walk_s;
    size_t count;
    int32_t walk_only_s;
    uint32_t walk_only_fac;
};

/* Earliest arrival at a facility leaving the origin at depart_s; *fac the facility
 * (DOSAH_NONE and DOSAH_TRANSIT_NEVER when none). Read-only: any thread. */
int32_t dosah_transit_arrival(const struct dosah_transit_profile *p,
                              const struct dosah_transit_origin *o, int32_t depart_s,
                              uint32_t *fac);

/* Travel-time percentiles over departures every step_s from start_s (inclusive) to end_s
 * (exclusive): the nearest-rank percentile, the ceil(q·n)-th smallest time with an unreached
 * departure counting as infinite; NAN seconds when that one is unreached. */
struct dosah_transit_summary {
    double p25_s, median_s, p75_s;
    uint32_t fac;  /* the facility of the first departure whose time is the median */
};
void dosah_transit_summarize(const struct dosah_transit_profile *p,
                             const struct dosah_transit_origin *o, int32_t start_s,
                             int32_t end_s, int32_t step_s, int32_t *scratch,
                             struct dosah_transit_summary *out);

#ifdef __cplusplus
}
#endif
#endif
