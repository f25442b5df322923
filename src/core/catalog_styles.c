/* SPDX-License-Identifier: MIT */
/*
 * The catalogue's texts of the QGIS styles (the .qml files in styles/): a template writes a legend or
 * label text as {{English}}, the key, and this table gives its Czech, gettext-style. A key
 * may carry a context after '#' ("other#scope") when one English word needs two Czech ones;
 * the context is never printed. Keys may hold the template's placeholders (@THRESHOLD@),
 * which are replaced after the text is chosen.
 *
 * A legend text that the report shows too ("unreachable", "over 90 min", a service's form) is
 * declared once, in the report's catalogue (catalog_report.c), and the styles take it from
 * there: see `shared` below.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/catalog_report.h"

const struct dosah_catalog_entry dosah_catalog_styles[] = {
    {"within 15 min", "do 15 min"},
    {"within 30 min", "do 30 min"},
    {"within 45 min", "do 45 min"},
    {"within 60 min", "do 60 min"},
    {"not covered within @THRESHOLD@ min", "nepokryto do @THRESHOLD@ min"},
    {"covered within @THRESHOLD@ min", "pokryto do @THRESHOLD@ min"},
    {"gap", "nedostatek"},
    {"no gap", "bez nedostatku"},
    {"not determined", "neurčeno"},
    {"short", "chybí"},
    {"under 50 %", "pod 50 %"},
    {"90 % to less than 100 %", "90 % až méně než 100 %"},
    {"everyone", "všichni"},
    {"within", "do"},
    {"motorway", "dálnice"},
    {"trunk road", "silnice pro motorová vozidla"},
    {"primary road", "silnice I. třídy"},
    {"secondary road", "silnice II. třídy"},
    {"tertiary road", "silnice III. třídy"},
    {"other#road class", "ostatní"},
    {"declared, not reached", "deklarováno, nedosaženo"},
    {"reached, not declared", "dosaženo, nedeklarováno"},
    {"other#scope", "jiné"},
    {"other form", "jiná forma"},
};

const size_t dosah_catalog_styles_count =
    sizeof dosah_catalog_styles / sizeof dosah_catalog_styles[0];

/* The report's texts that the styles' legends show: a key that is one's English, or its
 * English with a number for its one %g ("over 90 min" of "over %g min"), has its Czech. */
static const enum dosah_report_msg_id shared[] = {
    DOSAH_RMSG_UNREACHABLE,   DOSAH_RMSG_OVER_MIN,         DOSAH_RMSG_FORM_FIELD,
    DOSAH_RMSG_FORM_AMBULANT, DOSAH_RMSG_FORM_RESIDENTIAL,
};

const size_t dosah_catalog_styles_shared_count = sizeof shared / sizeof shared[0];

int dosah_catalog_styles_shared(size_t i)
{
    return (int)shared[i];
}

/* Whether key[n] is the English en, or en with a number for its %g (into *number; NaN for a
 * text without a number); the number written as %g writes it. */
static int matches(const char *en, const char *key, size_t n, double *number)
{
    const char *conv = strstr(en, "%g");
    size_t head, tail, len;
    char text[32], again[32], *end;
    *number = NAN;
    if (!conv)
        return strlen(en) == n && !memcmp(en, key, n);
    head = (size_t)(conv - en);
    tail = strlen(conv + 2);
    if (n <= head + tail || memcmp(key, en, head) || memcmp(key + n - tail, conv + 2, tail))
        return 0;
    if ((len = n - head - tail) >= sizeof text)
        return 0;
    memcpy(text, key + head, len);
    text[len] = '\0';
    *number = strtod(text, &end);
    snprintf(again, sizeof again, "%g", *number);
    return *end == '\0' && !strcmp(again, text);
}

const char *dosah_catalog_style_cs(const char *key, size_t n, char *buf, size_t size)
{
    size_t i;
    double number;
    for (i = 0; i < dosah_catalog_styles_count; i++)
        if (strlen(dosah_catalog_styles[i].en) == n &&
            !memcmp(dosah_catalog_styles[i].en, key, n))
            return dosah_catalog_styles[i].cs;
    for (i = 0; i < sizeof shared / sizeof shared[0]; i++) {
        if (!matches(dosah_report_msg(DOSAH_REPORT_EN, shared[i]), key, n, &number))
            continue;
        if (isnan(number))
            return dosah_report_msg(DOSAH_REPORT_CS, shared[i]);
        snprintf(buf, size, dosah_report_msg(DOSAH_REPORT_CS, shared[i]), number);
        return buf;
    }
    return NULL;
}
