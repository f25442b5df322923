/* SPDX-License-Identifier: MIT */
/*
 * Method and provenance: how the figures are defined, the questions' parameters and the
 * network parameters as the scenario set them, every input with its SHA-256, the engine and
 * library versions, counts and timings from run_info, the GeoPackage the report was rendered
 * from (with its own SHA-256), and the scenario's full text.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "dosah/scenario.h"
#include "report/sections_internal.h"

/* "by car" / "on foot" in the report's language; the mode as written otherwise. */
static const char *mode_text(const struct dosah_report *r, const char *mode)
{
    if (!mode)
        return "\xe2\x80\x93";
    if (!strcmp(mode, "car"))
        return dosah_report_t(r, DOSAH_RMSG_MODE_CAR);
    if (!strcmp(mode, "walk"))
        return dosah_report_t(r, DOSAH_RMSG_MODE_WALK);
    if (!strcmp(mode, "transit"))
        return dosah_report_t(r, DOSAH_RMSG_MODE_TRANSIT);
    return mode;
}

/* "by public transport, Tuesday 2026-03-03, leaving every minute 07:00-09:00". */
static void transit_text(const struct dosah_report *r, const struct dosah_report_key *k,
                         char *buf, size_t size)
{
    static const char *const en[] = {"monday", "tuesday",  "wednesday", "thursday",
                                     "friday", "saturday", "sunday"};
    const char *day = "";
    size_t i;
    for (i = 0; k->service_weekday && i < 7; i++)
        if (!strcmp(k->service_weekday, en[i]))
            day = dosah_report_t(r, (enum dosah_report_msg_id)(DOSAH_RMSG_WEEKDAY_MONDAY + i));
    snprintf(buf, size, "%s, %s %s, %s %s", dosah_report_t(r, DOSAH_RMSG_MODE_TRANSIT), day,
             k->service_day, dosah_report_t(r, DOSAH_RMSG_TRANSIT_DEPART), k->depart);
}

static enum dosah_status params_row(struct dosah_report *r, struct dosah_report_table *t,
                                    const struct dosah_report_key *k)
{
    struct dosah_ctx *ctx = r->ctx;
    enum dosah_status st;
    if ((st = dosah_report_table_row(ctx, t, 0)) ||
        (st = dosah_report_table_set(ctx, t, 0, k->key, NULL)) ||
        (st = dosah_report_table_set(ctx, t, 1, k->label, NULL)) ||
        (st = dosah_report_table_set(ctx, t, 2, k->types ? k->types : "", NULL)) ||
        (st = dosah_report_table_set(ctx, t, 3, k->form ? k->form : "",
                                     dosah_report_form_text(r, k->form))) ||
        (st = dosah_report_table_number(ctx, t, 4, k->threshold_min, 0, NULL)) ||
        (st = dosah_report_table_number(ctx, t, 5, k->norm_per_10k, 2, NULL)) ||
        (st = dosah_report_table_share(ctx, t, 6, k->target_share, NULL)))
        return st;
    if (k->mode && !strcmp(k->mode, "transit") && k->service_day && k->depart) {
        char text[256];
        transit_text(r, k, text, sizeof text);
        st = dosah_report_table_set(ctx, t, 7, k->mode, text);
    } else {
        st = dosah_report_table_set(ctx, t, 7, k->mode ? k->mode : "", mode_text(r, k->mode));
    }
    if (st)
        return st;
    return dosah_report_table_set(ctx, t, 8, k->target_group ? k->target_group : "",
                                  k->target_group ? NULL
                                                  : dosah_report_t(r, DOSAH_RMSG_GROUP_EVERYBODY));
}

static enum dosah_status params_table(struct dosah_report *r)
{
    static const enum dosah_report_msg_id heads[] = {
        DOSAH_RMSG_COL_KEY,    DOSAH_RMSG_COL_SERVICE,   DOSAH_RMSG_COL_TYPES,
        DOSAH_RMSG_COL_FORM,   DOSAH_RMSG_COL_THRESHOLD, DOSAH_RMSG_COL_NORM,
        DOSAH_RMSG_COL_TARGET, DOSAH_RMSG_COL_MODE,      DOSAH_RMSG_COL_GROUP};
    const size_t ncol = sizeof heads / sizeof heads[0];
    struct dosah_report_table t;
    enum dosah_status st;
    size_t c;
    if ((st = dosah_report_table_init(r->ctx, &t, "parameters", ncol, r->lang)))
        return st;
    for (c = 0; c < ncol && !st; c++)
        st = dosah_report_table_head(r->ctx, &t, c, dosah_report_t(r, heads[c]), c >= 4 && c <= 6);
    for (c = 0; c < r->doc.key_count && !st; c++)
        st = params_row(r, &t, &r->doc.keys[c]);
    if (!st)
        st = dosah_report_emit_table(r, &t, dosah_report_t(r, DOSAH_RMSG_TABLE_PARAMETERS));
    dosah_report_table_clear(&t);
    return st;
}

static enum dosah_status kv(struct dosah_report *r, struct dosah_report_table *t,
                            const char *key, const char *value)
{
    enum dosah_status st;
    if ((st = dosah_report_table_row(r->ctx, t, 0)) ||
        (st = dosah_report_table_set(r->ctx, t, 0, key, NULL)))
        return st;
    return dosah_report_table_set(r->ctx, t, 1, value ? value : "", NULL);
}

static enum dosah_status kv_number(struct dosah_report *r, struct dosah_report_table *t,
                                   const char *key, double v)
{
    char num[64];
    snprintf(num, sizeof num, "%g", v);
    return kv(r, t, key, num);
}

/* Thresholds, snapping and speeds as the scenario set them. */
static enum dosah_status network_rows(struct dosah_report *r, struct dosah_report_table *t)
{
    const struct dosah_scenario *s = r->doc.scenario;
    struct dosah_strbuf b;
    enum dosah_status st = DOSAH_OK;
    size_t i;
    dosah_strbuf_init(&b, 0);
    for (i = 0; i < r->doc.threshold_count && !st; i++)
        st = dosah_strbuf_printf(r->ctx, &b, "%s%g", i ? ", " : "", r->doc.thresholds[i]);
    if (st || (st = kv(r, t, "thresholds_min", b.data)))
        goto fail;
    dosah_strbuf_clear(&b);
    for (i = 0; i < r->doc.window_count && !st; i++)
        st = dosah_strbuf_printf(r->ctx, &b, "%s%s: %s", i ? "; " : "", r->doc.windows[i].name,
                                 r->doc.windows[i].text ? r->doc.windows[i].text : "");
    if (st || (r->doc.window_count && (st = kv(r, t, "time_windows", b.data))) || !s)
        goto fail;
    if ((st = kv_number(r, t, "network.access_kmh", s->network.access_kmh)) ||
        (st = kv_number(r, t, "network.snap_max_m", s->network.snap_max_m)) ||
        (st = kv_number(r, t, "network.default_speed_kmh", s->network.default_speed_kmh)))
        goto fail;
    dosah_strbuf_clear(&b);
    for (i = 0; i < s->network.speed_count && !st; i++)
        st = dosah_strbuf_printf(r->ctx, &b, "%s%s %g", i ? ", " : "",
                                 s->network.speeds[i].road_class,
                                 s->network.speeds[i].speed_kmh);
    if (!st)
        st = kv(r, t, "network.speeds_kmh", b.data);
fail:
    dosah_strbuf_clear(&b);
    return st;
}

/* The part of fact f's key before its {x} (after: 0) or after it (after: 1): "question." or
 * ".label" of "question.{K}.label", into buf (of size n). */
static const char *fact_part(enum dosah_fact f, int after, char *buf, size_t n)
{
    const char *key = dosah_fact_template(f);
    size_t head = strcspn(key, "{");
    const char *close = strchr(key + head, '}');
    if (after)
        snprintf(buf, n, "%s", close ? close + 1 : "");
    else
        snprintf(buf, n, "%.*s", (int)head, key);
    return buf;
}

/* run_info rows matching `like` but not `unlike` as key/value rows; not the long ones, nor
 * the questions' and windows' facts, which the tables above show. */
static enum dosah_status info_rows(struct dosah_report *r, struct dosah_report_table *t,
                                   const char *like, const char *unlike)
{
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    char question[32], window[32];
    int row;
    fact_part(DOSAH_FACT_QUESTION_LABEL, 0, question, sizeof question);
    fact_part(DOSAH_FACT_WINDOW, 0, window, sizeof window);
    if ((st = dosah_report_db_prepare(
             &r->doc, &stmt,
             "SELECT k, v FROM (SELECT \"%w\" AS k, \"%w\" AS v, " DOSAH_FID_COLUMN
             " AS n FROM \"%w\") WHERE k LIKE %Q AND k NOT LIKE %Q AND k NOT IN (%Q, %Q, %Q) "
             "AND substr(k, 1, %d) <> %Q AND substr(k, 1, %d) <> %Q ORDER BY n",
             dosah_out_field_name(DOSAH_OF_INFO_KEY), dosah_out_field_name(DOSAH_OF_INFO_VALUE),
             dosah_table_name(DOSAH_T_RUN_INFO), like, unlike,
             dosah_fact_template(DOSAH_FACT_SCENARIO_TEXT), dosah_fact_template(DOSAH_FACT_CRS_WKT),
             dosah_fact_template(DOSAH_FACT_GDAL_BUILD_INFO), (int)strlen(question), question,
             (int)strlen(window), window)))
        return st;
    while (!(st = dosah_report_db_step(&r->doc, stmt, &row)) && row)
        if ((st = kv(r, t, (const char *)sqlite3_column_text(stmt, 0),
                     (const char *)sqlite3_column_text(stmt, 1))))
            break;
    sqlite3_finalize(stmt);
    return st;
}

static enum dosah_status kv_table(struct dosah_report *r, const char *name,
                                  struct dosah_report_table *t)
{
    enum dosah_status st;
    if ((st = dosah_report_table_init(r->ctx, t, name, 2, r->lang)) ||
        (st = dosah_report_table_head(r->ctx, t, 0, dosah_report_t(r, DOSAH_RMSG_COL_ITEM), 0)) ||
        (st = dosah_report_table_head(r->ctx, t, 1, dosah_report_t(r, DOSAH_RMSG_COL_VALUE), 0)))
        return st;
    return DOSAH_OK;
}

static enum dosah_status run_parameters(struct dosah_report *r)
{
    struct dosah_report_table t;
    enum dosah_status st = kv_table(r, "run_parameters", &t);
    if (!st && !(st = network_rows(r, &t)))
        st = dosah_report_emit_table(r, &t, dosah_report_t(r, DOSAH_RMSG_TABLE_RUN_PARAMETERS));
    dosah_report_table_clear(&t);
    return st;
}

static enum dosah_status input_row(struct dosah_report *r, struct dosah_report_table *t,
                                   sqlite3_stmt *stmt)
{
    enum dosah_status st = dosah_report_table_row(r->ctx, t, 0);
    size_t c;
    for (c = 0; c < 4 && !st; c++) {
        const char *v = (const char *)sqlite3_column_text(stmt, (int)c);
        st = dosah_report_table_set(r->ctx, t, c, v ? v : "", NULL);
    }
    return st;
}

/* One row per input: its kind, path as written, layer and SHA-256. */
static enum dosah_status inputs_table(struct dosah_report *r)
{
    static const enum dosah_report_msg_id heads[] = {
        DOSAH_RMSG_COL_INPUT, DOSAH_RMSG_COL_FILE, DOSAH_RMSG_COL_LAYER, DOSAH_RMSG_COL_SHA256};
    struct dosah_report_table t;
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    char prefix[32], path[32], layer[32], sha256[32], like[64], *kind;
    size_t c;
    int row;
    if ((st = dosah_report_table_init(r->ctx, &t, "inputs", 4, r->lang)))
        return st;
    for (c = 0; c < 4 && !st; c++)
        st = dosah_report_table_head(r->ctx, &t, c, dosah_report_t(r, heads[c]), 0);
    /* run_info's input.<kind>.path rows, each with its kind's layer and sha256 */
    fact_part(DOSAH_FACT_INPUT_PATH, 0, prefix, sizeof prefix);
    fact_part(DOSAH_FACT_INPUT_PATH, 1, path, sizeof path);
    fact_part(DOSAH_FACT_INPUT_LAYER, 1, layer, sizeof layer);
    fact_part(DOSAH_FACT_INPUT_SHA256, 1, sha256, sizeof sha256);
    dosah_fact_key(DOSAH_FACT_INPUT_PATH, "%", like, sizeof like);
    kind = sqlite3_mprintf("substr(i.k, %d, length(i.k) - %d)", (int)strlen(prefix) + 1,
                           (int)(strlen(prefix) + strlen(path)));
    if (!st && !kind)
        st = DOSAH_ENOMEM;
    if (!st)
        st = dosah_report_db_prepare(
            &r->doc, &stmt,
            "WITH info(k, v, n) AS (SELECT \"%w\", \"%w\", " DOSAH_FID_COLUMN " FROM \"%w\") "
            "SELECT %s, i.v, (SELECT v FROM info WHERE k = %Q || %s || %Q), "
            "(SELECT v FROM info WHERE k = %Q || %s || %Q) FROM info i WHERE i.k LIKE %Q "
            "ORDER BY i.n",
            dosah_out_field_name(DOSAH_OF_INFO_KEY), dosah_out_field_name(DOSAH_OF_INFO_VALUE),
            dosah_table_name(DOSAH_T_RUN_INFO), kind, prefix, kind, layer, prefix, kind, sha256,
            like);
    sqlite3_free(kind);
    while (!st && !(st = dosah_report_db_step(&r->doc, stmt, &row)) && row)
        st = input_row(r, &t, stmt);
    sqlite3_finalize(stmt);
    if (!st && t.row_count)
        st = dosah_report_emit_table(r, &t, dosah_report_t(r, DOSAH_RMSG_TABLE_INPUTS));
    dosah_report_table_clear(&t);
    return st;
}

static enum dosah_status provenance_table(struct dosah_report *r)
{
    struct dosah_report_table t;
    char hex[65], inputs[32];
    enum dosah_status st = kv_table(r, "provenance", &t);
    if (st)
        return st;
    fact_part(DOSAH_FACT_INPUT_PATH, 0, inputs, sizeof inputs - 1);
    strcat(inputs, "%"); /* the inputs have their own table */
    if ((st = info_rows(r, &t, "%", inputs)) == DOSAH_OK) {
        /* The file the report was rendered from, so a printed report can be matched to it. */
        st = dosah_report_hash_finish(r, hex);
        if (!st && !(st = kv(r, &t, "report.geopackage", r->shown_path)))
            st = kv(r, &t, "report.geopackage_sha256", hex);
    }
    if (!st)
        st = dosah_report_emit_table(r, &t, dosah_report_t(r, DOSAH_RMSG_TABLE_PROVENANCE));
    dosah_report_table_clear(&t);
    return st;
}

static enum dosah_status scenario_text(struct dosah_report *r)
{
    char *text = NULL;
    enum dosah_status st =
        dosah_report_db_info(&r->doc, dosah_fact_template(DOSAH_FACT_SCENARIO_TEXT), &text);
    if (st || !text)
        return st;
    if (!(st = dosah_report_out(r, "<details class=\"scenario\"><summary>")) &&
        !(st = dosah_report_out_text(r, dosah_report_t(r, DOSAH_RMSG_SCENARIO_TEXT))) &&
        !(st = dosah_report_out(r, "</summary>\n<pre>")) && !(st = dosah_report_out_text(r, text)))
        st = dosah_report_out(r, "</pre></details>\n");
    dosah_free(text);
    return st;
}

enum dosah_status dosah_report_method(struct dosah_report *r)
{
    static const enum dosah_report_msg_id paragraphs[] = {
        DOSAH_RMSG_METHOD_TIME, DOSAH_RMSG_METHOD_AREA, DOSAH_RMSG_METHOD_COVERAGE,
        DOSAH_RMSG_METHOD_UNREACHABLE, DOSAH_RMSG_METHOD_MAPS, DOSAH_RMSG_METHOD_SOURCE};
    enum dosah_status st = DOSAH_OK;
    size_t i;
    for (i = 0; i < sizeof paragraphs / sizeof paragraphs[0] && !st; i++)
        if (!(st = dosah_report_out(r, "<p>")) &&
            !(st = dosah_report_out_text(r, dosah_report_t(r, paragraphs[i]))))
            st = dosah_report_out(r, "</p>\n");
    if (st || (st = params_table(r)) || (st = run_parameters(r)) || (st = inputs_table(r)) ||
        (st = provenance_table(r)))
        return st;
    return scenario_text(r);
}
