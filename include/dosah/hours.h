/* SPDX-License-Identifier: MIT */
/*
 * Opening hours (DESIGN.md §6): a documented subset of OpenStreetMap's opening_hours syntax,
 * parsed into the set of open minutes of a week, and the test whether a service is open
 * throughout a time window such as "weekday evening".
 *
 * Syntax. Rules are separated by ';' (empty rules are ignored); spaces around tokens are
 * free. A rule is one of
 *   24/7                       open at every minute of the week
 *   [days] times               open in the time ranges on the days named
 *   [days] off | closed        closed on the days named
 *   days                       open all day on the days named (00:00-24:00)
 * days is a list separated by ',' of weekdays Mo Tu We Th Fr Sa Su, ranges of them
 * ("Mo-Fr", wrapping ranges such as "Fr-Mo" = Fr Sa Su Mo) and PH (public holidays); without
 * days a rule applies to every day. times is a list separated by ',' of ranges "07:00-15:30"
 * (hours of one or two digits, minutes of two; an en dash may stand for '-'); a range ends at
 * 24:00 at the latest, may not start and end at the same time, and when it ends before its
 * start it runs past midnight: "Fr 22:00-06:00" is open Friday 22:00-24:00 and Saturday
 * 00:00-06:00. Weekday names, PH, off and closed are read without regard to case. Not in the
 * subset: months, dates, weeks, school holidays (SH), comments, "||", open ends ("10:00+").
 *
 * Overriding (OpenStreetMap semantics): a later rule replaces what earlier rules said for the
 * days it names, so "Mo-Fr 08:00-16:00; We 08:00-12:00" closes Wednesday at noon and
 * "Mo-Fr 08:00-12:00; Mo-Fr 13:00-17:00" leaves only the afternoons. A day's rule owns the
 * part of its ranges that runs past midnight: "Fr 22:00-06:00; Fr off" opens neither Friday
 * night nor Saturday morning, while "Fr 22:00-06:00; Sa off" still opens Saturday 00:00-06:00.
 *
 * Public holidays: a rule whose days include PH is kept only as a flag (public_holiday),
 * since the time windows here are ordinary weekdays; its weekdays, if any, apply as usual.
 *
 * Unknown hours (a NULL or blank text) give known = 0 and count as open at every minute;
 * the caller may test known to treat them otherwise.
 */
#ifndef DOSAH_HOURS_H
#define DOSAH_HOURS_H

#include <stdint.h>

#include "dosah/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Minutes in a day and in a week; minute m of the week is day m / 1440 (0 = Monday). */
#define DOSAH_HOURS_DAY_MIN 1440
#define DOSAH_HOURS_WEEK_MIN 10080

/* Day bits of a time window: bit 0 Monday .. bit 6 Sunday. */
#define DOSAH_DAY_MO 0x01u
#define DOSAH_DAY_TU 0x02u
#define DOSAH_DAY_WE 0x04u
#define DOSAH_DAY_TH 0x08u
#define DOSAH_DAY_FR 0x10u
#define DOSAH_DAY_SA 0x20u
#define DOSAH_DAY_SU 0x40u
#define DOSAH_DAYS_WEEKDAYS 0x1Fu
#define DOSAH_DAYS_WEEKEND 0x60u
#define DOSAH_DAYS_ALL 0x7Fu

/* What the hours say about public holidays: the last PH rule, or nothing. */
enum dosah_hours_holiday {
    DOSAH_HOURS_PH_UNSTATED = 0,
    DOSAH_HOURS_PH_OFF = 1,   /* "PH off" */
    DOSAH_HOURS_PH_OPEN = 2   /* "PH 09:00-12:00", "Su,PH 10:00-12:00" or "PH" */
};

/* Parsed opening hours, in the caller's storage (about 1.3 kB; no heap). */
struct dosah_hours {
    uint64_t open[(DOSAH_HOURS_WEEK_MIN + 63) / 64]; /* bit m: minute m of the week is open */
    int known;                        /* 0: no hours given (every minute open) */
    enum dosah_hours_holiday public_holiday;
};

/* A time window: the minutes [start_min, end_min) of each of the days; when end_min <
 * start_min the window runs past midnight into the next day. */
struct dosah_time_window {
    unsigned days;       /* DOSAH_DAY_* bits */
    int start_min;       /* 0 .. 1439 */
    int end_min;         /* 1 .. 1440 */
};

/* The default windows of DESIGN.md §6. */
enum dosah_window_preset {
    DOSAH_WINDOW_WEEKDAY_DAY = 0,     /* Mo-Fr 07:00-15:00 */
    DOSAH_WINDOW_WEEKDAY_EVENING = 1, /* Mo-Fr 18:00-22:00 */
    DOSAH_WINDOW_WEEKEND_DAY = 2      /* Sa,Su 09:00-17:00 */
};
#define DOSAH_WINDOW_PRESET_COUNT 3

/* Sets h to unknown hours: known = 0, every minute open, public_holiday unstated. */
void dosah_hours_init(struct dosah_hours *h);

/*
 * Parses opening hours (syntax above) into *h. NULL or blank text gives unknown hours
 * (dosah_hours_init). Fails with DOSAH_EINVAL and a message naming the offending token and
 * its position in characters from 1 ("unexpected 'Mon' at character 1; use Mo, Tu, We, Th,
 * Fr, Sa, Su"); *h is then unknown hours. No allocation; any thread.
 */
enum dosah_status dosah_hours_parse(struct dosah_ctx *ctx, const char *text,
                                    struct dosah_hours *h);

/* 1 when minute_of_week (0 .. 10079, 0 = Monday 00:00) is open, else 0. */
int dosah_hours_is_open(const struct dosah_hours *h, int minute_of_week);

/*
 * 1 when h is open at every minute of the window on each of its days (a window without days
 * holds trivially), else 0. Unknown hours are open throughout every window.
 */
int dosah_hours_open_throughout(const struct dosah_hours *h, const struct dosah_time_window *w);

/* Fills *w with one of the default windows. */
void dosah_time_window_preset(struct dosah_time_window *w, enum dosah_window_preset preset);

/* The preset's short name: "weekday_day", "weekday_evening", "weekend_day"; NULL if none. */
const char *dosah_time_window_preset_name(enum dosah_window_preset preset);

/*
 * Parses a window written as "[days] HH:MM-HH:MM" with the days of the hours syntax (no PH)
 * and exactly one time range, e.g. "Mo-Fr 18:00-22:00" or "Sa,Su 09:00-17:00"; without days
 * the window covers every day. Fails with DOSAH_EINVAL and a message as dosah_hours_parse
 * (*w is then zeroed). No allocation; any thread.
 */
enum dosah_status dosah_time_window_parse(struct dosah_ctx *ctx, const char *text,
                                          struct dosah_time_window *w);

#ifdef __cplusplus
}
#endif
#endif
