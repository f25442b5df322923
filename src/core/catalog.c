/* SPDX-License-Identifier: MIT */
/*
 * The catalogue's look-up and its formatter. The formatter walks a Czech format, hands each
 * printf conversion with the argument of its type to snprintf, and resolves the catalogue's
 * own directives (plural forms by the number last printed, phrases looked up in the
 * catalogue); the entries themselves are in catalog_diag.c. Pure C, no state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"

const char *dosah_catalog_cs(const char *en)
{
    size_t i;
    if (!en)
        return NULL;
    for (i = 0; i < dosah_catalog_diag_count; i++)
        if (!strcmp(dosah_catalog_diag[i].en, en))
            return dosah_catalog_diag[i].cs;
    return NULL;
}

const char *dosah_catalog_phrase_cs(const char *en)
{
    const char *cs = dosah_catalog_cs(en);
    return cs && !strchr(cs, '%') && !strchr(cs, '|') ? cs : en;
}

/* One printf conversion as parsed: its text without the `*`s resolved, and its type. */
struct spec {
    char text[40];   /* "%", flags, width, precision, length, conversion */
    char length[3];  /* "", "hh", "h", "l", "ll", "z", "j", "t", "L" */
    char conv;       /* d i o u x X c s p f F e E g G a A */
    int star_width;  /* width given as an int argument */
    int star_prec;   /* precision given as an int argument */
    int hash;        /* the # flag (for %#s: a phrase) */
};

/* Parses the conversion after its '%'; returns the character after it, NULL when bad. */
static const char *parse_spec(const char *p, struct spec *s)
{
    const char *start = p - 1;
    size_t n;
    memset(s, 0, sizeof *s);
    while (*p && strchr("-+ #0'", *p)) {
        if (*p == '#')
            s->hash = 1;
        p++;
    }
    if (*p == '*') {
        s->star_width = 1;
        p++;
    } else {
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == '.') {
        p++;
        if (*p == '*') {
            s->star_prec = 1;
            p++;
        } else {
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    if ((p[0] == 'h' && p[1] == 'h') || (p[0] == 'l' && p[1] == 'l')) {
        memcpy(s->length, p, 2);
        p += 2;
    } else if (*p && strchr("hlzjtL", *p)) {
        s->length[0] = *p++;
    }
    if (!*p || !strchr("diouxXcspfFeEgGaA", *p))
        return NULL;
    s->conv = *p++;
    n = (size_t)(p - start);
    if (n >= sizeof s->text)
        return NULL;
    memcpy(s->text, start, n);
    s->text[n] = '\0';
    return p;
}

/* The end of a %{...} directive starting at p (after "%{"), or NULL when unclosed. */
static const char *directive_end(const char *p)
{
    return strchr(p, '}');
}

int dosah_catalog_conversions(const char *fmt, char *buf, size_t size)
{
    size_t len = 0;
    int count = 0;
    const char *p = fmt;
    struct spec s;
    if (!size)
        return -1;
    buf[0] = '\0';
    while ((p = strchr(p, '%'))) {
        int n;
        p++;
        if (*p == '%') {
            p++;
            continue;
        }
        if (*p == '{') {
            if (!(p = directive_end(p)))
                return -1;
            p++;
            continue;
        }
        if (!(p = parse_spec(p, &s)))
            return -1;
        n = snprintf(buf + len, size - len, "%s%s%s%s ", s.star_width ? "* " : "",
                     s.star_prec ? ".* " : "", s.length, (char[]){s.conv, '\0'});
        if (n < 0 || (size_t)n >= size - len)
            return -1;
        len += (size_t)n;
        count++;
    }
    if (len)
        buf[len - 1] = '\0';
    return count;
}

struct out {
    char *buf;
    size_t size, len;
    int full;
};

static void put(struct out *o, const char *s, size_t n)
{
    size_t room;
    if (o->full || !o->size)
        return;
    room = o->size - 1 - o->len;
    if (n > room) {
        n = room;
        o->full = 1;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

/* Cuts a character that truncation split in two. */
static void trim_partial(struct out *o)
{
    size_t j = o->len, want;
    unsigned char c;
    while (j > 0 && ((unsigned char)o->buf[j - 1] & 0xC0) == 0x80)
        j--;
    if (j == 0)
        return;
    c = (unsigned char)o->buf[j - 1];
    want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (j - 1 + want > o->len)
        o->len = j - 1;
}

/* 0 (one), 1 (few) or 2 (many): the Czech form that agrees with a number as printed. */
static int plural_choice(const char *num)
{
    unsigned long long v;
    char *end;
    while (*num == ' ' || *num == '+' || *num == '-')
        num++;
    if (!*num || strpbrk(num, ".,eEnNiI"))
        return 2; /* decimals, inf and nan take the genitive plural */
    v = strtoull(num, &end, 10);
    if (*end)
        return 2;
    return v == 1 ? 0 : v >= 2 && v <= 4 ? 1 : 2;
}

/* Puts the form of "a|b|c" (n bytes) chosen by the number last printed (none: the first). */
static void put_form(struct out *o, const char *forms, size_t n, const char *last_num)
{
    const char *p = forms, *end = forms + n, *bar;
    int want = last_num[0] ? plural_choice(last_num) : 0, k = 0;
    for (;;) {
        bar = memchr(p, '|', (size_t)(end - p));
        if (!bar || k == want) {
            put(o, p, (size_t)((bar ? bar : end) - p));
            return;
        }
        p = bar + 1;
        k++;
    }
}

/* snprintf of one resolved conversion `text` of s with its argument; -1 for a length the
 * conversion does not take. */
static int print_one(char *tmp, size_t size, const char *text, const struct spec *s, va_list *ap)
{
    const char *l = s->length;
    switch (s->conv) {
    case 's':
        return snprintf(tmp, size, text, va_arg(*ap, const char *));
    case 'c':
        return snprintf(tmp, size, text, va_arg(*ap, int));
    case 'p':
        return snprintf(tmp, size, text, va_arg(*ap, void *));
    case 'd':
    case 'i':
    case 'o':
    case 'u':
    case 'x':
    case 'X':
        if (!strcmp(l, "l"))
            return snprintf(tmp, size, text, va_arg(*ap, long));
        if (!strcmp(l, "ll") || !strcmp(l, "j"))
            return snprintf(tmp, size, text, va_arg(*ap, long long));
        if (!strcmp(l, "z"))
            return snprintf(tmp, size, text, va_arg(*ap, size_t));
        if (!strcmp(l, "t"))
            return snprintf(tmp, size, text, va_arg(*ap, ptrdiff_t));
        if (!l[0] || !strcmp(l, "h") || !strcmp(l, "hh"))
            return snprintf(tmp, size, text, va_arg(*ap, int));
        return -1;
    default: /* f F e E g G a A */
        if (!strcmp(l, "L"))
            return snprintf(tmp, size, text, va_arg(*ap, long double));
        if (!l[0] || !strcmp(l, "l"))
            return snprintf(tmp, size, text, va_arg(*ap, double));
        return -1;
    }
}

/* Prints one conversion s with its argument(s); the printed text of a number goes to
 * last_num. Returns 0, or -1 for a conversion the formatter does not take. */
static int put_conversion(struct out *o, const struct spec *s, va_list *ap, char *last_num,
                          size_t last_size)
{
    char text[sizeof s->text + 24], tmp[2048];
    int width = 0, prec = 0, n;
    size_t i, j = 0;
    int which = s->star_width ? 0 : 1;
    if (s->star_width)
        width = va_arg(*ap, int);
    if (s->star_prec)
        prec = va_arg(*ap, int);
    for (i = 0; s->text[i] && j < sizeof text - 12; i++) { /* the stars resolved into digits */
        if (s->text[i] != '*')
            text[j++] = s->text[i];
        else
            j += (size_t)snprintf(text + j, sizeof text - j, "%d", which++ == 0 ? width : prec);
    }
    text[j] = '\0';
    if (s->conv == 's' && s->hash) {
        const char *arg = va_arg(*ap, const char *), *cs = arg ? dosah_catalog_cs(arg) : NULL;
        if (cs && !strchr(cs, '%'))
            put_form(o, cs, strlen(cs), last_num);
        else if (arg)
            put(o, arg, strlen(arg));
        return 0;
    }
    if ((n = print_one(tmp, sizeof tmp, text, s, ap)) < 0)
        return -1;
    if ((size_t)n >= sizeof tmp)
        n = (int)sizeof tmp - 1;
    put(o, tmp, (size_t)n);
    if (!strchr("scp", s->conv)) {
        size_t k = (size_t)n < last_size - 1 ? (size_t)n : last_size - 1;
        memcpy(last_num, tmp, k);
        last_num[k] = '\0';
    }
    return 0;
}

int dosah_catalog_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {buf, size, 0, 0};
    char last_num[64] = "";
    const char *p = fmt, *pct;
    struct spec s;
    va_list args;
    int bad = 0;
    va_copy(args, ap);
    while (!bad && (pct = strchr(p, '%'))) {
        put(&o, p, (size_t)(pct - p));
        p = pct + 1;
        if (*p == '%') {
            put(&o, "%", 1);
            p++;
        } else if (*p == '{') {
            const char *end = directive_end(p + 1);
            if (!end) {
                bad = 1;
                break;
            }
            put_form(&o, p + 1, (size_t)(end - p - 1), last_num);
            p = end + 1;
        } else if (!(p = parse_spec(p, &s)) ||
                   put_conversion(&o, &s, &args, last_num, sizeof last_num)) {
            bad = 1;
        }
    }
    va_end(args);
    if (!bad && p)
        put(&o, p, strlen(p));
    if (bad)
        o.len = 0;
    else if (o.full)
        trim_partial(&o);
    if (size)
        buf[o.len] = '\0';
    return bad ? -1 : 0;
}

void dosah_catalog_pair(char *en, char *cs, size_t size, const char *fmt, ...)
{
    const char *c = dosah_catalog_cs(fmt);
    va_list ap;
    va_start(ap, fmt);
    if (!c || dosah_catalog_vformat(cs, size, c, ap))
        c = NULL;
    va_end(ap);
    va_start(ap, fmt);
    vsnprintf(en, size, fmt, ap);
    va_end(ap);
    if (!c && size)
        snprintf(cs, size, "%s", en);
}
