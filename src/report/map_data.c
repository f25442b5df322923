/* SPDX-License-Identifier: MIT */
/*
 * The maps' data, read once for all of them: areas (municipalities, or demand points when the
 * GeoPackage has none) with their travel time per key, region outlines and name positions,
 * services and proposed sites. SpatiaLite simplifies the polygons in SQL to half a pixel of
 * the printed PNG (ST_SimplifyPreserveTopology, so no ring collapses) and hands them over as
 * WKB, which wkb.c reads.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "report/draw_internal.h"

#define MAX_LABELLED_REGIONS 40
#define MAP_WIDTH_UNITS 720.0   /* the map frame's width in map.c */

void dosah_report_mapdata_destroy(struct dosah_report_mapdata *md)
{
    size_t i;
    if (!md)
        return;
    for (i = 0; md->areas && i < md->area_count; i++)
        dosah_report_shape_clear(&md->areas[i]);
    for (i = 0; i < md->label_count; i++)
        dosah_free(md->labels[i].text);
    dosah_report_shape_clear(&md->outlines);
    dosah_free(md->areas);
    dosah_free(md->minutes);
    dosah_free(md->labels);
    dosah_free(md->services);
    dosah_free(md->proposals);
    dosah_free(md->footer);
    dosah_free(md);
}

/* Reads the WKB in column col (NULL is no geometry) into s. */
static enum dosah_status read_wkb(struct dosah_ctx *ctx, sqlite3_stmt *stmt, int col,
                                  struct dosah_report_shape *s)
{
    const void *blob = sqlite3_column_blob(stmt, col);
    int size = sqlite3_column_bytes(stmt, col);
    if (!blob || size <= 0)
        return DOSAH_OK;
    return dosah_report_wkb_read(ctx, blob, (size_t)size, s);
}

/* Simplification tolerance: half a pixel of the PNG, from the area layer's extent. */
static enum dosah_status tolerance(struct dosah_report *r, double *tol)
{
    double w, h;
    enum dosah_status st;
    if ((st = dosah_report_db_number(&r->doc, &w, "SELECT max_x - min_x FROM gpkg_contents "
                                     "WHERE table_name = %Q", r->doc.area_table)) ||
        (st = dosah_report_db_number(&r->doc, &h, "SELECT max_y - min_y FROM gpkg_contents "
                                     "WHERE table_name = %Q", r->doc.area_table)))
        return st;
    w = isfinite(w) && isfinite(h) && h > w ? h : w;
    *tol = isfinite(w) && w > 0 ? 0.5 * w / (MAP_WIDTH_UNITS * r->png_scale) : 0;
    return DOSAH_OK;
}

/* SELECT geometry, K1_minutes, K2_minutes, ... FROM the area layer. */
static enum dosah_status area_query(struct dosah_report *r, double tol, sqlite3_stmt **stmt)
{
    struct dosah_strbuf sql;
    enum dosah_status st;
    size_t k;
    char *q;
    dosah_strbuf_init(&sql, 0);
    q = sqlite3_mprintf("SELECT COALESCE(AsBinary(ST_SimplifyPreserveTopology(" DOSAH_GEOM_COLUMN
                        ", %.6f)), AsBinary(" DOSAH_GEOM_COLUMN "))",
                        tol);
    st = q ? dosah_strbuf_puts(r->ctx, &sql, q) : DOSAH_ENOMEM;
    sqlite3_free(q);
    for (k = 0; k < r->doc.key_count && !st; k++) {
        char col[160];
        q = sqlite3_mprintf(", \"%w\"", dosah_report_key_col(r->doc.keys[k].key,
                                                             DOSAH_KF_MEAN_MINUTES, NAN, NULL,
                                                             col, sizeof col));
        st = q ? dosah_strbuf_puts(r->ctx, &sql, q) : DOSAH_ENOMEM;
        sqlite3_free(q);
    }
    if (!st && !(q = sqlite3_mprintf(" FROM \"%w\" ORDER BY " DOSAH_FID_COLUMN, r->doc.area_table)))
        st = DOSAH_ENOMEM;
    if (!st) {
        st = dosah_strbuf_puts(r->ctx, &sql, q);
        sqlite3_free(q);
    }
    if (!st)
        st = dosah_report_db_prepare(&r->doc, stmt, "%s", sql.data);
    dosah_strbuf_clear(&sql);
    return st;
}

static enum dosah_status grow_areas(struct dosah_report *r, struct dosah_report_mapdata *md,
                                    size_t *cap)
{
    size_t old = *cap, keys = r->doc.key_count, i;
    void *a = md->areas, *m = md->minutes;
    enum dosah_status st;
    if (md->area_count < *cap)
        return DOSAH_OK;
    if ((st = dosah_array_reserve(r->ctx, &a, cap, md->area_count + 1, sizeof *md->areas)))
        return st;
    md->areas = a;
    for (i = old; i < *cap; i++)
        dosah_report_shape_init(&md->areas[i]);
    if (!(m = dosah_reallocarray(r->ctx, m, *cap, keys * sizeof *md->minutes)))
        return DOSAH_ENOMEM;
    md->minutes = m;
    return DOSAH_OK;
}

static enum dosah_status load_areas(struct dosah_report *r, struct dosah_report_mapdata *md)
{
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    size_t cap = 0, k;
    double tol;
    int row;
    if ((st = tolerance(r, &tol)) || (st = area_query(r, tol, &stmt)))
        return st;
    md->key_count = r->doc.key_count;
    md->areas_are_points = !strcmp(r->doc.area_table, dosah_table_name(DOSAH_T_DEMAND));
    while (!(st = dosah_report_db_step(&r->doc, stmt, &row)) && row) {
        struct dosah_report_shape *s;
        if ((st = grow_areas(r, md, &cap)))
            break;
        s = &md->areas[md->area_count];
        for (k = 0; k < md->key_count; k++)
            md->minutes[md->area_count * md->key_count + k] =
                dosah_report_col_number(stmt, (int)k + 1);
        md->area_count++;
        if ((st = read_wkb(r->ctx, stmt, 0, s)))
            break;
        md->min_x = fmin(md->min_x, s->min_x);
        md->min_y = fmin(md->min_y, s->min_y);
        md->max_x = fmax(md->max_x, s->max_x);
        md->max_y = fmax(md->max_y, s->max_y);
    }
    sqlite3_finalize(stmt);
    return st;
}

static enum dosah_status load_regions(struct dosah_report *r, struct dosah_report_mapdata *md,
                                      double tol)
{
    sqlite3_stmt *stmt = NULL;
    enum dosah_status st;
    size_t cap = 0;
    int row;
    if (!r->doc.has_regions)
        return DOSAH_OK;
    if ((st = dosah_report_db_prepare(
             &r->doc, &stmt,
             "SELECT AsBinary(ST_SimplifyPreserveTopology(" DOSAH_GEOM_COLUMN
             ", %.6f)), \"%w\", ST_X(ST_PointOnSurface(" DOSAH_GEOM_COLUMN
             ")), ST_Y(ST_PointOnSurface(" DOSAH_GEOM_COLUMN
             ")), (SELECT COUNT(*) FROM \"%w\") FROM \"%w\" ORDER BY " DOSAH_FID_COLUMN,
             tol, dosah_out_field_name(DOSAH_OF_REG_NAME), dosah_table_name(DOSAH_T_REGIONS),
             dosah_table_name(DOSAH_T_REGIONS))))
        return st;
    while (!(st = dosah_report_db_step(&r->doc, stmt, &row)) && row) {
        struct dosah_report_label *l;
        void *p = md->labels;
        if ((st = read_wkb(r->ctx, stmt, 0, &md->outlines)))
            break;
        if (sqlite3_column_int(stmt, 4) > MAX_LABELLED_REGIONS ||
            sqlite3_column_type(stmt, 1) == SQLITE_NULL ||
            sqlite3_column_type(stmt, 2) == SQLITE_NULL)
            continue;
        if ((st = dosah_array_reserve(r->ctx, &p, &cap, md->label_count + 1, sizeof *l)))
            break;
        md->labels = p;
        l = &md->labels[md->label_count];
        l->x = sqlite3_column_double(stmt, 2);
        l->y = sqlite3_column_double(stmt, 3);
        if (!(l->text = dosah_report_col_text(r->ctx, stmt, 1))) {
            st = DOSAH_ENOMEM;
            break;
        }
        md->label_count++;
    }
    sqlite3_finalize(stmt);
    return st;
}

static size_t key_index(const struct dosah_report_doc *doc, const char *key)
{
    size_t k;
    for (k = 0; key && k < doc->key_count; k++)
        if (!strcmp(doc->keys[k].key, key))
            return k;
    return (size_t)-1;
}

/* Points of a layer with a `key` column, named by that field: services or proposals. */
static enum dosah_status load_marks(struct dosah_report *r, enum dosah_out_field key,
                                    struct dosah_report_mark **out, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    struct dosah_report_shape s;
    enum dosah_status st;
    size_t cap = 0, i;
    int row;
    if ((st = dosah_report_db_prepare(&r->doc, &stmt,
                                      "SELECT \"%w\", AsBinary(" DOSAH_GEOM_COLUMN ") FROM \"%w\" "
                                      "WHERE \"%w\" IS NOT NULL ORDER BY " DOSAH_FID_COLUMN,
                                      dosah_out_field_name(key),
                                      dosah_table_name(dosah_out_field_table(key)),
                                      dosah_out_field_name(key))))
        return st;
    dosah_report_shape_init(&s);
    while (!(st = dosah_report_db_step(&r->doc, stmt, &row)) && row) {
        size_t k = key_index(&r->doc, (const char *)sqlite3_column_text(stmt, 0));
        s.point_count = s.part_count = 0;
        if (k == (size_t)-1)
            continue;
        if ((st = read_wkb(r->ctx, stmt, 1, &s)))
            break;
        for (i = 0; i < s.point_count && !st; i++) {
            void *p = *out;
            if ((st = dosah_array_reserve(r->ctx, &p, &cap, *count + 1, sizeof **out)))
                break;
            *out = p;
            (*out)[*count].x = s.xy[2 * i];
            (*out)[(*count)++].y = s.xy[2 * i + 1];
            (*out)[*count - 1].key = k;
        }
        if (st)
            break;
    }
    dosah_report_shape_clear(&s);
    sqlite3_finalize(stmt);
    return st;
}

/* "dosah 0.1.0 · scenario · S-JTSK / Krovak East North (EPSG:5514)" */
static enum dosah_status make_footer(struct dosah_report *r, struct dosah_report_mapdata *md)
{
    char *engine = NULL, *crs = NULL, *wkt = NULL, name[128] = "";
    enum dosah_status st;
    const char *p;
    if ((st = dosah_report_db_info(&r->doc, dosah_fact_template(DOSAH_FACT_ENGINE), &engine)) ||
        (st = dosah_report_db_info(&r->doc, dosah_fact_template(DOSAH_FACT_CRS), &crs)) ||
        (st = dosah_report_db_info(&r->doc, dosah_fact_template(DOSAH_FACT_CRS_WKT), &wkt)))
        goto fail;
    if (wkt && (p = strchr(wkt, '"')) && strchr(p + 1, '"'))
        snprintf(name, sizeof name, "%.*s ", (int)(strchr(p + 1, '"') - p - 1), p + 1);
    if (!(md->footer = dosah_asprintf(r->ctx, "%s \xc2\xb7 %s \xc2\xb7 %s(%s)",
                                      engine ? engine : "dosah", r->doc.name, name,
                                      crs ? crs : "?")))
        st = DOSAH_ENOMEM;
fail:
    dosah_free(engine);
    dosah_free(crs);
    dosah_free(wkt);
    return st;
}

enum dosah_status dosah_report_mapdata_load(struct dosah_report *r)
{
    struct dosah_report_mapdata *md;
    enum dosah_status st;
    double tol;
    if (r->maps)
        return DOSAH_OK;
    if (!(md = dosah_calloc(r->ctx, 1, sizeof *md)))
        return DOSAH_ENOMEM;
    r->maps = md;
    dosah_report_shape_init(&md->outlines);
    md->min_x = md->min_y = INFINITY;
    md->max_x = md->max_y = -INFINITY;
    if ((st = load_areas(r, md)) || (st = tolerance(r, &tol)) ||
        (st = load_regions(r, md, tol)) || (st = make_footer(r, md)))
        return st;
    if (r->doc.has_services &&
        (st = load_marks(r, DOSAH_OF_SRV_KEY, &md->services, &md->service_count)))
        return st;
    if (r->doc.has_proposals &&
        dosah_report_db_has_column(&r->doc, dosah_table_name(DOSAH_T_PROPOSALS),
                                   dosah_out_field_name(DOSAH_OF_PROP_KEY)) &&
        (st = load_marks(r, DOSAH_OF_PROP_KEY, &md->proposals, &md->proposal_count)))
        return st;
    return DOSAH_OK;
}
