/* SPDX-License-Identifier: MIT */
/*
 * Which questions a GeoPackage answers. The columns decide: every `K_minutes` column of the
 * municipalities (else demand) layer is a service key K, in column order, and the
 * `K_within_T` columns of the first key give the thresholds T. The scenario text kept in
 * run_info adds what columns cannot say (label, form, § types, threshold, norm, target); a
 * key the scenario does not know is still reported, under its own name.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

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

/* Fills one key from its column name prefix and the scenario. */
static enum dosah_status fill_key(struct dosah_report_doc *doc, struct dosah_report_key *k,
                                  const char *name, size_t len)
{
    const struct dosah_scenario *s = doc->scenario;
    const struct dosah_service_spec *q = NULL;
    char gap[160];
    long i;
    k->threshold_min = k->norm_per_10k = k->target_share = NAN;
    if (!(k->key = dosah_malloc(doc->ctx, len + 1)))
        return DOSAH_ENOMEM;
    memcpy(k->key, name, len);
    k->key[len] = '\0';
    if (s && (i = dosah_scenario_find_service(s, k->key)) >= 0)
        q = &s->services[i];
    if (q) {
        k->threshold_min = q->threshold_min;
        k->norm_per_10k = q->norm_per_10k;
        k->target_share = q->target_share;
        if (!(k->form = dosah_strdup(doc->ctx, dosah_form_name((enum dosah_form)q->form))) ||
            describe_types(doc->ctx, q, &k->types))
            return DOSAH_ENOMEM;
    }
    if (!(k->label = dosah_strdup(doc->ctx, q && q->label ? q->label : k->key)))
        return DOSAH_ENOMEM;
    snprintf(gap, sizeof gap, "%s_gap", k->key);
    k->has_gap = doc->has_regions && dosah_report_db_has_column(doc, "regions", gap);
    return DOSAH_OK;
}

static enum dosah_status add_key(struct dosah_report_doc *doc, size_t *cap, const char *column)
{
    const char *end = suffix_of(column, "_minutes");
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
    size_t n = strlen(doc->keys[0].key);
    char *end;
    double t;
    if (strncmp(column, doc->keys[0].key, n) || strncmp(column + n, "_within_", 8))
        return NAN;
    t = strtod(column + n + 8, &end);
    return *end == '\0' && end != column + n + 8 && t > 0 ? t : NAN;
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
    for (i = 0; i < count; i++)
        dosah_free(columns[i]);
    dosah_free(columns);
    return st;
}
