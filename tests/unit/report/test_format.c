/* SPDX-License-Identifier: MIT */
/*
 * The report's text: numbers and percentages in Czech and English (whatever the C locale),
 * HTML escaping, RFC 4180 CSV quoting, and report tables written as CSV and as HTML from the
 * same cells.
 */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/core_internal.h"
#include "report/report_internal.h"

#define NBSP "\xc2\xa0"

static void test_numbers(void **state)
{
    char b[64];
    (void)state;
    dosah_report_fmt_number(DOSAH_REPORT_CS, 449494, 0, b, sizeof b);
    assert_string_equal(b, "449" NBSP "494");
    dosah_report_fmt_number(DOSAH_REPORT_EN, 449494, 0, b, sizeof b);
    assert_string_equal(b, "449,494");
    dosah_report_fmt_number(DOSAH_REPORT_CS, 1234567.891, 2, b, sizeof b);
    assert_string_equal(b, "1" NBSP "234" NBSP "567,89");
    dosah_report_fmt_number(DOSAH_REPORT_EN, 1234567.891, 1, b, sizeof b);
    assert_string_equal(b, "1,234,567.9");
    dosah_report_fmt_number(DOSAH_REPORT_EN, 999.96, 1, b, sizeof b);
    assert_string_equal(b, "1,000.0");
    dosah_report_fmt_number(DOSAH_REPORT_CS, 12.5, 1, b, sizeof b);
    assert_string_equal(b, "12,5");
    /* A proper minus sign; no "-0" for values that round to zero. */
    dosah_report_fmt_number(DOSAH_REPORT_EN, -1500, 0, b, sizeof b);
    assert_string_equal(b, "\xe2\x88\x92" "1,500");
    dosah_report_fmt_number(DOSAH_REPORT_CS, -0.004, 2, b, sizeof b);
    assert_string_equal(b, "0,00");
    dosah_report_fmt_number(DOSAH_REPORT_CS, NAN, 1, b, sizeof b);
    assert_string_equal(b, "\xe2\x80\x93");
    dosah_report_fmt_number(DOSAH_REPORT_CS, INFINITY, 1, b, sizeof b);
    assert_string_equal(b, "\xe2\x80\x93");
    /* Truncation keeps the buffer terminated. */
    dosah_report_fmt_number(DOSAH_REPORT_EN, 123456789, 0, b, 5);
    assert_string_equal(b, "123,");
}

static void test_percent(void **state)
{
    char b[64];
    (void)state;
    dosah_report_fmt_percent(DOSAH_REPORT_CS, 0.8734, 1, b, sizeof b);
    assert_string_equal(b, "87,3" NBSP "%");
    dosah_report_fmt_percent(DOSAH_REPORT_EN, 0.8734, 1, b, sizeof b);
    assert_string_equal(b, "87.3%");
    dosah_report_fmt_percent(DOSAH_REPORT_EN, 1.0, 1, b, sizeof b);
    assert_string_equal(b, "100.0%");
    dosah_report_fmt_percent(DOSAH_REPORT_EN, 0.0, 1, b, sizeof b);
    assert_string_equal(b, "0.0%");
    /* Not everyone is never shown as 100 %, someone never as 0 %. */
    dosah_report_fmt_percent(DOSAH_REPORT_EN, 449379.0 / 449494.0, 1, b, sizeof b);
    assert_string_equal(b, "> 99.9%");
    dosah_report_fmt_percent(DOSAH_REPORT_CS, 0.0004, 1, b, sizeof b);
    assert_string_equal(b, "< 0,1" NBSP "%");
    dosah_report_fmt_percent(DOSAH_REPORT_EN, 0.99949, 1, b, sizeof b);
    assert_string_equal(b, "99.9%");
    dosah_report_fmt_percent(DOSAH_REPORT_EN, NAN, 1, b, sizeof b);
    assert_string_equal(b, "\xe2\x80\x93");
}

static void test_locale_independent(void **state)
{
    char b[64];
    (void)state;
    /* A locale with a decimal comma, when the system has one, must change nothing. */
    if (setlocale(LC_NUMERIC, "cs_CZ.UTF-8") || setlocale(LC_NUMERIC, "de_DE.UTF-8")) {
        dosah_report_fmt_number(DOSAH_REPORT_EN, 2.5, 1, b, sizeof b);
        assert_string_equal(b, "2.5");
        setlocale(LC_NUMERIC, "C");
    }
}

static void test_html_escape(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_strbuf b;
    dosah_strbuf_init(&b, 0);
    assert_int_equal(dosah_report_html_escape(ctx, &b, "<a href=\"x\">Tom & Jerry's</a> §40"),
                     DOSAH_OK);
    assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; §40");
    dosah_strbuf_clear(&b);
    assert_int_equal(dosah_report_html_escape(ctx, &b, ""), DOSAH_OK);
    assert_int_equal(dosah_report_html_escape(ctx, &b, NULL), DOSAH_OK);
    assert_int_equal(b.len, 0);
    dosah_strbuf_clear(&b);
}

static void csv_is(struct dosah_ctx *ctx, const char *in, const char *out)
{
    struct dosah_strbuf b;
    dosah_strbuf_init(&b, 0);
    assert_int_equal(dosah_report_csv_field(ctx, &b, in), DOSAH_OK);
    assert_string_equal(b.data ? b.data : "", out);
    dosah_strbuf_clear(&b);
}

static void test_csv_quoting(void **state)
{
    struct dosah_ctx *ctx = *state;
    csv_is(ctx, "Česká Lípa", "Česká Lípa");
    csv_is(ctx, "12.5", "12.5");
    csv_is(ctx, "", "");
    csv_is(ctx, NULL, "");
    csv_is(ctx, "Lípa, Česká", "\"Lípa, Česká\"");
    csv_is(ctx, "say \"hi\"", "\"say \"\"hi\"\"\"");
    csv_is(ctx, "two\nlines", "\"two\nlines\"");
    csv_is(ctx, "cr\r", "\"cr\r\"");
    csv_is(ctx, " padded", "\" padded\"");
}

/* CSV injection (CWE-1236): text a spreadsheet would run as a formula gets a leading ';
 * plain numbers, negative or with an exponent, do not. */
static void test_csv_formulas(void **state)
{
    struct dosah_ctx *ctx = *state;
    csv_is(ctx, "=HYPERLINK(\"http://x\",\"x\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"x\"\")\"");
    csv_is(ctx, "+420 123", "\"'+420 123\"");
    csv_is(ctx, "-2+3", "\"'-2+3\"");
    csv_is(ctx, "@SUM(A1)", "\"'@SUM(A1)\"");
    csv_is(ctx, "\tx", "\"'\tx\"");
    csv_is(ctx, "\rx", "\"'\rx\"");
    csv_is(ctx, "-", "\"'-\"");
    csv_is(ctx, "-3.5", "-3.5");
    csv_is(ctx, "+7", "+7");
    csv_is(ctx, "-1e-5", "-1e-5");
    csv_is(ctx, "a=b", "a=b");
}

static void test_table(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_report_table t;
    struct dosah_strbuf csv, html;
    dosah_strbuf_init(&csv, 0);
    dosah_strbuf_init(&html, 0);
    assert_int_equal(dosah_report_table_init(ctx, &t, "t", 4, DOSAH_REPORT_CS), DOSAH_OK);
    assert_int_equal(dosah_report_table_head(ctx, &t, 0, "Region", 0), DOSAH_OK);
    assert_int_equal(dosah_report_table_head(ctx, &t, 1, "Obyvatel", 1), DOSAH_OK);
    assert_int_equal(dosah_report_table_head(ctx, &t, 2, "Podíl (%)", 1), DOSAH_OK);
    assert_int_equal(dosah_report_table_head(ctx, &t, 3, "Doba, min", 1), DOSAH_OK);
    assert_int_equal(dosah_report_table_head(ctx, &t, 4, "x", 1), DOSAH_EINVAL);
    dosah_ctx_clear_error(ctx);
    assert_int_equal(dosah_report_table_set(ctx, &t, 0, "x", NULL), DOSAH_EINVAL);
    dosah_ctx_clear_error(ctx);
    assert_int_equal(dosah_report_table_row(ctx, &t, 0), DOSAH_OK);
    assert_int_equal(dosah_report_table_set(ctx, &t, 0, "Jablonec <n. N.>", NULL), DOSAH_OK);
    assert_int_equal(dosah_report_table_number(ctx, &t, 1, 57971, 0, NULL), DOSAH_OK);
    assert_int_equal(dosah_report_table_share(ctx, &t, 2, 0.91234, NULL), DOSAH_OK);
    assert_int_equal(dosah_report_table_number(ctx, &t, 3, NAN, 1, "nedostupné"), DOSAH_OK);
    assert_int_equal(dosah_report_table_row(ctx, &t, DOSAH_REPORT_ROW_TOTAL), DOSAH_OK);
    assert_int_equal(dosah_report_table_set(ctx, &t, 0, "Celkem", NULL), DOSAH_OK);
    assert_int_equal(dosah_report_table_number(ctx, &t, 1, -0.2, 0, NULL), DOSAH_OK);
    assert_int_equal(dosah_report_table_csv(ctx, &t, &csv), DOSAH_OK);
    assert_string_equal(csv.data, "Region,Obyvatel,Podíl (%),\"Doba, min\"\r\n"
                                  "Jablonec <n. N.>,57971,91.23,\r\n"
                                  "Celkem,0,,\r\n");
    assert_int_equal(dosah_report_table_html(ctx, &t, &html), DOSAH_OK);
    assert_non_null(strstr(html.data, "<th class=\"num\">Obyvatel</th>"));
    assert_non_null(strstr(html.data, "<td>Jablonec &lt;n. N.&gt;</td>"
                                      "<td class=\"num\">57" NBSP "971</td>"
                                      "<td class=\"num\">91,2" NBSP "%</td>"
                                      "<td class=\"num\">nedostupné</td>"));
    assert_non_null(strstr(html.data, "<tr class=\"total\"><td>Celkem</td>"));
    dosah_report_table_clear(&t);
    dosah_strbuf_clear(&csv);
    dosah_strbuf_clear(&html);
}

static void test_table_out_of_memory(void **state)
{
    struct dosah_ctx *ctx = *state;
    struct dosah_report_table t;
    long n;
    /* Every allocation in turn fails; nothing leaks (the sanitizer build checks). */
    for (n = 0; n < 12; n++) {
        enum dosah_status st;
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_report_table_init(ctx, &t, "t", 2, DOSAH_REPORT_EN);
        if (!st && !(st = dosah_report_table_head(ctx, &t, 0, "a", 0)) &&
            !(st = dosah_report_table_row(ctx, &t, 0)))
            st = dosah_report_table_share(ctx, &t, 1, 0.5, NULL);
        assert_true(st == DOSAH_OK || st == DOSAH_ENOMEM);
        dosah_report_table_clear(&t);
    }
    dosah_ctx_fail_alloc_after(ctx, -1);
    dosah_ctx_clear_error(ctx);
}

static void test_slug(void **state)
{
    char b[16];
    (void)state;
    dosah_report_slug("care", b, sizeof b);
    assert_string_equal(b, "care");
    dosah_report_slug("Night/../x y", b, sizeof b);
    assert_string_equal(b, "night____x_y");
    dosah_report_slug("", b, sizeof b);
    assert_string_equal(b, "_");
    dosah_report_slug("abcdefghijklmnopqrstuvwxyz", b, 8);
    assert_string_equal(b, "abcdefg");
}

static int setup(void **state)
{
    *state = dosah_ctx_create();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    dosah_ctx_destroy(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_locale_independent),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_formulas),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_table_out_of_memory),
        cmocka_unit_test(test_slug),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
