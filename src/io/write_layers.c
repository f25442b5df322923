/* SPDX-License-Identifier: MIT */
/*
 * The point and line layers of the GeoPackage: services (one row per service location and
 * the question it answers), demand points, excluded localities and the roads as loaded.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <ogr_api.h>

#include "core/core_internal.h"
#include "io/write_internal.h"

/* The type of a municipality code field: integer when every municipality's code is one,
 * so that QGIS joins it to municipalities.code without a cast. */
static OGRFieldType code_type(const struct dosah_model *m)
{
    size_t i;
    for (i = 0; i < m->municipality_count; i++)
        if (!m->municipalities[i].code.is_number)
            return OFTString;
    return OFTInteger64;
}

static void set_code(OGRFeatureH f, int idx, const struct dosah_model *m, uint32_t municipality)
{
    if (municipality != DOSAH_NONE)
        dosah_writer_set_id(f, idx, &m->municipalities[municipality].code, code_type(m));
}

static void forms_text(unsigned forms, char *buf, size_t n)
{
    static const enum dosah_form all[] = {DOSAH_FORM_FIELD, DOSAH_FORM_AMBULANT,
                                          DOSAH_FORM_RESIDENTIAL};
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < 3; i++)
        if (forms & all[i])
            len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s", len ? "," : "",
                                    dosah_form_name(all[i]));
}

static enum dosah_status service_fields(struct dosah_writer *w, OGRLayerH layer,
                                        OGRFieldType idt, int *first)
{
    enum dosah_status st;
    int f;
    /* the services' own fields, up to the first that the questions fill (a column) */
    for (f = DOSAH_OF_SRV_ID; f < DOSAH_OF_SRV_REACH_POPULATION; f++)
        if ((st = dosah_writer_field_of(w, layer, (enum dosah_out_field)f,
                                        f == DOSAH_OF_SRV_ID ? idt : code_type(w->model))))
            return st;
    return dosah_writer_columns(w, layer, DOSAH_LAYER_SERVICES, first);
}

static enum dosah_status service_row(struct dosah_writer *w, OGRLayerH layer, OGRFieldType idt,
                                     int first, size_t row, uint32_t si, uint32_t key)
{
    const struct dosah_service *s = &w->model->services[si];
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    char buf[64];
    dosah_writer_set_id(f, 0, &s->id, idt);
    dosah_writer_set_text(f, 1, s->name);
    snprintf(buf, sizeof buf, "\xc2\xa7%d", s->type);
    OGR_F_SetFieldString(f, 2, buf);
    forms_text(s->forms, buf, sizeof buf);
    OGR_F_SetFieldString(f, 3, buf);
    dosah_writer_set_text(f, 4, key == DOSAH_NONE ? NULL : w->scenario->services[key].key);
    dosah_writer_set_real(f, 5, s->capacity);
    dosah_writer_set_text(f, 6, s->hours);
    dosah_writer_set_text(f, 7, s->scope);
    set_code(f, 8, w->model, s->municipality);
    dosah_writer_set_text(f, 9, s->provider);
    dosah_writer_set_text(f, 10, s->capacity_unit);
    dosah_writer_set_columns(w, f, DOSAH_LAYER_SERVICES, first, row);
    dosah_writer_set_geometry(f, NULL, 0, s->pt, 0);
    return dosah_writer_put(w, layer, f);
}

enum dosah_status dosah_write_services(struct dosah_writer *w)
{
    const struct dosah_model *m = w->model;
    const struct dosah_service_row *rows;
    OGRFieldType idt = OFTInteger64;
    OGRLayerH layer;
    enum dosah_status st;
    size_t i;
    int first;
    for (i = 0; i < m->service_count; i++)
        if (!m->services[i].id.is_number)
            idt = OFTString;
    if (!(layer = dosah_writer_layer_of(w, DOSAH_T_SERVICES, wkbPoint)))
        return DOSAH_EGDAL;
    if ((st = service_fields(w, layer, idt, &first)))
        return st;
    if ((rows = dosah_output_service_rows(w->out))) {
        size_t count = dosah_output_service_row_count(w->out);
        for (i = 0; i < count; i++)
            if ((st = service_row(w, layer, idt, first, i, rows[i].service, rows[i].key)))
                return st;
        return DOSAH_OK;
    }
    for (i = 0; i < m->service_count; i++)
        if ((st = service_row(w, layer, idt, first, i, (uint32_t)i, DOSAH_NONE)))
            return st;
    return DOSAH_OK;
}

enum dosah_status dosah_write_demand(struct dosah_writer *w)
{
    const struct dosah_model *m = w->model;
    OGRFieldType idt = OFTInteger64, popt;
    OGRLayerH layer;
    enum dosah_status st;
    size_t i;
    int first;
    for (i = 0; i < m->demand_count; i++)
        if (!m->demand[i].id.is_number)
            idt = OFTString;
    popt = dosah_writer_count_type(&m->demand[0].population, m->demand_count, sizeof *m->demand);
    if (!(layer = dosah_writer_layer_of(w, DOSAH_T_DEMAND, wkbPoint)))
        return DOSAH_EGDAL;
    if ((st = dosah_writer_field_of(w, layer, DOSAH_OF_DEM_ID, idt)) ||
        (st = dosah_writer_field_of(w, layer, DOSAH_OF_DEM_POPULATION, popt)) ||
        (st = dosah_writer_field_of(w, layer, DOSAH_OF_DEM_MUNICIPALITY, code_type(w->model))) ||
        (st = dosah_writer_field_of(w, layer, DOSAH_OF_DEM_PLACEMENT, OFTString)) ||
        (st = dosah_writer_columns(w, layer, DOSAH_LAYER_DEMAND, &first)))
        return st;
    for (i = 0; i < m->demand_count; i++) {
        const struct dosah_demand *d = &m->demand[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        dosah_writer_set_id(f, 0, &d->id, idt);
        dosah_writer_set_count(f, 1, d->population, popt);
        set_code(f, 2, m, d->municipality);
        OGR_F_SetFieldString(f, 3, dosah_placement_name(d->placement));
        dosah_writer_set_columns(w, f, DOSAH_LAYER_DEMAND, first, i);
        dosah_writer_set_geometry(f, NULL, 0, d->pt, 0);
        if ((st = dosah_writer_put(w, layer, f)))
            return st;
    }
    return DOSAH_OK;
}

/* Point when every locality is a point, multipolygon when every one is an area, else points
 * (the representative point of each area; the areas' outlines stay in the input). */
static OGRwkbGeometryType locality_geometry_type(const struct dosah_model *m)
{
    size_t i, points = 0;
    for (i = 0; i < m->locality_count; i++)
        if (m->localities[i].wkb_size && m->localities[i].wkb[1] == wkbPoint)
            points++;
    return points == 0 ? wkbMultiPolygon : wkbPoint;
}

static enum dosah_status locality_fields(struct dosah_writer *w, OGRLayerH layer,
                                         OGRFieldType idt, int *first)
{
    enum dosah_status st;
    int f;
    /* the localities' own fields, up to the first computed one (a column) */
    for (f = DOSAH_OF_LOC_ID; f < DOSAH_OF_LOC_SNAP_M; f++)
        if ((st = dosah_writer_field_of(w, layer, (enum dosah_out_field)f,
                                        f == DOSAH_OF_LOC_ID ? idt : code_type(w->model))))
            return st;
    return dosah_writer_columns(w, layer, DOSAH_LAYER_LOCALITIES, first);
}

enum dosah_status dosah_write_localities(struct dosah_writer *w)
{
    const struct dosah_model *m = w->model;
    OGRwkbGeometryType gt = locality_geometry_type(m);
    OGRFieldType idt = OFTInteger64;
    OGRLayerH layer;
    enum dosah_status st;
    size_t i;
    int first;
    for (i = 0; i < m->locality_count; i++)
        if (!m->localities[i].id.is_number)
            idt = OFTString;
    if (!(layer = dosah_writer_layer_of(w, DOSAH_T_LOCALITIES, gt)))
        return DOSAH_EGDAL;
    if ((st = locality_fields(w, layer, idt, &first)))
        return st;
    for (i = 0; i < m->locality_count; i++) {
        const struct dosah_locality *l = &m->localities[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        dosah_writer_set_id(f, 0, &l->id, idt);
        dosah_writer_set_text(f, 1, l->name);
        dosah_writer_set_real(f, 2, l->population);
        dosah_writer_set_real(f, 3, l->population_min);
        dosah_writer_set_real(f, 4, l->population_max);
        set_code(f, 5, m, l->municipality);
        dosah_writer_set_columns(w, f, DOSAH_LAYER_LOCALITIES, first, i);
        if (gt == wkbPoint)
            dosah_writer_set_geometry(f, NULL, 0, l->pt, 0);
        else
            dosah_writer_set_geometry(f, l->wkb, l->wkb_size, l->pt, 1);
        if ((st = dosah_writer_put(w, layer, f)))
            return st;
    }
    return DOSAH_OK;
}

static enum dosah_status road_row(struct dosah_writer *w, OGRLayerH layer, int first, size_t i)
{
    const struct dosah_roads *r = &w->model->roads;
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
    size_t v;
    OGR_F_SetFieldInteger64(f, 0, r->fid[i]);
    dosah_writer_set_text(f, 1, r->class_index[i] == DOSAH_NONE
                                    ? NULL
                                    : r->class_names[r->class_index[i]]);
    dosah_writer_set_real(f, 2, r->speed_kmh[i]);
    OGR_F_SetFieldInteger(f, 3, r->oneway[i]);
    dosah_writer_set_columns(w, f, DOSAH_LAYER_ROADS, first, i);
    /* All the line's points at once: adding them one by one grows the array each time. */
    v = r->vertex_offset[i];
    OGR_G_SetPoints(g, (int)(r->vertex_offset[i + 1] - v), r->xy + 2 * v, 2 * sizeof *r->xy,
                    r->xy + 2 * v + 1, 2 * sizeof *r->xy, NULL, 0);
    OGR_F_SetGeometryDirectly(f, g);
    return dosah_writer_put(w, layer, f);
}

enum dosah_status dosah_write_roads(struct dosah_writer *w)
{
    OGRLayerH layer;
    enum dosah_status st;
    size_t i;
    int first;
    if (!(layer = dosah_writer_layer_of(w, DOSAH_T_ROADS, wkbLineString)))
        return DOSAH_EGDAL;
    if ((st = dosah_writer_field_of(w, layer, DOSAH_OF_ROAD_ID, OFTInteger64)) ||
        (st = dosah_writer_field_of(w, layer, DOSAH_OF_ROAD_CLASS, OFTString)) ||
        (st = dosah_writer_field_of(w, layer, DOSAH_OF_ROAD_SPEED_KMH, OFTReal)) ||
        (st = dosah_writer_field_of(w, layer, DOSAH_OF_ROAD_ONEWAY, OFTInteger)) ||
        (st = dosah_writer_columns(w, layer, DOSAH_LAYER_ROADS, &first)))
        return st;
    for (i = 0; i < w->model->roads.line_count; i++) {
        if ((st = road_row(w, layer, first, i)))
            return st;
        if ((i & 4095) == 0 &&
            (st = dosah_progress(w->ctx, 0.7 * (double)i / (double)w->model->roads.line_count,
                                 "write")))
            return st;
    }
    return DOSAH_OK;
}

static enum dosah_status write_table(struct dosah_writer *w, const struct dosah_table *t)
{
    enum dosah_table_geometry geometry = dosah_table_geometry_type(t);
    OGRwkbGeometryType gt = geometry == DOSAH_TABLE_POLYGON ? wkbMultiPolygon
                            : geometry == DOSAH_TABLE_POINT ? wkbPoint
                                                            : wkbNone;
    OGRLayerH layer = dosah_writer_layer(w, dosah_table_layer_name(t), gt,
                                         dosah_table_layer_title(t, w->english));
    enum dosah_status st;
    size_t i, rows = dosah_table_row_count(t);
    int first;
    if (!layer)
        return DOSAH_EGDAL;
    if ((st = dosah_writer_column_list(w, layer, t, DOSAH_LAYER_COUNT, &first)))
        return st;
    for (i = 0; i < rows; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        struct dosah_point none = {0, 0};
        size_t wkb_size;
        const unsigned char *wkb = dosah_table_wkb(t, i, &wkb_size);
        dosah_writer_set_column_list(w, f, t, DOSAH_LAYER_COUNT, first, i);
        if (gt != wkbNone && wkb)
            dosah_writer_set_geometry(f, wkb, wkb_size, none, geometry == DOSAH_TABLE_POLYGON);
        if ((st = dosah_writer_put(w, layer, f)))
            return st;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_write_tables(struct dosah_writer *w)
{
    enum dosah_status st = DOSAH_OK;
    size_t i;
    for (i = 0; i < dosah_output_table_count(w->out) && !st; i++)
        st = write_table(w, dosah_output_table(w->out, i));
    return st;
}
