/* SPDX-License-Identifier: MIT */
/* The GeoPackage writer's shared state and helpers (write*.c, styles.c). */
#ifndef DOSAH_WRITE_INTERNAL_H
#define DOSAH_WRITE_INTERNAL_H

#include "dosah/write.h"
#include "core/buf.h"
#include "core/catalog_report.h"
#include "core/fields.h"
#include "io/io_internal.h"

/* A field alias remembered for the layer's QGIS style. */
struct dosah_alias_entry {
    char *layer;
    char *field;
    char *alias;
};

struct dosah_writer {
    struct dosah_ctx *ctx;
    const struct dosah_scenario *scenario;
    const struct dosah_model *model;
    const struct dosah_output *out;       /* may be NULL */
    const struct dosah_write_options *opt;
    const char *final_path;
    int english;
    GDALDatasetH ds;
    OGRSpatialReferenceH srs;
    struct dosah_gdal_errors errors;
    struct dosah_alias_entry *aliases;
    size_t alias_count, alias_cap;
    size_t features; /* written so far: the cancellation is checked every 1024 */
};

const char *dosah_alias(const struct dosah_writer *w, const char *cs, const char *en);
/* The catalogue's text of id (core/catalog_report.h) in the writer's language. */
const char *dosah_writer_t(const struct dosah_writer *w, enum dosah_report_msg_id id);
enum dosah_status dosah_writer_gdal_fail(struct dosah_writer *w, const char *what);
/* Creates a field with its alias (also remembered for the style). */
enum dosah_status dosah_writer_field(struct dosah_writer *w, OGRLayerH layer, const char *name,
                                     OGRFieldType type, const char *alias);
/* Creates field f of the list (fields.h) on layer, with its alias in the writer's language:
 * of the list's type, or of type `data` where the list's is ID or COUNT (decided from the
 * data). */
enum dosah_status dosah_writer_field_of(struct dosah_writer *w, OGRLayerH layer,
                                        enum dosah_out_field f, OGRFieldType data);
/* Creates a layer (FID "fid", geometry "geom" in the working CRS); NULL with message set. */
OGRLayerH dosah_writer_layer(struct dosah_writer *w, const char *name, OGRwkbGeometryType type,
                             const char *title);
/* The layer of table t of the list, with its name and title. */
OGRLayerH dosah_writer_layer_of(struct dosah_writer *w, enum dosah_table_id t,
                                OGRwkbGeometryType type);
/* Adds the columns of table t, or when t is NULL those of the output's layer kind, as fields;
 * *first gets the index of the first. */
enum dosah_status dosah_writer_column_list(struct dosah_writer *w, OGRLayerH layer,
                                           const struct dosah_table *t, enum dosah_layer kind,
                                           int *first);
/* Sets the values of row `row` of those columns into the fields from index first on (NULL
 * past a column's rows). */
void dosah_writer_set_column_list(const struct dosah_writer *w, OGRFeatureH f,
                                  const struct dosah_table *t, enum dosah_layer kind, int first,
                                  size_t row);
enum dosah_status dosah_writer_columns(struct dosah_writer *w, OGRLayerH layer,
                                       enum dosah_layer kind, int *first);
void dosah_writer_set_columns(const struct dosah_writer *w, OGRFeatureH f, enum dosah_layer kind,
                              int first, size_t row);
void dosah_writer_set_id(OGRFeatureH f, int idx, const struct dosah_id *id, OGRFieldType type);
void dosah_writer_set_real(OGRFeatureH f, int idx, double v);
void dosah_writer_set_text(OGRFeatureH f, int idx, const char *s);
OGRFieldType dosah_writer_count_type(const double *first, size_t count, size_t stride);
void dosah_writer_set_count(OGRFeatureH f, int idx, double v, OGRFieldType type);
void dosah_writer_set_geometry(OGRFeatureH f, const unsigned char *wkb, size_t size,
                               struct dosah_point pt, int force_multi);
/* Writes the feature (and destroys it). */
enum dosah_status dosah_writer_put(struct dosah_writer *w, OGRLayerH layer, OGRFeatureH f);

enum dosah_status dosah_write_services(struct dosah_writer *w);
enum dosah_status dosah_write_demand(struct dosah_writer *w);
enum dosah_status dosah_write_localities(struct dosah_writer *w);
enum dosah_status dosah_write_roads(struct dosah_writer *w);
/* The extra tables of the output (catchments, scope, ...). */
enum dosah_status dosah_write_tables(struct dosah_writer *w);
enum dosah_status dosah_write_run_info(struct dosah_writer *w);
enum dosah_status dosah_write_diagnostics(struct dosah_writer *w);

/* styles.c */
enum dosah_status dosah_writer_remember_alias(struct dosah_writer *w, const char *layer,
                                              const char *field, const char *alias);
void dosah_writer_aliases_clear(struct dosah_writer *w);
enum dosah_status dosah_write_styles(struct dosah_writer *w);
/* Appends s with &, <, >, " escaped for XML text or a double-quoted attribute. */
enum dosah_status dosah_xml_escape(struct dosah_ctx *ctx, struct dosah_strbuf *b, const char *s);
/* The embedded QML template of that name (a layer, or a variant "layer.variant"); NULL if none. */
const char *dosah_style_template(const char *name);
/* The template rendered for question q with the aliases of `layer` (caller frees with
 * dosah_free); NULL when memory is short. */
char *dosah_style_render(struct dosah_writer *w, const char *layer, const char *tmpl, size_t q);

/* write_project.c: the QGIS project in qgis_projects; write_gpkg_meta.c: gpkg_metadata and
 * the official SRS definition. */
enum dosah_status dosah_write_project(struct dosah_writer *w);
enum dosah_status dosah_write_gpkg_metadata(struct dosah_writer *w);
/* The spatial index of every layer with geometries, built in bulk after the layers are
 * written (write_rtree.c); the layers are made without GDAL's own (SPATIAL_INDEX=NO). */
enum dosah_status dosah_write_rtrees(struct dosah_writer *w);
/* What a table holds (the layer metadata's abstract), in the output's language; "" if unknown. */
const char *dosah_table_abstract(const struct dosah_writer *w, const char *table);
/* The facts of run_info (written before) as QMD <history> lines. */
enum dosah_status dosah_run_history_xml(struct dosah_writer *w, struct dosah_strbuf *b);
/* The body of a QGIS layer metadata document (identifier, title, abstract with the scenario's
 * name and the run's date, keywords, then the history XML as given). */
enum dosah_status dosah_layer_metadata_xml(struct dosah_writer *w, struct dosah_strbuf *b,
                                           const char *table, const char *title,
                                           const char *abstract, const char *history);

#endif
