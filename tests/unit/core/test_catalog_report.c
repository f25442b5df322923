/* SPDX-License-Identifier: MIT */
/*
 * The catalogue's texts of the report (core/catalog_report.c): every text exists in both
 * languages, is valid UTF-8, and a text used as a printf format (it has a %g or %s) is one
 * in both languages, with the same conversions in the same order (a mismatch would print
 * garbage or crash in one language only). Plain texts may hold a literal "%" ("Share (%)");
 * they are never used as formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/text.h"
#include "core/catalog_report.h"

/* The conversion letters of a printf format ("%g min, %s" -> "gs"); "%%" is no conversion. */
static void conversions(const char *fmt, char *out, size_t n)
{
    size_t k = 0;
    for (; *fmt; fmt++) {
        if (*fmt != '%')
            continue;
        fmt++;
        if (*fmt == '%')
            continue;
        while (*fmt && strchr("-+ #0123456789.lhzjt", *fmt))
            fmt++;
        if (*fmt && k + 1 < n)
            out[k++] = *fmt;
        if (!*fmt)
            break;
    }
    out[k] = '\0';
}

static void test_complete(void **state)
{
    int id, lang;
    (void)state;
    for (id = 0; id < DOSAH_RMSG_COUNT; id++)
        for (lang = 0; lang < DOSAH_REPORT_LANG_COUNT; lang++) {
            const char *s = dosah_report_msg_raw((enum dosah_report_lang)lang,
                                                 (enum dosah_report_msg_id)id);
            if (!s || !*s)
                fail_msg("message %d has no text in language %d", id, lang);
            assert_true(dosah_utf8_valid(s, strlen(s), NULL));
        }
}

static int is_format(const char *s)
{
    return strstr(s, "%g") || strstr(s, "%s");
}

static void test_same_conversions(void **state)
{
    char cs[16], en[16];
    int id, formats = 0;
    (void)state;
    for (id = 0; id < DOSAH_RMSG_COUNT; id++) {
        const char *c = dosah_report_msg(DOSAH_REPORT_CS, (enum dosah_report_msg_id)id);
        const char *e = dosah_report_msg(DOSAH_REPORT_EN, (enum dosah_report_msg_id)id);
        if (is_format(c) != is_format(e))
            fail_msg("message %d is a format in one language only: \"%s\" / \"%s\"", id, c, e);
        if (!is_format(c))
            continue;
        formats++;
        conversions(c, cs, sizeof cs);
        conversions(e, en, sizeof en);
        if (strcmp(cs, en) != 0)
            fail_msg("message %d: Czech takes \"%s\", English \"%s\" (%s)", id, cs, en,
                     dosah_report_msg(DOSAH_REPORT_EN, (enum dosah_report_msg_id)id));
        /* The report only ever passes a double or a string. */
        assert_int_equal(strspn(cs, "gs"), strlen(cs));
    }
    assert_true(formats > 5);
}

static void test_lookup(void **state)
{
    char buf[64];
    (void)state;
    assert_string_equal(dosah_report_msg(DOSAH_REPORT_CS, DOSAH_RMSG_UNREACHABLE), "nedostupné");
    assert_string_equal(dosah_report_msg(DOSAH_REPORT_EN, DOSAH_RMSG_UNREACHABLE), "unreachable");
    assert_string_equal(dosah_report_msg(DOSAH_REPORT_CS, DOSAH_RMSG_NOT_APPLICABLE), "netýká se");
    snprintf(buf, sizeof buf, dosah_report_msg(DOSAH_REPORT_EN, DOSAH_RMSG_OVER_MIN), 90.0);
    assert_string_equal(buf, "over 90 min");
    /* Out of range: an empty text, never NULL or a read past the table. */
    assert_string_equal(dosah_report_msg(DOSAH_REPORT_CS, DOSAH_RMSG_COUNT), "");
    assert_string_equal(dosah_report_msg(DOSAH_REPORT_LANG_COUNT, DOSAH_RMSG_TITLE), "");
    assert_null(dosah_report_msg_raw(DOSAH_REPORT_EN, DOSAH_RMSG_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete),
        cmocka_unit_test(test_same_conversions),
        cmocka_unit_test(test_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
