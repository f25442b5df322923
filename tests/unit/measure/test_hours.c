/* SPDX-License-Identifier: MIT */
/*
 * Tests of the opening-hours subset: every syntax element, day ranges that wrap past Sunday,
 * ranges past midnight (also from Sunday into Monday), override semantics, 24/7, off, PH,
 * unknown hours, error messages with the token and its position, time windows and their
 * parser, and "open throughout" a window. Expected minutes are read off the rules by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/core.h"
#include "dosah/hours.h"

enum { MO, TU, WE, TH, FR, SA, SU };

/* Minute of the week of day d at hh:mm. */
static int at(int d, int hh, int mm)
{
    return d * 1440 + hh * 60 + mm;
}

static void parse_ok(const char *text, struct dosah_hours *h)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    enum dosah_status st = dosah_hours_parse(ctx, text, h);
    if (st != DOSAH_OK)
        fail_msg("%s: %s", text, dosah_ctx_errmsg(ctx));
    dosah_ctx_destroy(ctx);
}

static int open_minutes(const struct dosah_hours *h)
{
    int m, n = 0;
    for (m = 0; m < DOSAH_HOURS_WEEK_MIN; m++)
        n += dosah_hours_is_open(h, m);
    return n;
}

/* "Mo-Fr 07:00-15:30": 07:00 opens, 15:30 is already closed; 5 x 510 minutes. */
static void test_weekday_range(void **state)
{
    struct dosah_hours h;
    (void)state;
    parse_ok("Mo-Fr 07:00-15:30", &h);
    assert_int_equal(h.known, 1);
    assert_int_equal(h.public_holiday, DOSAH_HOURS_PH_UNSTATED);
    assert_false(dosah_hours_is_open(&h, at(MO, 6, 59)));
    assert_true(dosah_hours_is_open(&h, at(MO, 7, 0)));
    assert_true(dosah_hours_is_open(&h, at(FR, 15, 29)));
    assert_false(dosah_hours_is_open(&h, at(FR, 15, 30)));
    assert_false(dosah_hours_is_open(&h, at(SA, 10, 0)));
    assert_false(dosah_hours_is_open(&h, at(SU, 10, 0)));
    assert_int_equal(open_minutes(&h), 5 * 510);
    assert_false(dosah_hours_is_open(&h, -1));
    assert_false(dosah_hours_is_open(&h, DOSAH_HOURS_WEEK_MIN));
}

static void test_day_lists(void **state)
{
    struct dosah_hours h;
    (void)state;
    /* Mo, Tu, We and Fr; not Th. */
    parse_ok("Mo-We,Fr 08:00-12:00", &h);
    assert_true(dosah_hours_is_open(&h, at(WE, 9, 0)));
    assert_false(dosah_hours_is_open(&h, at(TH, 9, 0)));
    assert_true(dosah_hours_is_open(&h, at(FR, 9, 0)));
    assert_int_equal(open_minutes(&h), 4 * 240);
    /* Fr-Mo wraps: Fr, Sa, Su, Mo. */
    parse_ok("Fr-Mo 10:00-11:00", &h);
    assert_true(dosah_hours_is_open(&h, at(FR, 10, 0)));
    assert_true(dosah_hours_is_open(&h, at(SA, 10, 0)));
    assert_true(dosah_hours_is_open(&h, at(SU, 10, 0)));
    assert_true(dosah_hours_is_open(&h, at(MO, 10, 0)));
    assert_false(dosah_hours_is_open(&h, at(TU, 10, 0)));
    assert_int_equal(open_minutes(&h), 4 * 60);
    /* Sa,Su; case and spacing do not matter. */
    parse_ok("  sa , SU   09:00 - 17:00 ", &h);
    assert_true(dosah_hours_is_open(&h, at(SA, 9, 0)));
    assert_true(dosah_hours_is_open(&h, at(SU, 16, 59)));
    assert_int_equal(open_minutes(&h), 2 * 480);
    /* A single day. */
    parse_ok("We 14:00-15:00", &h);
    assert_int_equal(open_minutes(&h), 60);
    assert_true(dosah_hours_is_open(&h, at(WE, 14, 30)));
    /* Days without times: open all day. */
    parse_ok("Mo-Sa", &h);
    assert_int_equal(open_minutes(&h), 6 * 1440);
    assert_false(dosah_hours_is_open(&h, at(SU, 12, 0)));
}

static void test_time_ranges(void **state)
{
    struct dosah_hours h;
    (void)state;
    /* Two ranges; a lunch break. */
    parse_ok("Mo 08:00-12:00,13:00-17:00", &h);
    assert_true(dosah_hours_is_open(&h, at(MO, 11, 59)));
    assert_false(dosah_hours_is_open(&h, at(MO, 12, 30)));
    assert_true(dosah_hours_is_open(&h, at(MO, 13, 0)));
    assert_int_equal(open_minutes(&h), 480);
    /* Up to 24:00. */
    parse_ok("Mo 18:00-24:00", &h);
    assert_true(dosah_hours_is_open(&h, at(MO, 23, 59)));
    assert_false(dosah_hours_is_open(&h, at(TU, 0, 0)));
    assert_int_equal(open_minutes(&h), 360);
    /* One-digit hours; an en dash; no days: every day. */
    parse_ok("7:00\xE2\x80\x93" "9:30", &h);
    assert_int_equal(open_minutes(&h), 7 * 150);
    assert_true(dosah_hours_is_open(&h, at(SU, 7, 0)));
    /* A whole day. */
    parse_ok("Tu 00:00-24:00", &h);
    assert_int_equal(open_minutes(&h), 1440);
}

static void test_past_midnight(void **state)
{
    struct dosah_hours h;
    (void)state;
    /* Friday 22:00-24:00 and Saturday 00:00-06:00. */
    parse_ok("Fr 22:00-06:00", &h);
    assert_false(dosah_hours_is_open(&h, at(FR, 21, 59)));
    assert_true(dosah_hours_is_open(&h, at(FR, 22, 0)));
    assert_true(dosah_hours_is_open(&h, at(SA, 5, 59)));
    assert_false(dosah_hours_is_open(&h, at(SA, 6, 0)));
    assert_false(dosah_hours_is_open(&h, at(FR, 3, 0)));
    assert_int_equal(open_minutes(&h), 480);
    /* Sunday night runs into Monday morning: the week wraps. */
    parse_ok("Su 22:00-02:00", &h);
    assert_true(dosah_hours_is_open(&h, at(MO, 1, 0)));
    assert_false(dosah_hours_is_open(&h, at(MO, 2, 0)));
    assert_true(dosah_hours_is_open(&h, at(SU, 23, 0)));
    assert_int_equal(open_minutes(&h), 240);
    /* Ending at 00:00 is ending at midnight. */
    parse_ok("Mo 22:00-00:00", &h);
    assert_int_equal(open_minutes(&h), 120);
    assert_false(dosah_hours_is_open(&h, at(TU, 0, 0)));
}

static void test_override(void **state)
{
    struct dosah_hours h;
    (void)state;
    /* Wednesday replaced: closes at noon. */
    parse_ok("Mo-Fr 08:00-16:00; We 08:00-12:00", &h);
    assert_true(dosah_hours_is_open(&h, at(TU, 13, 0)));
    assert_false(dosah_hours_is_open(&h, at(WE, 13, 0)));
    assert_int_equal(open_minutes(&h), 4 * 480 + 240);
    /* The second rule names the same days: only the afternoons remain. */
    parse_ok("Mo-Fr 08:00-12:00; Mo-Fr 13:00-17:00", &h);
    assert_false(dosah_hours_is_open(&h, at(MO, 9, 0)));
    assert_true(dosah_hours_is_open(&h, at(MO, 14, 0)));
    assert_int_equal(open_minutes(&h), 5 * 240);
    /* Friday's night belongs to Friday's rule. */
    parse_ok("Fr 22:00-06:00; Fr off", &h);
    assert_int_equal(open_minutes(&h), 0);
    parse_ok("Fr 22:00-06:00; Sa off", &h);
    assert_true(dosah_hours_is_open(&h, at(SA, 1, 0)));
    assert_int_equal(open_minutes(&h), 480);
    /* Trailing and repeated separators are empty rules. */
    parse_ok("Mo 08:00-09:00;; Tu 08:00-09:00;", &h);
    assert_int_equal(open_minutes(&h), 120);
}

static void test_always_and_off(void **state)
{
    struct dosah_hours h;
    (void)state;
    parse_ok("24/7", &h);
    assert_int_equal(open_minutes(&h), DOSAH_HOURS_WEEK_MIN);
    parse_ok("24/7; Su off", &h);
    assert_int_equal(open_minutes(&h), 6 * 1440);
    assert_false(dosah_hours_is_open(&h, at(SU, 12, 0)));
    parse_ok("Mo-Fr 08:00-16:00; Sa closed", &h);
    assert_int_equal(open_minutes(&h), 5 * 480);
    parse_ok("off", &h);
    assert_int_equal(h.known, 1);
    assert_int_equal(open_minutes(&h), 0);
    parse_ok("Mo-Su 06:00-22:00; Sa,Su OFF", &h);
    assert_int_equal(open_minutes(&h), 5 * 960);
}

static void test_public_holidays(void **state)
{
    struct dosah_hours h;
    (void)state;
    /* PH rules leave the weekdays alone. */
    parse_ok("Mo-Fr 08:00-16:00; PH off", &h);
    assert_int_equal(h.public_holiday, DOSAH_HOURS_PH_OFF);
    assert_int_equal(open_minutes(&h), 5 * 480);
    parse_ok("Mo-Fr 08:00-16:00; PH 09:00-12:00", &h);
    assert_int_equal(h.public_holiday, DOSAH_HOURS_PH_OPEN);
    assert_int_equal(open_minutes(&h), 5 * 480);
    /* Su,PH: Sunday as usual, and the flag. */
    parse_ok("Su,PH 10:00-12:00", &h);
    assert_int_equal(h.public_holiday, DOSAH_HOURS_PH_OPEN);
    assert_int_equal(open_minutes(&h), 120);
    assert_true(dosah_hours_is_open(&h, at(SU, 10, 0)));
    /* PH alone: open on holidays; no weekday open. The last PH rule wins. */
    parse_ok("PH", &h);
    assert_int_equal(h.public_holiday, DOSAH_HOURS_PH_OPEN);
    assert_int_equal(open_minutes(&h), 0);
    parse_ok("PH 08:00-10:00; PH off", &h);
    assert_int_equal(h.public_holiday, DOSAH_HOURS_PH_OFF);
}

static void test_unknown(void **state)
{
    static const char *const texts[] = {NULL, "", "   "};
    struct dosah_time_window w;
    struct dosah_hours h;
    size_t k;
    (void)state;
    for (k = 0; k < 3; k++) {
        parse_ok(texts[k], &h);
        assert_int_equal(h.known, 0);
        assert_int_equal(open_minutes(&h), DOSAH_HOURS_WEEK_MIN);
        dosah_time_window_preset(&w, DOSAH_WINDOW_WEEKDAY_EVENING);
        assert_true(dosah_hours_open_throughout(&h, &w));
    }
    dosah_hours_init(&h);
    assert_int_equal(h.known, 0);
}

static void expect_error(const char *text, const char *part)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_hours h;
    assert_int_equal(dosah_hours_parse(ctx, text, &h), DOSAH_EINVAL);
    if (!strstr(dosah_ctx_errmsg(ctx), part))
        fail_msg("%s: got \"%s\", want \"%s\"", text, dosah_ctx_errmsg(ctx), part);
    assert_int_equal(h.known, 0);
    dosah_ctx_destroy(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("Mon 08:00-12:00",
                 "opening hours \"Mon 08:00-12:00\": unexpected 'Mon' at character 1; "
                 "use Mo, Tu, We, Th, Fr, Sa, Su");
    expect_error("Mo-Xy 08:00-10:00", "unexpected 'Xy' at character 4; use Mo, Tu");
    expect_error("SH off", "unexpected 'SH' at character 1; use Mo");
    expect_error("Mo-Fr 25:00-26:00", "unexpected '25:00' at character 7; a time is written "
                                      "HH:MM, from 00:00 to 24:00");
    expect_error("Mo 08:60-09:00", "unexpected '08:60' at character 4");
    expect_error("Mo 12:30-24:01", "unexpected '24:01' at character 10");
    expect_error("Mo 8h-12h", "unexpected '8h' at character 4; a time is written");
    expect_error("Mo 08:00", "unexpected end at character 9; a time range is written like "
                             "07:00-15:30");
    expect_error("Mo 08:00 12:00", "unexpected '12:00' at character 10; a time range is");
    expect_error("Mo 08:00-08:00", "unexpected '08:00-08:00' at character 4; a time range "
                                   "must not start and end at the same time");
    expect_error("Mo 24:00-02:00", "unexpected '24:00' at character 4; a time range cannot "
                                   "start at 24:00");
    expect_error("Mo-Fr 08:00-12:00 Sa 09:00-11:00",
                 "unexpected 'Sa' at character 19; rules are separated by ';'");
    expect_error("Mo-Fr 08:00-12:00, Sa 09:00-11:00", "unexpected 'Sa' at character 20");
    expect_error("Mo-Fr open", "unexpected 'open' at character 7; expected times like "
                               "07:00-15:30, or off");
    expect_error("Mo off 08:00-09:00", "unexpected '08:00' at character 8; rules are "
                                       "separated by ';'");
    expect_error("24/7 Mo", "unexpected 'Mo' at character 6");
    expect_error("Mo-", "unexpected end at character 4; use Mo");
    expect_error(",Mo 08:00-09:00", "unexpected ',' at character 1");
    /* Positions count characters, not bytes: two en dashes of 3 bytes before 'x'. */
    expect_error("Mo\xE2\x80\x93" "Fr 08:00\xE2\x80\x93" "12:00 x",
                 "unexpected 'x' at character 19");
    /* Czech abbreviations are not in the subset. */
    expect_error("Po-P\xC3\xA1 8:00-16:00", "unexpected 'Po' at character 1");
}

static void test_window_presets(void **state)
{
    struct dosah_time_window w;
    (void)state;
    dosah_time_window_preset(&w, DOSAH_WINDOW_WEEKDAY_DAY);
    assert_int_equal(w.days, DOSAH_DAYS_WEEKDAYS);
    assert_int_equal(w.start_min, 420);
    assert_int_equal(w.end_min, 900);
    dosah_time_window_preset(&w, DOSAH_WINDOW_WEEKDAY_EVENING);
    assert_int_equal(w.days, DOSAH_DAYS_WEEKDAYS);
    assert_int_equal(w.start_min, 1080);
    assert_int_equal(w.end_min, 1320);
    dosah_time_window_preset(&w, DOSAH_WINDOW_WEEKEND_DAY);
    assert_int_equal(w.days, DOSAH_DAY_SA | DOSAH_DAY_SU);
    assert_int_equal(w.start_min, 540);
    assert_int_equal(w.end_min, 1020);
    assert_string_equal(dosah_time_window_preset_name(DOSAH_WINDOW_WEEKDAY_DAY), "weekday_day");
    assert_string_equal(dosah_time_window_preset_name(DOSAH_WINDOW_WEEKDAY_EVENING),
                        "weekday_evening");
    assert_string_equal(dosah_time_window_preset_name(DOSAH_WINDOW_WEEKEND_DAY), "weekend_day");
    assert_null(dosah_time_window_preset_name((enum dosah_window_preset)7));
}

static void expect_window_error(const char *text, const char *part)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_time_window w;
    assert_int_equal(dosah_time_window_parse(ctx, text, &w), DOSAH_EINVAL);
    if (!strstr(dosah_ctx_errmsg(ctx), part))
        fail_msg("%s: got \"%s\", want \"%s\"", text, dosah_ctx_errmsg(ctx), part);
    assert_int_equal(w.days, 0);
    dosah_ctx_destroy(ctx);
}

static void test_window_parse(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_time_window w;
    (void)state;
    assert_int_equal(dosah_time_window_parse(ctx, "Mo-Fr 18:00-22:00", &w), DOSAH_OK);
    assert_int_equal(w.days, DOSAH_DAYS_WEEKDAYS);
    assert_int_equal(w.start_min, 1080);
    assert_int_equal(w.end_min, 1320);
    assert_int_equal(dosah_time_window_parse(ctx, "Sa,Su 09:00-17:00", &w), DOSAH_OK);
    assert_int_equal(w.days, DOSAH_DAYS_WEEKEND);
    assert_int_equal(dosah_time_window_parse(ctx, "Mo-We,Fr 06:00-07:00", &w), DOSAH_OK);
    assert_int_equal(w.days, DOSAH_DAY_MO | DOSAH_DAY_TU | DOSAH_DAY_WE | DOSAH_DAY_FR);
    assert_int_equal(dosah_time_window_parse(ctx, "07:00-15:00", &w), DOSAH_OK);
    assert_int_equal(w.days, DOSAH_DAYS_ALL);
    assert_int_equal(dosah_time_window_parse(ctx, "Fr,Sa 22:00-02:00", &w), DOSAH_OK);
    assert_int_equal(w.start_min, 1320);
    assert_int_equal(w.end_min, 120);
    assert_int_equal(dosah_time_window_parse(ctx, "Su 20:00-24:00", &w), DOSAH_OK);
    assert_int_equal(w.end_min, 1440);
    dosah_ctx_destroy(ctx);
    expect_window_error("PH 09:00-10:00", "time window \"PH 09:00-10:00\": unexpected 'PH' "
                                          "at character 1; use Mo");
    expect_window_error("Mo-Fr 18:00-22:00, 06:00-08:00",
                        "unexpected ',' at character 18; a window is days and one time range");
    expect_window_error("Mo-Fr", "unexpected end at character 6; a time is written");
    expect_window_error("Mo-Fr off", "unexpected 'off' at character 7; a time range");
    expect_window_error("", "unexpected end at character 1");
}

static int open_throughout(const char *hours, const char *window)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_hours h;
    struct dosah_time_window w;
    assert_int_equal(dosah_hours_parse(ctx, hours, &h), DOSAH_OK);
    assert_int_equal(dosah_time_window_parse(ctx, window, &w), DOSAH_OK);
    dosah_ctx_destroy(ctx);
    return dosah_hours_open_throughout(&h, &w);
}

static void test_open_throughout(void **state)
{
    struct dosah_hours h;
    struct dosah_time_window w;
    (void)state;
    /* 07:00-15:30 on weekdays: the whole weekday day (07-15), not the evening, not weekends. */
    parse_ok("Mo-Fr 07:00-15:30", &h);
    dosah_time_window_preset(&w, DOSAH_WINDOW_WEEKDAY_DAY);
    assert_true(dosah_hours_open_throughout(&h, &w));
    dosah_time_window_preset(&w, DOSAH_WINDOW_WEEKDAY_EVENING);
    assert_false(dosah_hours_open_throughout(&h, &w));
    dosah_time_window_preset(&w, DOSAH_WINDOW_WEEKEND_DAY);
    assert_false(dosah_hours_open_throughout(&h, &w));
    /* The plan's extended hours: 06:00-22:00 and weekends. */
    parse_ok("Mo-Fr 06:00-22:00; Sa,Su 09:00-17:00", &h);
    dosah_time_window_preset(&w, DOSAH_WINDOW_WEEKDAY_DAY);
    assert_true(dosah_hours_open_throughout(&h, &w));
    dosah_time_window_preset(&w, DOSAH_WINDOW_WEEKDAY_EVENING);
    assert_true(dosah_hours_open_throughout(&h, &w));
    dosah_time_window_preset(&w, DOSAH_WINDOW_WEEKEND_DAY);
    assert_true(dosah_hours_open_throughout(&h, &w));
    /* Every day of the window must be open: Friday missing. */
    assert_false(open_throughout("Mo-Th 07:00-15:30", "Mo-Fr 07:00-15:00"));
    /* Every minute: closing a minute early fails, a lunch break fails. */
    assert_false(open_throughout("Mo-Fr 07:00-14:59", "Mo-Fr 07:00-15:00"));
    assert_true(open_throughout("Mo-Fr 07:00-15:00", "Mo-Fr 07:00-15:00"));
    assert_false(open_throughout("Mo-Fr 07:00-11:00,11:01-15:00", "Mo-Fr 07:00-15:00"));
    /* Windows past midnight, also across the end of the week. */
    assert_true(open_throughout("Fr-Su 20:00-03:00", "Fr,Sa 22:00-02:00"));
    assert_false(open_throughout("Fr-Sa 20:00-01:00", "Fr,Sa 22:00-02:00"));
    assert_true(open_throughout("Su 22:00-24:00; Mo 00:00-02:00", "Su 23:00-01:00"));
    assert_false(open_throughout("Su 22:00-24:00", "Su 23:00-01:00"));
    assert_true(open_throughout("24/7", "06:00-05:59"));
    /* PH rules do not change weekday windows. */
    assert_true(open_throughout("Mo-Fr 07:00-15:30; PH off", "Mo-Fr 07:00-15:00"));
    /* A window without days holds trivially. */
    w.days = 0;
    parse_ok("off", &h);
    assert_true(dosah_hours_open_throughout(&h, &w));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday_range),
        cmocka_unit_test(test_day_lists),
        cmocka_unit_test(test_time_ranges),
        cmocka_unit_test(test_past_midnight),
        cmocka_unit_test(test_override),
        cmocka_unit_test(test_always_and_off),
        cmocka_unit_test(test_public_holidays),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_window_presets),
        cmocka_unit_test(test_window_parse),
        cmocka_unit_test(test_open_throughout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
