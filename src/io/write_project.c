/* SPDX-License-Identifier: MIT */
/*
 * The QGIS project stored in the GeoPackage, in QGIS's own `qgis_projects` table as
 * Project → Save To → GeoPackage writes it (name, JSON metadata, and the .qgz archive, a zip
 * holding the .qgs XML, hex-encoded). The project has one group per question (municipalities
 * by its travel time and by its share within reach, the regions' labels, its services,
 * catchments, gaps and proposals filtered to it, ...), a base group (region outlines, roads,
 * excluded localities), one map theme per question, the working CRS, the region's extent,
 * the layers' names, aliases and metadata. Every layer refers to the GeoPackage's own table
 * by a path relative to the GeoPackage ("./NAME.gpkg|layername=..."), which QGIS resolves
 * against the file the project was opened from, so moving the file keeps the project working.
 * The parts of a group are generic over the questions (any question key gets its group).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/core_internal.h"
#include "io/write_internal.h"

/* One layer of a group: a table drawn with a style template. */
struct part {
    enum dosah_table_id table;
    const char *style;   /* template name (a layer, or "layer.variant") */
    int need;            /* enum dosah_key_field the table must have for the question, or -1 */
    int filter;          /* only the rows where this field (enum dosah_out_field, the table's
                            "key") is the question's; -1: all rows */
    int checked;         /* visible in the question's theme */
    int rank;            /* drawing order, 0 on top */
    enum dosah_report_msg_id name; /* the layer's name in the catalogue */
};

static const struct part question_parts[] = {
    {DOSAH_T_PROPOSALS, "proposals", -1, DOSAH_OF_PROP_KEY, 1, 0, DOSAH_RMSG_QGIS_PROPOSALS},
    {DOSAH_T_SERVICES, "services", -1, DOSAH_OF_SRV_KEY, 1, 1, DOSAH_RMSG_QGIS_SERVICES},
    {DOSAH_T_LOCALITIES, "excluded_localities", DOSAH_KF_COVERED, -1, 1, 2,
     DOSAH_RMSG_QGIS_LOCALITIES_COVERAGE},
    {DOSAH_T_REGIONS, "regions.labels", DOSAH_KF_WITHIN, -1, 1, 4,
     DOSAH_RMSG_QGIS_REGIONS_LABELS},
    {DOSAH_T_GAPS, "gaps", -1, DOSAH_OF_GAPS_KEY, 0, 6, DOSAH_RMSG_QGIS_GAPS},
    {DOSAH_T_CATCHMENTS, "catchments", -1, DOSAH_OF_CATCH_KEY, 0, 7,
     DOSAH_RMSG_QGIS_CATCHMENTS},
    {DOSAH_T_DEMAND, "demand", DOSAH_KF_MINUTES, -1, 0, 8, DOSAH_RMSG_QGIS_DEMAND},
    {DOSAH_T_MUNICIPALITIES, "municipalities.share", DOSAH_KF_WITHIN, -1, 0, 9,
     DOSAH_RMSG_QGIS_MUNICIPALITIES_SHARE},
    {DOSAH_T_MUNICIPALITIES, "municipalities", DOSAH_KF_MEAN_MINUTES, -1, 1, 10,
     DOSAH_RMSG_QGIS_MUNICIPALITIES},
};

static const struct part base_parts[] = {
    {DOSAH_T_LOCALITIES, "excluded_localities.base", -1, -1, 1, 3, DOSAH_RMSG_QGIS_LOCALITIES},
    {DOSAH_T_REGIONS, "regions.outline", -1, -1, 1, 5, DOSAH_RMSG_QGIS_REGIONS},
    {DOSAH_T_ROADS, "roads", -1, -1, 1, 5, DOSAH_RMSG_QGIS_ROADS},
};

struct placed {
    int rank;
    size_t seq;
    char *id;
};

struct project {
    struct dosah_writer *w;
    struct dosah_strbuf layers;  /* <maplayer> elements */
    struct dosah_strbuf groups;  /* <layer-tree-group> elements */
    struct dosah_strbuf themes;  /* <visibility-preset> elements */
    struct dosah_strbuf base_visible; /* the base group's <layer> lines of every theme */
    struct placed *order;
    size_t order_count, order_cap;
    char *srs;      /* <spatialrefsys> element */
    char *history;  /* QMD <history> lines */
    char *source;   /* "./NAME.gpkg" */
    char base_name[64];
};

static enum dosah_status append_buf(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                    const struct dosah_strbuf *what)
{
    return what->len ? dosah_strbuf_append(ctx, b, what->data, what->len) : DOSAH_OK;
}

static void project_clear(struct project *p)
{
    size_t i;
    dosah_strbuf_clear(&p->layers);
    dosah_strbuf_clear(&p->groups);
    dosah_strbuf_clear(&p->themes);
    dosah_strbuf_clear(&p->base_visible);
    for (i = 0; i < p->order_count; i++)
        dosah_free(p->order[i].id);
    dosah_free(p->order);
    dosah_free(p->srs);
    dosah_free(p->history);
    dosah_free(p->source);
}

static enum dosah_status srs_xml(struct project *p)
{
    struct dosah_writer *w = p->w;
    const char *opts[] = {"FORMAT=WKT2_2019", NULL};
    char *wkt = NULL, *proj4 = NULL, authid[32] = "";
    struct dosah_strbuf b;
    enum dosah_status st;
    const char *name = OSRGetName(w->srs);
    if (OSRExportToWktEx(w->srs, &wkt, opts) != OGRERR_NONE || OSRExportToProj4(w->srs, &proj4))
        proj4 = proj4 ? proj4 : CPLStrdup("");
    if (w->model->crs_epsg)
        snprintf(authid, sizeof authid, "EPSG:%d", w->model->crs_epsg);
    dosah_strbuf_init(&b, 0);
    if (!(st = dosah_strbuf_puts(w->ctx, &b, "<spatialrefsys nativeFormat=\"Wkt\"><wkt>")) &&
        !(st = dosah_xml_escape(w->ctx, &b, wkt ? wkt : "")) &&
        !(st = dosah_strbuf_puts(w->ctx, &b, "</wkt><proj4>")) &&
        !(st = dosah_xml_escape(w->ctx, &b, proj4)) &&
        !(st = dosah_strbuf_printf(w->ctx, &b, "</proj4><srsid>0</srsid><srid>%d</srid>"
                                   "<authid>%s</authid><description>", w->model->crs_epsg,
                                   authid)) &&
        !(st = dosah_xml_escape(w->ctx, &b, name ? name : "")) &&
        !(st = dosah_strbuf_puts(w->ctx, &b, "</description><projectionacronym/>"
                                 "<ellipsoidacronym/><geographicflag>false</geographicflag>"
                                 "</spatialrefsys>")))
        p->srs = dosah_strbuf_take(w->ctx, &b);
    dosah_strbuf_clear(&b);
    CPLFree(wkt);
    CPLFree(proj4);
    return st ? st : p->srs ? DOSAH_OK : DOSAH_ENOMEM;
}

/* Whether the part has something to show for question q (NULL: a base part). */
static int part_applies(struct project *p, const struct part *part,
                        const struct dosah_service_spec *q)
{
    OGRLayerH layer = GDALDatasetGetLayerByName(p->w->ds, dosah_table_name(part->table));
    char buf[128];
    GIntBig n;
    if (!layer)
        return 0;
    if (q && part->need >= 0) {
        dosah_key_field_name((enum dosah_key_field)part->need, q->key, q->threshold_min, NULL, buf,
                             sizeof buf);
        if (OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), buf) < 0)
            return 0;
    }
    if (!q || part->filter < 0)
        return OGR_L_GetFeatureCount(layer, TRUE) > 0;
    snprintf(buf, sizeof buf, "\"%s\" = '%s'",
             dosah_out_field_name((enum dosah_out_field)part->filter), q->key);
    if (OGR_L_SetAttributeFilter(layer, buf) != OGRERR_NONE)
        return 0;
    n = OGR_L_GetFeatureCount(layer, TRUE);
    OGR_L_SetAttributeFilter(layer, NULL);
    return n > 0;
}

static const char *geometry_name(OGRLayerH layer)
{
    switch (wkbFlatten(OGR_L_GetGeomType(layer))) {
    case wkbPoint:
    case wkbMultiPoint:
        return "Point";
    case wkbLineString:
    case wkbMultiLineString:
        return "Line";
    default:
        return "Polygon";
    }
}

/* The rendered style's body (what lies inside <qgis>) and its labelsEnabled flag. */
static enum dosah_status style_body(struct project *p, const struct part *part, size_t q,
                                    struct dosah_strbuf *b, int *labels)
{
    const char *tmpl = dosah_style_template(part->style), *start, *body, *end;
    char *qml;
    enum dosah_status st;
    if (!tmpl)
        return dosah_error_set(p->w->ctx, DOSAH_ENOTFOUND, "no style template '%s'", part->style);
    if (!(qml = dosah_style_render(p->w, dosah_table_name(part->table), tmpl, q)))
        return DOSAH_ENOMEM;
    start = strstr(qml, "<qgis ");
    body = start ? strchr(start, '>') : NULL;
    end = body ? strstr(body, "</qgis>") : NULL;
    if (!end) {
        dosah_free(qml);
        return dosah_error_set(p->w->ctx, DOSAH_ENOTFOUND, "style template '%s' has no <qgis> "
                               "element", part->style);
    }
    *labels = strstr(start, "labelsEnabled=\"1\"") && strstr(start, "labelsEnabled=\"1\"") < body;
    st = dosah_strbuf_append(p->w->ctx, b, body + 1, (size_t)(end - body - 1));
    dosah_free(qml);
    return st;
}

static enum dosah_status remember_order(struct project *p, int rank, const char *id)
{
    struct placed e;
    e.rank = rank;
    e.seq = p->order_count;
    if (!(e.id = dosah_strdup(p->w->ctx, id)) ||
        dosah_array_reserve(p->w->ctx, (void **)&p->order, &p->order_cap, p->order_count + 1,
                            sizeof e)) {
        dosah_free(e.id);
        return DOSAH_ENOMEM;
    }
    p->order[p->order_count++] = e;
    return DOSAH_OK;
}

/* The datasource of a part: the table, filtered to the question when the part says so. */
static enum dosah_status datasource(struct project *p, struct dosah_strbuf *b,
                                    const struct part *part, const struct dosah_service_spec *q)
{
    enum dosah_status st;
    if ((st = dosah_xml_escape(p->w->ctx, b, p->source)) ||
        (st = dosah_strbuf_printf(p->w->ctx, b, "|layername=%s", dosah_table_name(part->table))))
        return st;
    if (q && part->filter >= 0)
        st = dosah_strbuf_printf(p->w->ctx, b, "|subset=&quot;%s&quot; = '%s'",
                                 dosah_out_field_name((enum dosah_out_field)part->filter),
                                 q->key);
    return st;
}

static enum dosah_status maplayer(struct project *p, const struct part *part, size_t qi,
                                  const struct dosah_service_spec *q, const char *id,
                                  const char *name)
{
    struct dosah_writer *w = p->w;
    struct dosah_strbuf *b = &p->layers;
    struct dosah_strbuf body, abstract;
    enum dosah_status st;
    int labels = 0;
    dosah_strbuf_init(&body, 0);
    dosah_strbuf_init(&abstract, 0);
    if ((st = style_body(p, part, qi, &body, &labels)) ||
        (st = dosah_strbuf_puts(w->ctx, &abstract,
                                dosah_table_abstract(w, dosah_table_name(part->table)))))
        goto fail;
    if (q && (st = dosah_strbuf_printf(w->ctx, &abstract,
                                       dosah_writer_t(w, DOSAH_RMSG_META_QUESTION),
                                       q->label ? q->label : q->key, q->key, q->threshold_min)))
        goto fail;
    if ((st = dosah_strbuf_printf(
             w->ctx, b,
             "<maplayer type=\"vector\" geometry=\"%s\" "
             "labelsEnabled=\"%d\" readOnly=\"0\" autoRefreshEnabled=\"0\" "
             "hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" "
             "maxScale=\"0\" styleCategories=\"AllStyleCategories\">"
             "<id>%s</id><datasource>",
             geometry_name(GDALDatasetGetLayerByName(w->ds, dosah_table_name(part->table))), labels,
             id)) ||
        (st = datasource(p, b, part, q)) ||
        (st = dosah_strbuf_puts(w->ctx, b, "</datasource><layername>")) ||
        (st = dosah_xml_escape(w->ctx, b, name)) ||
        (st = dosah_strbuf_printf(w->ctx, b, "</layername><srs>%s</srs><resourceMetadata>",
                                  p->srs)) ||
        (st = dosah_layer_metadata_xml(w, b, dosah_table_name(part->table), name, abstract.data,
                                       p->history)) ||
        (st = dosah_strbuf_puts(w->ctx, b,
                                "</resourceMetadata><provider encoding=\"UTF-8\">"
                                "ogr</provider>")) ||
        (st = append_buf(w->ctx, b, &body)) || (st = dosah_strbuf_puts(w->ctx, b, "</maplayer>\n")))
        goto fail;
fail:
    dosah_strbuf_clear(&body);
    dosah_strbuf_clear(&abstract);
    return st;
}

/* Adds the parts of a group (q NULL: the base group) to the layers, the group's tree
 * elements and the theme's visible layers. */
static enum dosah_status group_layers(struct project *p, const struct part *parts, size_t count,
                                      size_t qi, const struct dosah_service_spec *q,
                                      struct dosah_strbuf *tree, struct dosah_strbuf *visible)
{
    struct dosah_writer *w = p->w;
    enum dosah_status st = DOSAH_OK;
    size_t i;
    for (i = 0; i < count && !st; i++) {
        const struct part *part = &parts[i];
        const char *name = dosah_writer_t(w, part->name);
        char id[128], *dot;
        if (!part_applies(p, part, q))
            continue;
        /* QGIS keeps a layer id only when it is longer than 10 characters. */
        if (q)
            snprintf(id, sizeof id, "dosah_%s_%s", part->style, q->key);
        else
            snprintf(id, sizeof id, "dosah_base_%s", dosah_table_name(part->table));
        while ((dot = strchr(id, '.')) != NULL)
            *dot = '_';
        if ((st = maplayer(p, part, qi, q, id, name)) || (st = remember_order(p, part->rank, id)) ||
            (st = dosah_strbuf_printf(w->ctx, tree, "<layer-tree-layer id=\"%s\" name=\"", id)) ||
            (st = dosah_xml_escape(w->ctx, tree, name)) ||
            (st = dosah_strbuf_printf(w->ctx, tree, "\" checked=\"Qt::%s\" expanded=\"0\" "
                                      "providerKey=\"ogr\" source=\"",
                                      part->checked ? "Checked" : "Unchecked")) ||
            (st = datasource(p, tree, part, q)) ||
            (st = dosah_strbuf_puts(w->ctx, tree, "\"><customproperties/></layer-tree-layer>\n")))
            break;
        if (part->checked)
            st = dosah_strbuf_printf(w->ctx, visible, "<layer id=\"%s\" visible=\"1\" "
                                     "expanded=\"0\"/>", id);
    }
    return st;
}

/* The group's (and theme's) name: the question's label and threshold. */
static char *question_title(struct dosah_writer *w, const struct dosah_service_spec *q)
{
    return dosah_asprintf(w->ctx, dosah_writer_t(w, DOSAH_RMSG_QGIS_GROUP),
                          q->label ? q->label : q->key, q->threshold_min);
}

static enum dosah_status group_element(struct project *p, const char *title, int checked,
                                       const struct dosah_strbuf *tree)
{
    enum dosah_status st;
    if ((st = dosah_strbuf_puts(p->w->ctx, &p->groups, "<layer-tree-group name=\"")) ||
        (st = dosah_xml_escape(p->w->ctx, &p->groups, title)) ||
        (st = dosah_strbuf_printf(p->w->ctx, &p->groups, "\" checked=\"Qt::%s\" expanded=\"%d\">"
                                  "<customproperties/>\n", checked ? "Checked" : "Unchecked",
                                  checked)) ||
        (st = append_buf(p->w->ctx, &p->groups, tree)))
        return st;
    return dosah_strbuf_puts(p->w->ctx, &p->groups, "</layer-tree-group>\n");
}

static enum dosah_status theme_element(struct project *p, const char *title,
                                       const struct dosah_strbuf *visible)
{
    struct dosah_ctx *ctx = p->w->ctx;
    struct dosah_strbuf *b = &p->themes;
    enum dosah_status st;
    if ((st = dosah_strbuf_puts(ctx, b, "<visibility-preset name=\"")) ||
        (st = dosah_xml_escape(ctx, b, title)) ||
        (st = dosah_strbuf_puts(ctx, b, "\" has-expanded-info=\"1\" "
                                "has-checked-group-info=\"1\">")) ||
        (st = append_buf(ctx, b, visible)) || (st = append_buf(ctx, b, &p->base_visible)) ||
        (st = dosah_strbuf_puts(ctx, b, "<checked-group-nodes><checked-group-node id=\"")) ||
        (st = dosah_xml_escape(ctx, b, title)) ||
        (st = dosah_strbuf_puts(ctx, b, "\"/><checked-group-node id=\"")) ||
        (st = dosah_xml_escape(ctx, b, p->base_name)) ||
        (st = dosah_strbuf_puts(ctx, b, "\"/></checked-group-nodes><expanded-group-nodes>"
                                "<expanded-group-node id=\"")) ||
        (st = dosah_xml_escape(ctx, b, title)))
        return st;
    return dosah_strbuf_puts(ctx, b, "\"/></expanded-group-nodes></visibility-preset>\n");
}

static enum dosah_status question_group(struct project *p, size_t qi)
{
    const struct dosah_service_spec *q = &p->w->scenario->services[qi];
    struct dosah_strbuf tree, visible;
    enum dosah_status st;
    char *title = question_title(p->w, q);
    if (!title)
        return DOSAH_ENOMEM;
    dosah_strbuf_init(&tree, 0);
    dosah_strbuf_init(&visible, 0);
    if (!(st = group_layers(p, question_parts, sizeof question_parts / sizeof question_parts[0],
                            qi, q, &tree, &visible)) &&
        !(st = group_element(p, title, qi == 0, &tree)))
        st = theme_element(p, title, &visible);
    dosah_strbuf_clear(&tree);
    dosah_strbuf_clear(&visible);
    dosah_free(title);
    return st;
}

static int by_rank(const void *a, const void *b)
{
    const struct placed *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The whole .qgs document. */
static enum dosah_status project_xml(struct project *p, const OGREnvelope *env,
                                     struct dosah_strbuf *b)
{
    struct dosah_ctx *ctx = p->w->ctx;
    const char *name = p->w->scenario->name;
    enum dosah_status st;
    size_t i;
    if ((st = dosah_strbuf_puts(ctx, b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' "
                                "'SYSTEM'>\n<qgis projectname=\"")) ||
        (st = dosah_xml_escape(ctx, b, name)) ||
        (st = dosah_strbuf_puts(ctx, b, "\" version=\"3.22.16-Białowieża\">\n<homePath path=\"\"/>"
                                "<title>")) ||
        (st = dosah_xml_escape(ctx, b, name)) ||
        (st = dosah_strbuf_printf(ctx, b, "</title><projectCrs>%s</projectCrs>\n"
                                  "<layer-tree-group><customproperties/>\n", p->srs)) ||
        (st = append_buf(ctx, b, &p->groups)) ||
        (st = dosah_strbuf_puts(ctx, b, "<custom-order enabled=\"1\">")))
        return st;
    qsort(p->order, p->order_count, sizeof *p->order, by_rank);
    for (i = 0; i < p->order_count && !st; i++)
        st = dosah_strbuf_printf(ctx, b, "<item>%s</item>", p->order[i].id);
    if (st ||
        (st = dosah_strbuf_printf(ctx, b, "</custom-order></layer-tree-group>\n"
                                  "<mapcanvas annotationsVisible=\"1\" name=\"theMapCanvas\">"
                                  "<units>meters</units><extent><xmin>%.3f</xmin><ymin>%.3f"
                                  "</ymin><xmax>%.3f</xmax><ymax>%.3f</ymax></extent><rotation>0"
                                  "</rotation><destinationsrs>%s</destinationsrs></mapcanvas>\n"
                                  "<projectlayers>\n", env->MinX, env->MinY, env->MaxX,
                                  env->MaxY, p->srs)) ||
        (st = append_buf(ctx, b, &p->layers)) ||
        (st = dosah_strbuf_puts(ctx, b, "</projectlayers>\n<properties><Paths><Absolute "
                                "type=\"bool\">false</Absolute></Paths><Measurement>"
                                "<DistanceUnits type=\"QString\">meters</DistanceUnits>"
                                "<AreaUnits type=\"QString\">m2</AreaUnits></Measurement>"
                                "<SpatialRefSys><ProjectionsEnabled type=\"int\">1"
                                "</ProjectionsEnabled></SpatialRefSys></properties>\n<visibility-presets>\n")) ||
        (st = append_buf(ctx, b, &p->themes)))
        return st;
    return dosah_strbuf_printf(ctx, b, "</visibility-presets>\n<ProjectViewSettings "
                               "UseProjectScales=\"0\" rotation=\"0\"><Scales/>"
                               "<DefaultViewExtent xmin=\"%.3f\" ymin=\"%.3f\" xmax=\"%.3f\" "
                               "ymax=\"%.3f\">%s</DefaultViewExtent></ProjectViewSettings>\n"
                               "</qgis>\n", env->MinX, env->MinY, env->MaxX, env->MaxY, p->srs);
}

/* The region's extent (regions, else municipalities, else services), padded by 2 %. */
static void project_extent(struct dosah_writer *w, OGREnvelope *env)
{
    static const enum dosah_table_id tables[] = {DOSAH_T_REGIONS, DOSAH_T_MUNICIPALITIES,
                                                 DOSAH_T_DEMAND, DOSAH_T_SERVICES};
    size_t i;
    double pad;
    memset(env, 0, sizeof *env);
    for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        OGRLayerH layer = GDALDatasetGetLayerByName(w->ds, dosah_table_name(tables[i]));
        if (layer && OGR_L_GetFeatureCount(layer, TRUE) > 0 &&
            OGR_L_GetExtent(layer, env, TRUE) == OGRERR_NONE)
            break;
    }
    pad = 0.02 * (env->MaxX - env->MinX > env->MaxY - env->MinY ? env->MaxX - env->MinX
                                                                 : env->MaxY - env->MinY);
    env->MinX -= pad;
    env->MinY -= pad;
    env->MaxX += pad;
    env->MaxY += pad;
}

/* The .qgs zipped into a .qgz (in GDAL's memory file system), hex-encoded as QGIS stores it
 * (*hex: free with dosah_free). */
static enum dosah_status qgz_hex(struct dosah_writer *w, const struct dosah_strbuf *qgs,
                                 char **hex)
{
    static const char digits[] = "0123456789abcdef";
    char path[64];
    void *zip;
    GByte *data;
    vsi_l_offset size = 0, i;
    int ok;
    *hex = NULL;
    snprintf(path, sizeof path, "/vsimem/dosah-project-%p.qgz", (void *)w);
    if (!(zip = CPLCreateZip(path, NULL)))
        return dosah_writer_gdal_fail(w, "cannot zip the QGIS project");
    ok = CPLCreateFileInZip(zip, "project.qgs", NULL) == CE_None &&
         CPLWriteFileInZip(zip, qgs->data, (int)qgs->len) == CE_None &&
         CPLCloseFileInZip(zip) == CE_None;
    ok = CPLCloseZip(zip) == CE_None && ok;
    data = VSIGetMemFileBuffer(path, &size, TRUE);
    if (!ok || !data) {
        CPLFree(data);
        return dosah_writer_gdal_fail(w, "cannot zip the QGIS project");
    }
    if ((*hex = dosah_malloc(w->ctx, 2 * (size_t)size + 1)) != NULL) {
        for (i = 0; i < size; i++) {
            (*hex)[2 * i] = digits[data[i] >> 4];
            (*hex)[2 * i + 1] = digits[data[i] & 15];
        }
        (*hex)[2 * size] = '\0';
    }
    CPLFree(data);
    return *hex ? DOSAH_OK : DOSAH_ENOMEM;
}

static enum dosah_status sql_string(struct dosah_ctx *ctx, struct dosah_strbuf *b, const char *s)
{
    enum dosah_status st = dosah_strbuf_puts(ctx, b, "'");
    for (; *s && !st; s++)
        st = *s == '\'' ? dosah_strbuf_puts(ctx, b, "''") : dosah_strbuf_append(ctx, b, s, 1);
    return st ? st : dosah_strbuf_puts(ctx, b, "'");
}

static enum dosah_status store_project(struct dosah_writer *w, const char *hex)
{
    struct dosah_strbuf sql;
    enum dosah_status st;
    OGRLayerH res;
    char meta[160];
    snprintf(meta, sizeof meta, "{\"last_modified_time\": \"%s\", \"last_modified_user\": "
             "\"dosah\"}", w->opt->started_utc ? w->opt->started_utc : "");
    CPLErrorReset();
    res = GDALDatasetExecuteSQL(w->ds, "CREATE TABLE qgis_projects(name TEXT PRIMARY KEY, "
                                "metadata BLOB, content BLOB)", NULL, NULL);
    if (res)
        GDALDatasetReleaseResultSet(w->ds, res);
    if (CPLGetLastErrorType() >= CE_Failure)
        return dosah_writer_gdal_fail(w, "cannot create the qgis_projects table");
    dosah_strbuf_init(&sql, 0);
    if (!(st = dosah_strbuf_puts(w->ctx, &sql, "INSERT INTO qgis_projects VALUES (")) &&
        !(st = sql_string(w->ctx, &sql, w->scenario->name)) &&
        !(st = dosah_strbuf_puts(w->ctx, &sql, ", ")) &&
        !(st = sql_string(w->ctx, &sql, meta)) &&
        !(st = dosah_strbuf_puts(w->ctx, &sql, ", '")) &&
        !(st = dosah_strbuf_puts(w->ctx, &sql, hex)) &&
        !(st = dosah_strbuf_puts(w->ctx, &sql, "')"))) {
        CPLErrorReset();
        res = GDALDatasetExecuteSQL(w->ds, sql.data, NULL, NULL);
        if (res)
            GDALDatasetReleaseResultSet(w->ds, res);
        if (CPLGetLastErrorType() >= CE_Failure)
            st = dosah_writer_gdal_fail(w, "cannot store the QGIS project");
    }
    dosah_strbuf_clear(&sql);
    return st;
}

static char *relative_source(struct dosah_writer *w)
{
    const char *slash = strrchr(w->final_path, '/');
    return dosah_asprintf(w->ctx, "./%s", slash ? slash + 1 : w->final_path);
}

enum dosah_status dosah_write_project(struct dosah_writer *w)
{
    struct project p;
    struct dosah_strbuf history, tree, qgs;
    OGREnvelope env;
    enum dosah_status st;
    char *hex = NULL;
    size_t q;
    memset(&p, 0, sizeof p);
    p.w = w;
    dosah_strbuf_init(&history, 0);
    dosah_strbuf_init(&tree, 0);
    dosah_strbuf_init(&qgs, 0);
    snprintf(p.base_name, sizeof p.base_name, "%s", dosah_writer_t(w, DOSAH_RMSG_QGIS_BASE));
    if ((st = srs_xml(&p)) || (st = dosah_run_history_xml(w, &history)))
        goto fail;
    if (!(p.history = dosah_strbuf_take(w->ctx, &history)) ||
        !(p.source = relative_source(w))) {
        st = DOSAH_ENOMEM;
        goto fail;
    }
    /* The base group's layers first: every theme shows them. */
    if ((st = group_layers(&p, base_parts, sizeof base_parts / sizeof base_parts[0], 0, NULL,
                           &tree, &p.base_visible)))
        goto fail;
    for (q = 0; q < w->scenario->service_count && !st; q++)
        st = question_group(&p, q);
    if (st || (st = group_element(&p, p.base_name, 1, &tree)))
        goto fail;
    project_extent(w, &env);
    if ((st = project_xml(&p, &env, &qgs)))
        goto fail;
    if (!(st = qgz_hex(w, &qgs, &hex)))
        st = store_project(w, hex);
fail:
    dosah_free(hex);
    dosah_strbuf_clear(&qgs);
    dosah_strbuf_clear(&tree);
    dosah_strbuf_clear(&history);
    project_clear(&p);
    return st;
}
