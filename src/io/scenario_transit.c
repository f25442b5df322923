/* SPDX-License-Identifier: MIT */
/*
 * The scenario's public-transport parts: the top-level `transit:` options, the service day
 * (`day:` a date or a weekday) and departure window (`depart:` "07:00-09:00" or the name of
 * a time window) of each question with mode: transit, and the rules that tie them to the
 * inputs. Same rules as scenario_schema.c: bad values at their line and column.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dosah/hours.h"
#include "dosah/model.h"
#include "io/scenario_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define AT(member) offsetof(struct dosah_transit_spec, member)

/* The top-level transit: options (README.md, "Public transport"). */
static const struct scn_row transit_rows[] = {
    {.key = "max_walk_m", .type = SCN_T_NUMBER, .bound = SCN_ZERO_OR_MORE, .def = 1000,
     .at = AT(max_walk_m)},
    {.key = "transfer_max_m", .type = SCN_T_NUMBER, .bound = SCN_ZERO_OR_MORE, .def = 400,
     .at = AT(transfer_max_m)},
    {.key = "change_min", .type = SCN_T_NUMBER, .bound = SCN_ZERO_OR_MORE, .def = 0,
     .at = AT(change_min)},
    {.key = "max_trip_min", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .def = 180,
     .at = AT(max_trip_min)},
};

const struct scn_section scn_transit_section = {
    .example = "max_walk_m: 1000, transfer_max_m: 400",
    .rows = transit_rows,
    .count = COUNT(transit_rows),
    .readme = "### Top level",
    .readme_row = "transit",
};

/* The first day of a DOSAH_DAY_* set, or -1 when the set is every day. */
static int first_day(unsigned days)
{
    int d;
    if ((days & DOSAH_DAYS_ALL) == DOSAH_DAYS_ALL)
        return -1;
    for (d = 0; d < 7; d++)
        if (days >> d & 1u)
            return d;
    return -1;
}

static enum dosah_status parse_depart(const struct scn_parser *p, const struct scn_node *v,
                                      const struct dosah_scenario *s, const char *name,
                                      struct dosah_transit_when *w, int *window_day)
{
    struct dosah_time_window tw;
    size_t i;
    enum dosah_status st;
    if ((st = scn_get_string(p, v, "depart", &w->depart_text)))
        return st;
    w->depart_mark = v->mark;
    for (i = 0; i < s->window_count; i++)
        if (strcmp(s->windows[i].name, w->depart_text) == 0)
            break;
    if (i < s->window_count) {
        tw = s->windows[i].window;
    } else if (dosah_time_window_parse(p->ctx, w->depart_text, &tw) != DOSAH_OK) {
        dosah_ctx_clear_error(p->ctx);
        return scn_error(p, v->mark,
                         "%s: depart '%s' is neither a window \"HH:MM-HH:MM\" nor the name of "
                         "one of time_windows; write e.g. depart: \"07:00-09:00\"",
                         name, w->depart_text);
    }
    if (tw.end_min <= tw.start_min)
        return scn_error(p, v->mark,
                         "%s: the departure window '%s' must end after it starts on the same "
                         "day (no window across midnight)",
                         name, w->depart_text);
    w->start_min = tw.start_min;
    w->end_min = tw.end_min;
    *window_day = first_day(tw.days);
    return DOSAH_OK;
}

static enum dosah_status parse_day(const struct scn_parser *p, const struct scn_node *v,
                                   const char *name, struct dosah_transit_when *w)
{
    static const char *const names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
    static const char *const shorts[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int d, n = 0;
    char tail;
    enum dosah_status st;
    if ((st = scn_get_string(p, v, "day", &w->day_text)))
        return st;
    w->day_mark = v->mark;
    for (d = 0; d < 7; d++)
        if (strcmp(w->day_text, names[d]) == 0 || strcmp(w->day_text, shorts[d]) == 0) {
            w->weekday = d;
            return DOSAH_OK;
        }
    if (strlen(w->day_text) == 10 &&
        sscanf(w->day_text, "%4d-%2d-%2d%n%c", &w->year, &w->month, &w->day_of_month, &n,
               &tail) == 3 &&
        n == 10 && w->month >= 1 && w->month <= 12 && w->day_of_month >= 1 &&
        w->day_of_month <= mdays[w->month - 1]) {
        w->date_set = 1;
        return DOSAH_OK;
    }
    return scn_error(p, v->mark,
                     "%s: day '%s' is neither a date YYYY-MM-DD nor a weekday (monday ... "
                     "sunday, or Mo ... Su)",
                     name, w->day_text);
}

/* One question's day and depart, and the rules for its mode. */
static enum dosah_status question(const struct scn_parser *p, const struct scn_node *map,
                                  size_t i, struct dosah_scenario *s)
{
    struct dosah_service_spec *q = &s->services[i];
    const struct scn_node *day = scn_value(map, "day"), *dep = scn_value(map, "depart");
    const struct scn_node *mode = scn_value(map, "mode");
    char name[32];
    int window_day = -1;
    enum dosah_status st;
    snprintf(name, sizeof name, "services[%zu]", i);
    q->when.weekday = -1;
    if (q->mode != DOSAH_MODE_TRANSIT) {
        if (day || dep)
            return scn_error(p, (day ? day : dep)->mark,
                             "%s has '%s', which applies only to mode: transit; remove it or "
                             "set mode: transit",
                             name, day ? "day" : "depart");
        return DOSAH_OK;
    }
    if (q->form == DOSAH_FORM_FIELD)
        return scn_error(p, mode->mark,
                         "%s is a field service (the worker travels to the client, by car) and "
                         "cannot use mode: transit; use it for ambulant or residential services",
                         name);
    if (!s->inputs[DOSAH_INPUT_TRANSIT].present)
        return scn_error(p, mode->mark,
                         "%s has mode: transit but there is no inputs.transit; add the GTFS "
                         "feed: inputs: {transit: {path: feed.zip}}",
                         name);
    if (!s->inputs[DOSAH_INPUT_ROADS].present)
        return scn_error(p, mode->mark,
                         "%s has mode: transit, which walks to and from the stops over "
                         "inputs.roads; add the road network",
                         name);
    if (!dep)
        return scn_error(p, map->mark,
                         "missing required key 'depart' in %s (the departure window of mode: "
                         "transit, e.g. depart: \"07:00-09:00\")",
                         name);
    if ((st = parse_depart(p, dep, s, name, &q->when, &window_day)))
        return st;
    if (day)
        return parse_day(p, day, name, &q->when);
    if (window_day < 0)
        return scn_error(p, map->mark,
                         "missing required key 'day' in %s (the service day of mode: transit: "
                         "a date such as 2026-03-03 or a weekday such as tuesday)",
                         name);
    q->when.weekday = window_day;
    return DOSAH_OK;
}

enum dosah_status scn_transit(const struct scn_parser *p, const struct scn_node *root,
                              struct dosah_scenario *s)
{
    const struct scn_node *list = scn_value(root, "services");
    struct scn_at at = {.s = s, .base = &s->transit, .map = scn_value(root, "transit"),
                        .name = "transit", .where = "in transit"};
    enum dosah_status st = scn_section_read(p, &scn_transit_section, &at);
    size_t i, k;
    for (i = 0; i < s->service_count && !st; i++)
        st = question(p, list->items[i], i, s);
    for (k = 0; k < s->plan_count && !st; k++) {
        long q = dosah_scenario_find_service(s, s->plans[k].service);
        if (q >= 0 && s->services[q].mode == DOSAH_MODE_TRANSIT)
            st = scn_error(p, s->plans[k].mark,
                           "plan[%zu] names '%s', a question by public transport; plans are "
                           "computed for car and walking questions only",
                           k, s->plans[k].service);
    }
    return st;
}
