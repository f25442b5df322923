/* SPDX-License-Identifier: MIT */
/*
 * Default QGIS styles: each spatial layer gets the QML template of the same name from
 * styles/ (compiled in), with @KEY@ and @THRESHOLD@ replaced by the scenario's first service
 * key and its threshold, {{czech|english}} texts in the output's language, and an <aliases>
 * element with the field aliases; stored in the
 * `layer_styles` table that QGIS reads (registered in gpkg_contents, as QGIS itself does).
 */
#include <stdio.h>
#include <string.h>

#include <cpl_string.h>
#include <ogr_api.h>

#include "core/buf.h"
#include "io/styles_internal.h"
#include "io/write_internal.h"

enum dosah_status dosah_writer_remember_alias(struct dosah_writer *w, const char *layer,
                                              const char *field, const char *alias)
{
    struct dosah_alias_entry e;
    if (!alias)
        return DOSAH_OK;
    e.layer = dosah_strdup(w->ctx, layer);
    e.field = dosah_strdup(w->ctx, field);
    e.alias = dosah_strdup(w->ctx, alias);
    if (!e.layer || !e.field || !e.alias ||
        dosah_array_reserve(w->ctx, (void **)&w->aliases, &w->alias_cap, w->alias_count + 1,
                            sizeof e)) {
        dosah_free(e.layer);
        dosah_free(e.field);
        dosah_free(e.alias);
        return DOSAH_ENOMEM;
    }
    w->aliases[w->alias_count++] = e;
    return DOSAH_OK;
}

void dosah_writer_aliases_clear(struct dosah_writer *w)
{
    size_t i;
    for (i = 0; i < w->alias_count; i++) {
        dosah_free(w->aliases[i].layer);
        dosah_free(w->aliases[i].field);
        dosah_free(w->aliases[i].alias);
    }
    dosah_free(w->aliases);
    w->aliases = NULL;
    w->alias_count = w->alias_cap = 0;
}

static enum dosah_status xml_escaped(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                     const char *s)
{
    enum dosah_status st = DOSAH_OK;
    for (; *s && !st; s++) {
        switch (*s) {
        case '&':
            st = dosah_strbuf_puts(ctx, b, "&amp;");
            break;
        case '<':
            st = dosah_strbuf_puts(ctx, b, "&lt;");
            break;
        case '>':
            st = dosah_strbuf_puts(ctx, b, "&gt;");
            break;
        case '"':
            st = dosah_strbuf_puts(ctx, b, "&quot;");
            break;
        default:
            st = dosah_strbuf_append(ctx, b, s, 1);
        }
    }
    return st;
}

/* <aliases> for one layer; QGIS matches on the field name (index counts fid as 0). */
static enum dosah_status aliases_xml(struct dosah_writer *w, const char *layer,
                                     struct dosah_strbuf *b)
{
    enum dosah_status st = dosah_strbuf_puts(w->ctx, b, "  <aliases>\n");
    size_t i;
    int index = 1;
    for (i = 0; i < w->alias_count && !st; i++) {
        if (strcmp(w->aliases[i].layer, layer) != 0)
            continue;
        if ((st = dosah_strbuf_printf(w->ctx, b, "    <alias field=\"")) ||
            (st = xml_escaped(w->ctx, b, w->aliases[i].field)) ||
            (st = dosah_strbuf_printf(w->ctx, b, "\" index=\"%d\" name=\"", index++)) ||
            (st = xml_escaped(w->ctx, b, w->aliases[i].alias)))
            break;
        st = dosah_strbuf_puts(w->ctx, b, "\"/>\n");
    }
    return st ? st : dosah_strbuf_puts(w->ctx, b, "  </aliases>\n");
}

/* Appends the template text [p, end) with @KEY@ and @THRESHOLD@ replaced. */
static enum dosah_status substitute(struct dosah_writer *w, struct dosah_strbuf *b,
                                    const char *p, const char *end)
{
    const struct dosah_service_spec *first = &w->scenario->services[0];
    char threshold[32];
    enum dosah_status st = DOSAH_OK;
    snprintf(threshold, sizeof threshold, "%g", first->threshold_min);
    while (p < end && !st) {
        const char *at = memchr(p, '@', (size_t)(end - p));
        if (!at) {
            st = dosah_strbuf_append(w->ctx, b, p, (size_t)(end - p));
            p = end;
        } else if (strncmp(at, "@KEY@", 5) == 0 || strncmp(at, "@THRESHOLD@", 11) == 0) {
            int is_key = at[1] == 'K';
            if (!(st = dosah_strbuf_append(w->ctx, b, p, (size_t)(at - p))))
                st = dosah_strbuf_puts(w->ctx, b, is_key ? first->key : threshold);
            p = at + (is_key ? 5 : 11);
        } else {
            st = dosah_strbuf_append(w->ctx, b, p, (size_t)(at - p) + 1);
            p = at + 1;
        }
    }
    return st;
}

/*
 * The template rendered: {{czech|english}} becomes the text of the output's language,
 * placeholders are replaced, and the aliases are inserted before </qgis>.
 */
static char *render_style(struct dosah_writer *w, const char *layer, const char *tmpl)
{
    const char *end = strstr(tmpl, "</qgis>"), *p = tmpl;
    struct dosah_strbuf b;
    enum dosah_status st = DOSAH_OK;
    dosah_strbuf_init(&b, 0);
    if (!end)
        end = tmpl + strlen(tmpl);
    while (p < end && !st) {
        const char *open = strstr(p, "{{"), *bar, *close;
        if (!open || open >= end) {
            st = substitute(w, &b, p, end);
            break;
        }
        bar = strchr(open, '|');
        close = strstr(open, "}}");
        if (!bar || !close || bar > close) {
            st = substitute(w, &b, p, open + 2);
            p = open + 2;
            continue;
        }
        if (!(st = substitute(w, &b, p, open)))
            st = w->english ? substitute(w, &b, bar + 1, close)
                            : substitute(w, &b, open + 2, bar);
        p = close + 2;
    }
    if (!st && !(st = aliases_xml(w, layer, &b)))
        st = dosah_strbuf_puts(w->ctx, &b, end);
    if (st) {
        dosah_strbuf_clear(&b);
        return NULL;
    }
    return dosah_strbuf_take(w->ctx, &b);
}

static OGRLayerH create_styles_table(struct dosah_writer *w)
{
    static const struct {
        const char *name;
        OGRFieldType type;
        int width;
    } fields[] = {
        {"f_table_catalog", OFTString, 256}, {"f_table_schema", OFTString, 256},
        {"f_table_name", OFTString, 256},    {"f_geometry_column", OFTString, 256},
        {"styleName", OFTString, 30},        {"styleQML", OFTString, 0},
        {"styleSLD", OFTString, 0},          {"useAsDefault", OFTInteger, 0},
        {"description", OFTString, 0},       {"owner", OFTString, 30},
        {"ui", OFTString, 30},               {"update_time", OFTDateTime, 0},
    };
    char **opts = CSLSetNameValue(NULL, "FID", "id");
    OGRLayerH layer = GDALDatasetCreateLayer(w->ds, "layer_styles", NULL, wkbNone, opts);
    size_t i;
    CSLDestroy(opts);
    if (!layer)
        return NULL;
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i].name, fields[i].type);
        OGRErr err;
        if (fields[i].width)
            OGR_Fld_SetWidth(fd, fields[i].width);
        if (fields[i].type == OFTInteger)
            OGR_Fld_SetSubType(fd, OFSTBoolean);
        if (fields[i].type == OFTDateTime)
            OGR_Fld_SetDefault(fd, "CURRENT_TIMESTAMP");
        err = OGR_L_CreateField(layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (err != OGRERR_NONE)
            return NULL;
    }
    return layer;
}

static enum dosah_status style_row(struct dosah_writer *w, OGRLayerH styles, const char *layer,
                                   const char *qml)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(styles));
    char description[128];
    snprintf(description, sizeof description, "dosah %s: %s", dosah_version(), layer);
    OGR_F_SetFieldString(f, 0, "");
    OGR_F_SetFieldString(f, 1, "");
    OGR_F_SetFieldString(f, 2, layer);
    OGR_F_SetFieldString(f, 3, "geom");
    OGR_F_SetFieldString(f, 4, layer);
    OGR_F_SetFieldString(f, 5, qml);
    OGR_F_SetFieldString(f, 6, "");
    OGR_F_SetFieldInteger(f, 7, 1);
    OGR_F_SetFieldString(f, 8, description);
    OGR_F_SetFieldString(f, 9, "");
    return dosah_writer_put(w, styles, f);
}

enum dosah_status dosah_write_styles(struct dosah_writer *w)
{
    const struct dosah_style_entry *e;
    OGRLayerH styles = create_styles_table(w);
    enum dosah_status st = DOSAH_OK;
    if (!styles)
        return dosah_writer_gdal_fail(w, "cannot create the layer_styles table");
    for (e = dosah_styles_embedded; e->layer && !st; e++) {
        char *qml;
        if (!GDALDatasetGetLayerByName(w->ds, e->layer))
            continue;
        if (!(qml = render_style(w, e->layer, e->qml)))
            return DOSAH_ENOMEM;
        st = style_row(w, styles, e->layer, qml);
        dosah_free(qml);
    }
    return st;
}
