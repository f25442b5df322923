/* SPDX-License-Identifier: MIT */
/*
 * Sources of demand and of service locations, on fixtures this test writes into a temporary
 * directory (three square municipalities side by side in EPSG:5514, RÚIAN-shaped address
 * points and buildings as GeoJSON, a 3 × 2 GeoTIFF written with GDAL, a registry CSV):
 * points located in municipalities through the spatial index (a point on a shared boundary
 * goes to the municipality of the smaller code whatever the input order), a population
 * raster, a municipality's population spread over its address points by flats, and services
 * placed by RÚIAN address code with the type given by its Czech name. Answers by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "core/core_internal.h"
#include "dosah/dosah.h"

#define X0 (-680000.0)
#define Y0 (-975000.0)
#define CRS "\"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::5514\"}}"

struct loaded {
    struct dosah_ctx *ctx;
    struct dosah_scenario *s;
    struct dosah_model *m;
    char dir[256];
};

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A square municipality [x, x + 1000] × [0, 1000] relative to (X0, Y0). */
static void muni(char *out, size_t size, long code, double x, double population)
{
    snprintf(out, size,
             "{\"type\": \"Feature\", \"properties\": {\"Kod\": %ld, \"pocet\": %g}, "
             "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[%.1f, %.1f], [%.1f, "
             "%.1f], [%.1f, %.1f], [%.1f, %.1f], [%.1f, %.1f]]]}}",
             code, population, X0 + x, Y0, X0 + x + 1000, Y0, X0 + x + 1000, Y0 + 1000, X0 + x,
             Y0 + 1000, X0 + x, Y0);
}

/* Municipalities 2 [0, 1000], 10 [1000, 2000] and 7 [2000, 3000], populations 100, 60, 40;
 * reversed: listed 7, 10, 2 instead of 10, 2, 7. */
static void write_municipalities(const char *dir, const char *name, int reversed)
{
    char a[512], b[512], c[512], text[2048];
    muni(a, sizeof a, 10, 1000, 60);
    muni(b, sizeof b, 2, 0, 100);
    muni(c, sizeof c, 7, 2000, 40);
    snprintf(text, sizeof text,
             "{\"type\": \"FeatureCollection\", \"name\": \"Obce\", " CRS ", \"features\": "
             "[%s, %s, %s]}\n",
             reversed ? c : a, b, reversed ? a : c);
    write_file(dir, name, text);
}

/* A point feature at (x, y) relative to (X0, Y0) with properties props. */
static void point(char *out, size_t size, double x, double y, const char *props)
{
    snprintf(out, size,
             "{\"type\": \"Feature\", \"properties\": {%s}, \"geometry\": {\"type\": "
             "\"Point\", \"coordinates\": [%.1f, %.1f]}}",
             props, X0 + x, Y0 + y);
}

static void write_points(const char *dir, const char *name, const char *layer, size_t n,
                         const double (*xy)[2], const char *const *props)
{
    char text[8192], one[512];
    size_t i, len;
    len = (size_t)snprintf(text, sizeof text,
                           "{\"type\": \"FeatureCollection\", \"name\": \"%s\", " CRS
                           ", \"features\": [",
                           layer);
    for (i = 0; i < n; i++) {
        point(one, sizeof one, xy[i][0], xy[i][1], props[i]);
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", i ? ", " : "", one);
    }
    snprintf(text + len, sizeof text - len, "]}\n");
    write_file(dir, name, text);
}

/* RÚIAN-shaped address points (AdresniMista: Kod, StavebniObjektKod) and buildings
 * (StavebniObjekty: Kod, PocetBytu): two in municipality 2, three in 10, none in 7. */
static void write_ruian(const char *dir)
{
    static const double xy[5][2] = {{200, 200}, {600, 600}, {1200, 200}, {1500, 500},
                                    {1800, 800}};
    static const char *const addr[5] = {
        "\"Kod\": 1001, \"StavebniObjektKod\": 101", "\"Kod\": 1002, \"StavebniObjektKod\": 102",
        "\"Kod\": 1003, \"StavebniObjektKod\": 103", "\"Kod\": 1004, \"StavebniObjektKod\": 104",
        "\"Kod\": 1005, \"StavebniObjektKod\": 105"};
    write_points(dir, "adresy.geojson", "AdresniMista", 5, xy, addr);
    write_file(dir, "budovy.geojson",
               "{\"type\": \"FeatureCollection\", \"name\": \"StavebniObjekty\", \"features\": ["
               "{\"type\": \"Feature\", \"properties\": {\"Kod\": 101, \"PocetBytu\": 1}, "
               "\"geometry\": null},"
               "{\"type\": \"Feature\", \"properties\": {\"Kod\": 102, \"PocetBytu\": 3}, "
               "\"geometry\": null},"
               "{\"type\": \"Feature\", \"properties\": {\"Kod\": 103, \"PocetBytu\": null}, "
               "\"geometry\": null},"
               "{\"type\": \"Feature\", \"properties\": {\"Kod\": 104, \"PocetBytu\": 2}, "
               "\"geometry\": null},"
               "{\"type\": \"Feature\", \"properties\": {\"Kod\": 105, \"PocetBytu\": 4}, "
               "\"geometry\": null}]}\n");
}

/* The files every scenario here uses: municipalities, a road and one service. */
static void fixture(struct loaded *l)
{
    char text[1024];
    memset(l, 0, sizeof *l);
    snprintf(l->dir, sizeof l->dir, "/tmp/dosah-demand-XXXXXX");
    assert_non_null(mkdtemp(l->dir));
    write_municipalities(l->dir, "obce.geojson", 0);
    write_municipalities(l->dir, "obce_rev.geojson", 1);
    snprintf(text, sizeof text,
             "{\"type\": \"FeatureCollection\", " CRS ", \"features\": [{\"type\": \"Feature\", "
             "\"properties\": {\"trida\": \"primary\"}, \"geometry\": {\"type\": "
             "\"LineString\", \"coordinates\": [[%.1f, %.1f], [%.1f, %.1f]]}}]}\n",
             X0 - 100, Y0 + 500, X0 + 3100, Y0 + 500);
    write_file(l->dir, "silnice.geojson", text);
    snprintf(text, sizeof text, "id,druh,forma,x,y\nS1,§40,terénní,%.1f,%.1f\n", X0 + 500,
             Y0 + 500);
    write_file(l->dir, "sluzby.csv", text);
    write_ruian(l->dir);
}

#define HEAD(obce)                                                                            \
    "name: t\ncrs: EPSG:5514\ninputs:\n"                                                      \
    "  municipalities: {path: " obce ", id: Kod, population: pocet}\n"                        \
    "  roads: {path: silnice.geojson, class: trida}\n"
#define SERVICES                                                                              \
    "  services: {path: sluzby.csv, crs: EPSG:5514, x: x, y: y, id: id, type: druh, "         \
    "form: forma}\n"
#define TAIL "services:\n  - {key: care, types: [\"§40\"], form: field, threshold_min: 30}\n"

/* Parses text as the scenario of the fixture's directory and loads it. */
static enum dosah_status load(struct loaded *l, const char *text)
{
    char path[512];
    dosah_model_destroy(l->m);
    dosah_scenario_destroy(l->s);
    dosah_ctx_destroy(l->ctx);
    l->m = NULL;
    l->s = NULL;
    l->ctx = dosah_ctx_create();
    assert_non_null(l->ctx);
    snprintf(path, sizeof path, "%s/scenario.yaml", l->dir);
    assert_int_equal(dosah_scenario_parse(l->ctx, path, text, strlen(text), &l->s), DOSAH_OK);
    return dosah_load(l->ctx, l->s, &l->m);
}

static void loaded_free(struct loaded *l)
{
    char cmd[512];
    dosah_model_destroy(l->m);
    dosah_scenario_destroy(l->s);
    dosah_ctx_destroy(l->ctx);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", l->dir);
    assert_int_equal(system(cmd), 0);
}

static void expect_diag(struct dosah_ctx *ctx, enum dosah_severity sev, const char *part)
{
    const struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    size_t i;
    for (i = 0; i < dosah_diagnostics_count(d); i++)
        if (strstr(dosah_diagnostics_get(d, i)->message, part)) {
            assert_int_equal(dosah_diagnostics_get(d, i)->severity, sev);
            return;
        }
    fail_msg("no diagnostic contains \"%s\"", part);
}

static void expect_error(struct dosah_ctx *ctx, enum dosah_status st, const char *part)
{
    assert_int_equal(st, DOSAH_EINVAL);
    if (!strstr(dosah_ctx_errmsg(ctx), part))
        fail_msg("message \"%s\" lacks \"%s\"", dosah_ctx_errmsg(ctx), part);
}

/* The code of the municipality of a demand point, "-" for none. */
static const char *muni_of(const struct dosah_model *m, uint32_t i)
{
    return i == DOSAH_NONE ? "-" : m->municipalities[i].code.text;
}

static const struct dosah_demand *demand(const struct dosah_model *m, const char *id)
{
    size_t i;
    for (i = 0; i < m->demand_count; i++)
        if (strcmp(m->demand[i].id.text, id) == 0)
            return &m->demand[i];
    fail_msg("no demand point '%s'", id);
    return NULL;
}

/* Points inside and on the boundaries: a boundary point goes to the smaller code (2 < 7 <
 * 10, as numbers), in either order of the municipalities. */
static void test_boundary_points(void **state)
{
    static const double xy[5][2] = {{500, 500}, {1000, 500}, {1000, 0}, {2000, 300},
                                    {5000, 500}};
    static const char *const props[5] = {"\"id\": \"in\", \"p\": 1", "\"id\": \"b2_10\", \"p\": 2",
                                         "\"id\": \"corner\", \"p\": 3",
                                         "\"id\": \"b7_10\", \"p\": 4", "\"id\": \"out\", \"p\": 5"};
    static const char *const files[2] = {"obce.geojson", "obce_rev.geojson"};
    struct loaded l;
    char text[1024];
    int k;
    (void)state;
    fixture(&l);
    write_points(l.dir, "body.geojson", "body", 5, xy, props);
    for (k = 0; k < 2; k++) {
        snprintf(text, sizeof text,
                 "name: t\ncrs: EPSG:5514\ninputs:\n"
                 "  municipalities: {path: %s, id: Kod, population: pocet}\n"
                 "  roads: {path: silnice.geojson, class: trida}\n"
                 "  demand: {path: body.geojson, id: id, population: p}\n" SERVICES TAIL,
                 files[k]);
        assert_int_equal(load(&l, text), DOSAH_OK);
        assert_string_equal(muni_of(l.m, demand(l.m, "in")->municipality), "2");
        assert_string_equal(muni_of(l.m, demand(l.m, "b2_10")->municipality), "2");
        assert_string_equal(muni_of(l.m, demand(l.m, "corner")->municipality), "2");
        assert_string_equal(muni_of(l.m, demand(l.m, "b7_10")->municipality), "7");
        assert_string_equal(muni_of(l.m, demand(l.m, "out")->municipality), "-");
        expect_diag(l.ctx, DOSAH_WARNING, "the point lies in no municipality");
        assert_string_equal(muni_of(l.m, l.m->services[0].municipality), "2");
        /* the code index */
        assert_string_equal(muni_of(l.m, dosah_model_find_municipality(l.m, "7")), "7");
        assert_string_equal(muni_of(l.m, dosah_model_find_municipality(l.m, "10")), "10");
        assert_int_equal(dosah_model_find_municipality(l.m, "1"), DOSAH_NONE);
    }
    loaded_free(&l);
}

/* A 3 × 2 GeoTIFF of 500 m cells from (X0, Y0 + 1000): row 0 holds 10, 0, 30, row 1 nodata,
 * 5, 7.5. */
static void write_raster(const char *path)
{
    static const float v[6] = {10, 0, 30, -9999, 5, 7.5f};
    double gt[6] = {X0, 500, 0, Y0 + 1000, 0, -500};
    GDALDatasetH ds;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    GDALAllRegister();
    ds = GDALCreate(GDALGetDriverByName("GTiff"), path, 3, 2, 1, GDT_Float32, NULL);
    assert_non_null(ds);
    assert_int_equal(OSRImportFromEPSG(srs, 5514), OGRERR_NONE);
    GDALSetSpatialRef(ds, srs);
    GDALSetGeoTransform(ds, gt);
    GDALSetRasterNoDataValue(GDALGetRasterBand(ds, 1), -9999);
    assert_int_equal(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, 3, 2, (void *)v, 3,
                                  2, GDT_Float32, 0, 0),
                     CE_None);
    GDALClose(ds);
    OSRRelease(srs);
}

static void test_population_raster(void **state)
{
    /* cell number, centre relative to (X0, Y0), population, municipality */
    static const struct {
        const char *id;
        double x, y, population;
        const char *muni;
    } want[4] = {{"0", 250, 750, 10, "2"},
                 {"2", 1250, 750, 30, "10"},
                 {"4", 750, 250, 5, "2"},
                 {"5", 1250, 250, 7.5, "10"}};
    struct loaded l;
    char path[512];
    size_t i;
    (void)state;
    fixture(&l);
    snprintf(path, sizeof path, "%s/pop.tif", l.dir);
    write_raster(path);
    assert_int_equal(load(&l, HEAD("obce.geojson") "  demand: {path: pop.tif, band: 1}\n"
                                                     SERVICES TAIL),
                     DOSAH_OK);
    assert_int_equal(l.m->demand_count, 4);
    assert_int_equal(l.m->demand_given, 1);
    for (i = 0; i < 4; i++) {
        const struct dosah_demand *d = &l.m->demand[i];
        assert_string_equal(d->id.text, want[i].id);
        assert_true(fabs(d->pt.x - (X0 + want[i].x)) < 1e-6);
        assert_true(fabs(d->pt.y - (Y0 + want[i].y)) < 1e-6);
        assert_true(fabs(d->population - want[i].population) < 1e-9);
        assert_string_equal(muni_of(l.m, d->municipality), want[i].muni);
    }
    expect_diag(l.ctx, DOSAH_INFO, "4 cells with people (population 52) of 3 x 2 in band 1");
    /* Without band: still a raster (no field mapped); a band that is not there */
    assert_int_equal(load(&l, HEAD("obce.geojson") "  demand: {path: pop.tif}\n" SERVICES TAIL),
                     DOSAH_OK);
    assert_int_equal(l.m->demand_count, 4);
    expect_error(l.ctx,
                 load(&l, HEAD("obce.geojson") "  demand: {path: pop.tif, band: 2}\n" SERVICES
                              TAIL),
                 "band 2 asked for");
    expect_error(l.ctx,
                 load(&l, HEAD("obce.geojson") "  demand: {path: sluzby.csv, band: 1}\n"
                              SERVICES TAIL),
                 "GDAL cannot open it as one");
    loaded_free(&l);
}

#define ADDRESSES                                                                             \
    "  demand: {path: adresy.geojson, layer: AdresniMista, id: Kod, "                          \
    "building: StavebniObjektKod}\n"                                                          \
    "  buildings: {path: budovy.geojson, layer: StavebniObjekty, id: Kod, flats: PocetBytu}\n"

/* Municipality 2 (100 people): flats 1 and 3 -> 25 and 75. Municipality 10 (60): flats NULL,
 * 2, 4; the NULL gets the mean 3 -> weights 3, 2, 4 of 9 -> 20, 13.33, 26.67. Municipality 7
 * (40) has no address point: one point at its point on surface with 40. */
static void test_address_points_by_flats(void **state)
{
    struct loaded l;
    const struct dosah_demand *d;
    (void)state;
    fixture(&l);
    assert_int_equal(load(&l, HEAD("obce.geojson") ADDRESSES SERVICES TAIL), DOSAH_OK);
    assert_int_equal(l.m->demand_count, 6);
    assert_true(fabs(demand(l.m, "1001")->population - 25) < 1e-9);
    assert_true(fabs(demand(l.m, "1002")->population - 75) < 1e-9);
    assert_true(fabs(demand(l.m, "1003")->population - 20) < 1e-9);
    assert_true(fabs(demand(l.m, "1004")->population - 40.0 / 3) < 1e-9);
    assert_true(fabs(demand(l.m, "1005")->population - 80.0 / 3) < 1e-9);
    assert_string_equal(muni_of(l.m, demand(l.m, "1003")->municipality), "10");
    d = demand(l.m, "municipality:7");
    assert_true(fabs(d->population - 40) < 1e-9);
    assert_string_equal(muni_of(l.m, d->municipality), "7");
    assert_true(d->pt.x > X0 + 2000 && d->pt.x < X0 + 3000);
    expect_diag(l.ctx, DOSAH_INFO,
                "population spread over 5 address points: by the flats of their buildings in "
                "2 municipalities (1 point without a flat count got their municipality's mean");
    expect_diag(l.ctx, DOSAH_WARNING, "1 municipality has no address point (the first: '7')");
    /* Without building: evenly, 50 + 50 and 20 + 20 + 20 */
    assert_int_equal(load(&l, HEAD("obce.geojson")
                           "  demand: {path: adresy.geojson, id: Kod}\n" SERVICES TAIL),
                     DOSAH_OK);
    assert_true(fabs(demand(l.m, "1001")->population - 50) < 1e-9);
    assert_true(fabs(demand(l.m, "1005")->population - 20) < 1e-9);
    loaded_free(&l);
}

/* The registry: a row placed by its RÚIAN address code, types by their Czech names. */
static void test_registry_by_address(void **state)
{
    struct loaded l;
    (void)state;
    fixture(&l);
    write_file(l.dir, "registr.csv",
               "identifikator,nazev,druh,forma,kapacita,adresa\n"
               "R1,Pečovatelská služba Město,pečovatelská služba,terénní,20,1002\n"
               "R2,Chráněné bydlení Na Kopci,CHRÁNĚNÉ  BYDLENÍ,pobytová,8,1004\n"
               "R3,Terénní programy,Terenni programy,terénní,,1005\n");
#define REGISTRY(file)                                                                        \
    "  addresses: {path: adresy.geojson, layer: AdresniMista, id: Kod}\n"                     \
    "  services: {path: " file ", id: identifikator, name: nazev, type: druh, form: forma, "  \
    "capacity: kapacita, address: adresa}\n"
    assert_int_equal(load(&l, HEAD("obce.geojson") REGISTRY("registr.csv") TAIL), DOSAH_OK);
    assert_int_equal(l.m->service_count, 3);
    assert_int_equal(l.m->services[0].type, 40);
    assert_int_equal(l.m->services[1].type, 51);
    assert_int_equal(l.m->services[2].type, 69);
    assert_true(fabs(l.m->services[0].pt.x - (X0 + 600)) < 1e-6);
    assert_true(fabs(l.m->services[0].pt.y - (Y0 + 600)) < 1e-6);
    assert_string_equal(muni_of(l.m, l.m->services[0].municipality), "2");
    assert_string_equal(muni_of(l.m, l.m->services[1].municipality), "10");
    assert_true(fabs(l.m->services[1].capacity - 8) < 1e-9);
    assert_true(isnan(l.m->services[2].capacity));
    /* an unknown code, no code at all, an unknown name */
    write_file(l.dir, "zle.csv",
               "identifikator,nazev,druh,forma,kapacita,adresa\nR1,A,osobní asistence,terénní,"
               "1,999\n");
    expect_error(l.ctx, load(&l, HEAD("obce.geojson") REGISTRY("zle.csv") TAIL),
                 "address code '999' is not among the address points");
    write_file(l.dir, "zle.csv",
               "identifikator,nazev,druh,forma,kapacita,adresa\nR1,A,osobní asistence,terénní,"
               "1,\n");
    expect_error(l.ctx, load(&l, HEAD("obce.geojson") REGISTRY("zle.csv") TAIL),
                 "no address code and no coordinates");
    write_file(l.dir, "zle.csv",
               "identifikator,nazev,druh,forma,kapacita,adresa\nR1,A,osobní asistent,terénní,"
               "1,1001\n");
    expect_error(l.ctx, load(&l, HEAD("obce.geojson") REGISTRY("zle.csv") TAIL),
                 "unknown service type 'osobní asistent'");
    loaded_free(&l);
}

/* RÚIAN leaves AdresniBod empty for some address points: the RÚIAN fixture's five points
 * and 1006 and 1007 without geometry. As demand spread by flats the two are skipped with one
 * warning and the others share the populations exactly as in test_address_points_by_flats
 * (25, 75; 20, 13.33, 26.67); as addresses, a service at 1006 needs its own x and y. Demand
 * with its own population cannot skip a point (its people would be lost): the error names the
 * input, since two inputs read the layer. */
static void test_address_points_without_point(void **state)
{
    static const char tail[] =
        ", {\"type\": \"Feature\", \"properties\": {\"Kod\": 1006, \"StavebniObjektKod\": 106}, "
        "\"geometry\": null}, {\"type\": \"Feature\", \"properties\": {\"Kod\": 1007, "
        "\"StavebniObjektKod\": 107}, \"geometry\": null}]}\n";
    char path[512], *text;
    struct loaded l;
    FILE *f;
    long size;
    (void)state;
    fixture(&l);
    /* the fixture's adresy.geojson (write_ruian) with two features without geometry */
    snprintf(path, sizeof path, "%s/adresy.geojson", l.dir);
    assert_non_null(f = fopen(path, "r"));
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    assert_non_null(text = calloc((size_t)size + sizeof tail, 1));
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    strcpy(strrchr(text, ']'), tail);
    write_file(l.dir, "adresy.geojson", text);
    free(text);
    assert_int_equal(load(&l, HEAD("obce.geojson") ADDRESSES SERVICES TAIL), DOSAH_OK);
    assert_int_equal(l.m->demand_count, 6);
    assert_true(fabs(demand(l.m, "1001")->population - 25) < 1e-9);
    assert_true(fabs(demand(l.m, "1002")->population - 75) < 1e-9);
    assert_true(fabs(demand(l.m, "1004")->population - 40.0 / 3) < 1e-9);
    expect_diag(l.ctx, DOSAH_WARNING,
                "2 demand points have no geometry (empty or NULL) and are skipped (the first: "
                "'1006' (fid");
    write_file(l.dir, "registr.csv",
               "identifikator,nazev,druh,forma,kapacita,adresa,x,y\n"
               "R1,A,osobní asistence,terénní,1,1002,,\n"
               "R2,B,osobní asistence,terénní,1,1006,,\n");
#define REGISTRY_XY                                                                           \
    "  addresses: {path: adresy.geojson, layer: AdresniMista, id: Kod}\n"                     \
    "  services: {path: registr.csv, crs: EPSG:5514, id: identifikator, name: nazev, "        \
    "type: druh, form: forma, address: adresa, x: x, y: y}\n"
    expect_error(l.ctx, load(&l, HEAD("obce.geojson") REGISTRY("registr.csv") TAIL),
                 "the address point '1006' of inputs.addresses (adresy.geojson) has no point. "
                 "Give the service's coordinates");
    expect_diag(l.ctx, DOSAH_WARNING,
                "2 address points have no geometry (empty or NULL) and are skipped");
    /* with x and y for the row at 1006: placed there */
    snprintf(path, sizeof path,
             "identifikator,nazev,druh,forma,kapacita,adresa,x,y\n"
             "R1,A,osobní asistence,terénní,1,1002,,\n"
             "R2,B,osobní asistence,terénní,1,1006,%.1f,%.1f\n",
             X0 + 2500, Y0 + 500);
    write_file(l.dir, "registr.csv", path);
    assert_int_equal(load(&l, HEAD("obce.geojson") REGISTRY_XY TAIL), DOSAH_OK);
    assert_true(fabs(l.m->services[0].pt.x - (X0 + 600)) < 1e-6);
    assert_true(fabs(l.m->services[1].pt.x - (X0 + 2500)) < 1e-6);
    assert_string_equal(muni_of(l.m, l.m->services[1].municipality), "7");
    /* demand with its own population, the layer also read as addresses */
    expect_error(l.ctx,
                 load(&l, HEAD("obce.geojson")
                      "  demand: {path: adresy.geojson, layer: AdresniMista, id: Kod, "
                      "population: StavebniObjektKod}\n" REGISTRY("registr.csv") TAIL),
                 "layer 'AdresniMista' (read as the demand input), feature '1006'");
    loaded_free(&l);
}

/* The scenario rules of the new keys. */
static void test_scenario_rules(void **state)
{
    static const struct {
        const char *inputs, *message;
    } bad[] = {
        {"  demand: {path: pop.tif, band: 1, id: x}\n" SERVICES,
         "is a population raster (band: 1) and takes no field mapping; remove 'id'"},
        {"  demand: {path: a.geojson, id: Kod, building: b}\n" SERVICES,
         "there is no inputs.buildings"},
        {"  demand: {path: a.geojson, id: Kod, population: p, building: b}\n"
         "  buildings: {path: b.csv, id: Kod, flats: f}\n" SERVICES,
         "maps both 'population' and 'building'"},
        {"  buildings: {path: b.csv, id: Kod, flats: f}\n" SERVICES,
         "inputs.buildings gives the flats"},
        {"  services: {path: s.csv, id: id, type: t, form: f, address: a}\n",
         "add inputs.addresses"},
        {"  demand: {path: a.geojson, population: p}\n" SERVICES, "missing required key 'id'"},
        {SERVICES "  addresses: {path: a.geojson, id: Kod, band: 1}\n", "unknown key 'band'"},
    };
    size_t i;
    char text[2048];
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct dosah_ctx *ctx = dosah_ctx_create();
        struct dosah_scenario *s = NULL;
        snprintf(text, sizeof text, "%s%s%s", HEAD("obce.geojson"), bad[i].inputs, TAIL);
        assert_int_equal(dosah_scenario_parse(ctx, "/tmp/s.yaml", text, strlen(text), &s),
                         DOSAH_EINVAL);
        if (!strstr(dosah_ctx_errmsg(ctx), bad[i].message))
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, dosah_ctx_errmsg(ctx), bad[i].message);
        dosah_ctx_destroy(ctx);
    }
}

/* Every allocation of a load with the new sources fails in turn: ENOMEM and no model, until
 * the load succeeds (run under ASan, nothing leaks on any path). */
static void test_allocation_failures(void **state)
{
    static const char *const texts[2] = {
        HEAD("obce.geojson") ADDRESSES
        "  addresses: {path: adresy.geojson, layer: AdresniMista, id: Kod}\n"
        "  services: {path: registr.csv, id: identifikator, type: druh, form: forma, "
        "address: adresa}\n" TAIL,
        HEAD("obce.geojson") "  demand: {path: pop.tif}\n" SERVICES TAIL};
    struct loaded l;
    char path[512];
    int k;
    (void)state;
    fixture(&l);
    snprintf(path, sizeof path, "%s/pop.tif", l.dir);
    write_raster(path);
    write_file(l.dir, "registr.csv",
               "identifikator,druh,forma,adresa\nR1,pečovatelská služba,terénní,1002\n");
    for (k = 0; k < 2; k++) {
        enum dosah_status st = DOSAH_ENOMEM;
        long n;
        assert_int_equal(load(&l, texts[k]), DOSAH_OK);
        dosah_model_destroy(l.m);
        l.m = NULL;
        for (n = 0; st == DOSAH_ENOMEM && n < 100000; n++) {
            dosah_ctx_fail_alloc_after(l.ctx, n);
            st = dosah_load(l.ctx, l.s, &l.m);
            if (st == DOSAH_ENOMEM)
                assert_null(l.m);
        }
        dosah_ctx_fail_alloc_after(l.ctx, -1);
        assert_int_equal(st, DOSAH_OK);
        assert_true(n > 20);
    }
    loaded_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boundary_points),
        cmocka_unit_test(test_population_raster),
        cmocka_unit_test(test_address_points_by_flats),
        cmocka_unit_test(test_registry_by_address),
        cmocka_unit_test(test_address_points_without_point),
        cmocka_unit_test(test_scenario_rules),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
