/* SPDX-License-Identifier: MIT */
/*
 * Writes the demo region to a GeoPackage through GDAL/OGR: layers obce, orp, obce_body,
 * silnice, sluzby and svl, all in EPSG:5514, with Czech field names and UTF-8 text. Every
 * layer carries a description that says which of its parts are generated.
 */
#include "gen.h"

#include <stdio.h>
#include <string.h>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

struct field_def {
    const char *name;
    OGRFieldType type;
};

struct writer {
    const struct gen_world *w;
    GDALDatasetH ds;
    OGRSpatialReferenceH srs;
    GEOSWKBWriter *wkb;
};

static int gdal_error(const char *what)
{
    return gen_error("%s: %s", what, CPLGetLastErrorMsg());
}

static OGRLayerH create_layer(struct writer *wr, const char *name, OGRwkbGeometryType type,
                              const char *description, const struct field_def *fields, int n)
{
    char **opts = NULL;
    opts = CSLSetNameValue(opts, "DESCRIPTION", description);
    opts = CSLSetNameValue(opts, "FID", "fid");
    opts = CSLSetNameValue(opts, "GEOMETRY_NAME", "geom");
    OGRLayerH layer = GDALDatasetCreateLayer(wr->ds, name, wr->srs, type, opts);
    CSLDestroy(opts);
    if (!layer) {
        gdal_error(name);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i].name, fields[i].type);
        OGRErr err = OGR_L_CreateField(layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (err != OGRERR_NONE) {
            gdal_error(fields[i].name);
            return NULL;
        }
    }
    return layer;
}

/* GEOS geometry -> OGR geometry through WKB; NULL on failure. */
static OGRGeometryH from_geos(struct writer *wr, const GEOSGeometry *g)
{
    size_t size = 0;
    OGRGeometryH out = NULL;
    unsigned char *buf = GEOSWKBWriter_write_r(wr->w->geos, wr->wkb, g, &size);
    if (!buf)
        return NULL;
    if (OGR_G_CreateFromWkb(buf, wr->srs, &out, (int)size) != OGRERR_NONE)
        out = NULL;
    GEOSFree_r(wr->w->geos, buf);
    return out;
}

static OGRGeometryH make_point(struct writer *wr, double x, double y)
{
    OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(g, 0, x, y);
    OGR_G_AssignSpatialReference(g, wr->srs);
    return g;
}

/* Takes f and geom; writes the feature. */
static int put(OGRLayerH layer, OGRFeatureH f, OGRGeometryH geom)
{
    OGRErr err = geom ? OGR_F_SetGeometryDirectly(f, geom) : OGRERR_FAILURE;
    if (err == OGRERR_NONE)
        err = OGR_L_CreateFeature(layer, f);
    OGR_F_Destroy(f);
    return err == OGRERR_NONE ? 0 : gdal_error(OGR_L_GetName(layer));
}

static void set_str(OGRFeatureH f, const char *name, const char *value)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (value)
        OGR_F_SetFieldString(f, i, value);
    else
        OGR_F_SetFieldNull(f, i);
}

static void set_int(OGRFeatureH f, const char *name, int value)
{
    OGR_F_SetFieldInteger(f, OGR_F_GetFieldIndex(f, name), value);
}

static int write_obce(struct writer *wr)
{
    static const struct field_def fields[] = {
        {"kod", OFTInteger}, {"nazev", OFTString}, {"kod_orp", OFTInteger},
        {"nazev_orp", OFTString}, {"obyvatel", OFTInteger}, {"obyvatel_65plus", OFTInteger}};
    struct gen_rng age;
    OGRLayerH l = create_layer(wr, "obce", wkbMultiPolygon,
                               "Obce Libereckého kraje: kódy, názvy, ORP a počet obyvatel "
                               "k 1. 1. 2025 (ČSÚ); obyvatel_65plus ILUSTRATIVNÍ; hranice "
                               "GENEROVANÉ (Voronoi), ne RÚIAN",
                               fields, 6);
    gen_rng_seed(&age, GEN_SEED, "age");
    for (int i = 0; l && i < wr->w->muni_count; i++) {
        const struct gen_muni *m = &wr->w->muni[i];
        const struct gen_orp *o = &wr->w->orp[m->orp];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        set_int(f, "kod", m->kod);
        set_str(f, "nazev", m->nazev);
        set_int(f, "kod_orp", o->kod);
        set_str(f, "nazev_orp", o->nazev);
        set_int(f, "obyvatel", m->population);
        /* ILLUSTRATIVE: 17-26 % aged 65+ (the region's share is about a fifth), not ČSÚ's */
        set_int(f, "obyvatel_65plus",
                (int)(m->population * gen_rng_range(&age, 0.17, 0.26) + 0.5));
        if (put(l, f, from_geos(wr, m->area)) != 0)
            return -1;
    }
    return l ? 0 : -1;
}

static int write_orp(struct writer *wr)
{
    static const struct field_def fields[] = {{"kod", OFTInteger}, {"nazev", OFTString}};
    OGRLayerH l = create_layer(wr, "orp", wkbMultiPolygon,
                               "ORP Libereckého kraje (ČSÚ); hranice GENEROVANÉ sloučením "
                               "generovaných obcí, ne RÚIAN", fields, 2);
    for (int i = 0; l && i < wr->w->orp_count; i++) {
        const struct gen_orp *o = &wr->w->orp[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        set_int(f, "kod", o->kod);
        set_str(f, "nazev", o->nazev);
        if (put(l, f, from_geos(wr, o->area)) != 0)
            return -1;
    }
    return l ? 0 : -1;
}

static int write_obce_body(struct writer *wr)
{
    static const struct field_def fields[] = {
        {"kod", OFTInteger}, {"nazev", OFTString}, {"kod_orp", OFTInteger},
        {"obyvatel", OFTInteger}};
    OGRLayerH l = create_layer(wr, "obce_body", wkbPoint,
                               "Body obcí (veřejný seznam souřadnic obcí) s počtem obyvatel "
                               "k 1. 1. 2025 (ČSÚ): body poptávky dema", fields, 4);
    for (int i = 0; l && i < wr->w->muni_count; i++) {
        const struct gen_muni *m = &wr->w->muni[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        set_int(f, "kod", m->kod);
        set_str(f, "nazev", m->nazev);
        set_int(f, "kod_orp", m->kod_orp);
        set_int(f, "obyvatel", m->population);
        if (put(l, f, make_point(wr, m->x, m->y)) != 0)
            return -1;
    }
    return l ? 0 : -1;
}

static int write_silnice(struct writer *wr)
{
    static const struct field_def fields[] = {
        {"id", OFTInteger}, {"typ", OFTString}, {"rychlost", OFTInteger},
        {"jednosmerka", OFTString}};
    OGRLayerH l = create_layer(wr, "silnice", wkbLineString,
                               "GENEROVANÁ silniční síť mezi sousedními obcemi (ne OSM); "
                               "třídy OSM highway, jednosměrky podle OSM oneway", fields, 4);
    for (int i = 0; l && i < wr->w->road_count; i++) {
        const struct gen_road *r = &wr->w->roads[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
        for (int k = 0; k < r->vertex_count; k++)
            OGR_G_AddPoint_2D(g, r->xy[2 * k], r->xy[2 * k + 1]);
        OGR_G_AssignSpatialReference(g, wr->srs);
        set_int(f, "id", r->id);
        set_str(f, "typ", r->typ);
        if (r->speed_kmh > 0)
            set_int(f, "rychlost", r->speed_kmh);
        else
            OGR_F_SetFieldNull(f, OGR_F_GetFieldIndex(f, "rychlost"));
        set_str(f, "jednosmerka", r->oneway);
        if (put(l, f, g) != 0)
            return -1;
    }
    return l ? 0 : -1;
}

static int write_sluzby(struct writer *wr)
{
    static const struct field_def fields[] = {
        {"id", OFTString}, {"nazev", OFTString}, {"poskytovatel", OFTString},
        {"paragraf", OFTString}, {"forma", OFTString}, {"kapacita", OFTReal},
        {"jednotka", OFTString}, {"provoz", OFTString}, {"pusobnost", OFTString}};
    OGRLayerH l = create_layer(wr, "sluzby", wkbPoint,
                               "ILUSTRATIVNÍ sociální služby: místa podle plánu kraje, "
                               "kapacity a provozní doba smyšlené, ne registr", fields, 9);
    for (int i = 0; l && i < wr->w->service_count; i++) {
        const struct gen_service *s = &wr->w->services[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        set_str(f, "id", s->id);
        set_str(f, "nazev", s->nazev);
        set_str(f, "poskytovatel", s->poskytovatel);
        set_str(f, "paragraf", s->paragraf);
        set_str(f, "forma", s->forma);
        OGR_F_SetFieldDouble(f, OGR_F_GetFieldIndex(f, "kapacita"), s->kapacita);
        set_str(f, "jednotka", s->jednotka);
        set_str(f, "provoz", s->provoz);
        set_str(f, "pusobnost", s->pusobnost);
        if (put(l, f, make_point(wr, s->x, s->y)) != 0)
            return -1;
    }
    return l ? 0 : -1;
}

static int write_svl(struct writer *wr)
{
    static const struct field_def fields[] = {
        {"id", OFTString}, {"nazev", OFTString}, {"obec", OFTInteger},
        {"obyvatel", OFTInteger}};
    OGRLayerH l = create_layer(wr, "svl", wkbPoint,
                               "GENEROVANÉ sociálně vyloučené lokality: obce podle studie kraje "
                               "2013, počet 48 a úhrn podle GAC 2015; polohy a velikosti smyšlené",
                               fields, 4);
    for (int i = 0; l && i < wr->w->svl_count; i++) {
        const struct gen_svl *v = &wr->w->svl[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        set_str(f, "id", v->id);
        set_str(f, "nazev", v->nazev);
        set_int(f, "obec", wr->w->muni[v->muni].kod);
        set_int(f, "obyvatel", v->population);
        if (put(l, f, make_point(wr, v->x, v->y)) != 0)
            return -1;
    }
    return l ? 0 : -1;
}

static int write_layers(struct writer *wr)
{
    if (GDALDatasetStartTransaction(wr->ds, FALSE) != OGRERR_NONE)
        return gdal_error("start transaction");
    if (write_obce(wr) != 0 || write_orp(wr) != 0 || write_obce_body(wr) != 0 ||
        write_silnice(wr) != 0 || write_sluzby(wr) != 0 || write_svl(wr) != 0) {
        GDALDatasetRollbackTransaction(wr->ds);
        return -1;
    }
    if (GDALDatasetCommitTransaction(wr->ds) != OGRERR_NONE)
        return gdal_error("commit");
    return 0;
}

int gen_write_gpkg(const struct gen_world *w, const char *path)
{
    struct writer wr = {w, NULL, NULL, NULL};
    int rc = -1;
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    if (!drv)
        return gen_error("GDAL has no GPKG driver");
    wr.srs = OSRNewSpatialReference(NULL);
    if (!wr.srs || OSRImportFromEPSG(wr.srs, 5514) != OGRERR_NONE) {
        gdal_error("EPSG:5514");
        goto done;
    }
    OSRSetAxisMappingStrategy(wr.srs, OAMS_TRADITIONAL_GIS_ORDER);
    wr.wkb = GEOSWKBWriter_create_r(w->geos);
    if (!wr.wkb) {
        gen_error("GEOS cannot create a WKB writer");
        goto done;
    }
    GEOSWKBWriter_setOutputDimension_r(w->geos, wr.wkb, 2);
    wr.ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    if (!wr.ds) {
        gdal_error(path);
        goto done;
    }
    rc = write_layers(&wr);
done:
    if (wr.ds)
        GDALClose(wr.ds);
    if (wr.wkb)
        GEOSWKBWriter_destroy_r(w->geos, wr.wkb);
    if (wr.srs)
        OSRDestroySpatialReference(wr.srs);
    return rc;
}
