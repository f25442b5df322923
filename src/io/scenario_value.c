/* SPDX-License-Identifier: MIT */
/*
 * Typed access to the scenario's YAML tree: looking keys up, rejecting unknown ones with the
 * nearest valid key, and reading strings and numbers strictly (the whole plain scalar must be
 * the number, whatever the process locale says about decimal points). Every failure is a
 * DOSAH_EINVAL message at the mark of the offending node.
 */
#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "io/scenario_internal.h"

/* The key node of key in a mapping, or NULL. */
const struct scn_node *scn_key(const struct scn_node *map, const char *key)
{
    size_t i;
    for (i = 0; i + 1 < map->nitems; i += 2)
        if (strcmp(map->items[i]->text, key) == 0)
            return map->items[i];
    return NULL;
}

/* The value of key in a mapping, or NULL. */
const struct scn_node *scn_value(const struct scn_node *map, const char *key)
{
    size_t i;
    for (i = 0; i + 1 < map->nitems; i += 2)
        if (strcmp(map->items[i]->text, key) == 0)
            return map->items[i + 1];
    return NULL;
}

/* How a node looks in a "got ..." message: 'text' (shortened), a mapping, a list. */
const char *scn_describe(const struct scn_node *n, char buf[SCN_SHOWN])
{
    size_t len, cut;
    if (n->kind == SCN_MAPPING)
        return n->nitems ? "a mapping" : "an empty mapping";
    if (n->kind == SCN_SEQUENCE)
        return n->nitems ? "a list" : "an empty list";
    if (scn_is_null(n))
        return "an empty value";
    len = strlen(n->text);
    cut = len < SCN_SHOWN - 6 ? len : SCN_SHOWN - 6;
    while (cut < len && cut > 0 && ((unsigned char)n->text[cut] & 0xc0) == 0x80)
        cut--; /* do not split a UTF-8 sequence */
    snprintf(buf, SCN_SHOWN, "'%.*s%s'", (int)cut, n->text, cut < len ? "..." : "");
    return buf;
}

/* The valid word within typing distance of word (case aside), or NULL. */
const char *scn_nearest(const char *word, const char *const *valid, size_t count)
{
    char lower[64];
    size_t len = strlen(word), i;
    unsigned best = UINT_MAX, limit = len / 3 > 2 ? (unsigned)(len / 3) : 2;
    const char *found = NULL;
    if (len >= sizeof lower)
        return NULL;
    for (i = 0; i <= len; i++)
        lower[i] = (char)tolower((unsigned char)word[i]);
    for (i = 0; i < count; i++) {
        unsigned d = dosah_edit_distance(lower, valid[i]);
        if (d < best) {
            best = d;
            found = valid[i];
        }
    }
    return found && best <= limit && best < len ? found : NULL;
}

/* Writes "a, b, c" into buf, as much as fits. */
void scn_join(char *buf, size_t size, const char *const *words, size_t count)
{
    size_t i, n = 0;
    buf[0] = '\0';
    for (i = 0; i < count; i++) {
        int w = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", words[i]);
        if (w < 0 || (size_t)w >= size - n)
            break;
        n += (size_t)w;
    }
}

/* Fails on the first key of map that is not in valid; where is "in services[1]" etc. */
enum dosah_status scn_check_keys(const struct scn_parser *p, const struct scn_node *map,
                                    const char *const *valid, size_t count, const char *where)
{
    char list[512];
    size_t i, j;
    for (i = 0; i < map->nitems; i += 2) {
        const struct scn_node *k = map->items[i];
        const char *near;
        for (j = 0; j < count && strcmp(k->text, valid[j]) != 0; j++)
            ;
        if (j < count)
            continue;
        near = scn_nearest(k->text, valid, count);
        if (near)
            return scn_error(p, k->mark, "unknown key '%s' %s; did you mean '%s'?", k->text,
                             where, near);
        scn_join(list, sizeof list, valid, count);
        return scn_error(p, k->mark, "unknown key '%s' %s; the valid keys are: %s", k->text,
                         where, list);
    }
    return DOSAH_OK;
}

/* The value of a required key; a missing key fails at the mapping that lacks it. */
enum dosah_status scn_required(const struct scn_parser *p, const struct scn_node *map,
                                  const char *key, const char *where, const char *hint,
                                  const struct scn_node **out)
{
    *out = scn_value(map, key);
    if (*out)
        return DOSAH_OK;
    return scn_error(p, map->mark, "missing required key '%s' %s (%s)", key, where, hint);
}

enum dosah_status scn_expect_mapping(const struct scn_parser *p, const struct scn_node *n,
                                        const char *what, const char *example)
{
    char got[SCN_SHOWN];
    if (n->kind == SCN_MAPPING)
        return DOSAH_OK;
    return scn_error(p, n->mark, "expected a mapping for '%s' (%s), got %s", what, example,
                     scn_describe(n, got));
}

/* A non-empty string value (any scalar), copied into *out. */
enum dosah_status scn_get_string(const struct scn_parser *p, const struct scn_node *n,
                                    const char *what, char **out)
{
    char got[SCN_SHOWN];
    if (n->kind != SCN_SCALAR)
        return scn_error(p, n->mark, "expected a string for '%s', got %s", what,
                         scn_describe(n, got));
    if (scn_is_null(n) || n->text[0] == '\0')
        return scn_error(p, n->mark, "'%s' is empty; write a value", what);
    *out = dosah_strdup(p->ctx, n->text);
    return *out ? DOSAH_OK : DOSAH_ENOMEM;
}

/* An optional string; *mark (when not NULL) receives where it is written. */
enum dosah_status scn_optional_string(const struct scn_parser *p, const struct scn_node *map,
                                         const char *key, char **out,
                                         struct dosah_yaml_mark *mark)
{
    const struct scn_node *v = scn_value(map, key);
    if (!v)
        return DOSAH_OK;
    if (mark)
        *mark = v->mark;
    return scn_get_string(p, v, key, out);
}

/* Parses a whole decimal number: sign, digits, fraction, exponent; 1 on success. */
static int parse_number(const char *s, double *out)
{
    const char *q = s, *point = localeconv()->decimal_point;
    size_t digits = 0, n = 0;
    char buf[64], *end;
    double v;
    if (*q == '+' || *q == '-')
        q++;
    for (; isdigit((unsigned char)*q); q++)
        digits++;
    if (*q == '.')
        for (q++; isdigit((unsigned char)*q); q++)
            digits++;
    if (!digits)
        return 0;
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-')
            q++;
        if (!isdigit((unsigned char)*q))
            return 0;
        while (isdigit((unsigned char)*q))
            q++;
    }
    if (*q)
        return 0;
    /* strtod reads the locale's decimal point; write the number the way it expects. */
    for (q = s; *q; q++) {
        const char *piece = *q == '.' ? point : q;
        size_t len = *q == '.' ? strlen(point) : 1;
        if (n + len >= sizeof buf)
            return 0;
        memcpy(buf + n, piece, len);
        n += len;
    }
    buf[n] = '\0';
    v = strtod(buf, &end);
    if (*end || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

/* Parses a whole integer with an optional sign; 1 on success. */
static int parse_integer(const char *s, long *out)
{
    const char *q = s;
    long v = 0;
    int neg = 0;
    if (*q == '+' || *q == '-')
        neg = *q++ == '-';
    if (!isdigit((unsigned char)*q))
        return 0;
    for (; isdigit((unsigned char)*q); q++) {
        int d = *q - '0';
        if (v > (LONG_MAX - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    if (*q)
        return 0;
    *out = neg ? -v : v;
    return 1;
}

enum dosah_status scn_get_number(const struct scn_parser *p, const struct scn_node *n,
                                    const char *what, double *out)
{
    char got[SCN_SHOWN];
    double v;
    if (n->kind == SCN_SCALAR && !n->quoted && parse_number(n->text, out))
        return DOSAH_OK;
    if (n->kind == SCN_SCALAR && n->quoted && parse_number(n->text, &v))
        return scn_error(p, n->mark,
                         "expected a number for '%s', got the quoted string %s; write the "
                         "number without quotes",
                         what, scn_describe(n, got));
    return scn_error(p, n->mark, "expected a number for '%s', got %s", what, scn_describe(n, got));
}

/* A number within a bound (see enum scn_bound). */
enum dosah_status scn_get_bounded(const struct scn_parser *p, const struct scn_node *n,
                                     const char *what, enum scn_bound b, double *out)
{
    double v = 0;
    enum dosah_status st = scn_get_number(p, n, what, &v);
    if (st != DOSAH_OK)
        return st;
    if (b == SCN_ABOVE_ZERO && !(v > 0))
        return scn_error(p, n->mark, "'%s' must be greater than 0, got %s", what, n->text);
    if (b == SCN_ZERO_OR_MORE && v < 0)
        return scn_error(p, n->mark, "'%s' must be 0 or more, got %s", what, n->text);
    if (b == SCN_UNIT_RANGE && (v < 0 || v > 1))
        return scn_error(p, n->mark,
                         "'%s' must be between 0 and 1 (a share: 0.95 is 95 %%), got %s", what,
                         n->text);
    if (b == SCN_SHARE_RANGE && (v <= 0 || v > 1))
        return scn_error(p, n->mark,
                         "'%s' must be greater than 0 and at most 1 (a share: 0.95 is 95 %%), "
                         "got %s",
                         what, n->text);
    *out = v;
    return DOSAH_OK;
}

enum dosah_status scn_get_whole(const struct scn_parser *p, const struct scn_node *n,
                                const char *what, long min, long *out)
{
    char got[SCN_SHOWN];
    long v = 0;
    if (n->kind != SCN_SCALAR || n->quoted || !parse_integer(n->text, &v))
        return scn_error(p, n->mark, "expected a whole number for '%s', got %s", what,
                         scn_describe(n, got));
    if (v < min)
        return scn_error(p, n->mark, "'%s' must be at least %ld, got %s", what, min, n->text);
    *out = v;
    return DOSAH_OK;
}

enum dosah_status scn_get_bool(const struct scn_parser *p, const struct scn_node *n,
                               const char *what, int *out)
{
    char got[SCN_SHOWN];
    if (n->kind == SCN_SCALAR && !n->quoted && strcmp(n->text, "true") == 0)
        *out = 1;
    else if (n->kind == SCN_SCALAR && !n->quoted && strcmp(n->text, "false") == 0)
        *out = 0;
    else
        return scn_error(p, n->mark, "expected true or false for '%s', got %s", what,
                         scn_describe(n, got));
    return DOSAH_OK;
}
