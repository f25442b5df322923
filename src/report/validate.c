/* SPDX-License-Identifier: MIT */
/*
 * A GeoPackage handed to `dosah report` is untrusted input: before any GEOS or SpatiaLite
 * geometry function sees it, every table is read once here. Every text (and every name of a
 * table or column) must be UTF-8, every geometry a GeoPackage blob whose WKB has finite
 * coordinates, lines of two points or more and closed rings of four points or more; then
 * GEOS, now safe to call, must find valid the polygons of the tables it will be given. A
 * column declared numeric must hold numbers, finite and at most 2^53 in magnitude (what
 * dosah writes), and populations, times and capacities none below zero, so that no share
 * comes out above 100 %. Views are refused (reading one runs its SQL). The first fault fails
 * with the table, the feature (fid) and the column named.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "report/report_internal.h"

#define ADVICE "The GeoPackage was not written by dosah or was altered; run 'dosah run' again."

struct place {
    struct dosah_report_doc *doc;
    const char *table;
    long long fid; /* -1: the row's number is not known */
    const char *column;
};

static enum dosah_status reject(const struct place *p, const char *what)
{
    if (p->fid >= 0)
        return dosah_error_set(p->doc->ctx, DOSAH_EINVAL,
                               "%s: table '%s', feature fid %lld, column '%s': %s. " ADVICE,
                               p->doc->path, p->table, p->fid, p->column, what);
    return dosah_error_set(p->doc->ctx, DOSAH_EINVAL, "%s: table '%s', column '%s': %s. " ADVICE,
                           p->doc->path, p->table, p->column, what);
}

static int utf8(const void *s, int n)
{
    return !s || n <= 0 || dosah_utf8_valid(s, (size_t)n, NULL);
}

/* Bytes of the envelope after the 8-byte header for each envelope indicator, -1: invalid. */
static int envelope_size(unsigned indicator)
{
    static const int sizes[] = {0, 32, 48, 48, 64};
    return indicator < 5 ? sizes[indicator] : -1;
}

static double header_f64(const unsigned char *p, int little)
{
    uint64_t u = 0;
    double d;
    int i;
    for (i = 0; i < 8; i++)
        u |= (uint64_t)p[little ? i : 7 - i] << (8 * i);
    memcpy(&d, &u, sizeof d);
    return d;
}

/* The parts of a shape: lines of 2+ points, closed rings of 4+ points. */
static const char *shape_fault(const struct dosah_report_shape *s)
{
    size_t i;
    for (i = 0; i < s->part_count; i++) {
        size_t n = dosah_report_shape_part_size(s, i);
        const double *a = s->xy + 2 * (size_t)s->part_start[i];
        if (s->part_kind[i] == DOSAH_PART_LINE && n < 2)
            return "a line of fewer than 2 points";
        if (s->part_kind[i] == DOSAH_PART_RING && n < 4)
            return "a polygon ring of fewer than 4 points";
        if (s->part_kind[i] == DOSAH_PART_RING &&
            (a[0] != a[2 * (n - 1)] || a[1] != a[2 * (n - 1) + 1]))
            return "a polygon ring that is not closed";
    }
    return NULL;
}

static enum dosah_status check_geometry(const struct place *p, const unsigned char *b, int n,
                                        struct dosah_report_shape *shape)
{
    char why[512];
    const char *fault;
    int env, i;
    if (n < 8 || b[0] != 'G' || b[1] != 'P' || b[2] != 0)
        return reject(p, "not a GeoPackage geometry blob");
    if (b[3] & 0x30)
        return reject(p, "an empty or extended-type geometry");
    if ((env = envelope_size((b[3] >> 1) & 7u)) < 0 || n < 8 + env + 5)
        return reject(p, "a truncated or malformed GeoPackage geometry header");
    for (i = 0; i < env; i += 8)
        if (!isfinite(header_f64(b + 8 + i, b[3] & 1)))
            return reject(p, "an envelope that is not a finite number");
    dosah_report_shape_clear(shape);
    if (dosah_report_wkb_read(p->doc->ctx, b + 8 + env, (size_t)(n - 8 - env), shape)) {
        if (dosah_ctx_status(p->doc->ctx) == DOSAH_ENOMEM)
            return DOSAH_ENOMEM;
        snprintf(why, sizeof why, "%s", dosah_ctx_errmsg(p->doc->ctx));
        return reject(p, why);
    }
    if (shape->part_count == 0)
        return reject(p, "an empty geometry");
    if ((fault = shape_fault(shape)))
        return reject(p, fault);
    return DOSAH_OK;
}

static int is_geometry_column(struct dosah_report_doc *doc, const char *table, const char *col)
{
    sqlite3_stmt *st = NULL;
    int found = !strcmp(col, DOSAH_GEOM_COLUMN);
    if (!found && sqlite3_prepare_v2(doc->db, "SELECT 1 FROM gpkg_geometry_columns WHERE "
                                     "table_name = ?1 AND column_name = ?2", -1, &st,
                                     NULL) == SQLITE_OK &&
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC) == SQLITE_OK &&
        sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC) == SQLITE_OK)
        found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

/* 1 when a declared column type has numeric affinity (SQLite's rules: INT, REAL, FLOA,
 * DOUB) or is a GeoPackage BOOLEAN. */
static int numeric_decl(const char *decl)
{
    char up[64];
    size_t i;
    if (!decl)
        return 0;
    for (i = 0; decl[i] && i + 1 < sizeof up; i++)
        up[i] = (char)(decl[i] >= 'a' && decl[i] <= 'z' ? decl[i] - 'a' + 'A' : decl[i]);
    up[i] = '\0';
    return strstr(up, "INT") || strstr(up, "REAL") || strstr(up, "FLOA") ||
           strstr(up, "DOUB") || strstr(up, "BOOLEAN");
}

/* A number of a numeric column: finite, at most 2^53, not negative where it counts people,
 * minutes or capacity. */
static enum dosah_status check_number(const struct place *p, sqlite3_stmt *st, int c, int type)
{
    double v = type == SQLITE_INTEGER ? (double)sqlite3_column_int64(st, c)
                                      : sqlite3_column_double(st, c);
    if (type != SQLITE_INTEGER && type != SQLITE_FLOAT)
        return reject(p, "a value that is not a number in a numeric column");
    if (!isfinite(v))
        return reject(p, "a number that is not finite");
    if (fabs(v) > 9007199254740992.0)
        return reject(p, "a number beyond 2^53 in magnitude");
    if (v < 0 && (strstr(p->column, "population") || strstr(p->column, "minutes") ||
                  !strcmp(p->column, "capacity")))
        return reject(p, "a negative population, time or capacity");
    return DOSAH_OK;
}

/* One value: text must be UTF-8, a geometry sound, a number of a numeric column sound.
 * Other blobs (the QGIS project stored in the GeoPackage) are never drawn or shown, and are
 * left alone. */
static enum dosah_status check_value(const struct place *p, sqlite3_stmt *st, int c, int geom,
                                     struct dosah_report_shape *shape)
{
    int type = sqlite3_column_type(st, c);
    if (type == SQLITE_NULL)
        return DOSAH_OK;
    if (geom && type != SQLITE_BLOB)
        return reject(p, "not a GeoPackage geometry blob");
    if (geom)
        return check_geometry(p, sqlite3_column_blob(st, c), sqlite3_column_bytes(st, c), shape);
    if (numeric_decl(sqlite3_column_decltype(st, c)))
        return check_number(p, st, c, type);
    if (type == SQLITE_TEXT && !utf8(sqlite3_column_blob(st, c), sqlite3_column_bytes(st, c)))
        return reject(p, "text that is not valid UTF-8");
    return DOSAH_OK;
}

static enum dosah_status check_rows(struct dosah_report_doc *doc, const char *table,
                                    sqlite3_stmt *st, const unsigned char *geom, int fid_col)
{
    struct dosah_report_shape shape;
    struct place p = {doc, table, -1, NULL};
    enum dosah_status rc = DOSAH_OK;
    int c, row, n = sqlite3_column_count(st);
    dosah_report_shape_init(&shape);
    while (!rc && !(rc = dosah_report_db_step(doc, st, &row)) && row) {
        p.fid = fid_col >= 0 ? sqlite3_column_int64(st, fid_col) : -1;
        for (c = 0; c < n && !rc; c++) {
            p.column = sqlite3_column_name(st, c);
            rc = check_value(&p, st, c, geom[c], &shape);
        }
    }
    dosah_report_shape_clear(&shape);
    return rc;
}

static enum dosah_status check_table(struct dosah_report_doc *doc, const char *table)
{
    sqlite3_stmt *st = NULL;
    unsigned char *geom = NULL;
    struct place p = {doc, table, -1, NULL};
    enum dosah_status rc;
    int c, n, fid_col = -1;
    if ((rc = dosah_report_db_prepare(doc, &st, "SELECT * FROM \"%w\"", table)))
        return rc;
    n = sqlite3_column_count(st);
    if (!(geom = dosah_calloc(doc->ctx, (size_t)n + 1, 1))) {
        rc = DOSAH_ENOMEM;
        goto done;
    }
    for (c = 0; c < n; c++) {
        p.column = sqlite3_column_name(st, c);
        if (!utf8(p.column, (int)strlen(p.column))) {
            p.column = "?";
            rc = reject(&p, "a column name that is not valid UTF-8");
            goto done;
        }
        geom[c] = (unsigned char)is_geometry_column(doc, table, p.column);
        if (!strcmp(p.column, DOSAH_FID_COLUMN))
            fid_col = c;
    }
    rc = check_rows(doc, table, st, geom, fid_col);
done:
    dosah_free(geom);
    sqlite3_finalize(st);
    return rc;
}

/*
 * The tables whose geometries the report hands to GEOS (through SpatiaLite): the
 * municipalities and regions it simplifies and labels for the maps (map_data.c) and the
 * localities it places in a municipality (sec_localities.c). Only these must be valid
 * polygons; the others' geometries reach no geometry function, only the report's own WKB
 * reader, which the structural check above already protects. Checking the catchments too
 * cost 12 of the 17 s of a national report, for polygons the report never draws.
 */
static int reaches_geos(const char *table)
{
    static const enum dosah_table_id ids[] = {DOSAH_T_MUNICIPALITIES, DOSAH_T_REGIONS,
                                              DOSAH_T_LOCALITIES};
    size_t i;
    for (i = 0; i < sizeof ids / sizeof *ids; i++)
        if (!strcmp(table, dosah_table_name(ids[i])))
            return 1;
    return 0;
}

/* Polygons GEOS finds invalid (the structure is known sound by now). */
static enum dosah_status check_valid(struct dosah_report_doc *doc, const char *table)
{
    sqlite3_stmt *st = NULL;
    enum dosah_status rc;
    struct place p = {doc, table, -1, DOSAH_GEOM_COLUMN};
    int row;
    if (!reaches_geos(table) || !dosah_report_db_has_column(doc, table, DOSAH_GEOM_COLUMN) ||
        !dosah_report_db_has_column(doc, table, DOSAH_FID_COLUMN))
        return DOSAH_OK;
    if ((rc = dosah_report_db_prepare(
             doc, &st,
             "SELECT " DOSAH_FID_COLUMN " FROM \"%w\" WHERE " DOSAH_GEOM_COLUMN
             " IS NOT NULL AND ST_GeometryType(" DOSAH_GEOM_COLUMN
             ") LIKE '%%POLYGON%%' AND ST_IsValid(" DOSAH_GEOM_COLUMN ") <> 1 LIMIT 1",
             table)))
        return rc;
    if (!(rc = dosah_report_db_step(doc, st, &row)) && row) {
        p.fid = sqlite3_column_int64(st, 0);
        rc = reject(&p, "an invalid polygon (self-intersecting or badly nested rings)");
    }
    sqlite3_finalize(st);
    return rc;
}

static enum dosah_status check_schema_entry(struct dosah_report_doc *doc, sqlite3_stmt *st,
                                            int *is_table)
{
    const unsigned char *type = sqlite3_column_text(st, 0);
    const void *name = sqlite3_column_blob(st, 1);
    struct place p = {doc, "?", -1, "name"};
    *is_table = 0;
    if (!utf8(name, sqlite3_column_bytes(st, 1)))
        return reject(&p, "a table name that is not valid UTF-8");
    p.table = (const char *)sqlite3_column_text(st, 1);
    if (type && !strcmp((const char *)type, "view"))
        return dosah_error_set(doc->ctx, DOSAH_EINVAL,
                               "%s: holds a view '%s'; a GeoPackage written by dosah has none. "
                               ADVICE, doc->path, p.table);
    *is_table = p.table != NULL;
    return DOSAH_OK;
}

enum dosah_status dosah_report_validate(struct dosah_report_doc *doc)
{
    sqlite3_stmt *st = NULL;
    enum dosah_status rc;
    int row, is_table;
    /* R*Tree shadow tables hold only numbers and are never read by the report. */
    if ((rc = dosah_report_db_prepare(doc, &st, "SELECT type, name FROM sqlite_master WHERE "
                                      "type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%%' "
                                      "ESCAPE '\\' AND name NOT LIKE 'rtree\\_%%' ESCAPE '\\' "
                                      "ORDER BY name")))
        return rc;
    while (!(rc = dosah_report_db_step(doc, st, &row)) && row) {
        const char *name;
        if ((rc = check_schema_entry(doc, st, &is_table)))
            break;
        name = (const char *)sqlite3_column_text(st, 1);
        if (is_table && ((rc = check_table(doc, name)) || (rc = check_valid(doc, name))))
            break;
    }
    sqlite3_finalize(st);
    return rc;
}
