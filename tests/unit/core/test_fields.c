/* SPDX-License-Identifier: MIT */
/*
 * The list of output tables, fields and run_info keys (src/core/fields.h) against README.md,
 * exactly and both ways: in "Layers and fields", each layer of the list has its row, whose
 * fields column names the layer's fixed fields in the list's order (names in parentheses are
 * values, not fields) and, as `K_...`, exactly the per-question fields that go on that layer
 * ({T} read as T, {W} as W); every field of the meanings table is one of the list; the
 * `run_info` key table names exactly the list's facts ({K}, {W} and {I} read as K, W, I).
 * The check also runs on altered copies of the README, which it must find wrong. The QGIS
 * style templates (styles/) name only fields of their table in the list. And the expansion of
 * {T}, {W}, {w} and of the fact keys, worked by hand. The report's columns: every field the
 * report shows as a column (listed here by hand from src/report) has a heading in both
 * languages and a cell kind, a field with either has both, no field is declared twice, and a
 * few headings, kinds and units as written by hand. (A heading of an unknown id does not
 * compile: DOSAH_OUT_COLUMNS names fields by their DOSAH_OF_ id.)
 */
#include <ctype.h>
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
#include <dirent.h>

#include "core/fields.h"

#define MAX_NAMES 128
#define NAME_LEN 96

/* Tables of the GeoPackage that GDAL and QGIS define, which README lists beside ours. */
static const char *const foreign_tables[] = {"layer_styles", "qgis_projects", "gpkg_metadata"};

struct names {
    char name[MAX_NAMES][NAME_LEN];
    size_t n;
};

static int has(const struct names *s, const char *name)
{
    size_t i;
    for (i = 0; i < s->n; i++)
        if (strcmp(s->name[i], name) == 0)
            return 1;
    return 0;
}

/* Adds name (unless there already, when unique) */
static void add(struct names *s, const char *name, int unique)
{
    if ((unique && has(s, name)) || s->n == MAX_NAMES)
        return;
    snprintf(s->name[s->n++], NAME_LEN, "%s", name);
}

/* A template of the list as README writes it: {x} as the capital X, prefix before. */
static void as_readme(const char *prefix, const char *template, char *out)
{
    size_t at = strlen(prefix);
    memcpy(out, prefix, at);
    while (*template && at + 1 < NAME_LEN) {
        if (template[0] == '{' && template[1] && template[2] == '}') {
            out[at++] = template[1] == 'w' ? 'W' : template[1];
            template += 3;
        } else {
            out[at++] = *template++;
        }
    }
    out[at] = '\0';
}

/* The backticked names of text [p, end) outside parentheses, in order, into s. */
static void cell_names(const char *p, const char *end, struct names *s)
{
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth)
            depth--;
        else if (*p == '`') {
            const char *q = memchr(p + 1, '`', (size_t)(end - p - 1));
            char name[NAME_LEN];
            if (!q)
                return;
            if (depth == 0 && (size_t)(q - p - 1) < sizeof name) {
                memcpy(name, p + 1, (size_t)(q - p - 1));
                name[q - p - 1] = '\0';
                add(s, name, 0);
            }
            p = q;
        }
    }
}

/* The start of cell `cell` (0-based) of the table row at line, and its end, or NULL. */
static const char *row_cell(const char *line, int cell, const char **end)
{
    const char *eol = strchr(line, '\n'), *p = line;
    int i;
    if (!eol)
        eol = line + strlen(line);
    if (*p != '|')
        return NULL;
    for (i = 0; i <= cell; i++) {
        p = memchr(p + 1, '|', (size_t)(eol - p - 1));
        if (!p)
            return NULL;
    }
    /* p is the bar after the cell: find the one before it */
    *end = p;
    for (p--; p > line && *p != '|'; p--)
        ;
    return p + 1;
}

/* The section "### Layers and fields" up to the next "## " heading. */
static const char *section(const char *text, const char **end)
{
    const char *start = strstr(text, "### Layers and fields");
    if (!start)
        return NULL;
    *end = strstr(start, "\n## ");
    if (!*end)
        *end = start + strlen(start);
    return start;
}

/* The row of the layers table whose first cell starts with `name`, or NULL. */
static const char *layer_row(const char *start, const char *end, const char *name)
{
    char head[NAME_LEN + 8];
    const char *p;
    snprintf(head, sizeof head, "\n| `%s` |", name);
    p = strstr(start, head);
    return p && p < end ? p + 1 : NULL;
}

static int same_names(const struct names *doc, const struct names *list, const char *what,
                      int ordered)
{
    size_t i;
    for (i = 0; i < list->n; i++)
        if (!has(doc, list->name[i])) {
            print_message("%s: %s of src/core/fields.h is not in README\n", what, list->name[i]);
            return 0;
        }
    for (i = 0; i < doc->n; i++)
        if (!has(list, doc->name[i])) {
            print_message("%s: README names %s, which src/core/fields.h does not\n", what,
                          doc->name[i]);
            return 0;
        }
    for (i = 0; ordered && i < list->n && i < doc->n; i++)
        if (strcmp(list->name[i], doc->name[i]) != 0) {
            print_message("%s: README has %s where the list has %s\n", what, doc->name[i],
                          list->name[i]);
            return 0;
        }
    if (doc->n != list->n) {
        print_message("%s: README names %zu fields, the list %zu\n", what, doc->n, list->n);
        return 0;
    }
    return 1;
}

/* One layer's row against the list. */
static int layer_agrees(const char *start, const char *end, enum dosah_table_id t)
{
    static struct names doc, fixed, keyed, list_fixed, list_keyed;
    const char *row = layer_row(start, end, dosah_table_name(t)), *cell, *cend;
    char name[NAME_LEN];
    size_t i;
    int f;
    if (!row || !(cell = row_cell(row, 3, &cend))) {
        print_message("README has no row for layer %s\n", dosah_table_name(t));
        return 0;
    }
    doc.n = fixed.n = keyed.n = list_fixed.n = list_keyed.n = 0;
    cell_names(cell, cend, &doc);
    for (i = 0; i < doc.n; i++)
        add(strncmp(doc.name[i], "K_", 2) == 0 ? &keyed : &fixed, doc.name[i], 1);
    for (f = 0; f < DOSAH_OF_COUNT; f++)
        if (dosah_out_field_table((enum dosah_out_field)f) == t)
            add(&list_fixed, dosah_out_field_name((enum dosah_out_field)f), 1);
    for (f = 0; f < DOSAH_KF_COUNT; f++)
        if (dosah_key_field_tables((enum dosah_key_field)f) & (1u << t)) {
            as_readme("K_", dosah_key_field_suffix((enum dosah_key_field)f), name);
            add(&list_keyed, name, 1);
        }
    return same_names(&fixed, &list_fixed, dosah_table_name(t), 1) &&
           same_names(&keyed, &list_keyed, dosah_table_name(t), 0);
}

/* The first-cell names of the table whose header row starts with `header`. */
static int table_names(const char *start, const char *end, const char *header, struct names *s)
{
    const char *p = strstr(start, header);
    s->n = 0;
    if (!p || p > end)
        return 0;
    p = strchr(p, '\n'); /* the header's end */
    p = p ? strchr(p + 1, '\n') : NULL; /* the rule's end */
    while (p && p[1] == '|') {
        const char *cend, *cell = row_cell(p + 1, 0, &cend);
        if (cell)
            cell_names(cell, cend, s);
        p = strchr(p + 1, '\n');
    }
    return 1;
}

/* Every row of the layers table is a layer of the list or a table of GDAL's or QGIS's own. */
static int no_other_layer(const char *start, const char *end)
{
    static struct names doc;
    size_t i, k;
    int t, known;
    if (!table_names(start, end, "| layer | geometry | one row per | fields |", &doc)) {
        print_message("README has no table of the layers\n");
        return 0;
    }
    for (i = 0; i < doc.n; i++) {
        for (t = 0, known = 0; t < DOSAH_T_COUNT; t++)
            known |= strcmp(doc.name[i], dosah_table_name((enum dosah_table_id)t)) == 0;
        for (k = 0; k < sizeof foreign_tables / sizeof foreign_tables[0]; k++)
            known |= strncmp(doc.name[i], foreign_tables[k], strlen(foreign_tables[k])) == 0;
        if (!known) {
            print_message("README lists layer %s, which src/core/fields.h does not\n",
                          doc.name[i]);
            return 0;
        }
    }
    return 1;
}

/* Every field named in the meanings table is a field of the list. */
static int meanings_known(const char *start, const char *end)
{
    static struct names doc, all;
    char name[NAME_LEN];
    size_t i;
    int f;
    all.n = 0;
    if (!table_names(start, end, "| field | meaning |", &doc)) {
        print_message("README has no table of the fields' meanings\n");
        return 0;
    }
    for (f = 0; f < DOSAH_OF_COUNT; f++)
        add(&all, dosah_out_field_name((enum dosah_out_field)f), 1);
    for (f = 0; f < DOSAH_KF_COUNT; f++) {
        as_readme("K_", dosah_key_field_suffix((enum dosah_key_field)f), name);
        add(&all, name, 1);
    }
    for (i = 0; i < doc.n; i++)
        if (!has(&all, doc.name[i])) {
            print_message("README explains %s, which src/core/fields.h does not list\n",
                          doc.name[i]);
            return 0;
        }
    return 1;
}

/* The run_info key table against the list's facts. */
static int facts_agree(const char *start, const char *end)
{
    static struct names doc, list;
    char name[NAME_LEN];
    int f;
    list.n = 0;
    if (!table_names(start, end, "| `run_info` key | value |", &doc)) {
        print_message("README has no table of the run_info keys\n");
        return 0;
    }
    for (f = 0; f < DOSAH_FACT_COUNT; f++) {
        as_readme("", dosah_fact_template((enum dosah_fact)f), name);
        add(&list, name, 1);
    }
    return same_names(&doc, &list, "run_info", 0);
}

/* 1 when the README text agrees with the list; prints the first difference. */
static int readme_agrees(const char *text)
{
    const char *end, *start = section(text, &end);
    int t;
    if (!start)
        return 0;
    for (t = 0; t < DOSAH_T_COUNT; t++)
        if (!layer_agrees(start, end, (enum dosah_table_id)t))
            return 0;
    return no_other_layer(start, end) && meanings_known(start, end) && facts_agree(start, end);
}

/* Replaces every `from` in text by `to` (a new string). */
static char *replaced(const char *text, const char *from, const char *to)
{
    size_t n = strlen(text) + 1, count = 0, f = strlen(from);
    const char *p;
    char *out, *w;
    for (p = text; (p = strstr(p, from)); p += f)
        count++;
    assert_true(count > 0);
    out = malloc(n + count * strlen(to));
    assert_non_null(out);
    for (p = text, w = out; *p;) {
        if (strncmp(p, from, f) == 0) {
            strcpy(w, to);
            w += strlen(to);
            p += f;
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
    return out;
}

static void test_readme_names_every_field(void **state)
{
    static const char *const edits[][2] = {
        {"`K_shortfall`", "`shortfall`"},                            /* a key field left out */
        {"`K_walk_minutes`", "`K_walk_minutes`, `K_bike_minutes`"}, /* one the list lacks */
        {"`K_within_W`", "`K_within_window`"},                       /* a pattern misnamed */
        {"`time_s` (time", "`seconds` (time"},                       /* a fixed field renamed */
        {"`placement`, `snap_m`", "`placement`, `snap_m`, `elevation`"}, /* one too many */
        {"`snap_m`, `access_min` |", "`snap_m` |"},                  /* one left out */
        {"`bound`, `gap`", "`gap`, `bound`"},                        /* out of order */
        {"| `changes` |", "| `differences` |"},                      /* a layer renamed */
        {"`timing_s.load`, ", ""},                                   /* a fact left out */
        {"| `window.W` |", "| `window.W`, `window.W.label` |"},      /* a fact the list lacks */
        {"| `K_covered` |", "| `K_reached` |"},                      /* a meaning of no field */
        {"| `diagnostics` | — |", "| `isochrones` | — | x | `id` |\n| `diagnostics` | — |"},
    };
    char *text = readme_text();
    size_t i;
    (void)state;
    assert_true(readme_agrees(text));
    for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char *bad = replaced(text, edits[i][0], edits[i][1]);
        print_message("altered README %zu: ", i);
        assert_false(readme_agrees(bad));
        free(bad);
    }
    free(text);
}

/* Whether `name` is a field of table t: fixed, or with key_prefix "@KEY@_" a per-question
 * field whose suffix is the rest. */
static int field_of(enum dosah_table_id t, const char *name)
{
    char want[NAME_LEN];
    int f;
    for (f = 0; f < DOSAH_OF_COUNT; f++)
        if (dosah_out_field_table((enum dosah_out_field)f) == t &&
            !strcmp(dosah_out_field_name((enum dosah_out_field)f), name))
            return 1;
    for (f = 0; f < DOSAH_KF_COUNT; f++) {
        as_readme("@KEY@_", dosah_key_field_suffix((enum dosah_key_field)f), want);
        if ((dosah_key_field_tables((enum dosah_key_field)f) & (1u << t)) && !strcmp(want, name))
            return 1;
    }
    return 0;
}

/* The fields a QGIS style template names ("@KEY@_x" in a filter, attr="x", fieldName='"x"')
 * are fields of its table in the list. */
static void check_style(enum dosah_table_id t, const char *path)
{
    static const char *const marks[] = {"\"@KEY@_", "attr=\"", "fieldName='\""};
    FILE *f = fopen(path, "rb");
    char text[65536], name[NAME_LEN];
    size_t n, m;
    assert_non_null(f);
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    for (m = 0; m < sizeof marks / sizeof marks[0]; m++) {
        const char *p;
        for (p = strstr(text, marks[m]); p; p = strstr(p + 1, marks[m])) {
            const char *start = p + strlen(marks[m]) - (m == 0 ? 6 : 0);
            size_t len = strcspn(start, "\"");
            assert_true(len < sizeof name);
            memcpy(name, start, len);
            name[len] = '\0';
            if (!field_of(t, name))
                fail_msg("%s names %s, not a field of %s in src/core/fields.h", path, name,
                         dosah_table_name(t));
        }
    }
}

static void test_styles_name_fields_of_the_list(void **state)
{
    DIR *d = opendir(DOSAH_SOURCE_DIR "/styles");
    struct dirent *e;
    size_t checked = 0;
    (void)state;
    assert_non_null(d);
    while ((e = readdir(d))) {
        char path[4096];
        size_t len = strcspn(e->d_name, ".");
        int t;
        if (!strstr(e->d_name, ".qml"))
            continue;
        for (t = 0; t < DOSAH_T_COUNT; t++)
            if (strlen(dosah_table_name((enum dosah_table_id)t)) == len &&
                !strncmp(e->d_name, dosah_table_name((enum dosah_table_id)t), len))
                break;
        if (t == DOSAH_T_COUNT)
            fail_msg("style %s is of no table of src/core/fields.h", e->d_name);
        snprintf(path, sizeof path, "%s/styles/%s", DOSAH_SOURCE_DIR, e->d_name);
        check_style((enum dosah_table_id)t, path);
        checked++;
    }
    closedir(d);
    assert_true(checked >= 13);
}

/* ---- the report's SQL names no table or field itself -------------------------------------- */

/* Whether word is a name the list declares: a table's, a fixed field's, a per-question field's
 * suffix (without placeholders), or the fid or geometry column. */
static int list_name(const char *word)
{
    int i;
    if (!strcmp(word, DOSAH_FID_COLUMN) || !strcmp(word, DOSAH_GEOM_COLUMN))
        return 1;
    for (i = 0; i < DOSAH_T_COUNT; i++)
        if (!strcmp(word, dosah_table_name((enum dosah_table_id)i)))
            return 1;
    for (i = 0; i < DOSAH_OF_COUNT; i++)
        if (!strcmp(word, dosah_out_field_name((enum dosah_out_field)i)))
            return 1;
    for (i = 0; i < DOSAH_KF_COUNT; i++)
        if (!strcmp(word, dosah_key_field_suffix((enum dosah_key_field)i)))
            return 1;
    return 0;
}

/* Whether literal s is SQL: it has one of SQL's words, in capitals as the report writes them. */
static int is_sql(const char *s)
{
    static const char *const words[] = {"SELECT", "FROM", "WHERE", "JOIN", "ORDER", "GROUP",
                                        "LIMIT",  "AND",  "LIKE",  "CAST", "SUM",   "COUNT",
                                        "CASE",   "WITH", "AS",    "IS",   "NULL"};
    size_t i;
    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]);
        const char *p;
        for (p = strstr(s, words[i]); p; p = strstr(p + 1, words[i]))
            if ((p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
                !(isalnum((unsigned char)p[n]) || p[n] == '_'))
                return 1;
    }
    return 0;
}

/* The first name of the list that SQL literal s writes as a word of its own (not a printf
 * conversion, not inside an SQL string '...'), into found; SQLite's and GeoPackage's own
 * catalogue tables have columns of the same names (name, type), so literals that query them
 * are left alone. Returns 1 when there is one. */
static int sql_names_list(const char *s, char *found, size_t n)
{
    const char *p = s;
    if (strstr(s, "sqlite_master") || strstr(s, "pragma_table_info") || strstr(s, "gpkg_"))
        return 0;
    while (*p) {
        if (*p == '\'') {
            const char *end = strchr(p + 1, '\'');
            p = end ? end + 1 : p + strlen(p);
        } else if (*p == '%') {
            p += 1 + strspn(p + 1, ".0123456789*lz");
            p += *p != '\0';
        } else if (isalpha((unsigned char)*p) || *p == '_') {
            size_t len =
                strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
            snprintf(found, n, "%.*s", (int)len, p);
            if (list_name(found))
                return 1;
            p += len;
        } else {
            p++;
        }
    }
    return 0;
}

/* The string literals of C source text, each in turn into lit (escapes kept as written;
 * literals with only white space between them as one), comments and character constants
 * skipped; *line is the line where it ends. Returns the text after the literal, or NULL when
 * there is none. */
static const char *next_literal(const char *p, char *lit, size_t n, int *line)
{
    while (*p) {
        if (*p == '\n') {
            ++*line;
            p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            for (; *p && p != end; p++)
                *line += *p == '\n';
            p = end ? end + 2 : p;
        } else if (p[0] == '/' && p[1] == '/') {
            p += strcspn(p, "\n");
        } else if (*p == '\'') {
            for (p++; *p && *p != '\''; p++)
                p += *p == '\\';
            p += *p != '\0';
        } else if (*p == '"') {
            size_t len = 0;
            while (*p == '"') {
                for (p++; *p && *p != '"'; p++) {
                    if (*p == '\\' && p[1])
                        p++;
                    if (len + 1 < n)
                        lit[len++] = *p;
                }
                p += *p != '\0';
                for (; *p == ' ' || *p == '\n'; p++)
                    *line += *p == '\n';
            }
            lit[len] = '\0';
            return p;
        } else {
            p++;
        }
    }
    return NULL;
}

/* Every table and field the report's SQL reads is named by the list's id (dosah_table_name,
 * dosah_out_field_name, dosah_report_key_col, DOSAH_FID_COLUMN...), never written as a word of
 * an SQL literal in src/report, so that a name changed in the list cannot leave the report
 * reading an old one. */
static void test_report_sql_names_by_id(void **state)
{
    DIR *d = opendir(DOSAH_SOURCE_DIR "/src/report");
    struct dirent *e;
    size_t files = 0, sql = 0;
    char found[NAME_LEN];
    (void)state;
    assert_non_null(d);
    while ((e = readdir(d))) {
        char path[4096], lit[4096];
        static char text[1 << 20];
        const char *p;
        size_t n = strlen(e->d_name), size;
        int line = 1;
        FILE *f;
        if (n < 3 || strcmp(e->d_name + n - 2, ".c"))
            continue;
        snprintf(path, sizeof path, "%s/src/report/%s", DOSAH_SOURCE_DIR, e->d_name);
        assert_non_null(f = fopen(path, "rb"));
        size = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[size] = '\0';
        for (p = text; (p = next_literal(p, lit, sizeof lit, &line));) {
            if (!is_sql(lit))
                continue;
            sql++;
            if (sql_names_list(lit, found, sizeof found))
                fail_msg("%s:%d: SQL names \"%s\" itself: take it from the list by id "
                         "(core/fields.h)",
                         path, line, found);
        }
        files++;
    }
    closedir(d);
    assert_true(files >= 20);
    assert_true(sql >= 50);
    /* the check finds a name, and leaves conversions, SQL strings and aliases alone */
    assert_true(is_sql(" FROM demand d)"));
    assert_true(sql_names_list(" FROM demand d)", found, sizeof found));
    assert_string_equal(found, "demand");
    assert_true(sql_names_list("ORDER BY fid", found, sizeof found));
    assert_true(sql_names_list("SUM(m.population)", found, sizeof found));
    assert_false(sql_names_list("SELECT \"%w\" AS k FROM \"%w\" WHERE k = 'key' ORDER BY n", found,
                                sizeof found));
    assert_false(is_sql("<p class=\"note\">"));
}

static void test_expand(void **state)
{
    char out[64];
    (void)state;
    dosah_field_expand("podíl do {T} min, otevřeno {w}", 7.5, "evening", "Mo-Fr 18-22", out,
                       sizeof out);
    assert_string_equal(out, "podíl do 7.5 min, otevřeno Mo-Fr 18-22");
    dosah_field_expand("within_{W}", 30, "evening", NULL, out, sizeof out);
    assert_string_equal(out, "within_evening");
    dosah_field_expand("pop_within_{T}", 45, NULL, NULL, out, sizeof out);
    assert_string_equal(out, "pop_within_45");
    dosah_field_expand("{x} stays", 1, NULL, NULL, out, sizeof out);
    assert_string_equal(out, "{x} stays");
    dosah_field_expand("abcdefghij{T}", 12345, NULL, NULL, out, 8); /* cut to fit */
    assert_string_equal(out, "abcdefg");
    dosah_key_field_name(DOSAH_KF_POP_WITHIN_T, "care", 30, NULL, out, sizeof out);
    assert_string_equal(out, "care_pop_within_30");
    dosah_key_field_name(DOSAH_KF_WITHIN_W, "care", 15, "evening", out, sizeof out);
    assert_string_equal(out, "care_within_evening");
    dosah_fact_key(DOSAH_FACT_QUESTION_LABEL, "care", out, sizeof out);
    assert_string_equal(out, "question.care.label");
    dosah_fact_key(DOSAH_FACT_INPUT_SHA256, "demand", out, sizeof out);
    assert_string_equal(out, "input.demand.sha256");
    dosah_fact_key(DOSAH_FACT_ENGINE, NULL, out, sizeof out);
    assert_string_equal(out, "engine");
}

/* Every entry has a name and both aliases; names are field names (a-z, 0-9, _ and {}); the
 * fixed fields of a table follow one another and no table has a name twice. */
static void test_list_is_well_formed(void **state)
{
    int f, g;
    const char *c;
    (void)state;
    for (f = 0; f < DOSAH_KF_COUNT; f++) {
        enum dosah_key_field k = (enum dosah_key_field)f;
        assert_true(dosah_key_field_suffix(k)[0] && dosah_key_field_alias(k, 0)[0] &&
                    dosah_key_field_alias(k, 1)[0] && dosah_key_field_tables(k));
        for (c = dosah_key_field_suffix(k); *c; c++)
            assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz0123456789_{}TW", *c));
    }
    for (f = 0; f < DOSAH_OF_COUNT; f++) {
        enum dosah_out_field o = (enum dosah_out_field)f;
        assert_true(dosah_out_field_name(o)[0] && dosah_out_field_alias(o, 0)[0] &&
                    dosah_out_field_alias(o, 1)[0]);
        for (c = dosah_out_field_name(o); *c; c++)
            assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz0123456789_", *c));
        if (f > 0 && dosah_out_field_table(o) != dosah_out_field_table(o - 1))
            assert_int_equal(dosah_out_field_first(dosah_out_field_table(o)), f);
        for (g = 0; g < f; g++)
            if (dosah_out_field_table((enum dosah_out_field)g) == dosah_out_field_table(o))
                assert_string_not_equal(dosah_out_field_name((enum dosah_out_field)g),
                                        dosah_out_field_name(o));
    }
    for (f = 0; f < DOSAH_T_COUNT; f++)
        assert_true(dosah_table_title((enum dosah_table_id)f, 0)[0] &&
                    dosah_table_title((enum dosah_table_id)f, 1)[0]);
}

/* The fields that src/report shows as a table column (its dosah_report_head_field and
 * dosah_report_head_key_field[_args] calls and generic.c's known columns). */
static const enum dosah_out_field report_fields[] = {
    DOSAH_OF_MUN_CODE,
    DOSAH_OF_MUN_NAME,
    DOSAH_OF_MUN_REGION_CODE,
    DOSAH_OF_REG_CODE,
    DOSAH_OF_REG_NAME,
    DOSAH_OF_REG_POPULATION,
    DOSAH_OF_SRV_ID,
    DOSAH_OF_SRV_NAME,
    DOSAH_OF_SRV_CAPACITY,
    DOSAH_OF_SRV_SCOPE_DECLARED,
    DOSAH_OF_SRV_SCOPE_NOT_REACHED,
    DOSAH_OF_SRV_SCOPE_NOT_DECLARED,
    DOSAH_OF_LOC_NAME,
    DOSAH_OF_LOC_POPULATION,
    DOSAH_OF_LOC_POPULATION_MIN,
    DOSAH_OF_LOC_POPULATION_MAX,
    DOSAH_OF_CATCH_KEY,
    DOSAH_OF_CATCH_CHECKED_POINTS,
    DOSAH_OF_CATCH_VIOLATIONS,
    DOSAH_OF_SCOPE_NAME,
    DOSAH_OF_GAPS_KEY,
    DOSAH_OF_GAPS_NAME,
    DOSAH_OF_GAPS_POPULATION,
    DOSAH_OF_PROP_KEY,
    DOSAH_OF_PROP_RANK,
    DOSAH_OF_PROP_SITE,
    DOSAH_OF_PROP_NAME,
    DOSAH_OF_PROP_ADDED_POPULATION,
    DOSAH_OF_PROP_ADDED_NEED,
    DOSAH_OF_PROP_CUMULATIVE_SHARE,
    DOSAH_OF_PROP_METHOD,
    DOSAH_OF_PROP_OPTIMAL,
    DOSAH_OF_PROP_BOUND,
    DOSAH_OF_PROP_GAP,
    DOSAH_OF_CHG_REGION,
    DOSAH_OF_CHG_NAME,
    DOSAH_OF_CHG_INDICATOR,
    DOSAH_OF_CHG_LABEL,
    DOSAH_OF_CHG_BEFORE,
    DOSAH_OF_CHG_AFTER,
    DOSAH_OF_CHG_DIFFERENCE,
    DOSAH_OF_DIAG_SEVERITY,
    DOSAH_OF_DIAG_STAGE,
    DOSAH_OF_DIAG_FILE,
    DOSAH_OF_DIAG_LAYER,
    DOSAH_OF_DIAG_FEATURE,
    DOSAH_OF_DIAG_FIELD,
    DOSAH_OF_DIAG_MESSAGE,
};
static const enum dosah_key_field report_key_fields[] = {
    DOSAH_KF_MINUTES,    DOSAH_KF_MEAN_MINUTES, DOSAH_KF_COVERED,     DOSAH_KF_WITHIN,
    DOSAH_KF_POP_WITHIN, DOSAH_KF_WITHIN_T,     DOSAH_KF_UNREACHED,   DOSAH_KF_WALK_MINUTES,
    DOSAH_KF_WITHIN_W,   DOSAH_KF_FCA,          DOSAH_KF_CAP_COVERED, DOSAH_KF_CAP_UNSERVED,
    DOSAH_KF_CAP_SHARE,  DOSAH_KF_CAPACITY,     DOSAH_KF_PER_10K,     DOSAH_KF_HAS_FACILITY,
    DOSAH_KF_GAP,        DOSAH_KF_GAP_REASON,   DOSAH_KF_SHORTFALL,
    DOSAH_KF_LOCALITIES_SHARE, /* no column; the what-if table reads it as a share */
};

/* How many entries each column list has (an id declared twice would count twice). */
#define ONE(...) +1
enum { OUT_COLUMNS = 0 DOSAH_OUT_COLUMNS(ONE), KEY_COLUMNS = 0 DOSAH_KEY_COLUMNS(ONE) };
#undef ONE

/* A heading in both languages with a cell kind, or neither; returns 1 for a column. */
static int column_checked(const char *cs, const char *en, enum dosah_field_cell cell)
{
    if (cell == DOSAH_FC_NONE) {
        assert_null(cs);
        assert_null(en);
        return 0;
    }
    assert_true(cs && cs[0] && en && en[0]);
    return 1;
}

/* Per-question field f's report heading in the language asked, its placeholders as a says. */
static void key_heading(enum dosah_key_field f, int english, const struct dosah_heading_args *a,
                        char *text, size_t n)
{
    dosah_field_heading_expand(dosah_key_field_heading(f, english), dosah_key_field_unit(f),
                               english, a, text, n);
}

/* A heading never writes its column's unit itself: it takes it as {U} from the list's unit
 * (the minutes of a threshold, "{T} min", are the threshold's, not the column's). */
static int writes_unit(const char *heading, enum dosah_field_unit u, int english)
{
    const char *unit = dosah_field_unit_text(u, english);
    char text[256], *p;
    if (!heading || !unit[0])
        return 0;
    snprintf(text, sizeof text, "%s", heading);
    while ((p = strstr(text, "{T} min")))
        memmove(p, p + 7, strlen(p + 7) + 1);
    return strstr(text, unit) != NULL;
}

static void check_unit_not_written(const char *heading, enum dosah_field_unit u, int english)
{
    if (writes_unit(heading, u, english))
        fail_msg("heading \"%s\" writes its unit \"%s\": write {U}", heading,
                 dosah_field_unit_text(u, english));
}

static void test_headings_take_units_from_the_list(void **state)
{
    int f, english;
    (void)state;
    for (english = 0; english < 2; english++) {
        for (f = 0; f < DOSAH_OF_COUNT; f++)
            check_unit_not_written(dosah_out_field_heading((enum dosah_out_field)f, english),
                                   dosah_out_field_unit((enum dosah_out_field)f), english);
        for (f = 0; f < DOSAH_KF_COUNT; f++)
            check_unit_not_written(dosah_key_field_heading((enum dosah_key_field)f, english),
                                   dosah_key_field_unit((enum dosah_key_field)f), english);
    }
    /* and the check finds one */
    assert_true(writes_unit("Doba (min)", DOSAH_FU_MINUTES, 0));
    assert_true(writes_unit("Newly within reach (people)", DOSAH_FU_PEOPLE, 1));
    assert_false(writes_unit("Doba do {T} min ({U})", DOSAH_FU_MINUTES, 0));
}

/* Per-question headings by hand: the report's as they were before they came from the list. */
static const struct dosah_heading_args none = {NAN, NULL, NULL, NULL},
                                       at30 = {30, NULL, NULL, NULL},
                                       at7_5 = {7.5, NULL, NULL, NULL},
                                       labelled = {NAN, NULL, NULL, "Day care"},
                                       window = {NAN, "evening", "Mo-Fr 18:00-22:00", NULL},
                                       window_unknown = {NAN, "evening", NULL, NULL};
static const struct {
    enum dosah_key_field f;
    int english;
    const struct dosah_heading_args *a;
    const char *want;
} headings[] = {
    {DOSAH_KF_WITHIN_T, 1, &at30, "Share within 30 min (%)"},
    {DOSAH_KF_WITHIN_T, 0, &at7_5, "Podíl do 7.5 min (%)"},
    {DOSAH_KF_WITHIN, 1, &at30, "Share within reach 30 min (%)"},
    {DOSAH_KF_WITHIN, 0, &none, "Podíl v dosahu (%)"},
    {DOSAH_KF_POP_WITHIN, 0, &at30, "Obyvatel v dosahu (30 min)"},
    {DOSAH_KF_POP_WITHIN, 1, NULL, "Population within reach"},
    {DOSAH_KF_MEAN_MINUTES, 0, NULL, "Průměrná doba (min)"},
    {DOSAH_KF_MINUTES, 1, &labelled, "Day care (min)"},
    {DOSAH_KF_WALK_MINUTES, 0, &labelled, "Day care pěšky (min)"},
    {DOSAH_KF_COVERED, 1, &labelled, "Day care: within reach"},
    {DOSAH_KF_WITHIN_W, 1, &window, "evening: Mo-Fr 18:00-22:00 (%)"},
    {DOSAH_KF_WITHIN_W, 0, &window_unknown, "evening (%)"},
    {DOSAH_KF_PER_10K, 0, NULL,
     "Kapacita na 10\xc2\xa0"
     "000 obyv."},
    {DOSAH_KF_FCA, 1, NULL, "Capacity-weighted accessibility (per 1,000)"},
    {DOSAH_KF_SHORTFALL, 0, NULL, "Chybí jednotek"},
};

/* A per-question field found from its name, as the what-if table's indicators need. */
static void test_key_field_of_name(void **state)
{
    enum dosah_key_field f = DOSAH_KF_COUNT;
    unsigned regions = DOSAH_TM(REGIONS), demand = DOSAH_TM(DEMAND);
    (void)state;
    assert_true(dosah_key_field_of_name("care_minutes", "care", regions, &f));
    assert_int_equal(f, DOSAH_KF_MEAN_MINUTES); /* the areas' mean, not the points' time */
    assert_true(dosah_key_field_of_name("care_minutes", "care", demand, &f));
    assert_int_equal(f, DOSAH_KF_MINUTES);
    assert_true(dosah_key_field_of_name("care_within_30", "care", regions, &f));
    assert_int_equal(f, DOSAH_KF_WITHIN_T); /* a threshold, not a window named "30" */
    assert_true(dosah_key_field_of_name("care_pop_within_7.5", "care", regions, &f));
    assert_int_equal(f, DOSAH_KF_POP_WITHIN_T);
    assert_true(dosah_key_field_of_name("care_within_weekday_evening", "care", regions, &f));
    assert_int_equal(f, DOSAH_KF_WITHIN_W);
    assert_true(dosah_key_field_of_name("care_minutes_p25", "care", regions, &f));
    assert_int_equal(f, DOSAH_KF_MINUTES_P25);
    assert_true(dosah_key_field_of_name("contact_bus_minutes", "contact_bus", regions, &f));
    assert_int_equal(f, DOSAH_KF_MEAN_MINUTES);
    assert_true(dosah_key_field_of_name("care_localities_share", "care", regions, &f));
    assert_int_equal(dosah_key_field_cell(f), DOSAH_FC_SHARE);
    /* another question's field, a key that only begins the same, no field, bad values */
    assert_false(dosah_key_field_of_name("contact_bus_minutes", "contact", regions, &f));
    assert_false(dosah_key_field_of_name("carex_minutes", "care", regions, &f));
    assert_false(dosah_key_field_of_name("care_", "care", regions, &f));
    assert_false(dosah_key_field_of_name("care_within_", "care", regions, &f));
    assert_false(dosah_key_field_of_name("care_within_Day", "care", regions, &f));
    assert_false(dosah_key_field_of_name("care_walk_minutes", "care", regions, &f));
}

static void test_report_columns(void **state)
{
    size_t i;
    int f, out = 0, key = 0;
    char text[96];
    (void)state;
    for (i = 0; i < sizeof report_fields / sizeof report_fields[0]; i++) {
        assert_non_null(dosah_out_field_heading(report_fields[i], 0));
        assert_non_null(dosah_out_field_heading(report_fields[i], 1));
        assert_int_not_equal(dosah_out_field_cell(report_fields[i]), DOSAH_FC_NONE);
    }
    for (i = 0; i < sizeof report_key_fields / sizeof report_key_fields[0]; i++) {
        assert_non_null(dosah_key_field_heading(report_key_fields[i], 0));
        assert_non_null(dosah_key_field_heading(report_key_fields[i], 1));
        assert_int_not_equal(dosah_key_field_cell(report_key_fields[i]), DOSAH_FC_NONE);
    }
    for (f = 0; f < DOSAH_OF_COUNT; f++) {
        enum dosah_out_field o = (enum dosah_out_field)f;
        out += column_checked(dosah_out_field_heading(o, 0), dosah_out_field_heading(o, 1),
                              dosah_out_field_cell(o));
    }
    for (f = 0; f < DOSAH_KF_COUNT; f++) {
        enum dosah_key_field k = (enum dosah_key_field)f;
        key += column_checked(dosah_key_field_heading(k, 0), dosah_key_field_heading(k, 1),
                              dosah_key_field_cell(k));
    }
    assert_int_equal(out, OUT_COLUMNS);
    assert_int_equal(key, KEY_COLUMNS);
    /* every column of the list is one the report shows */
    assert_int_equal(out, (int)(sizeof report_fields / sizeof report_fields[0]));
    assert_int_equal(key, (int)(sizeof report_key_fields / sizeof report_key_fields[0]));

    /* by hand */
    assert_string_equal(dosah_out_field_heading(DOSAH_OF_REG_POPULATION, 0), "Obyvatel");
    assert_string_equal(dosah_out_field_heading(DOSAH_OF_REG_POPULATION, 1), "Population");
    assert_int_equal(dosah_out_field_cell(DOSAH_OF_REG_POPULATION), DOSAH_FC_INTEGER);
    assert_int_equal(dosah_out_field_unit(DOSAH_OF_REG_POPULATION), DOSAH_FU_PEOPLE);
    assert_string_equal(dosah_field_unit_text(DOSAH_FU_PEOPLE, 0), "obyv.");
    assert_string_equal(dosah_field_unit_text(DOSAH_FU_PEOPLE, 1), "people");
    assert_string_equal(dosah_field_unit_text(DOSAH_FU_NONE, 1), "");
    /* a heading apart from the alias */
    assert_string_equal(dosah_out_field_heading(DOSAH_OF_PROP_SITE, 1), "Site (code)");
    assert_string_equal(dosah_out_field_alias(DOSAH_OF_PROP_SITE, 1), "Site (id)");
    assert_int_equal(dosah_out_field_cell(DOSAH_OF_GAPS_KEY), DOSAH_FC_KEY);
    assert_int_equal(dosah_out_field_cell(DOSAH_OF_PROP_OPTIMAL), DOSAH_FC_BOOL);
    assert_int_equal(dosah_out_field_cell(DOSAH_OF_PROP_CUMULATIVE_SHARE), DOSAH_FC_SHARE);
    assert_int_equal(dosah_out_field_unit(DOSAH_OF_PROP_CUMULATIVE_SHARE), DOSAH_FU_PERCENT);
    assert_int_equal(dosah_key_field_cell(DOSAH_KF_GAP_REASON), DOSAH_FC_REASONS);
    assert_int_equal(dosah_key_field_cell(DOSAH_KF_MEAN_MINUTES), DOSAH_FC_MINUTES);
    assert_int_equal(dosah_key_field_unit(DOSAH_KF_MEAN_MINUTES), DOSAH_FU_MINUTES);
    for (i = 0; i < sizeof headings / sizeof headings[0]; i++) {
        key_heading(headings[i].f, headings[i].english, headings[i].a, text, sizeof text);
        assert_string_equal(text, headings[i].want);
    }
    dosah_field_heading_expand(dosah_out_field_heading(DOSAH_OF_PROP_ADDED_POPULATION, 1),
                               dosah_out_field_unit(DOSAH_OF_PROP_ADDED_POPULATION), 1, NULL, text,
                               sizeof text);
    assert_string_equal(text, "Newly within reach (people)");
    /* a placeholder without a value outside [ ] stays; a [ without its ] is text */
    dosah_field_heading_expand("a {T} [b", DOSAH_FU_NONE, 0, NULL, text, sizeof text);
    assert_string_equal(text, "a {T} [b");
    /* fields the report does not show */
    assert_null(dosah_out_field_heading(DOSAH_OF_ROAD_CLASS, 0));
    assert_int_equal(dosah_out_field_cell(DOSAH_OF_DIAG_MESSAGE_CS), DOSAH_FC_NONE);
    assert_null(dosah_key_field_heading(DOSAH_KF_NEAREST, 1));
    assert_int_equal(dosah_key_field_cell(DOSAH_KF_NEAREST), DOSAH_FC_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_names_every_field),
        cmocka_unit_test(test_styles_name_fields_of_the_list),
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_list_is_well_formed),
        cmocka_unit_test(test_report_columns),
        cmocka_unit_test(test_key_field_of_name),
        cmocka_unit_test(test_headings_take_units_from_the_list),
        cmocka_unit_test(test_report_sql_names_by_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
