/* SPDX-License-Identifier: MIT */
/*
 * Text formatting for the report: numbers and percentages the way each language writes them
 * (Czech: decimal comma and a no-break space between thousands; English: decimal point and
 * comma grouping), HTML escaping, RFC 4180 CSV fields and file-name slugs. Never depends on
 * the C locale.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report_internal.h"

#define NBSP "\xc2\xa0"
#define DASH "\xe2\x80\x93"

/* Copies src into buf (size n) at *pos, never past the end. */
static void put(char *buf, size_t n, size_t *pos, const char *src)
{
    size_t len = strlen(src);
    if (*pos >= n)
        return;
    if (len > n - 1 - *pos)
        len = n - 1 - *pos;
    memcpy(buf + *pos, src, len);
    *pos += len;
    buf[*pos] = '\0';
}

void dosah_report_fmt_number(enum dosah_report_lang lang, double v, int decimals, char *buf,
                             size_t n)
{
    char digits[64], one[2] = {0, 0};
    const char *group = lang == DOSAH_REPORT_CS ? NBSP : ",";
    const char *point = lang == DOSAH_REPORT_CS ? "," : ".";
    size_t pos = 0, i, int_len;
    const char *p;
    if (!n)
        return;
    buf[0] = '\0';
    if (!isfinite(v) || fabs(v) >= 1e15) {
        put(buf, n, &pos, DASH);
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    /* "-0" and "-0,0" read as a fault in a table; a value that rounds to zero has no sign. */
    if (v < 0 && strspn(digits, "0.") != strlen(digits))
        put(buf, n, &pos, "\xe2\x88\x92");
    p = strchr(digits, '.');
    int_len = p ? (size_t)(p - digits) : strlen(digits);
    for (i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            put(buf, n, &pos, group);
        one[0] = digits[i];
        put(buf, n, &pos, one);
    }
    if (p) {
        put(buf, n, &pos, point);
        put(buf, n, &pos, p + 1);
    }
}

void dosah_report_fmt_percent(enum dosah_report_lang lang, double share, int decimals,
                              char *buf, size_t n)
{
    const char *sign = "";
    double pct, step;
    size_t pos;
    if (!n)
        return;
    if (!isfinite(share)) {
        snprintf(buf, n, "%s", DASH);
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    /* Never round a share that is not everyone up to 100 % (nor a share above none down to
     * 0 %): a planner reads "100 %" as "nobody left out". */
    pct = 100.0 * share;
    step = pow(10, -decimals);
    if (share < 1 && pct > 100 - step / 2)
        pct = 100 - step, sign = "> ";
    else if (share > 0 && pct < step / 2)
        pct = step, sign = "< ";
    snprintf(buf, n, "%s", sign);
    pos = strlen(buf);
    dosah_report_fmt_number(lang, pct, decimals, buf + pos, n - pos);
    pos = strlen(buf);
    put(buf, n, &pos, lang == DOSAH_REPORT_CS ? NBSP "%" : "%");
}

enum dosah_status dosah_report_html_escape(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                           const char *s)
{
    const char *run = s;
    enum dosah_status st;
    if (!s)
        return DOSAH_OK;
    for (; *s; s++) {
        const char *rep = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
                        : *s == '"' ? "&quot;" : *s == '\'' ? "&#39;" : NULL;
        if (!rep)
            continue;
        if ((st = dosah_strbuf_append(ctx, b, run, (size_t)(s - run))) ||
            (st = dosah_strbuf_puts(ctx, b, rep)))
            return st;
        run = s + 1;
    }
    return dosah_strbuf_append(ctx, b, run, (size_t)(s - run));
}

/* 1 when s is a whole plain decimal number: sign, digits, fraction, exponent. */
static int plain_number(const char *s)
{
    size_t digits = 0;
    if (*s == '+' || *s == '-')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        digits++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (*s < '0' || *s > '9')
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

enum dosah_status dosah_report_csv_field(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                         const char *s)
{
    size_t len;
    int formula;
    enum dosah_status st;
    if (!s)
        return DOSAH_OK;
    len = strlen(s);
    /* CSV injection (CWE-1236): text a spreadsheet would take for a formula gets a leading
     * apostrophe; numbers ("-3.5") stay numbers. */
    formula = s[0] && strchr("=+-@\t\r", s[0]) && !plain_number(s);
    if (!formula && !strpbrk(s, ",\"\r\n") && !(len && (s[0] == ' ' || s[len - 1] == ' ')))
        return dosah_strbuf_append(ctx, b, s, len);
    if ((st = dosah_strbuf_puts(ctx, b, formula ? "\"'" : "\"")))
        return st;
    for (; *s; s++)
        if ((st = dosah_strbuf_append(ctx, b, s, 1)) ||
            (*s == '"' && (st = dosah_strbuf_append(ctx, b, s, 1))))
            return st;
    return dosah_strbuf_puts(ctx, b, "\"");
}

void dosah_report_slug(const char *s, char *buf, size_t n)
{
    size_t i = 0;
    if (!n)
        return;
    for (; s && *s && i + 1 < n; s++) {
        char c = *s;
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a'), ok = 1;
        buf[i++] = ok ? c : '_';
    }
    buf[i] = '\0';
    if (i == 0 && n > 1)
        snprintf(buf, n, "_");
}
