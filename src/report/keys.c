/* SPDX-License-Identifier: MIT */
/*
 * Which questions a GeoPackage answers. The columns decide: every `K_minutes` column of the
 * municipalities (else demand) layer is a service key K, in column order, and the
 * `K_within_T` columns of the first key give the thresholds T. What columns cannot say
 * (label, form, § types, threshold, norm, target, mode) comes from the question.<K>.* facts
 * the run stored in run_info, else (a GeoPackage written before there were such facts) from
 * the scenario text kept there; a key neither knows is still reported, under its own name.
 * The time windows come the same way: window.<name> facts, else the scenario.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core_internal.h"
#include "dosah/model.h"
#include "dosah/scenario.h"
#include "report/report_internal.h"

static const char *suffix_of(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n > k && !strcmp(name + n - k, suffix) ? name + n - k : NULL;
}

static enum dosah_status describe_types(struct dosah_ctx *ctx, const struct dosah_service_spec *q,
                                        char **out)
{
    struct dosah_strbuf b;
    enum dosah_status st = DOSAH_OK;
    size_t i;
    dosah_strbuf_init(&b, 0);
    for (i = 0; i < q->type_count && !st; i++)
        st = dosah_strbuf_printf(ctx, &b, "%s\xc2\xa7%d", i ? ", " : "", q->types[i]);
    if (!st && !(*out = dosah_strbuf_take(ctx, &b)))
        st = DOSAH_ENOMEM;
    dosah_strbuf_clear(&b);
    return st;
}

const char *dosah_report_key_col(const char *key, enum dosah_key_field f, double minutes,
                                 const char *window, char *buf, size_t n)
{
    dosah_key_field_name(f, key, minutes, window, buf, n);
    return buf;
}

/* The run_info fact f of question key (a copy), NULL when absent. */
static enum dosah_status key_fact(struct dosah_report_doc *doc, const char *key, enum dosah_fact f,
                                  char **out)
{
    char name[160];
    dosah_fact_key(f, key, name, sizeof name);
    return dosah_report_db_info(doc, name, out);
}

/* A number fact; NaN when absent or not a number. */
static enum dosah_status key_number(struct dosah_report_doc *doc, const char *key,
                                    enum dosah_fact field, double *out)
{
    char *text = NULL, *end;
    enum dosah_status st = key_fact(doc, key, field, &text);
    double v;
    *out = NAN;
    if (!st && text) {
        v = strtod(text, &end);
        if (end != text && *end == '\0')
            *out = v;
    }
    dosah_free(text);
    return st;
}

/* The question as the run described it in run_info; *found = 0 when it did not. */
static enum dosah_status fill_from_facts(struct dosah_report_doc *doc, struct dosah_report_key *k,
                                         int *found)
{
    enum dosah_status st;
    *found = 0;
    if ((st = key_fact(doc, k->key, DOSAH_FACT_QUESTION_LABEL, &k->label)) || !k->label)
        return st;
    *found = 1;
    if ((st = key_fact(doc, k->key, DOSAH_FACT_QUESTION_FORM, &k->form)) ||
        (st = key_fact(doc, k->key, DOSAH_FACT_QUESTION_TYPES, &k->types)) ||
        (st = key_fact(doc, k->key, DOSAH_FACT_QUESTION_MODE, &k->mode)) ||
        (st = key_fact(doc, k->key, DOSAH_FACT_QUESTION_TARGET_GROUP, &k->target_group)) ||
        (st = key_fact(doc, k->key, DOSAH_FACT_QUESTION_SERVICE_DAY, &k->service_day)) ||
        (st = key_fact(doc, k->key, DOSAH_FACT_QUESTION_SERVICE_WEEKDAY, &k->service_weekday)) ||
        (st = key_fact(doc, k->key, DOSAH_FACT_QUESTION_DEPART, &k->depart)) ||
        (st = key_number(doc, k->key, DOSAH_FACT_QUESTION_THRESHOLD_MIN, &k->threshold_min)) ||
        (st = key_number(doc, k->key, DOSAH_FACT_QUESTION_NORM_PER_10K, &k->norm_per_10k)))
        return st;
    return key_number(doc, k->key, DOSAH_FACT_QUESTION_TARGET_SHARE, &k->target_share);
}

/* The question as the scenario text describes it (GeoPackages without question facts). */
static enum dosah_status fill_from_scenario(struct dosah_report_doc *doc,
                                            struct dosah_report_key *k)
{
    const struct dosah_scenario *s = doc->scenario;
    const struct dosah_service_spec *q;
    long i;
    if (!s || (i = dosah_scenario_find_service(s, k->key)) < 0)
        return DOSAH_OK;
    q = &s->services[i];
    k->threshold_min = q->threshold_min;
    k->norm_per_10k = q->norm_per_10k;
    k->target_share = q->target_share;
    if (!(k->form = dosah_strdup(doc->ctx, dosah_form_name((enum dosah_form)q->form))) ||
        !(k->mode = dosah_strdup(doc->ctx, q->mode == DOSAH_MODE_TRANSIT ? "transit"
                                           : q->mode == DOSAH_MODE_WALK  ? "walk"
                                                                         : "car")) ||
        describe_types(doc->ctx, q, &k->types) ||
        (q->target_group && !(k->target_group = dosah_strdup(doc->ctx, q->target_group))) ||
        (q->label && !(k->label = dosah_strdup(doc->ctx, q->label))))
        return DOSAH_ENOMEM;
    return DOSAH_OK;
}

/* Whether the areas (or regions) carry the column of field f for key. */
static int has_key_column(const struct dosah_report_doc *doc, const char *key,
                          enum dosah_key_field f)
{
    char col[160];
    dosah_report_key_col(key, f, NAN, NULL, col, sizeof col);
    return dosah_report_db_has_column(doc, doc->area_table, col) ||
           (doc->has_regions &&
            dosah_report_db_has_column(doc, dosah_table_name(DOSAH_T_REGIONS), col));
}

/* Fills one key from its column name prefix, the run's facts or the scenario. */
static enum dosah_status fill_key(struct dosah_report_doc *doc, struct dosah_report_key *k,
                                  const char *name, size_t len)
{
    enum dosah_status st;
    char gap[160];
    int found;
    k->threshold_min = k->norm_per_10k = k->target_share = NAN;
    if (!(k->key = dosah_malloc(doc->ctx, len + 1)))
        return DOSAH_ENOMEM;
    memcpy(k->key, name, len);
    k->key[len] = '\0';
    if ((st = fill_from_facts(doc, k, &found)) || (!found && (st = fill_from_scenario(doc, k))))
        return st;
    if (!k->label && !(k->label = dosah_strdup(doc->ctx, k->key)))
        return DOSAH_ENOMEM;
    dosah_report_key_col(k->key, DOSAH_KF_GAP, NAN, NULL, gap, sizeof gap);
    k->has_gap = doc->has_regions &&
                 dosah_report_db_has_column(doc, dosah_table_name(DOSAH_T_REGIONS), gap);
    k->has_capacity = has_key_column(doc, k->key, DOSAH_KF_FCA) ||
                      has_key_column(doc, k->key, DOSAH_KF_CAP_COVERED);
    return DOSAH_OK;
}

/* "_" and the part of field f's suffix before its first {: "_within_" of "within_{T}". */
static void suffix_head(enum dosah_key_field f, char *buf, size_t n)
{
    const char *s = dosah_key_field_suffix(f);
    snprintf(buf, n, "_%.*s", (int)strcspn(s, "{"), s);
}

static enum dosah_status add_key(struct dosah_report_doc *doc, size_t *cap, const char *column)
{
    char minutes[64];
    const char *end;
    suffix_head(DOSAH_KF_MEAN_MINUTES, minutes, sizeof minutes);
    end = suffix_of(column, minutes);
    enum dosah_status st;
    void *keys = doc->keys;
    if (!end)
        return DOSAH_OK;
    if ((st = dosah_array_reserve(doc->ctx, &keys, cap, doc->key_count + 1, sizeof *doc->keys)))
        return st;
    doc->keys = keys;
    memset(&doc->keys[doc->key_count], 0, sizeof *doc->keys);
    doc->key_count++;
    return fill_key(doc, &doc->keys[doc->key_count - 1], column, (size_t)(end - column));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* T of a "K_within_T" column of the first key, or NaN. */
static double threshold_of(const struct dosah_report_doc *doc, const char *column)
{
    size_t n = strlen(doc->keys[0].key), h;
    char *end, head[64];
    double t;
    suffix_head(DOSAH_KF_WITHIN_T, head, sizeof head);
    h = strlen(head);
    if (strncmp(column, doc->keys[0].key, n) || strncmp(column + n, head, h))
        return NAN;
    t = strtod(column + n + h, &end);
    return *end == '\0' && end != column + n + h && t > 0 ? t : NAN;
}

static enum dosah_status find_thresholds(struct dosah_report_doc *doc, size_t count,
                                         char **columns)
{
    size_t i, n = 0;
    const struct dosah_scenario *s = doc->scenario;
    if (!(doc->thresholds = dosah_calloc(doc->ctx, count + (s ? s->threshold_count : 0) + 1,
                                         sizeof *doc->thresholds)))
        return DOSAH_ENOMEM;
    for (i = 0; doc->key_count && i < count; i++) {
        double t = threshold_of(doc, columns[i]);
        if (!isnan(t))
            doc->thresholds[n++] = t;
    }
    /* Demand points carry no K_within_T columns: the scenario's thresholds then apply. */
    for (i = 0; n == 0 && s && i < s->threshold_count; i++)
        doc->thresholds[i] = s->thresholds_min[i];
    if (n == 0 && s)
        n = s->threshold_count;
    qsort(doc->thresholds, n, sizeof *doc->thresholds, cmp_double);
    doc->threshold_count = n;
    return DOSAH_OK;
}

static enum dosah_status add_window(struct dosah_report_doc *doc, size_t *cap, const char *name,
                                    const char *text)
{
    struct dosah_report_window *w;
    void *p = doc->windows;
    enum dosah_status st;
    if ((st = dosah_array_reserve(doc->ctx, &p, cap, doc->window_count + 1, sizeof *w)))
        return st;
    doc->windows = p;
    w = &doc->windows[doc->window_count];
    memset(w, 0, sizeof *w);
    if (!(w->name = dosah_strdup(doc->ctx, name)) ||
        (text && !(w->text = dosah_strdup(doc->ctx, text)))) {
        dosah_free(w->name);
        return DOSAH_ENOMEM;
    }
    doc->window_count++;
    return DOSAH_OK;
}

/* The time windows: run_info's window.<name> facts in the order written, else the
 * scenario's. */
static enum dosah_status find_windows(struct dosah_report_doc *doc)
{
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    const char *window = dosah_fact_template(DOSAH_FACT_WINDOW);
    const char *key = dosah_out_field_name(DOSAH_OF_INFO_KEY);
    int head = (int)strcspn(window, "{");
    char prefix[32]; /* "window." */
    size_t cap = 0, i;
    int row;
    snprintf(prefix, sizeof prefix, "%.*s", head, window);
    if ((st = dosah_report_db_prepare(doc, &stmt,
                                      "SELECT substr(\"%w\", %d), \"%w\" FROM \"%w\" "
                                      "WHERE substr(\"%w\", 1, %d) = %Q ORDER BY " DOSAH_FID_COLUMN,
                                      key, head + 1, dosah_out_field_name(DOSAH_OF_INFO_VALUE),
                                      dosah_table_name(DOSAH_T_RUN_INFO), key, head, prefix)))
        return st;
    while (!(st = dosah_report_db_step(doc, stmt, &row)) && row) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        if (name && *name &&
            (st = add_window(doc, &cap, name, (const char *)sqlite3_column_text(stmt, 1))))
            break;
    }
    sqlite3_finalize(stmt);
    if (st || doc->window_count || !doc->scenario)
        return st;
    for (i = 0; i < doc->scenario->window_count && !st; i++)
        st = add_window(doc, &cap, doc->scenario->windows[i].name, doc->scenario->windows[i].text);
    return st;
}

enum dosah_status dosah_report_doc_keys(struct dosah_report_doc *doc)
{
    sqlite3_stmt *stmt = NULL;
    char **columns = NULL;
    size_t count = 0, cap = 0, key_cap = 0, i;
    enum dosah_status st;
    int row;
    if ((st = dosah_report_db_prepare(doc, &stmt, "SELECT name FROM pragma_table_info(%Q) "
                                      "ORDER BY cid", doc->area_table)))
        return st;
    while (!(st = dosah_report_db_step(doc, stmt, &row)) && row) {
        void *p = columns;
        if ((st = dosah_array_reserve(doc->ctx, &p, &cap, count + 1, sizeof *columns)))
            break;
        columns = p;
        if (!(columns[count] = dosah_report_col_text(doc->ctx, stmt, 0))) {
            st = DOSAH_ENOMEM;
            break;
        }
        if ((st = add_key(doc, &key_cap, columns[count++])))
            break;
    }
    sqlite3_finalize(stmt);
    if (!st && doc->key_count == 0)
        st = dosah_error_set(doc->ctx, DOSAH_EINVAL, "%s: layer %s has no travel-time column "
                             "(<key>_minutes); nothing to report", doc->path, doc->area_table);
    if (!st)
        st = find_thresholds(doc, count, columns);
    if (!st)
        st = find_windows(doc);
    for (i = 0; i < count; i++)
        dosah_free(columns[i]);
    dosah_free(columns);
    return st;
}
