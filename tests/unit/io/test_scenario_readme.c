/* SPDX-License-Identifier: MIT */
/*
 * README.md's scenario key tables against the parser's tables (src/io/scenario_internal.h,
 * struct scn_section). For a section with its own README table (Top level, Inputs, Network,
 * Services, Plan): the same keys both ways, "required" is "yes" exactly for required keys,
 * the type names the kind and bound (a number "> 0", a word list in backticks, ...), and a
 * default written as a plain number or word is the table's default. For a section described
 * in one row of a table (catchments, output, transit, fca, a change's add): that row names
 * every key, and a "key: N" in it is the key's default. The field mappings of the inputs:
 * the table of fields by kind against the accepted and required fields. The checker is also
 * run on altered copies of the README, which it must find wrong.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit/readme_text.h"

#include "dosah/scenario.h"
#include "io/scenario_internal.h"

#define CELLS 16
#define LINE_MAX_BYTES 8192

/* One table line split into trimmed cells (pointers into text). */
struct line {
    char text[LINE_MAX_BYTES];
    char *cell[CELLS];
    size_t n;
};

static const char *next_line(const char *s)
{
    const char *nl = strchr(s, '\n');
    return nl ? nl + 1 : s + strlen(s);
}

/* Splits the table line at s ("| a | b |") into out's cells. */
static void split(const char *s, struct line *out)
{
    size_t len = (size_t)(next_line(s) - s);
    char *c, *bar;
    assert_true(len < sizeof out->text);
    memcpy(out->text, s, len);
    out->text[len] = '\0';
    out->n = 0;
    for (c = out->text + 1; (bar = strchr(c, '|')) != NULL && out->n < CELLS; c = bar + 1) {
        char *end = bar;
        *bar = '\0';
        while (*c == ' ')
            c++;
        while (end > c && end[-1] == ' ')
            *--end = '\0';
        out->cell[out->n++] = c;
    }
}

/* The header line of the first table under heading whose first column is named first
 * (NULL: any), before the next heading; NULL when there is none. */
static const char *table_under(const char *doc, const char *heading, const char *first)
{
    const char *h = doc, *s;
    size_t n = strlen(heading);
    struct line head;
    while ((h = strstr(h, heading)) != NULL && !((h == doc || h[-1] == '\n') && h[n] == '\n'))
        h += n;
    if (!h)
        return NULL;
    for (s = next_line(h); *s && *s != '#'; s = next_line(s)) {
        if (*s != '|')
            continue;
        split(s, &head);
        if (!first || strcmp(head.cell[0], first) == 0)
            return s;
        while (*s == '|')
            s = next_line(s);
    }
    return NULL;
}

/* The column named name in the header, or -1. */
static int column(const struct line *head, const char *name)
{
    size_t i;
    for (i = 0; i < head->n; i++)
        if (strcmp(head->cell[i], name) == 0)
            return (int)i;
    return -1;
}

/* The i-th word in backticks in cell into word; 0 when there is none. */
static int backticked(const char *cell, size_t i, char *word, size_t size)
{
    const char *a = cell, *b = NULL;
    size_t k;
    for (k = 0; k <= i; k++) {
        if (!(a = strchr(b ? b + 1 : a, '`')) || !(b = strchr(a + 1, '`')))
            return 0;
        a++;
    }
    snprintf(word, size, "%.*s", (int)(b - a), a);
    return 1;
}

static const struct scn_row *find_row(const struct scn_section *sec, const char *key)
{
    size_t i;
    for (i = 0; i < sec->count; i++)
        if (strcmp(sec->rows[i].key, key) == 0)
            return &sec->rows[i];
    return NULL;
}

/* 1 when text has `word` or word between characters that cannot be part of a key. */
static int has_word(const char *text, const char *word)
{
    const char *s = text;
    size_t n = strlen(word);
    for (; (s = strstr(s, word)) != NULL; s += n) {
        int before = s > text && (s[-1] == '_' || (s[-1] >= 'a' && s[-1] <= 'z'));
        int after = s[n] == '_' || (s[n] >= 'a' && s[n] <= 'z');
        if (!before && !after)
            return 1;
    }
    return 0;
}

/* The bound a number row's README type must state. */
static const char *bound_text(enum scn_bound b)
{
    switch (b) {
    case SCN_ABOVE_ZERO:
        return "> 0";
    case SCN_ZERO_OR_MORE:
        return "≥ 0";
    case SCN_UNIT_RANGE:
        return "[0, 1]";
    default:
        return "0 < s ≤ 1";
    }
}

/* Problems of the type cell of row; each is printed. */
static int check_type(const struct scn_row *row, const char *type, const char *where)
{
    char want[64];
    size_t i;
    int bad = 0;
    if (row->type == SCN_T_STRING)
        bad = !strstr(type, "string");
    if (row->type == SCN_T_NUMBER)
        bad = !strstr(type, "number") || (!row->hook && !strstr(type, bound_text(row->bound)));
    if (row->type == SCN_T_WHOLE) {
        snprintf(want, sizeof want, "whole number ≥ %ld", row->min);
        bad = !strstr(type, want);
    }
    if (row->type == SCN_T_BOOL || row->type == SCN_T_BOOL_NOT)
        bad = !strstr(type, "`true`") || !strstr(type, "`false`");
    for (i = 0; row->type == SCN_T_WORD && row->words[i]; i++) {
        snprintf(want, sizeof want, "`%s`", row->words[i]);
        bad |= !strstr(type, want);
    }
    if (bad)
        print_message("README %s: the type of '%s' is \"%s\", which does not fit the table\n",
                      where, row->key, type);
    return bad;
}

/* Problems of a default cell written as `N`, `true`/`false` or `word` (a word's default
 * below 0 stands for none of its words, such as `catchments.polygons`). */
static int check_default(const struct scn_row *row, const char *cell, const char *where)
{
    char word[64], *end;
    double v;
    int bad = 0;
    if (row->keep || cell[0] != '`' || !backticked(cell, 0, word, sizeof word))
        return 0;
    v = strtod(word, &end);
    if (row->type == SCN_T_NUMBER && *end == '\0')
        bad = !(v == row->def);
    if (row->type == SCN_T_BOOL && (!strcmp(word, "true") || !strcmp(word, "false")))
        bad = (strcmp(word, "true") == 0) != (row->def != 0);
    if (row->type == SCN_T_WORD && row->def >= 0)
        bad = strcmp(word, row->words[(size_t)row->def]) != 0;
    for (size_t i = 0; row->type == SCN_T_WORD && row->def < 0 && row->words[i]; i++)
        bad |= strcmp(word, row->words[i]) == 0; /* a default that is none of the words */
    if (bad)
        print_message("README %s: the default of '%s' is %s, the table's is %g\n", where,
                      row->key, cell, row->def);
    return bad;
}

/* Problems of one README row of a section's own table. */
static int check_cells(const struct scn_row *row, const struct line *head, const struct line *l,
                       const char *where)
{
    int req = column(head, "required"), type = column(head, "type");
    int def = column(head, "default"), bad = 0;
    if (req >= 0 && (strncmp(l->cell[req], "yes", 3) == 0) != (row->required != 0)) {
        print_message("README %s: '%s' is required \"%s\", the table says %s\n", where,
                      row->key, l->cell[req], row->required ? "yes" : "no");
        bad++;
    }
    if (type >= 0)
        bad += check_type(row, l->cell[type], where);
    if (def >= 0)
        bad += check_default(row, l->cell[def], where);
    return bad;
}

/* A section with its own README table: the same keys both ways, and each row's cells. */
static int check_own_table(const char *doc, const struct scn_section *sec)
{
    const char *s = table_under(doc, sec->readme, "key");
    struct line head, l;
    char key[64];
    size_t i;
    int bad = 0;
    if (!s) {
        print_message("README has no key table under %s\n", sec->readme);
        return 1;
    }
    split(s, &head);
    for (s = next_line(next_line(s)); *s == '|'; s = next_line(s)) {
        const struct scn_row *row;
        split(s, &l);
        if (l.n != head.n || !backticked(l.cell[0], 0, key, sizeof key)) {
            print_message("README %s: a row without a `key` or with %zu cells: %s\n",
                          sec->readme, l.n, l.text);
            bad++;
        } else if (!(row = find_row(sec, key))) {
            print_message("README %s lists '%s', which the parser's table lacks\n",
                          sec->readme, key);
            bad++;
        } else {
            bad += check_cells(row, &head, &l, sec->readme);
        }
    }
    for (i = 0; i < sec->count; i++) {
        const char *table = table_under(doc, sec->readme, "key"), *at;
        char want[80];
        snprintf(want, sizeof want, "| `%s` |", sec->rows[i].key);
        if (!(at = strstr(table, want)) || at > s) {
            print_message("key '%s' is missing from README's table under %s\n",
                          sec->rows[i].key, sec->readme);
            bad++;
        }
    }
    return bad;
}

/* A section described by one row of a table: every key named, "key: N" its default. */
static int check_one_row(const char *doc, const struct scn_section *sec)
{
    const char *s = table_under(doc, sec->readme, NULL);
    struct line l;
    char key[64], *text;
    size_t i;
    int bad = 0;
    for (; s && *s == '|'; s = next_line(s)) {
        split(s, &l);
        if (backticked(l.cell[0], 0, key, sizeof key) &&
            strcmp(strtok(key, ":"), sec->readme_row) == 0)
            break;
    }
    if (!s || *s != '|') {
        print_message("README %s has no row '%s'\n", sec->readme, sec->readme_row);
        return 1;
    }
    text = strndup(s, (size_t)(next_line(s) - s));
    assert_non_null(text);
    for (i = 0; i < sec->count; i++) {
        const struct scn_row *row = &sec->rows[i];
        char pattern[80];
        const char *at;
        snprintf(pattern, sizeof pattern, "%s: ", row->key);
        if (!has_word(text, row->key)) {
            print_message("README %s, row '%s', does not name '%s'\n", sec->readme,
                          sec->readme_row, row->key);
            bad++;
        } else if (row->type == SCN_T_NUMBER && !row->keep && (at = strstr(text, pattern)) &&
                   strtod(at + strlen(pattern), NULL) != row->def) {
            print_message("README %s, row '%s': %.*s is not the default %g\n", sec->readme,
                          sec->readme_row, (int)strcspn(at, ",}`"), at, row->def);
            bad++;
        }
    }
    free(text);
    return bad;
}

static int check_section(const char *doc, const struct scn_section *sec)
{
    return sec->readme_row ? check_one_row(doc, sec) : check_own_table(doc, sec);
}

/* 1 when a cell of the fields table carries a footnote (a conditional rule). */
static int footnoted(const char *cell)
{
    return strstr(cell, "¹") || strstr(cell, "²") || strstr(cell, "³") || strstr(cell, "⁴");
}

/* One README cell of the fields table against the kind's accepted and required fields. */
static int check_field_cell(enum dosah_input_kind k, unsigned f, const char *cell)
{
    unsigned accepted, required;
    int bad;
    scn_input_fields(k, &accepted, &required);
    bad = (cell[0] != '\0') != !!(accepted & (1u << f));
    if (!bad && cell[0] && !footnoted(cell))
        bad = (cell[0] == 'R') != !!(required & (1u << f));
    if (bad)
        print_message("README Inputs: field '%s' of '%s' is \"%s\", which does not fit the "
                      "parser's rule\n",
                      dosah_field_name((enum dosah_field)f), dosah_input_kind_name(k), cell);
    return bad;
}

/* The index of a field named name, or DOSAH_FIELD_COUNT. */
static unsigned field_index(const char *name)
{
    unsigned f;
    for (f = 0; f < DOSAH_FIELD_COUNT && strcmp(dosah_field_name((enum dosah_field)f), name); f++)
        ;
    return f;
}

/* The kind of each column of the fields table (-1: not a kind). */
static void kind_columns(const struct line *head, int *kind)
{
    size_t c;
    int k;
    for (c = 0; c < head->n; c++)
        for (kind[c] = -1, k = 0; k < DOSAH_INPUT_KIND_COUNT; k++)
            if (strcmp(head->cell[c], dosah_input_kind_name((enum dosah_input_kind)k)) == 0)
                kind[c] = k;
}

/* The fields table of the inputs: every field of the kinds it shows, and only those. */
static int check_fields(const char *doc)
{
    const char *s = table_under(doc, "### Inputs", "field");
    struct line head, l;
    int kind[CELLS], bad = 0;
    unsigned listed = 0, f, accepted, required;
    size_t c, i;
    char name[64];
    assert_non_null(s);
    split(s, &head);
    kind_columns(&head, kind);
    for (s = next_line(next_line(s)); *s == '|'; s = next_line(s)) {
        split(s, &l);
        for (i = 0; backticked(l.cell[0], i, name, sizeof name); i++) {
            if ((f = field_index(name)) == DOSAH_FIELD_COUNT) {
                print_message("README Inputs lists the field '%s', which is no field\n", name);
                bad++;
                continue;
            }
            listed |= 1u << f;
            for (c = 1; c < l.n; c++)
                if (kind[c] >= 0)
                    bad += check_field_cell((enum dosah_input_kind)kind[c], f, l.cell[c]);
        }
    }
    for (c = 1; c < head.n; c++) {
        if (kind[c] < 0)
            continue;
        scn_input_fields((enum dosah_input_kind)kind[c], &accepted, &required);
        for (f = 0; f < DOSAH_FIELD_COUNT; f++)
            if ((accepted & (1u << f)) && !(listed & (1u << f))) {
                print_message("README Inputs: the field '%s' is missing from the table\n",
                              dosah_field_name((enum dosah_field)f));
                bad++;
            }
    }
    return bad;
}

static void readme_matches_tables(void **state)
{
    char *doc = readme_text();
    size_t i;
    int bad = 0;
    (void)state;
    for (i = 0; i < scn_section_count; i++)
        bad += check_section(doc, scn_sections[i]);
    bad += check_fields(doc);
    assert_int_equal(bad, 0);
    free(doc);
}

/* The section tables cover what the parser reads: every section has rows and a README
 * place, and each row the type its offset and hook need. */
static void tables_are_well_formed(void **state)
{
    size_t i, j;
    (void)state;
    assert_int_equal(scn_section_count, 10);
    for (i = 0; i < scn_section_count; i++) {
        const struct scn_section *sec = scn_sections[i];
        assert_true(sec->count > 0 && sec->count <= SCN_ROWS_MAX);
        assert_non_null(sec->readme);
        for (j = 0; j < sec->count; j++) {
            const struct scn_row *row = &sec->rows[j];
            assert_true(row->type != SCN_T_HOOK || row->hook);
            assert_true(!row->required || row->hint);
            assert_true(row->type != SCN_T_WORD || row->words);
        }
    }
}

/* A copy of doc with the first occurrence of from replaced by to. */
static char *replaced(const char *doc, const char *from, const char *to)
{
    const char *at = strstr(doc, from);
    size_t n = strlen(doc) - strlen(from) + strlen(to) + 1, head;
    char *out = malloc(n);
    assert_non_null(at);
    assert_non_null(out);
    head = (size_t)(at - doc);
    memcpy(out, doc, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

/* The line of doc that starts with start, for replacing it whole. */
static char *line_of(const char *doc, const char *start)
{
    const char *at = strstr(doc, start);
    assert_non_null(at);
    return strndup(at, (size_t)(next_line(at) - at));
}

static void check_fails(const char *doc, const char *from, const char *to,
                        const struct scn_section *sec)
{
    char *bad = replaced(doc, from, to);
    assert_true(sec ? check_section(bad, sec) > 0 : check_fields(bad) > 0);
    free(bad);
}

/* Each kind of drift the check must see, made in a copy of the README. */
static void check_sees_drift(void **state)
{
    char *doc = readme_text(), *snap = line_of(doc, "| `snap_max_m` |");
    char *extra = malloc(strlen(snap) * 2 + 1);
    (void)state;
    assert_non_null(extra);
    strcpy(extra, snap);
    strcat(extra, "| `snap_min_m` | number > 0 | `1` | New. |\n");
    check_fails(doc, snap, "", &scn_network_section);                 /* key left out */
    check_fails(doc, snap, extra, &scn_network_section);              /* key added */
    check_fails(doc, "| `snap_max_m` | number > 0 | `2000`", "| `snap_max_m` | number > 0 | `2001`",
                &scn_network_section);                                /* default */
    check_fails(doc, "| `walk_kmh` | number > 0", "| `walk_kmh` | number ≥ 0",
                &scn_network_section);                                /* bound */
    check_fails(doc, "| `crs` | string | yes", "| `crs` | string | no", &scn_top_section);
    check_fails(doc, "`car`, `walk` or `transit`", "`car` or `walk`", &scn_service_section);
    check_fails(doc, "max_trip_min: 180", "max_trip_min: 120", &scn_transit_section);
    check_fails(doc, "`buffer_m` is read", "the former name is read", &scn_catchments_section);
    check_fails(doc, "capacity, name, hours, x, y}", "capacity, name, x, y}", &scn_add_section);
    check_fails(doc, "| `region` | o |", "| `region` | R |", NULL);  /* required field */
    check_fails(doc, "| `hours` | | | | | | o |", "| `hours` | | | | | | |", NULL);
    free(extra);
    free(snap);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(readme_matches_tables),
        cmocka_unit_test(tables_are_well_formed),
        cmocka_unit_test(check_sees_drift),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
