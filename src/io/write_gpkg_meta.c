/* SPDX-License-Identifier: MIT */
/*
 * Metadata QGIS shows in a layer's properties: per spatial table a row of `gpkg_metadata`
 * (the GeoPackage metadata extension) holding a QGIS layer metadata document (QMD: title,
 * abstract, keywords, and the run's provenance, the facts of run_info, as history lines),
 * referenced to its table in `gpkg_metadata_reference`; and the working CRS's row of
 * `gpkg_spatial_ref_sys` with the official EPSG definition and a description.
 */
#include <stdio.h>
#include <string.h>

#include <cpl_string.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "io/write_internal.h"

/* What each table holds (the layer metadata's abstract; its texts are in the catalogue). */
static const struct {
    enum dosah_table_id table;
    enum dosah_report_msg_id abstract;
} abstracts[] = {
    {DOSAH_T_MUNICIPALITIES, DOSAH_RMSG_ABSTRACT_MUNICIPALITIES},
    {DOSAH_T_REGIONS, DOSAH_RMSG_ABSTRACT_REGIONS},
    {DOSAH_T_SERVICES, DOSAH_RMSG_ABSTRACT_SERVICES},
    {DOSAH_T_DEMAND, DOSAH_RMSG_ABSTRACT_DEMAND},
    {DOSAH_T_LOCALITIES, DOSAH_RMSG_ABSTRACT_LOCALITIES},
    {DOSAH_T_ROADS, DOSAH_RMSG_ABSTRACT_ROADS},
    {DOSAH_T_CATCHMENTS, DOSAH_RMSG_ABSTRACT_CATCHMENTS},
    {DOSAH_T_SCOPE, DOSAH_RMSG_ABSTRACT_SCOPE},
    {DOSAH_T_GAPS, DOSAH_RMSG_ABSTRACT_GAPS},
    {DOSAH_T_PROPOSALS, DOSAH_RMSG_ABSTRACT_PROPOSALS},
};

const char *dosah_table_abstract(const struct dosah_writer *w, const char *table)
{
    size_t i;
    for (i = 0; i < sizeof abstracts / sizeof abstracts[0]; i++)
        if (strcmp(dosah_table_name(abstracts[i].table), table) == 0)
            return dosah_writer_t(w, abstracts[i].abstract);
    return "";
}

/* Facts of run_info too long or too technical for a history line. */
static int skipped_fact(const char *key)
{
    return strcmp(key, dosah_fact_template(DOSAH_FACT_SCENARIO_TEXT)) == 0 ||
           strcmp(key, dosah_fact_template(DOSAH_FACT_CRS_WKT)) == 0 ||
           strcmp(key, dosah_fact_template(DOSAH_FACT_GDAL_BUILD_INFO)) == 0;
}

enum dosah_status dosah_run_history_xml(struct dosah_writer *w, struct dosah_strbuf *b)
{
    OGRLayerH info = GDALDatasetGetLayerByName(w->ds, dosah_table_name(DOSAH_T_RUN_INFO));
    OGRFeatureH f;
    enum dosah_status st = DOSAH_OK;
    if (!info)
        return DOSAH_OK;
    OGR_L_ResetReading(info);
    while (!st && (f = OGR_L_GetNextFeature(info)) != NULL) {
        const char *key = OGR_F_GetFieldAsString(f, 0);
        if (!skipped_fact(key) && OGR_F_IsFieldSetAndNotNull(f, 1) &&
            !(st = dosah_strbuf_puts(w->ctx, b, "<history>")) &&
            !(st = dosah_xml_escape(w->ctx, b, key)) &&
            !(st = dosah_strbuf_puts(w->ctx, b, ": ")) &&
            !(st = dosah_xml_escape(w->ctx, b, OGR_F_GetFieldAsString(f, 1))))
            st = dosah_strbuf_puts(w->ctx, b, "</history>");
        OGR_F_Destroy(f);
    }
    return st;
}

enum dosah_status dosah_layer_metadata_xml(struct dosah_writer *w, struct dosah_strbuf *b,
                                           const char *table, const char *title,
                                           const char *abstract, const char *history)
{
    const struct dosah_scenario *s = w->scenario;
    const char *when = w->opt->started_utc ? w->opt->started_utc : "";
    enum dosah_status st;
    size_t q;
    if ((st = dosah_strbuf_puts(w->ctx, b, "<identifier>")) ||
        (st = dosah_xml_escape(w->ctx, b, table)) ||
        (st = dosah_strbuf_printf(w->ctx, b, "</identifier><parentidentifier></parentidentifier>"
                                  "<language>%s</language><type>dataset</type><title>",
                                  w->english ? "en" : "cs")) ||
        (st = dosah_xml_escape(w->ctx, b, title)) ||
        (st = dosah_strbuf_puts(w->ctx, b, "</title><abstract>")) ||
        (st = dosah_xml_escape(w->ctx, b, abstract)) ||
        (st = dosah_strbuf_puts(w->ctx, b, dosah_writer_t(w, DOSAH_RMSG_META_SCENARIO))) ||
        (st = dosah_xml_escape(w->ctx, b, s->name)) ||
        (st = dosah_strbuf_printf(w->ctx, b, dosah_writer_t(w, DOSAH_RMSG_META_RUN), when,
                                  dosah_version())) ||
        (st = dosah_strbuf_puts(w->ctx, b, "</abstract><keywords vocabulary=\"dosah\">")))
        return st;
    for (q = 0; q < s->service_count && !st; q++)
        if (!(st = dosah_strbuf_puts(w->ctx, b, "<keyword>")) &&
            !(st = dosah_xml_escape(w->ctx, b, s->services[q].key)))
            st = dosah_strbuf_puts(w->ctx, b, "</keyword>");
    if (st || (st = dosah_strbuf_puts(w->ctx, b, "</keywords>")))
        return st;
    return dosah_strbuf_puts(w->ctx, b, history);
}

static enum dosah_status exec_sql(struct dosah_writer *w, const char *sql, const char *what)
{
    OGRLayerH res;
    CPLErrorReset();
    res = GDALDatasetExecuteSQL(w->ds, sql, NULL, NULL);
    if (res)
        GDALDatasetReleaseResultSet(w->ds, res);
    if (CPLGetLastErrorType() >= CE_Failure)
        return dosah_writer_gdal_fail(w, what);
    return DOSAH_OK;
}

/* The tables of the metadata extension, as the GeoPackage standard defines them. */
static enum dosah_status metadata_tables(struct dosah_writer *w)
{
    static const char *const sql[] = {
        "CREATE TABLE IF NOT EXISTS gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY "
        "ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT "
        "NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '')",
        "CREATE TABLE IF NOT EXISTS gpkg_metadata_reference (reference_scope TEXT NOT NULL, "
        "table_name TEXT, column_name TEXT, row_id_value INTEGER, timestamp DATETIME NOT NULL "
        "DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, "
        "md_parent_id INTEGER, CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES "
        "gpkg_metadata(id), CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES "
        "gpkg_metadata(id))",
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
        "scope) VALUES ('gpkg_metadata', NULL, 'gpkg_metadata', "
        "'http://www.geopackage.org/spec120/#extension_metadata', 'read-write')",
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
        "scope) VALUES ('gpkg_metadata_reference', NULL, 'gpkg_metadata', "
        "'http://www.geopackage.org/spec120/#extension_metadata', 'read-write')",
    };
    enum dosah_status st = DOSAH_OK;
    size_t i;
    for (i = 0; i < sizeof sql / sizeof sql[0] && !st; i++)
        st = exec_sql(w, sql[i], "cannot create the gpkg_metadata tables");
    return st;
}

/* Appends s as an SQL string literal. */
static enum dosah_status sql_quoted(struct dosah_ctx *ctx, struct dosah_strbuf *b, const char *s)
{
    enum dosah_status st = dosah_strbuf_puts(ctx, b, "'");
    for (; *s && !st; s++)
        st = *s == '\'' ? dosah_strbuf_puts(ctx, b, "''") : dosah_strbuf_append(ctx, b, s, 1);
    return st ? st : dosah_strbuf_puts(ctx, b, "'");
}

static enum dosah_status table_metadata(struct dosah_writer *w, OGRLayerH layer,
                                        const char *history)
{
    const char *table = OGR_L_GetName(layer);
    const char *title = GDALGetMetadataItem((GDALMajorObjectH)layer, "IDENTIFIER", NULL);
    struct dosah_strbuf doc, sql;
    enum dosah_status st;
    dosah_strbuf_init(&doc, 0);
    dosah_strbuf_init(&sql, 0);
    if (!(st = dosah_strbuf_puts(w->ctx, &doc, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' "
                                 "'SYSTEM'><qgis version=\"3.22.16-Białowieża\">")) &&
        !(st = dosah_layer_metadata_xml(w, &doc, table, title ? title : table,
                                        dosah_table_abstract(w, table), history)) &&
        !(st = dosah_strbuf_puts(w->ctx, &doc, "</qgis>")) &&
        !(st = dosah_strbuf_puts(w->ctx, &sql, "INSERT INTO gpkg_metadata (md_scope, "
                                 "md_standard_uri, mime_type, metadata) VALUES ('dataset', "
                                 "'http://mrcc.com/qgis.dtd', 'text/xml', ")) &&
        !(st = sql_quoted(w->ctx, &sql, doc.data)) &&
        !(st = dosah_strbuf_puts(w->ctx, &sql, ")")) &&
        !(st = exec_sql(w, sql.data, "cannot write gpkg_metadata"))) {
        sql.len = 0;
        if (!(st = dosah_strbuf_puts(w->ctx, &sql, "INSERT INTO gpkg_metadata_reference "
                                     "(reference_scope, table_name, md_file_id) VALUES "
                                     "('table', ")) &&
            !(st = sql_quoted(w->ctx, &sql, table)) &&
            !(st = dosah_strbuf_puts(w->ctx, &sql, ", (SELECT max(id) FROM gpkg_metadata))")))
            st = exec_sql(w, sql.data, "cannot write gpkg_metadata_reference");
    }
    dosah_strbuf_clear(&doc);
    dosah_strbuf_clear(&sql);
    return st;
}

/* The working CRS's row: EPSG's own definition (from PROJ's copy of the EPSG dataset), so
 * that a CRS given as WKT or PROJ string is stored as the official EPSG one, and its name
 * as the description (GDAL leaves it empty). */
static enum dosah_status official_srs(struct dosah_writer *w)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    char *wkt = NULL;
    struct dosah_strbuf sql;
    enum dosah_status st = DOSAH_OK;
    const char *name;
    int epsg = w->model->crs_epsg;
    if (!epsg || OSRImportFromEPSG(srs, epsg) != OGRERR_NONE ||
        OSRExportToWkt(srs, &wkt) != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        CPLFree(wkt);
        return DOSAH_OK;
    }
    name = OSRGetName(srs);
    dosah_strbuf_init(&sql, 0);
    if (!(st = dosah_strbuf_puts(w->ctx, &sql, "UPDATE gpkg_spatial_ref_sys SET definition = ")) &&
        !(st = sql_quoted(w->ctx, &sql, wkt)) &&
        !(st = dosah_strbuf_puts(w->ctx, &sql, ", description = ")) &&
        !(st = sql_quoted(w->ctx, &sql, name ? name : "")) &&
        !(st = dosah_strbuf_printf(w->ctx, &sql, " || ' (EPSG:%d)' WHERE organization = 'EPSG' "
                                   "AND organization_coordsys_id = %d", epsg, epsg)))
        st = exec_sql(w, sql.data, "cannot write the CRS definition");
    dosah_strbuf_clear(&sql);
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    return st;
}

enum dosah_status dosah_write_gpkg_metadata(struct dosah_writer *w)
{
    struct dosah_strbuf history;
    enum dosah_status st;
    int i, n = GDALDatasetGetLayerCount(w->ds);
    dosah_strbuf_init(&history, 0);
    if ((st = official_srs(w)) || (st = metadata_tables(w)) ||
        (st = dosah_run_history_xml(w, &history)) ||
        (st = dosah_strbuf_puts(w->ctx, &history, "")))
        goto fail;
    for (i = 0; i < n && !st; i++) {
        OGRLayerH layer = GDALDatasetGetLayer(w->ds, i);
        if (OGR_L_GetGeomType(layer) != wkbNone)
            st = table_metadata(w, layer, history.data);
    }
fail:
    dosah_strbuf_clear(&history);
    return st;
}
