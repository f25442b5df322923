/* SPDX-License-Identifier: MIT */
/*
 * The travel-time classes of the report's maps against the QGIS style of the municipalities
 * layer (styles/municipalities.qml, read here): the same bounds, colours and labels in both
 * languages, so that a map in the report and the layer in QGIS read alike. Also the class of
 * a time at and around each bound (upper bounds inclusive, as t <= T in the measures).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/catalog.h"
#include "report/report_internal.h"

#define QML DOSAH_SOURCE_DIR "/styles/municipalities.qml"

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text;
    long n;
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = calloc(1, (size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return text;
}

/* The attribute `name` of the element that starts at tag (up to its '>'), into buf. */
static int attribute(const char *tag, const char *name, char *buf, size_t n)
{
    char key[64];
    const char *end = strchr(tag, '>'), *p, *q;
    snprintf(key, sizeof key, " %s=", name);
    p = strstr(tag, key);
    if (!p || p > end)
        return -1;
    p += strlen(key);
    q = strchr(p + 1, *p);
    if (!q || (size_t)(q - p - 1) >= n)
        return -1;
    memcpy(buf, p + 1, (size_t)(q - p - 1));
    buf[q - p - 1] = '\0';
    return 0;
}

/* "{{english}}" in the QML stands for the label in each language: the English (without a
 * "#context") or its Czech from the catalogue (core/catalog_styles.c), as the writer renders
 * it. */
static void resolve(const char *label, enum dosah_report_lang lang, char *out, size_t n)
{
    const char *close = strstr(label, "}}"), *hash;
    size_t len;
    if (strncmp(label, "{{", 2) != 0 || !close) {
        snprintf(out, n, "%s", label);
        return;
    }
    len = (size_t)(close - label - 2);
    hash = memchr(label + 2, '#', len);
    if (lang == DOSAH_REPORT_CS) {
        char buf[128];
        const char *cs = dosah_catalog_style_cs(label + 2, len, buf, sizeof buf);
        assert_non_null(cs);
        snprintf(out, n, "%s", cs);
    } else {
        snprintf(out, n, "%.*s", (int)(hash ? (size_t)(hash - label - 2) : len), label + 2);
    }
}

static void test_colours_match_qml(void **state)
{
    char *qml = read_all(QML), name[16], value[64];
    const char *p = qml;
    int seen = 0;
    (void)state;
    while ((p = strstr(p, "<symbol "))) {
        int cls, r, g, b;
        const char *colour;
        if (attribute(p, "name", name, sizeof name) || sscanf(name, "%d", &cls) != 1 ||
            strchr(name, '@')) {
            p++;
            continue;
        }
        colour = strstr(p, "name=\"color\"");
        assert_non_null(colour);
        assert_int_equal(attribute(colour - 1, "value", value, sizeof value), 0);
        assert_int_equal(sscanf(value, "%d,%d,%d", &r, &g, &b), 3);
        assert_true(cls >= 0 && cls < DOSAH_REPORT_CLASS_COUNT);
        assert_int_equal(dosah_report_class_rgb(cls).r, r);
        assert_int_equal(dosah_report_class_rgb(cls).g, g);
        assert_int_equal(dosah_report_class_rgb(cls).b, b);
        seen |= 1 << cls;
        p++;
    }
    assert_int_equal(seen, (1 << DOSAH_REPORT_CLASS_COUNT) - 1);
    free(qml);
}

static void test_rules_match_qml(void **state)
{
    char *qml = read_all(QML), sym[16], label[128], filter[256], want[128], mine[128];
    const char *p = qml;
    int seen = 0, lang;
    (void)state;
    while ((p = strstr(p, "<rule "))) {
        int cls;
        assert_int_equal(attribute(p, "symbol", sym, sizeof sym), 0);
        assert_int_equal(attribute(p, "label", label, sizeof label), 0);
        assert_int_equal(attribute(p, "filter", filter, sizeof filter), 0);
        cls = atoi(sym);
        for (lang = 0; lang < DOSAH_REPORT_LANG_COUNT; lang++) {
            resolve(label, (enum dosah_report_lang)lang, want, sizeof want);
            dosah_report_class_label((enum dosah_report_lang)lang, cls, mine, sizeof mine);
            assert_string_equal(mine, want);
        }
        if (cls == 0) {
            assert_non_null(strstr(filter, "IS NULL"));
        } else if (cls < DOSAH_REPORT_CLASS_COUNT - 1) {
            char bound[32];
            snprintf(bound, sizeof bound, "&lt;= %g", dosah_report_class_upper(cls));
            assert_non_null(strstr(filter, bound));
        } else {
            snprintf(want, sizeof want, "> %g", dosah_report_class_upper(cls - 1));
            assert_non_null(strstr(filter, want));
        }
        seen |= 1 << cls;
        p++;
    }
    assert_int_equal(seen, (1 << DOSAH_REPORT_CLASS_COUNT) - 1);
    free(qml);
}

static void test_class_of(void **state)
{
    (void)state;
    assert_int_equal(dosah_report_class_of(NAN), 0);
    assert_int_equal(dosah_report_class_of(0), 1);
    assert_int_equal(dosah_report_class_of(10), 1);
    assert_int_equal(dosah_report_class_of(nextafter(10, 11)), 2);
    assert_int_equal(dosah_report_class_of(30), 3);
    assert_int_equal(dosah_report_class_of(30.01), 4);
    assert_int_equal(dosah_report_class_of(45), 4);
    assert_int_equal(dosah_report_class_of(60), 5);
    assert_int_equal(dosah_report_class_of(90), 6);
    assert_int_equal(dosah_report_class_of(90.5), 7);
    assert_int_equal(dosah_report_class_of(1e9), 7);
    assert_true(isinf(dosah_report_class_upper(7)));
    assert_true(isnan(dosah_report_class_upper(0)));
    /* Out-of-range classes fall back to the unreachable grey, never read out of bounds. */
    assert_int_equal(dosah_report_class_rgb(99).r, dosah_report_class_rgb(0).r);
    assert_int_equal(dosah_report_class_rgb(-1).g, dosah_report_class_rgb(0).g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_colours_match_qml),
        cmocka_unit_test(test_rules_match_qml),
        cmocka_unit_test(test_class_of),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
