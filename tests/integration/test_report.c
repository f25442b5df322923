/* SPDX-License-Identifier: MIT */
/*
 * `dosah report` on the demo GeoPackage (left by test_demo): every file is written, the HTML
 * has every section and is self-contained, the CSV tables are RFC 4180 with one header row,
 * and figures recomputed here from the GeoPackage with SQL (a region's share within the
 * threshold = SUM(pop_within) / SUM(population) over its municipalities, populations,
 * facility and locality counts, a region's share served = K_cap_covered / population, its
 * share in a time window, the catchments' checked points and disagreements, the scope
 * layer's rows per facility, the localities' times on foot) are found in the CSV tables and,
 * formatted, in the HTML; in Czech and in English. The question and window facts of
 * run_info win over the scenario text, which still serves a GeoPackage without them. Also
 * the default output directory and the errors.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/core_internal.h"
#include "dosah/core.h"
#include "dosah/report.h"
#include "integration/cli_util.h"

#define GPKG "demo-out/liberecky-kraj-demo.gpkg"
#define NBSP "\xc2\xa0"

static const char *const sections[] = {"summary",    "maps",      "coverage",   "capacity",
                                       "hours",      "gaps",      "localities", "catchments",
                                       "proposals",  "changes",   "diagnostics", "method"};

static sqlite3 *db;
static char *keys[16];
static size_t key_count;
/* Questions by public transport: in the maps, charts and coverage tables, but without the
 * capacity, opening-hours, catchment and scope parts (computed for car and walking only);
 * they are left out of keys[]. */
static size_t transit_count;
static char base[] = "/tmp/dosah-test-XXXXXX"; /* the outputs, removed at the end */

/* base/sub in one of a few rotating buffers. */
static const char *out(const char *sub)
{
    static char paths[4][256];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof paths[0], "%s/%s", base, sub);
    return p;
}

/* ---- helpers ---- */

static double sql_number(const char *fmt, ...)
{
    char *sql;
    sqlite3_stmt *st = NULL;
    va_list ap;
    double v = NAN;
    va_start(ap, fmt);
    sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return v;
}

/* A parsed CSV file: rows of fields. */
struct csv {
    char ***rows;
    size_t *widths;
    size_t count;
};

/* RFC 4180: fields separated by commas, quoted fields with "" for a quote, CRLF rows. */
static void csv_parse(const char *text, struct csv *c)
{
    const char *p = text;
    memset(c, 0, sizeof *c);
    while (*p) {
        char **row = NULL;
        size_t n = 0;
        for (;;) {
            char *field = calloc(1, strlen(p) + 1);
            size_t k = 0;
            assert_non_null(field);
            if (*p == '"') {
                for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                    if (*p == '"')
                        p++;
                    field[k++] = *p;
                }
                assert_int_equal(*p, '"');
                p++;
            } else {
                while (*p && *p != ',' && *p != '\r' && *p != '\n')
                    field[k++] = *p++;
            }
            row = realloc(row, (n + 1) * sizeof *row);
            row[n++] = field;
            if (*p == ',') {
                p++;
                continue;
            }
            /* Every row ends with CRLF. */
            assert_true(p[0] == '\r' && p[1] == '\n');
            p += 2;
            break;
        }
        c->rows = realloc(c->rows, (c->count + 1) * sizeof *c->rows);
        c->widths = realloc(c->widths, (c->count + 1) * sizeof *c->widths);
        c->rows[c->count] = row;
        c->widths[c->count++] = n;
    }
}

static void csv_free(struct csv *c)
{
    size_t i, j;
    for (i = 0; i < c->count; i++) {
        for (j = 0; j < c->widths[i]; j++)
            free(c->rows[i][j]);
        free(c->rows[i]);
    }
    free(c->rows);
    free(c->widths);
}

static void csv_load(const char *dir, const char *name, struct csv *c)
{
    char path[512];
    char *text;
    size_t i;
    snprintf(path, sizeof path, "%s/tables/%s.csv", dir, name);
    text = tu_read_file(path, NULL);
    if (!text)
        fail_msg("%s is missing", path);
    csv_parse(text, c);
    free(text);
    assert_true(c->count >= 1);
    for (i = 1; i < c->count; i++)
        assert_int_equal(c->widths[i], c->widths[0]);
}

static size_t csv_column(const struct csv *c, const char *head)
{
    size_t j;
    for (j = 0; j < c->widths[0]; j++)
        if (!strcmp(c->rows[0][j], head))
            return j;
    fail_msg("no column '%s'", head);
    return 0;
}

/* The first column whose heading starts with `prefix`. */
static size_t csv_column_prefix(const struct csv *c, const char *prefix)
{
    size_t j;
    for (j = 0; j < c->widths[0]; j++)
        if (!strncmp(c->rows[0][j], prefix, strlen(prefix)))
            return j;
    fail_msg("no column '%s...'", prefix);
    return 0;
}

/* The row whose first field is `first`. */
static char **csv_row(const struct csv *c, const char *first)
{
    size_t i;
    for (i = 1; i < c->count; i++)
        if (!strcmp(c->rows[i][0], first))
            return c->rows[i];
    fail_msg("no row '%s'", first);
    return NULL;
}

/* A share as the report's HTML shows it (`decimals` decimals, never rounded up to 100 % or
 * down to 0 %). */
static void percent_dec(double share, int decimals, int czech, char *buf, size_t n)
{
    double pct = 100 * share, step = pow(10, -decimals);
    const char *sign = "";
    char *dot;
    if (share < 1 && pct >= 100 - step / 2)
        pct = 100 - step, sign = "> ";
    else if (share > 0 && pct < step / 2)
        pct = step, sign = "< ";
    /* As it stands in the HTML: "<" and ">" escaped. */
    snprintf(buf, n, "%s%.*f%s", *sign == '>' ? "&gt; " : *sign == '<' ? "&lt; " : "", decimals,
             pct, czech ? NBSP "%" : "%");
    if (czech && (dot = strchr(buf, '.')))
        *dot = ',';
}

static void percent(double share, int czech, char *buf, size_t n)
{
    percent_dec(share, 1, czech, buf, n);
}

/* A whole number as the HTML shows it: "2 433 188" (no-break spaces) or "2,433,188". */
static void whole(double v, int czech, char *buf, size_t n)
{
    char digits[64];
    size_t len, i, k = 0;
    snprintf(digits, sizeof digits, "%.0f", v);
    len = strlen(digits);
    for (i = 0; i < len && k + 4 < n; i++) {
        if (i && (len - i) % 3 == 0) {
            const char *sep = czech ? NBSP : ",";
            memcpy(buf + k, sep, strlen(sep));
            k += strlen(sep);
        }
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
}

static char *html_of(const char *dir)
{
    char path[512];
    char *html;
    snprintf(path, sizeof path, "%s/report.html", dir);
    html = tu_read_file(path, NULL);
    if (!html)
        fail_msg("%s is missing", path);
    return html;
}

/* The text of <section id="id"> (a copy, caller frees). */
static char *section_of(const char *html, const char *id)
{
    char open[64], *copy;
    const char *start, *end;
    snprintf(open, sizeof open, "<section id=\"%s\">", id);
    start = strstr(html, open);
    if (!start)
        fail_msg("no section %s", id);
    end = strstr(start, "</section>");
    assert_non_null(end);
    copy = strndup(start, (size_t)(end - start));
    assert_non_null(copy);
    return copy;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (; (hay = strstr(hay, needle)); hay++)
        n++;
    return n;
}

static int has_table(const char *table)
{
    return sql_number("SELECT COUNT(*) FROM sqlite_master WHERE name = %Q", table) > 0;
}

static int has_column(const char *table, const char *column)
{
    return sql_number("SELECT COUNT(*) FROM pragma_table_info(%Q) WHERE name = %Q", table,
                      column) > 0;
}

/* The people key counts: K_group_population for a question with a target group (the demo's
 * home care and assistance count people aged 65+), else population. */
static const char *popc(const char *key)
{
    static char col[4][96];
    static int next;
    char *c = col[next++ % 4];
    snprintf(c, sizeof col[0], "%s_group_population", key);
    return has_column("municipalities", c) ? c : "population";
}

/* Keys whose municipalities carry column K_<suffix>. */
static size_t keys_with(const char *suffix)
{
    char col[128];
    size_t k, n = 0;
    for (k = 0; k < key_count; k++) {
        snprintf(col, sizeof col, "%s_%s", keys[k], suffix);
        n += has_column("municipalities", col);
    }
    return n;
}

/* Keys with a row of declared scope in the services layer. */
static size_t scope_keys(void)
{
    return (size_t)sql_number("SELECT COUNT(DISTINCT key) FROM services WHERE key IS NOT NULL "
                              "AND scope_declared IS NOT NULL");
}

/* Keys whose regions carry gap fields (K_gap). */
static size_t gap_keys(void)
{
    size_t k, n = 0;
    for (k = 0; k < key_count; k++)
        n += sql_number("SELECT COUNT(*) FROM pragma_table_info('regions') WHERE name = "
                        "'%q_gap'", keys[k]) > 0;
    return n;
}

static void run_report(const char *dir, const char *lang)
{
    const char *args[] = {"report", GPKG, "-o", dir, "--lang", lang, "-q", NULL};
    char *out = NULL, *err = NULL, want[256];
    int rc;
    tu_remove_tree(dir);
    rc = tu_run_dosah(&out, &err, args);
    if (rc != 0)
        fail_msg("dosah report exited %d: %s", rc, err ? err : "");
    snprintf(want, sizeof want, "%s/report.html\n", dir);
    assert_string_equal(out, want);
    free(out);
    free(err);
}

/* ---- fixtures ---- */

static int setup(void **state)
{
    sqlite3_stmt *st;
    (void)state;
    if (sqlite3_open_v2(GPKG, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_prepare_v2(db, "SELECT substr(name, 1, length(name) - 8) FROM "
                           "pragma_table_info('municipalities') WHERE name LIKE '%_minutes' "
                           "ORDER BY cid", -1, &st, NULL) != SQLITE_OK)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW && key_count < 16) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        if (sql_number("SELECT COUNT(*) FROM run_info WHERE key = 'question.' || %Q || '.mode' "
                       "AND value = 'transit'", k) > 0)
            transit_count++;
        else
            keys[key_count++] = strdup(k);
    }
    sqlite3_finalize(st);
    if (!mkdtemp(base))
        return -1;
    run_report(out("report-cs"), "cs");
    run_report(out("report-en"), "en");
    return key_count >= 5 ? 0 : -1;
}

static int teardown(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < key_count; i++)
        free(keys[i]);
    sqlite3_close(db);
    tu_remove_tree(base);
    return 0;
}

/* ---- tests ---- */

static void expect_png(const char *dir, const char *name)
{
    char path[512];
    size_t size = 0;
    char *data;
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    data = tu_read_file(path, &size);
    if (!data)
        fail_msg("%s is missing", path);
    assert_true(size > 2000);
    assert_memory_equal(data, "\x89PNG\r\n\x1a\n", 8);
    free(data);
}

static void test_files(void **state)
{
    static const char *const tables[] = {"key_figures", "localities_regions", "localities",
                                         "diagnostics", "parameters", "run_parameters",
                                         "inputs", "provenance"};
    char name[128];
    size_t i;
    struct csv c;
    (void)state;
    for (i = 0; i < key_count; i++) {
        snprintf(name, sizeof name, "maps/%s", keys[i]);
        expect_png(out("report-cs"), name);
        snprintf(name, sizeof name, "charts/coverage_%s", keys[i]);
        expect_png(out("report-cs"), name);
        snprintf(name, sizeof name, "coverage_%s", keys[i]);
        csv_load(out("report-cs"), name, &c);
        csv_free(&c);
    }
    expect_png(out("report-cs"), "charts/summary");
    for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        csv_load(out("report-cs"), tables[i], &c);
        if (!strcmp(tables[i], "diagnostics"))
            assert_float_equal((double)(c.count - 1),
                               sql_number("SELECT COUNT(*) FROM diagnostics"), 0);
        csv_free(&c);
    }
    /* Nothing else: no temporary files left behind. */
    assert_int_equal(tu_count_entries(out("report-cs")), 4);
    assert_int_equal(tu_count_entries(out("report-cs/maps")), (int)(key_count + transit_count));
    assert_int_equal(tu_count_entries(out("report-cs/charts")),
                     (int)(key_count + transit_count + 1));
    assert_int_equal(tu_count_entries(out("report-cs/tables")),
                     (int)(key_count + transit_count + 8 + gap_keys() + (gap_keys() ? 0 : has_table("gaps")) +
                           has_table("proposals") + has_table("changes") +
                           keys_with("cap_covered") + keys_with("within_weekday_day") +
                           has_table("catchments") + scope_keys()));
    /* The demo has every one of them. */
    assert_int_equal(keys_with("cap_covered"), key_count);
    assert_int_equal(keys_with("within_weekday_evening"), key_count);
    assert_true(has_table("catchments") && scope_keys() >= 3);
}

static void test_html_sections(void **state)
{
    char *html = html_of(out("report-cs")), want[64];
    size_t i;
    (void)state;
    assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    assert_non_null(strstr(html, "<html lang=\"cs\">"));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    for (i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        snprintf(want, sizeof want, "<section id=\"%s\">", sections[i]);
        assert_int_equal(count_of(html, want), 1);
    }
    assert_int_equal(count_of(html, "<section "), count_of(html, "</section>"));
    /* One map per key, one chart per key and the summary chart, all inline SVG. */
    assert_int_equal(count_of(html, "<svg "), 2 * (key_count + transit_count) + 1);
    assert_int_equal(count_of(html, "</svg>"), 2 * (key_count + transit_count) + 1);
    /* Self-contained: nothing to fetch. */
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, " src="));
    assert_null(strstr(html, "url(http"));
    assert_null(strstr(html, "@import"));
    assert_non_null(strstr(html, "Hlavní ukazatele"));
    assert_non_null(strstr(html, "Pečovatelská služba"));
    /* What the engine did not compute is said, not shown as empty. */
    if (!gap_keys() && !has_table("gaps"))
        assert_non_null(strstr(html, "Nedostatky a chybějící kapacitu tato verze"));
    if (!has_table("proposals"))
        assert_non_null(strstr(html, "Návrhy nových míst tato verze"));
    if (!has_table("changes"))
        assert_non_null(strstr(html, "Tento výpočet neobsahuje srovnání variant"));
    free(html);
}

/* Per region and key: share within the threshold, recomputed, in the CSV and the HTML. */
static void test_coverage_recomputed(void **state)
{
    char *html = html_of(out("report-cs")), name[64], text[64];
    size_t k, col, pop_col;
    int checked = 0;
    (void)state;
    for (k = 0; k < key_count; k++) {
        struct csv c;
        sqlite3_stmt *st;
        snprintf(name, sizeof name, "coverage_%s", keys[k]);
        csv_load(out("report-cs"), name, &c);
        /* The share within the key's own threshold ("Podíl v dosahu 30 min (%)"). */
        col = csv_column_prefix(&c, "Podíl v dosahu ");
        pop_col = csv_column(&c, "Obyvatel");
        assert_int_equal(sqlite3_prepare_v2(db, "SELECT code FROM regions ORDER BY code", -1,
                                            &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *code = (const char *)sqlite3_column_text(st, 0);
            char **row = csv_row(&c, code);
            double pop = sql_number("SELECT SUM(\"%w\") FROM municipalities WHERE "
                                    "region_code = %s", popc(keys[k]), code);
            double share = sql_number("SELECT SUM(\"%w_pop_within\") / SUM(\"%w\") FROM "
                                      "municipalities WHERE region_code = %s", keys[k],
                                      popc(keys[k]), code);
            assert_float_equal(atof(row[pop_col]), pop, 0.5);
            assert_float_equal(atof(row[col]), 100 * share, 0.006);
            percent(share, 1, text, sizeof text);
            if (!strstr(html, text))
                fail_msg("%s %s: %s not in the HTML", keys[k], code, text);
            checked++;
        }
        sqlite3_finalize(st);
        /* The last row is the whole area. */
        assert_string_equal(c.rows[c.count - 1][1], "Celkem");
        assert_float_equal(atof(c.rows[c.count - 1][pop_col]),
                           sql_number("SELECT SUM(\"%w\") FROM municipalities",
                                      popc(keys[k])), 0.5);
        csv_free(&c);
    }
    assert_true(checked >= 50);
    free(html);
}

static void test_key_figures_recomputed(void **state)
{
    char *html = html_of(out("report-cs")), text[64];
    struct csv c;
    size_t k, share_col, fac_col;
    double pop = sql_number("SELECT SUM(population) FROM municipalities");
    (void)state;
    assert_float_equal(pop, 449494, 0);
    assert_non_null(strstr(html, "449" NBSP "494"));
    csv_load(out("report-cs"), "key_figures", &c);
    share_col = csv_column(&c, "Podíl v dosahu (%)");
    fac_col = csv_column(&c, "Zařízení");
    assert_int_equal(c.count, key_count + transit_count + 1);
    for (k = 0; k < key_count; k++) {
        char **row = c.rows[k + 1];
        double share = sql_number("SELECT SUM(\"%w_pop_within\") / SUM(\"%w\") FROM "
                                  "municipalities", keys[k], popc(keys[k]));
        assert_string_equal(row[1], keys[k]);
        assert_float_equal(atof(row[share_col]), 100 * share, 0.006);
        assert_float_equal(atof(row[fac_col]),
                           sql_number("SELECT COUNT(*) FROM services WHERE key = %Q", keys[k]),
                           0);
        percent(share, 1, text, sizeof text);
        assert_non_null(strstr(html, text));
    }
    csv_free(&c);
    free(html);
}

static void test_localities_recomputed(void **state)
{
    char *html = html_of(out("report-cs"));
    struct csv c;
    sqlite3_stmt *st;
    size_t count_col, care_col, i;
    int empty_regions = 0;
    (void)state;
    csv_load(out("report-cs"), "localities_regions", &c);
    count_col = csv_column(&c, "Lokalit");
    care_col = csv_column(&c, "Pečovatelská služba: v dosahu");
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT code FROM regions ORDER BY code", -1, &st,
                                        NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        char **row = csv_row(&c, code);
        double n = sql_number("SELECT COUNT(*) FROM excluded_localities l JOIN municipalities "
                              "m ON CAST(m.code AS TEXT) = l.municipality WHERE "
                              "m.region_code = %s", code);
        double covered = sql_number("SELECT SUM(l.care_covered) FROM excluded_localities l "
                                    "JOIN municipalities m ON CAST(m.code AS TEXT) = "
                                    "l.municipality WHERE m.region_code = %s", code);
        assert_float_equal(atof(row[count_col]), n, 0);
        if (n == 0) {
            /* Not applicable, never 0 %: the cell is empty in the CSV. */
            assert_string_equal(row[care_col], "");
            empty_regions++;
        } else {
            assert_float_equal(atof(row[care_col]), covered, 0);
        }
    }
    sqlite3_finalize(st);
    assert_true(empty_regions > 0);
    assert_non_null(strstr(html, "netýká se"));
    assert_float_equal(atof(c.rows[c.count - 1][count_col]),
                       sql_number("SELECT COUNT(*) FROM excluded_localities"), 0);
    csv_free(&c);
    csv_load(out("report-cs"), "localities", &c);
    assert_float_equal((double)(c.count - 1),
                       sql_number("SELECT COUNT(*) FROM excluded_localities"), 0);
    /* The time on foot, row by row as the layer lists them. */
    care_col = csv_column(&c, "Pečovatelská služba pěšky (min)");
    for (i = 1; i < c.count; i++) {
        double walk = sql_number("SELECT care_walk_minutes FROM excluded_localities ORDER BY "
                                 "fid LIMIT 1 OFFSET %d", (int)i - 1);
        if (isnan(walk))
            assert_string_equal(c.rows[i][care_col], "");
        else
            assert_float_equal(atof(c.rows[i][care_col]), walk, 0.05);
    }
    csv_free(&c);
    assert_non_null(strstr(html, "Pečovatelská služba pěšky (min)"));
    free(html);
}

static void test_provenance(void **state)
{
    char *html = html_of(out("report-cs"));
    struct csv c;
    sqlite3_stmt *st;
    (void)state;
    csv_load(out("report-cs"), "inputs", &c);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT substr(key, 7, length(key) - 13), value "
                                        "FROM run_info WHERE key LIKE 'input.%.sha256'", -1,
                                        &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char **row = csv_row(&c, (const char *)sqlite3_column_text(st, 0));
        assert_string_equal(row[csv_column(&c, "SHA-256")],
                            (const char *)sqlite3_column_text(st, 1));
        assert_non_null(strstr(html, (const char *)sqlite3_column_text(st, 1)));
    }
    assert_string_equal(csv_row(&c, "roads")[csv_column(&c, "Vrstva")], "silnice");
    sqlite3_finalize(st);
    csv_free(&c);
    csv_load(out("report-cs"), "provenance", &c);
    assert_non_null(strstr(csv_row(&c, "engine")[1], "dosah "));
    assert_int_equal(strlen(csv_row(&c, "report.geopackage_sha256")[1]), 64);
    csv_free(&c);
    /* The scenario's text, escaped. */
    assert_non_null(strstr(html, "threshold_min: 30"));
    free(html);
}

static void test_english(void **state)
{
    char *html = html_of(out("report-en")), text[64];
    struct csv c;
    size_t col;
    double share;
    (void)state;
    assert_non_null(strstr(html, "<html lang=\"en\">"));
    assert_non_null(strstr(html, "Key figures"));
    if (!gap_keys() || !has_table("proposals"))
        assert_non_null(strstr(html, "not computed in this version"));
    assert_null(strstr(html, "Hlavní ukazatele"));
    /* The report's own words are English; data (labels in the changes table) may be not. */
    assert_null(strstr(strstr(html, "<section id=\"localities\">"), "netýká se"));
    assert_non_null(strstr(html, "not applicable"));
    assert_non_null(strstr(html, "449,494"));
    csv_load(out("report-en"), "coverage_care", &c);
    col = csv_column(&c, "Share within reach 30 min (%)");
    share = sql_number("SELECT SUM(care_pop_within_15) / SUM(\"%w\") FROM municipalities "
                       "WHERE region_code = 5102", popc("care"));
    assert_float_equal(atof(csv_row(&c, "5102")[csv_column(&c, "Share within 15 min (%)")]),
                       100 * share, 0.006);
    percent(share, 0, text, sizeof text);
    assert_non_null(strstr(html, text));
    assert_true(col > 0);
    csv_free(&c);
    free(html);
}

/* Capacity within reach, per region: the share served is K_cap_covered / population of the
 * regions layer (and the engine's K_cap_share), the people served and K_fca are the regions'
 * own; the whole area serves what the facilities absorb (the services layer). In the CSV and,
 * formatted, in the HTML. */
static void capacity_check(const char *dir, int czech)
{
    char *html = html_of(out(dir)), *sec = section_of(html, "capacity"), name[64], text[64];
    size_t k, share_col, served_col, fca_col;
    int checked = 0;
    for (k = 0; k < key_count; k++) {
        struct csv c;
        sqlite3_stmt *st;
        snprintf(name, sizeof name, "capacity_%s", keys[k]);
        csv_load(out(dir), name, &c);
        share_col = csv_column(&c, czech ? "Podíl obslouženo (%)" : "Share served (%)");
        served_col = csv_column(&c, czech ? "Obslouženo v rámci kapacity"
                                          : "Served within capacity");
        fca_col = csv_column_prefix(&c, czech ? "Dostupnost vážená kapacitou"
                                              : "Capacity-weighted accessibility");
        assert_int_equal(sqlite3_prepare_v2(db, "SELECT code FROM regions ORDER BY code", -1,
                                            &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *code = (const char *)sqlite3_column_text(st, 0);
            char **row = csv_row(&c, code);
            double share = sql_number("SELECT \"%w_cap_covered\" / \"%w\" FROM regions "
                                      "WHERE code = %s", keys[k], popc(keys[k]), code);
            assert_float_equal(share, sql_number("SELECT \"%w_cap_share\" FROM regions WHERE "
                                                 "code = %s", keys[k], code), 1e-9);
            assert_float_equal(atof(row[share_col]), 100 * share, 0.006);
            assert_float_equal(atof(row[served_col]),
                               sql_number("SELECT \"%w_cap_covered\" FROM regions WHERE code = "
                                          "%s", keys[k], code), 0.5);
            assert_float_equal(atof(row[fca_col]),
                               sql_number("SELECT \"%w_fca\" FROM regions WHERE code = %s",
                                          keys[k], code), 0.006);
            percent_dec(share, 2, czech, text, sizeof text);
            if (!strstr(sec, text))
                fail_msg("%s %s: %s not in the capacity section", keys[k], code, text);
            checked++;
        }
        sqlite3_finalize(st);
        assert_string_equal(c.rows[c.count - 1][1], czech ? "Celkem" : "Total");
        assert_float_equal(atof(c.rows[c.count - 1][served_col]),
                           sql_number("SELECT SUM(absorbed) FROM services WHERE key = %Q",
                                      keys[k]), 0.5);
        /* With the plain cutoff (the demo's) and every facility reaching someone, 2SFCA hands
         * out all the capacity: Σ P_i A_i = Σ S_j, so the whole area's K_fca is 1,000 times
         * the capacity per resident. */
        if (sql_number("SELECT COUNT(*) FROM services WHERE key = %Q AND NOT "
                       "(reach_population > 0 AND capacity IS NOT NULL)", keys[k]) == 0)
            assert_float_equal(atof(c.rows[c.count - 1][fca_col]),
                               1000 * sql_number("SELECT SUM(capacity) FROM services WHERE key "
                                                 "= %Q", keys[k]) /
                                   sql_number("SELECT SUM(\"%w\") FROM demand",
                                              popc(keys[k])),
                               0.006);
        csv_free(&c);
    }
    assert_true(checked >= 50);
    free(sec);
    free(html);
}

static void test_capacity_recomputed(void **state)
{
    (void)state;
    capacity_check("report-cs", 1);
    capacity_check("report-en", 0);
}

/* Coverage by opening hours: per region and window the share is the regions layer's own
 * K_within_W (the report sums the municipalities), the share at any time is
 * SUM(K_pop_within) / SUM(population); the windows' texts come from run_info. */
static void hours_check(const char *dir, int czech)
{
    char *html = html_of(out(dir)), *sec = section_of(html, "hours"), name[64], text[256];
    sqlite3_stmt *win;
    size_t k;
    int checked = 0;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT substr(key, 8), value FROM run_info WHERE "
                                        "key LIKE 'window.%' ORDER BY fid", -1, &win, NULL),
                     SQLITE_OK);
    while (sqlite3_step(win) == SQLITE_ROW) {
        const char *w = (const char *)sqlite3_column_text(win, 0);
        const char *hours = (const char *)sqlite3_column_text(win, 1);
        /* Which window: its days and hours, as the scenario wrote them. */
        assert_non_null(strstr(sec, hours));
        for (k = 0; k < key_count; k++) {
            struct csv c;
            sqlite3_stmt *st;
            size_t col, any_col;
            snprintf(name, sizeof name, "hours_%s", keys[k]);
            csv_load(out(dir), name, &c);
            snprintf(text, sizeof text, "%s: %s (%%)", w, hours);
            col = csv_column(&c, text);
            any_col = csv_column(&c, czech ? "Kdykoli (%)" : "At any time (%)");
            assert_int_equal(sqlite3_prepare_v2(db, "SELECT code FROM regions ORDER BY code",
                                                -1, &st, NULL), SQLITE_OK);
            while (sqlite3_step(st) == SQLITE_ROW) {
                const char *code = (const char *)sqlite3_column_text(st, 0);
                char **row = csv_row(&c, code);
                double share = sql_number("SELECT \"%w_within_%w\" FROM regions WHERE code = "
                                          "%s", keys[k], w, code);
                assert_float_equal(atof(row[col]), 100 * share, 0.006);
                assert_float_equal(atof(row[any_col]),
                                   100 * sql_number("SELECT SUM(\"%w_pop_within\") / "
                                                    "SUM(\"%w\") FROM municipalities WHERE "
                                                    "region_code = %s", keys[k], popc(keys[k]),
                                                    code), 0.006);
                percent(share, czech, text, sizeof text);
                if (!strstr(sec, text))
                    fail_msg("%s %s %s: %s not in the hours section", keys[k], w, code, text);
                checked++;
            }
            sqlite3_finalize(st);
            csv_free(&c);
        }
    }
    sqlite3_finalize(win);
    assert_true(checked >= 150);
    free(sec);
    free(html);
}

static void test_hours_recomputed(void **state)
{
    (void)state;
    hours_check("report-cs", 1);
    hours_check("report-en", 0);
}

/* Scope per facility: the services layer's counts, as the report shows them, are the rows
 * of the scope layer. */
static void scope_check(const char *dir, int czech)
{
    size_t k, r;
    int checked = 0;
    for (k = 0; k < key_count; k++) {
        char name[64];
        struct csv c;
        size_t not_reached, not_declared;
        double rows = sql_number("SELECT COUNT(*) FROM services WHERE key = %Q AND "
                                 "scope_declared IS NOT NULL", keys[k]);
        if (rows == 0)
            continue;
        snprintf(name, sizeof name, "scope_%s", keys[k]);
        csv_load(out(dir), name, &c);
        assert_float_equal((double)(c.count - 1), rows, 0);
        not_reached = csv_column(&c, czech ? "Deklarováno, nedosaženo" : "Declared, not reached");
        not_declared = csv_column(&c, czech ? "Dosaženo, nedeklarováno" : "Reached, not declared");
        for (r = 1; r < c.count; r++, checked++) {
            assert_float_equal(atof(c.rows[r][not_reached]),
                               sql_number("SELECT COUNT(*) FROM scope WHERE service_id = %Q AND "
                                          "key = %Q AND status = 'declared_not_reached'",
                                          c.rows[r][0], keys[k]), 0);
            assert_float_equal(atof(c.rows[r][not_declared]),
                               sql_number("SELECT COUNT(*) FROM scope WHERE service_id = %Q AND "
                                          "key = %Q AND status = 'reached_not_declared'",
                                          c.rows[r][0], keys[k]), 0);
        }
        csv_free(&c);
    }
    assert_true(checked >= 10);
}

/* Catchments: polygons, checked points and disagreements (none) summed from the catchments
 * layer, in the CSV's total row and the section's sentence. */
static void catchments_check(const char *dir, int czech)
{
    char *html = html_of(out(dir)), *sec = section_of(html, "catchments"), num[64], want[256];
    double polygons = sql_number("SELECT COUNT(*) FROM catchments");
    double points = sql_number("SELECT SUM(checked_points) FROM catchments");
    double violations = sql_number("SELECT SUM(violations) FROM catchments");
    struct csv c;
    char **total;
    size_t k;
    assert_float_equal(violations, 0, 0);
    assert_true(points > polygons && polygons > 0);
    csv_load(out(dir), "catchments", &c);
    total = c.rows[c.count - 1];
    assert_float_equal(atof(total[csv_column(&c, czech ? "Polygonů" : "Polygons")]), polygons, 0);
    assert_float_equal(atof(total[csv_column(&c, czech ? "Kontrolovaných bodů"
                                                       : "Checked points")]), points, 0);
    assert_float_equal(atof(total[csv_column(&c, czech ? "Nesouhlasí" : "Disagreements")]),
                       violations, 0);
    for (k = 0; k < key_count; k++)
        assert_float_equal(atof(csv_row(&c, keys[k])[csv_column(&c, czech ? "Polygonů"
                                                                          : "Polygons")]),
                           sql_number("SELECT COUNT(*) FROM catchments WHERE key = %Q",
                                      keys[k]), 0);
    csv_free(&c);
    whole(points, czech, num, sizeof num);
    snprintf(want, sizeof want, czech ? "ve všech %s kontrolovaných místech"
                                      : "agree with the computed times at all %s checked demand "
                                        "points", num);
    if (!strstr(sec, want))
        fail_msg("'%s' not in the catchments section", want);
    free(sec);
    free(html);
    scope_check(dir, czech);
}

static void test_catchments_recomputed(void **state)
{
    (void)state;
    catchments_check("report-cs", 1);
    catchments_check("report-en", 0);
}

/* The question and window facts of run_info win over the scenario text; without them (an
 * older GeoPackage) the scenario text still gives labels and windows. */
static void test_facts_first(void **state)
{
    char path[512], *html;
    const char *args[] = {"report", path, "-o", out("report-facts"), "-q", NULL};
    sqlite3 *rw = NULL;
    size_t size;
    char *data;
    (void)state;
    assert_float_equal(sql_number("SELECT COUNT(*) FROM run_info WHERE key = "
                                  "'question.care.label' AND value = 'Pečovatelská služba'"), 1, 0);
    assert_float_equal(sql_number("SELECT COUNT(*) FROM run_info WHERE key = "
                                  "'question.sheltered.norm_per_10k' AND value = '3'"), 1, 0);
    /* Not set: no fact. */
    assert_float_equal(sql_number("SELECT COUNT(*) FROM run_info WHERE key = "
                                  "'question.care.norm_per_10k'"), 0, 0);
    snprintf(path, sizeof path, "%s/facts.gpkg", base);
    data = tu_read_file(GPKG, &size);
    assert_non_null(data);
    assert_int_equal(tu_write_file(path, data, size), 0);
    free(data);
    assert_int_equal(sqlite3_open_v2(path, &rw, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(rw, "UPDATE run_info SET value = 'Péče podle faktů' WHERE key "
                                  "= 'question.care.label'; UPDATE run_info SET value = "
                                  "'Mo-Fr 18:30-21:00' WHERE key = 'window.weekday_evening'",
                                  NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(tu_run_dosah(NULL, NULL, args), 0);
    html = html_of(out("report-facts"));
    assert_non_null(strstr(html, "Péče podle faktů"));
    assert_non_null(strstr(html, "Mo-Fr 18:30-21:00"));
    assert_null(strstr(html, "Mo-Fr 18:00-22:00"));
    free(html);
    assert_int_equal(sqlite3_exec(rw, "DELETE FROM run_info WHERE key LIKE 'question.%' OR key "
                                  "LIKE 'window.%'", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(rw);
    assert_int_equal(tu_run_dosah(NULL, NULL, args), 0);
    html = html_of(out("report-facts"));
    assert_null(strstr(html, "Péče podle faktů"));
    assert_non_null(strstr(html, "<h3>Pečovatelská služba</h3>"));
    assert_non_null(strstr(html, "weekday_evening: Mo-Fr 18:00-22:00"));
    assert_non_null(strstr(html, "Norma na 10"));
    free(html);
}

static void test_default_directory(void **state)
{
    char dir[] = "/tmp/dosah-test-XXXXXX", path[512];
    const char *args[] = {"report", path, "-q", NULL};
    char *data;
    size_t size;
    int rc;
    (void)state;
    assert_non_null(mkdtemp(dir));
    /* The GeoPackage alone in a directory of its own: the report goes next to it. */
    snprintf(path, sizeof path, "%s/copy.gpkg", dir);
    data = tu_read_file(GPKG, &size);
    assert_non_null(data);
    assert_int_equal(tu_write_file(path, data, size), 0);
    free(data);
    rc = tu_run_dosah(NULL, NULL, args);
    assert_int_equal(rc, 0);
    snprintf(path, sizeof path, "%s/report.html", dir);
    assert_true(tu_exists(path));
    snprintf(path, sizeof path, "%s/maps/care.png", dir);
    assert_true(tu_exists(path));
    tu_remove_tree(dir);
}

static void expect_failure(const char *const *args, int status, const char *message)
{
    char *err = NULL;
    int rc = tu_run_dosah(NULL, &err, args);
    assert_int_equal(rc, status);
    if (!err || !strstr(err, message))
        fail_msg("expected '%s' in: %s", message, err ? err : "");
    free(err);
}

static void test_errors(void **state)
{
    const char *missing[] = {"report", "no-such-dir/none.gpkg", NULL};
    const char *not_gpkg[] = {"report", DOSAH_SOURCE_DIR "/geodata/liberec/scenario.yaml",
                              "-o", out("report-bad"), NULL};
    const char *not_ours[] = {"report", DOSAH_SOURCE_DIR "/geodata/liberec/liberec.gpkg",
                              "-o", out("report-bad"), NULL};
    const char *no_arg[] = {"report", NULL};
    const char *bad_lang[] = {"report", GPKG, "--lang", "de", NULL};
    (void)state;
    expect_failure(missing, 2, "no-such-dir/none.gpkg: does not exist");
    expect_failure(not_gpkg, 2, "not a GeoPackage that dosah can read");
    expect_failure(not_ours, 2, "not a GeoPackage written by dosah");
    expect_failure(no_arg, 2, "no GeoPackage given");
    expect_failure(bad_lang, 2, "--lang must be cs or en");
    /* A failed report writes no report. */
    assert_false(tu_exists(out("report-bad/report.html")));
}

/* Gaps and proposals, when the engine computed them: the same rows and numbers. */
static void test_gaps_and_proposals(void **state)
{
    char *html = html_of(out("report-cs")), name[64];
    struct csv c;
    size_t k, i;
    (void)state;
    for (k = 0; k < key_count; k++) {
        size_t col;
        if (sql_number("SELECT COUNT(*) FROM pragma_table_info('regions') WHERE name = "
                       "'%q_shortfall'", keys[k]) == 0)
            continue;
        snprintf(name, sizeof name, "gaps_%s", keys[k]);
        csv_load(out("report-cs"), name, &c);
        col = csv_column(&c, "Chybí jednotek");
        for (i = 1; i < c.count; i++)
            assert_float_equal(atof(c.rows[i][col]),
                               sql_number("SELECT \"%w_shortfall\" FROM regions WHERE code = %s",
                                          keys[k], c.rows[i][0]), 0);
        assert_int_equal(c.count - 1, (size_t)sql_number("SELECT COUNT(*) FROM regions"));
        csv_free(&c);
    }
    if (has_table("proposals")) {
        csv_load(out("report-cs"), "proposals", &c);
        assert_int_equal(c.count - 1, (size_t)sql_number("SELECT COUNT(*) FROM proposals"));
        assert_float_equal(atof(csv_row(&c, c.rows[1][0])[csv_column(&c, "Pořadí")]), 1, 0);
        csv_free(&c);
        assert_non_null(strstr(html, "Navržená místa"));
    }
    free(html);
}

/* The n-th allocation fails, for n spread over the whole report: every failure ends in
 * DOSAH_ENOMEM (none is swallowed), and nothing leaks (the sanitizer build checks). */
static void test_out_of_memory(void **state)
{
    static const long points[] = {0, 1, 2, 3, 4, 5, 7, 10, 15, 25, 40, 70, 100, 160, 250, 400,
                                  650, 1000, 1600, 2500, 4000, 6500, 10000, 16000, 25000,
                                  40000, 65000, 100000, 1000000};
    struct dosah_report_options opt;
    size_t i, failed = 0;
    (void)state;
    dosah_report_options_init(&opt);
    opt.png_scale = 0.25; /* the drawing is not what is tested here: keep it quick */
    for (i = 0; i < sizeof points / sizeof points[0]; i++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        enum dosah_status st;
        assert_non_null(ctx);
        dosah_ctx_fail_alloc_after(ctx, points[i]);
        st = dosah_report_write(ctx, GPKG, out("report-oom"), &opt);
        if (st != DOSAH_OK) {
            if (st != DOSAH_ENOMEM)
                fail_msg("allocation %ld: status %d: %s", points[i], st, dosah_ctx_errmsg(ctx));
            assert_non_null(strstr(dosah_ctx_errmsg(ctx), "out of memory"));
            failed++;
        } else {
            assert_int_equal(dosah_ctx_status(ctx), DOSAH_OK);
        }
        dosah_ctx_destroy(ctx);
    }
    /* Most points fall inside the report; the last lies beyond it. */
    assert_true(failed >= 20);
    assert_true(tu_exists(out("report-oom/report.html")));
    
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_html_sections),
        cmocka_unit_test(test_coverage_recomputed),
        cmocka_unit_test(test_key_figures_recomputed),
        cmocka_unit_test(test_localities_recomputed),
        cmocka_unit_test(test_provenance),
        cmocka_unit_test(test_gaps_and_proposals),
        cmocka_unit_test(test_capacity_recomputed),
        cmocka_unit_test(test_hours_recomputed),
        cmocka_unit_test(test_catchments_recomputed),
        cmocka_unit_test(test_facts_first),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_default_directory),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
