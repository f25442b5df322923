/* SPDX-License-Identifier: MIT */
/*
 * QGIS styles: each spatial layer gets the QML template of the same name from styles/
 * (compiled in), with @KEY@, @THRESHOLD@ and @GAPLINE@ replaced for a question (the default
 * style: the scenario's first), {{english}} texts in the output's language (their Czech from
 * the catalogue, core/catalog_styles.c), and an
 * <aliases> element with the field aliases; stored in the `layer_styles` table that QGIS
 * reads (registered in gpkg_contents, as QGIS itself does), the default style and one named
 * style per question for the layers whose style depends on the question.
 */
#include <stdio.h>
#include <string.h>

#include <cpl_string.h>
#include <ogr_api.h>

#include "core/buf.h"
#include "core/catalog.h"
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

enum dosah_status dosah_xml_escape(struct dosah_ctx *ctx, struct dosah_strbuf *b, const char *s)
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
            (st = dosah_xml_escape(w->ctx, b, w->aliases[i].field)) ||
            (st = dosah_strbuf_printf(w->ctx, b, "\" index=\"%d\" name=\"", index++)) ||
            (st = dosah_xml_escape(w->ctx, b, w->aliases[i].alias)))
            break;
        st = dosah_strbuf_puts(w->ctx, b, "\"/>\n");
    }
    return st ? st : dosah_strbuf_puts(w->ctx, b, "  </aliases>\n");
}

/*
 * The label line that states question q's gap in a region (empty when the regions carry no
 * gap field for q): the gap statement is part of the region's one label, never a second
 * label on the same place. XML-escaped, for an attribute in single quotes.
 */
static enum dosah_status gap_line(struct dosah_writer *w, struct dosah_strbuf *b, size_t q)
{
    const char *key = w->scenario->services[q].key;
    OGRLayerH regions = GDALDatasetGetLayerByName(w->ds, dosah_table_name(DOSAH_T_REGIONS));
    char gap[128], shortfall[128], buf[128];
    /* the same word as the gap class's legend in gaps.qml, {{gap}} */
    const char *gap_word = w->english ? NULL : dosah_catalog_style_cs("gap", 3, buf, sizeof buf);
    dosah_key_field_name(DOSAH_KF_GAP, key, 0, NULL, gap, sizeof gap);
    dosah_key_field_name(DOSAH_KF_SHORTFALL, key, 0, NULL, shortfall, sizeof shortfall);
    if (!regions || OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(regions), gap) < 0)
        return DOSAH_OK;
    return dosah_strbuf_printf(
        w->ctx, b,
        " || CASE WHEN \"%s\" = 1 THEN &apos;\\n%s&apos; || CASE WHEN \"%s\" > 0 "
        "THEN &apos;%s&apos; || \"%s\" ELSE &apos;&apos; END ELSE &apos;&apos; END",
        gap, gap_word ? gap_word : "gap", shortfall,
        dosah_writer_t(w, DOSAH_RMSG_QGIS_LABEL_SHORT_BY), shortfall);
}

/* Appends the template text [p, end) with @KEY@, @THRESHOLD@ and @GAPLINE@ replaced. */
static enum dosah_status substitute(struct dosah_writer *w, struct dosah_strbuf *b,
                                    const char *p, const char *end, size_t q)
{
    const struct dosah_service_spec *sv = &w->scenario->services[q];
    char threshold[32];
    enum dosah_status st = DOSAH_OK;
    snprintf(threshold, sizeof threshold, "%g", sv->threshold_min);
    while (p < end && !st) {
        const char *at = memchr(p, '@', (size_t)(end - p));
        if (!at) {
            st = dosah_strbuf_append(w->ctx, b, p, (size_t)(end - p));
            p = end;
        } else if (strncmp(at, "@KEY@", 5) == 0 || strncmp(at, "@THRESHOLD@", 11) == 0) {
            int is_key = at[1] == 'K';
            if (!(st = dosah_strbuf_append(w->ctx, b, p, (size_t)(at - p))))
                st = dosah_strbuf_puts(w->ctx, b, is_key ? sv->key : threshold);
            p = at + (is_key ? 5 : 11);
        } else if (strncmp(at, "@GAPLINE@", 9) == 0) {
            if (!(st = dosah_strbuf_append(w->ctx, b, p, (size_t)(at - p))))
                st = gap_line(w, b, q);
            p = at + 9;
        } else {
            st = dosah_strbuf_append(w->ctx, b, p, (size_t)(at - p) + 1);
            p = at + 1;
        }
    }
    return st;
}

/*
 * Appends the text of a template's {{key}} (key[n]) in the output's language: the English
 * (the key without its "#context") or the catalogue's Czech; the English when the catalogue
 * has none (the unit test finds every key in it).
 */
static enum dosah_status style_text(struct dosah_writer *w, struct dosah_strbuf *b,
                                    const char *key, size_t n, size_t q)
{
    char buf[256];
    const char *cs = w->english ? NULL : dosah_catalog_style_cs(key, n, buf, sizeof buf);
    const char *hash = memchr(key, '#', n);
    if (cs)
        return substitute(w, b, cs, cs + strlen(cs), q);
    return substitute(w, b, key, hash ? hash : key + n, q);
}

/*
 * The template rendered: {{english}} becomes the text of the output's language,
 * placeholders are replaced, and the aliases are inserted before </qgis>.
 */
char *dosah_style_render(struct dosah_writer *w, const char *layer, const char *tmpl, size_t q)
{
    const char *end = strstr(tmpl, "</qgis>"), *p = tmpl;
    struct dosah_strbuf b;
    enum dosah_status st = DOSAH_OK;
    dosah_strbuf_init(&b, 0);
    if (!end)
        end = tmpl + strlen(tmpl);
    while (p < end && !st) {
        const char *open = strstr(p, "{{"), *close;
        if (!open || open >= end) {
            st = substitute(w, &b, p, end, q);
            break;
        }
        close = strstr(open, "}}");
        if (!close || close >= end) {
            st = substitute(w, &b, p, open + 2, q);
            p = open + 2;
            continue;
        }
        if (!(st = substitute(w, &b, p, open, q)))
            st = style_text(w, &b, open + 2, (size_t)(close - open - 2), q);
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

/* One row: the default style (name = the layer) or question q's named style (name = its key). */
static enum dosah_status style_row(struct dosah_writer *w, OGRLayerH styles, const char *layer,
                                   const char *qml, const struct dosah_service_spec *question)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(styles));
    char description[512];
    if (question)
        snprintf(description, sizeof description, "dosah %s: %s, %s (%g min)", dosah_version(),
                 layer, question->label ? question->label : question->key,
                 question->threshold_min);
    else
        snprintf(description, sizeof description, "dosah %s: %s", dosah_version(), layer);
    OGR_F_SetFieldString(f, 0, "");
    OGR_F_SetFieldString(f, 1, "");
    OGR_F_SetFieldString(f, 2, layer);
    OGR_F_SetFieldString(f, 3, DOSAH_GEOM_COLUMN);
    OGR_F_SetFieldString(f, 4, question ? question->key : layer);
    OGR_F_SetFieldString(f, 5, qml);
    OGR_F_SetFieldString(f, 6, "");
    OGR_F_SetFieldInteger(f, 7, question ? 0 : 1);
    OGR_F_SetFieldString(f, 8, description);
    OGR_F_SetFieldString(f, 9, "");
    return dosah_writer_put(w, styles, f);
}

const char *dosah_style_template(const char *name)
{
    const struct dosah_style_entry *e;
    for (e = dosah_styles_embedded; e->layer; e++)
        if (strcmp(e->layer, name) == 0)
            return e->qml;
    return NULL;
}

/* The layers whose style follows the question: they get a named style per question. */
static int per_question(const char *layer)
{
    return strcmp(layer, dosah_table_name(DOSAH_T_MUNICIPALITIES)) == 0 ||
           strcmp(layer, dosah_table_name(DOSAH_T_REGIONS)) == 0 ||
           strcmp(layer, dosah_table_name(DOSAH_T_DEMAND)) == 0;
}

static enum dosah_status layer_rows(struct dosah_writer *w, OGRLayerH styles,
                                    const struct dosah_style_entry *e)
{
    size_t q, count = per_question(e->layer) ? w->scenario->service_count : 0;
    enum dosah_status st;
    char *qml = dosah_style_render(w, e->layer, e->qml, 0);
    if (!qml)
        return DOSAH_ENOMEM;
    st = style_row(w, styles, e->layer, qml, NULL);
    dosah_free(qml);
    for (q = 0; q < count && !st; q++) {
        if (!(qml = dosah_style_render(w, e->layer, e->qml, q)))
            return DOSAH_ENOMEM;
        st = style_row(w, styles, e->layer, qml, &w->scenario->services[q]);
        dosah_free(qml);
    }
    return st;
}

enum dosah_status dosah_write_styles(struct dosah_writer *w)
{
    const struct dosah_style_entry *e;
    OGRLayerH styles = create_styles_table(w);
    enum dosah_status st = DOSAH_OK;
    if (!styles)
        return dosah_writer_gdal_fail(w, "cannot create the layer_styles table");
    for (e = dosah_styles_embedded; e->layer && !st; e++)
        if (GDALDatasetGetLayerByName(w->ds, e->layer))
            st = layer_rows(w, styles, e);
    return st;
}
