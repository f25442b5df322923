/* SPDX-License-Identifier: MIT */
/*
 * The GeoPackage read back for the report: opened read-only through SQLite with SpatiaLite
 * initialised on the connection (its reentrant API, one cache per connection, no process-wide
 * state) in GeoPackage "amphibious" mode, so that SQL can simplify and convert the GPKG
 * geometry blobs. Small helpers run the report's queries and turn every SQLite failure into
 * a message that names the file.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first. */
#include <spatialite.h>

#include "core/core_internal.h"
#include "dosah/scenario.h"
#include "report/report_internal.h"

static enum dosah_status sql_fail(struct dosah_report_doc *doc, const char *what)
{
    return dosah_error_set(doc->ctx, DOSAH_EIO, "%s: %s: %s", doc->path, what,
                           doc->db ? sqlite3_errmsg(doc->db) : "cannot open");
}

int dosah_report_db_has_table(const struct dosah_report_doc *doc, const char *table)
{
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(doc->db, "SELECT 1 FROM sqlite_master WHERE type IN "
                           "('table', 'view') AND name = ?1", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC) == SQLITE_OK)
        found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

int dosah_report_db_has_column(const struct dosah_report_doc *doc, const char *table,
                               const char *column)
{
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(doc->db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC) == SQLITE_OK &&
        sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC) == SQLITE_OK)
        found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

static enum dosah_status prepare_v(struct dosah_report_doc *doc, sqlite3_stmt **stmt,
                                   const char *fmt, va_list ap)
{
    char *sql = sqlite3_vmprintf(fmt, ap);
    int rc;
    *stmt = NULL;
    if (!sql)
        return dosah_error_set(doc->ctx, DOSAH_ENOMEM, "out of memory building a query");
    rc = sqlite3_prepare_v2(doc->db, sql, -1, stmt, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(*stmt);
        *stmt = NULL;
        return sql_fail(doc, "cannot query the GeoPackage");
    }
    return DOSAH_OK;
}

enum dosah_status dosah_report_db_prepare(struct dosah_report_doc *doc, sqlite3_stmt **stmt,
                                          const char *fmt, ...)
{
    va_list ap;
    enum dosah_status st;
    va_start(ap, fmt);
    st = prepare_v(doc, stmt, fmt, ap);
    va_end(ap);
    return st;
}

enum dosah_status dosah_report_db_step(struct dosah_report_doc *doc, sqlite3_stmt *stmt,
                                       int *row)
{
    int rc;
    /* Many short queries never reach the progress handler's step count: check each row. */
    if (dosah_ctx_cancelled(doc->ctx)) {
        *row = 0;
        return dosah_check_cancel(doc->ctx, "report");
    }
    rc = sqlite3_step(stmt);
    *row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return DOSAH_OK;
    return sql_fail(doc, "cannot read the GeoPackage");
}

enum dosah_status dosah_report_db_number(struct dosah_report_doc *doc, double *out,
                                         const char *fmt, ...)
{
    sqlite3_stmt *stmt;
    enum dosah_status st;
    va_list ap;
    int row;
    *out = NAN;
    va_start(ap, fmt);
    st = prepare_v(doc, &stmt, fmt, ap);
    va_end(ap);
    if (st)
        return st;
    if (!(st = dosah_report_db_step(doc, stmt, &row)) && row)
        *out = dosah_report_col_number(stmt, 0);
    sqlite3_finalize(stmt);
    return st;
}

enum dosah_status dosah_report_db_info(struct dosah_report_doc *doc, const char *key,
                                       char **out)
{
    sqlite3_stmt *stmt;
    enum dosah_status st;
    int row;
    *out = NULL;
    if ((st = dosah_report_db_prepare(
             doc, &stmt,
             "SELECT \"%w\" FROM \"%w\" WHERE \"%w\" = %Q ORDER BY " DOSAH_FID_COLUMN " LIMIT 1",
             dosah_out_field_name(DOSAH_OF_INFO_VALUE), dosah_table_name(DOSAH_T_RUN_INFO),
             dosah_out_field_name(DOSAH_OF_INFO_KEY), key)))
        return st;
    if (!(st = dosah_report_db_step(doc, stmt, &row)) && row &&
        sqlite3_column_type(stmt, 0) != SQLITE_NULL &&
        !(*out = dosah_report_col_text(doc->ctx, stmt, 0)))
        st = DOSAH_ENOMEM;
    sqlite3_finalize(stmt);
    return st;
}

char *dosah_report_col_text(struct dosah_ctx *ctx, sqlite3_stmt *stmt, int col)
{
    const unsigned char *s = sqlite3_column_text(stmt, col);
    return s ? dosah_strdup(ctx, (const char *)s) : NULL;
}

double dosah_report_col_number(sqlite3_stmt *stmt, int col)
{
    if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
        return NAN;
    return sqlite3_column_double(stmt, col);
}

/* The scenario stored in run_info, parsed again for the network parameters and the plan, and
 * for the questions' labels, thresholds and norms when run_info has no question facts (a
 * GeoPackage of an older version). A text that no longer parses (written by another
 * version) is not an error: the keys are then found from the columns and facts alone. */
static enum dosah_status load_scenario(struct dosah_report_doc *doc)
{
    char *text = NULL, *path = NULL;
    enum dosah_status st;
    if ((st = dosah_report_db_info(doc, dosah_fact_template(DOSAH_FACT_SCENARIO_TEXT), &text)) ||
        (st = dosah_report_db_info(doc, dosah_fact_template(DOSAH_FACT_SCENARIO_PATH), &path)))
        goto fail;
    if (text && dosah_scenario_parse(doc->ctx, path ? path : "scenario.yaml", text,
                                     strlen(text), &doc->scenario) != DOSAH_OK) {
        if (dosah_ctx_status(doc->ctx) == DOSAH_ENOMEM) {
            st = DOSAH_ENOMEM;
            goto fail;
        }
        dosah_ctx_clear_error(doc->ctx);
        doc->scenario = NULL;
    }
    if ((st = dosah_report_db_info(doc, dosah_fact_template(DOSAH_FACT_SCENARIO_NAME), &doc->name)))
        goto fail;
    if (!doc->name && !(doc->name = dosah_strdup(doc->ctx, doc->scenario ? doc->scenario->name
                                                                         : "dosah")))
        st = DOSAH_ENOMEM;
fail:
    dosah_free(text);
    dosah_free(path);
    return st;
}

/* Whether table t of the list is in the GeoPackage. */
static int has(const struct dosah_report_doc *doc, enum dosah_table_id t)
{
    return dosah_report_db_has_table(doc, dosah_table_name(t));
}

/* Whether field f of the list is in the GeoPackage (in its table). */
static int has_field(const struct dosah_report_doc *doc, enum dosah_out_field f)
{
    return dosah_report_db_has_column(doc, dosah_table_name(dosah_out_field_table(f)),
                                      dosah_out_field_name(f));
}

static void find_layers(struct dosah_report_doc *doc)
{
    doc->area_table = has(doc, DOSAH_T_MUNICIPALITIES) ? dosah_table_name(DOSAH_T_MUNICIPALITIES)
                      : has(doc, DOSAH_T_DEMAND)       ? dosah_table_name(DOSAH_T_DEMAND)
                                                       : NULL;
    doc->has_regions = has(doc, DOSAH_T_REGIONS);
    doc->has_region_code = doc->has_regions && has_field(doc, DOSAH_OF_MUN_REGION_CODE);
    doc->has_localities = has(doc, DOSAH_T_LOCALITIES);
    doc->has_locality_municipality =
        doc->has_localities && has_field(doc, DOSAH_OF_LOC_MUNICIPALITY);
    doc->has_services = has(doc, DOSAH_T_SERVICES) && has_field(doc, DOSAH_OF_SRV_KEY);
    doc->has_proposals = has(doc, DOSAH_T_PROPOSALS);
    doc->has_changes = has(doc, DOSAH_T_CHANGES);
    doc->has_gaps = has(doc, DOSAH_T_GAPS);
    doc->has_diagnostics = has(doc, DOSAH_T_DIAGNOSTICS);
    doc->has_catchments = has(doc, DOSAH_T_CATCHMENTS);
    doc->has_scope = has(doc, DOSAH_T_SCOPE);
}

/* A cancellation stops a long query within its next few thousand steps. */
static int db_cancelled(void *ctx)
{
    return dosah_ctx_cancelled(ctx);
}

static enum dosah_status open_db(struct dosah_ctx *ctx, const char *path,
                                 struct dosah_report_doc *doc)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_open_v2(path, &doc->db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK)
        return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot open the GeoPackage: %s", path,
                               doc->db ? sqlite3_errmsg(doc->db) : sqlite3_errstr(rc));
    sqlite3_busy_timeout(doc->db, 5000);
    sqlite3_progress_handler(doc->db, 10000, db_cancelled, ctx);
    if (!(doc->spatialite = spatialite_alloc_connection()))
        return dosah_error_set(ctx, DOSAH_ENOMEM, "%s: cannot start SpatiaLite", path);
    spatialite_init_ex(doc->db, doc->spatialite, 0);
    /* Reading the schema is the first real read: a file that is not SQLite fails here. */
    rc = sqlite3_prepare_v2(doc->db, "SELECT COUNT(*) FROM sqlite_master", -1, &stmt, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    stmt = NULL;
    if (rc == SQLITE_ROW)
        rc = sqlite3_prepare_v2(doc->db, "SELECT EnableGpkgAmphibiousMode()", -1, &stmt, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dosah_error_set(ctx, DOSAH_EINVAL, "%s: not a GeoPackage that dosah can read: %s",
                               path, sqlite3_errmsg(doc->db));
    return DOSAH_OK;
}

enum dosah_status dosah_report_check_input(struct dosah_ctx *ctx, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0 && errno == ENOENT)
        return dosah_error_set(ctx, DOSAH_EINVAL, "%s: does not exist; give the GeoPackage "
                               "that 'dosah run' wrote", path);
    if (stat(path, &sb) != 0)
        return dosah_error_set(ctx, DOSAH_EINVAL, "%s: cannot read: %s", path,
                               strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return dosah_error_set(ctx, DOSAH_EINVAL, "%s: is a directory, not a GeoPackage; give "
                               "the .gpkg file that 'dosah run' wrote", path);
    return DOSAH_OK;
}

enum dosah_status dosah_report_doc_open(struct dosah_ctx *ctx, const char *path, int own_output,
                                        struct dosah_report_doc *doc)
{
    enum dosah_status st;
    memset(doc, 0, sizeof *doc);
    doc->ctx = ctx;
    doc->path = path;
    if ((st = open_db(ctx, path, doc)))
        goto fail;
    if (!dosah_report_db_has_table(doc, dosah_table_name(DOSAH_T_RUN_INFO)) ||
        !dosah_report_db_has_table(doc, "gpkg_contents")) {
        st = dosah_error_set(ctx, DOSAH_EINVAL, "%s: not a GeoPackage written by dosah (no "
                             "run_info table); run 'dosah run' to make one", path);
        goto fail;
    }
    if (!own_output && (st = dosah_report_validate(doc)))
        goto fail;
    find_layers(doc);
    if (!doc->area_table) {
        st = dosah_error_set(ctx, DOSAH_EINVAL, "%s: neither a municipalities nor a demand "
                             "layer; nothing to report", path);
        goto fail;
    }
    if ((st = load_scenario(doc)) || (st = dosah_report_doc_keys(doc)))
        goto fail;
    return DOSAH_OK;
fail:
    dosah_report_doc_close(doc);
    return st;
}

void dosah_report_doc_close(struct dosah_report_doc *doc)
{
    size_t i;
    for (i = 0; i < doc->key_count; i++) {
        dosah_free(doc->keys[i].key);
        dosah_free(doc->keys[i].label);
        dosah_free(doc->keys[i].form);
        dosah_free(doc->keys[i].types);
        dosah_free(doc->keys[i].mode);
        dosah_free(doc->keys[i].target_group);
        dosah_free(doc->keys[i].service_day);
        dosah_free(doc->keys[i].service_weekday);
        dosah_free(doc->keys[i].depart);
    }
    dosah_free(doc->keys);
    for (i = 0; i < doc->window_count; i++) {
        dosah_free(doc->windows[i].name);
        dosah_free(doc->windows[i].text);
    }
    dosah_free(doc->windows);
    dosah_free(doc->thresholds);
    dosah_free(doc->name);
    dosah_scenario_destroy(doc->scenario);
    if (doc->db)
        sqlite3_close(doc->db);
    if (doc->spatialite)
        spatialite_cleanup_ex(doc->spatialite);
    memset(doc, 0, sizeof *doc);
}
