/* SPDX-License-Identifier: MIT */
/*
 * Loading official data on hand-made fixtures (tests/data/official, described in the header
 * comments of roads.osm and ST_UKSH.xml): OpenStreetMap roads through GDAL's OSM driver
 * (which ways are roads, one-way, shared nodes, maxspeed, the clip to the study area),
 * RÚIAN municipalities with three geometry columns (the boundary is read, not the definition
 * point), a ČSÚ-style population table joined by code with its report, and a Windows-1250
 * Shapefile written here with GDAL, read with and without its encoding declared. Every
 * allocation of a load is also made to fail in turn.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/core_internal.h"
#include "dosah/dosah.h"

#define OFFICIAL DOSAH_TEST_DATA "/official"
#define X0 (-680000.0) /* node A of roads.osm, EPSG:5514 */
#define Y0 (-975000.0)

/* The fixture scenario's inputs with a network section of the test's choosing. */
#define HEAD                                                                                   \
    "name: t\ncrs: EPSG:5514\ninputs:\n"                                                       \
    "  population: {path: obyvatele.csv, id: kod_obce, population: obyvatel_celkem}\n"        \
    "  roads: {path: roads.osm}\n"                                                             \
    "  services: {path: sluzby.csv, crs: EPSG:5514, x: x, y: y, id: identifikator,\n"         \
    "             type: druh, form: forma}\n"
#define OBCE                                                                                   \
    "  municipalities: {path: ST_UKSH.xml, layer: Obce, where: \"OkresKod = 3503\", id: Kod,\n" \
    "                   name: Nazev}\n"
#define TAIL "services:\n  - {key: care, types: [\"§40\"], form: field, threshold_min: 30}\n"

struct loaded {
    struct dosah_ctx *ctx;
    struct dosah_scenario *s;
    struct dosah_model *m;
};

/* Parses text as if it were OFFICIAL/scenario.yaml and loads it; returns the load's status. */
static enum dosah_status load_text(struct loaded *l, const char *text)
{
    memset(l, 0, sizeof *l);
    l->ctx = dosah_ctx_create();
    assert_non_null(l->ctx);
    assert_int_equal(dosah_scenario_parse(l->ctx, OFFICIAL "/scenario.yaml", text, strlen(text),
                                          &l->s),
                     DOSAH_OK);
    return dosah_load(l->ctx, l->s, &l->m);
}

static void loaded_free(struct loaded *l)
{
    dosah_model_destroy(l->m);
    dosah_scenario_destroy(l->s);
    dosah_ctx_destroy(l->ctx);
}

/* The first diagnostic whose message contains part, or NULL. */
static const struct dosah_diagnostic *diag_with(struct dosah_ctx *ctx, const char *part)
{
    const struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    size_t i;
    for (i = 0; i < dosah_diagnostics_count(d); i++)
        if (strstr(dosah_diagnostics_get(d, i)->message, part))
            return dosah_diagnostics_get(d, i);
    return NULL;
}

static void expect_diag(struct dosah_ctx *ctx, enum dosah_severity sev, const char *part)
{
    const struct dosah_diagnostic *g = diag_with(ctx, part);
    if (!g)
        fail_msg("no diagnostic contains \"%s\"", part);
    assert_int_equal(g->severity, sev);
}

static void expect_error(struct dosah_ctx *ctx, enum dosah_status st, const char *part)
{
    assert_int_equal(st, DOSAH_EINVAL);
    if (!strstr(dosah_ctx_errmsg(ctx), part))
        fail_msg("message \"%s\" lacks \"%s\"", dosah_ctx_errmsg(ctx), part);
}

/* Index of the road line of OSM way id, or -1. */
static long line_of(const struct dosah_roads *r, long way)
{
    size_t i;
    for (i = 0; i < r->line_count; i++)
        if (r->fid[i] == way)
            return (long)i;
    return -1;
}

static const char *class_of(const struct dosah_roads *r, long line)
{
    return r->class_names[r->class_index[line]];
}

/* Vertex v of a line, relative to A. */
static void vertex(const struct dosah_roads *r, long line, size_t v, double *x, double *y)
{
    size_t k = r->vertex_offset[line] + v;
    *x = r->xy[2 * k] - X0;
    *y = r->xy[2 * k + 1] - Y0;
}

static void test_osm_roads(void **state)
{
    struct loaded l;
    const struct dosah_roads *r;
    long p, one, res;
    double x, y, x2, y2;
    (void)state;
    assert_int_equal(load_text(&l, HEAD OBCE "network: {clip_buffer_m: 10000}\n" TAIL), DOSAH_OK);
    r = &l.m->roads;
    /* Kept: 101 primary, 102 and 103 residential. Left out: 104 footway, 108 track, 105
     * building and 106 fence (no highway), 107 (30 km away, outside the clip). */
    assert_int_equal(r->line_count, 3);
    p = line_of(r, 101), one = line_of(r, 102), res = line_of(r, 103);
    assert_true(p >= 0 && one >= 0 && res >= 0);
    assert_int_equal(line_of(r, 104), -1);
    assert_int_equal(line_of(r, 107), -1);
    assert_int_equal(line_of(r, 108), -1);
    assert_string_equal(class_of(r, p), "primary");
    assert_string_equal(class_of(r, res), "residential");
    assert_int_equal(r->oneway[one], DOSAH_ONEWAY_FORWARD);
    assert_int_equal(r->oneway[p], DOSAH_ONEWAY_NO);
    /* maxspeed is not read unless network.use_maxspeed says so */
    assert_true(isnan(r->speed_kmh[p]));
    /* Whole ways, in EPSG:5514 to the centimetre; B is vertex 1 of 101 and vertex 0 of 102,
     * with exactly the same coordinates, so that the graph makes one node of it. */
    assert_int_equal(r->vertex_offset[p + 1] - r->vertex_offset[p], 3);
    vertex(r, p, 1, &x, &y);
    assert_float_equal(x, 1000, 0.01);
    assert_float_equal(y, 0, 0.01);
    vertex(r, one, 0, &x2, &y2);
    assert_true(x == x2 && y == y2);
    vertex(r, one, 1, &x, &y);
    assert_float_equal(x, 1000, 0.01);
    assert_float_equal(y, 1000, 0.01);
    expect_diag(l.ctx, DOSAH_INFO,
                "5 ways with a highway tag, 3 kept as roads for cars (1 one-way");
    expect_diag(l.ctx, DOSAH_INFO, "2 by their highway value (1 footway, 1 track)");
    expect_diag(l.ctx, DOSAH_INFO, "widened by 10000 m (network.clip_buffer_m): 3 road lines");
    loaded_free(&l);
}

static void test_osm_without_clip(void **state)
{
    struct loaded l;
    (void)state;
    assert_int_equal(load_text(&l, HEAD OBCE TAIL), DOSAH_OK);
    assert_int_equal(l.m->roads.line_count, 4);
    assert_true(line_of(&l.m->roads, 107) >= 0);
    assert_null(diag_with(l.ctx, "clip_buffer_m"));
    loaded_free(&l);
    /* A buffer of 0: only roads that touch the municipalities (all but 107). */
    assert_int_equal(load_text(&l, HEAD OBCE "network: {clip_buffer_m: 0}\n" TAIL), DOSAH_OK);
    assert_int_equal(l.m->roads.line_count, 3);
    loaded_free(&l);
}

static void test_osm_maxspeed(void **state)
{
    struct loaded l;
    const struct dosah_roads *r;
    (void)state;
    assert_int_equal(load_text(&l, HEAD OBCE
                               "network: {use_maxspeed: true, speeds_kmh: {primary: 60, "
                               "residential: 30}}\n" TAIL),
                     DOSAH_OK);
    r = &l.m->roads;
    /* 101: maxspeed 50 < 60 caps it; 103: CZ:urban = 50 > 30, no cap; 102: no maxspeed */
    assert_float_equal(r->speed_kmh[line_of(r, 101)], 50, 0);
    assert_true(isnan(r->speed_kmh[line_of(r, 103)]));
    assert_true(isnan(r->speed_kmh[line_of(r, 102)]));
    expect_diag(l.ctx, DOSAH_INFO, "maxspeed lowered the class speed of 1 roads; 0 maxspeed");
    loaded_free(&l);
}

static void test_osm_class_table(void **state)
{
    struct loaded l;
    enum dosah_status st;
    (void)state;
    /* default_speed_kmh keeps roads of unknown classes, never footways or tracks ... */
    assert_int_equal(load_text(&l, HEAD OBCE
                               "network: {default_speed_kmh: 20, speeds_kmh: {primary: 60}}\n"
                               TAIL),
                     DOSAH_OK);
    assert_int_equal(l.m->roads.line_count, 4); /* 101, 102, 103 (residential), 107 */
    assert_int_equal(line_of(&l.m->roads, 108), -1);
    loaded_free(&l);
    /* ... unless the speed table names them */
    assert_int_equal(load_text(&l, HEAD OBCE
                               "network: {speeds_kmh: {primary: 60, residential: 30, track: 15}}\n"
                               TAIL),
                     DOSAH_OK);
    assert_true(line_of(&l.m->roads, 108) >= 0);
    assert_int_equal(line_of(&l.m->roads, 104), -1);
    loaded_free(&l);
    /* no class of the file in the table: an error that says what was there */
    st = load_text(&l, HEAD OBCE "network: {speeds_kmh: {motorway: 110}}\n" TAIL);
    expect_error(l.ctx, st, "none of its 6 highway ways is a road for cars");
    assert_non_null(strstr(dosah_ctx_errmsg(l.ctx), "2 primary"));
    loaded_free(&l);
}

/* Area of a municipality's polygon, from its WKB. */
static double area_of(const struct dosah_area *a)
{
    OGRGeometryH g = NULL;
    double v;
    assert_int_equal(OGR_G_CreateFromWkb(a->wkb, NULL, &g, (int)a->wkb_size), OGRERR_NONE);
    v = OGR_G_Area(g);
    OGR_G_DestroyGeometry(g);
    return v;
}

static void test_ruian_geometry(void **state)
{
    struct loaded l;
    enum dosah_status st;
    (void)state;
    /* Without 'geometry:': the first polygon column, OriginalniHranice, with a note */
    assert_int_equal(load_text(&l, HEAD OBCE TAIL), DOSAH_OK);
    assert_int_equal(l.m->municipality_count, 2);
    assert_string_equal(l.m->municipalities[0].code.text, "500001");
    assert_string_equal(l.m->municipalities[1].name, "Běta nad Želivkou");
    assert_float_equal(area_of(&l.m->municipalities[0]), 1e6, 1e-3);
    assert_float_equal(area_of(&l.m->municipalities[1]), 2e6, 1e-3);
    /* the point on the surface of the boundary, not the definition point */
    assert_float_equal(l.m->municipalities[1].inside.x - X0, 1500, 1e-6);
    assert_float_equal(l.m->municipalities[1].inside.y - Y0, 1000, 1e-6);
    expect_diag(l.ctx, DOSAH_INFO, "reading 'OriginalniHranice' for the municipalities input");
    expect_diag(l.ctx, DOSAH_INFO, "add 'point: DefinicniBod'");
    loaded_free(&l);
    assert_int_equal(load_text(&l, HEAD
                               "  municipalities: {path: ST_UKSH.xml, layer: Obce, id: Kod,\n"
                               "                   geometry: GeneralizovaneHranice,\n"
                               "                   where: \"OkresKod = 3503\"}\n" TAIL),
                     DOSAH_OK);
    assert_float_equal(area_of(&l.m->municipalities[0]), 0.64e6, 1e-3);
    assert_float_equal(area_of(&l.m->municipalities[1]), 1.2e6, 1e-3);
    assert_null(diag_with(l.ctx, "geometry columns"));
    loaded_free(&l);
    st = load_text(&l, HEAD "  municipalities: {path: ST_UKSH.xml, layer: Obce, id: Kod,\n"
                            "                   geometry: DefinicniBod}\n" TAIL);
    expect_error(l.ctx, st, "geometry of type Multi Point where a polygon is needed");
    loaded_free(&l);
    st = load_text(&l, HEAD "  municipalities: {path: ST_UKSH.xml, layer: Obce, id: Kod,\n"
                            "                   geometry: Hranice}\n" TAIL);
    expect_error(l.ctx, st,
                 "layer 'Obce' has no geometry column 'Hranice' (named at " OFFICIAL
                 "/scenario.yaml:9:30); its geometry columns are: 'DefinicniBod', "
                 "'OriginalniHranice', 'GeneralizovaneHranice'");
    loaded_free(&l);
}

static void test_regions_by_location(void **state)
{
    struct loaded l;
    (void)state;
    /* RÚIAN's Obce name no ORP: each municipality goes to the Orp polygon its point is in */
    assert_int_equal(load_text(&l, HEAD OBCE
                               "  regions: {path: ST_UKSH.xml, layer: Orp, id: Kod, name: Nazev}\n"
                               TAIL),
                     DOSAH_OK);
    assert_int_equal(l.m->region_count, 1);
    assert_string_equal(l.m->regions[0].name, "Alfov");
    assert_int_equal(l.m->municipalities[0].region, 0);
    assert_int_equal(l.m->municipalities[1].region, 0);
    assert_string_equal(l.m->municipalities[1].region_code, "9001");
    assert_float_equal(l.m->regions[0].population, 1500, 0);
    expect_diag(l.ctx, DOSAH_INFO, "each of the 2 belongs to the region its point on surface");
    loaded_free(&l);
    /* Gama, 20 km south, lies outside the ORP: warned, counted in no region */
    assert_int_equal(load_text(&l, HEAD "  municipalities: {path: ST_UKSH.xml, layer: Obce, "
                                        "id: Kod}\n"
                                        "  regions: {path: ST_UKSH.xml, layer: Orp, id: Kod}\n"
                                        TAIL),
                     DOSAH_OK);
    assert_int_equal(l.m->municipalities[2].region, DOSAH_NONE);
    assert_float_equal(l.m->regions[0].population, 1500, 0);
    expect_diag(l.ctx, DOSAH_WARNING,
                "1 municipality lies in no region of the regions input (the first: '500003')");
    loaded_free(&l);
}

static void test_where(void **state)
{
    struct loaded l;
    enum dosah_status st;
    (void)state;
    /* without the filter all three municipalities of the file, Gama of district 3204 too */
    assert_int_equal(load_text(&l, HEAD "  municipalities: {path: ST_UKSH.xml, layer: Obce, "
                                        "id: Kod}\n" TAIL),
                     DOSAH_OK);
    assert_int_equal(l.m->municipality_count, 3);
    assert_string_equal(l.m->municipalities[2].code.text, "500003");
    loaded_free(&l);
    st = load_text(&l, HEAD "  municipalities: {path: ST_UKSH.xml, layer: Obce, id: Kod,\n"
                            "                   where: OkresKod = 9999}\n" TAIL);
    expect_error(l.ctx, st,
                 "ST_UKSH.xml: layer 'Obce' (the municipalities input): no feature matches "
                 "where: \"OkresKod = 9999\" (at " OFFICIAL "/scenario.yaml:9:27)");
    loaded_free(&l);
    st = load_text(&l, HEAD "  municipalities: {path: ST_UKSH.xml, layer: Obce, id: Kod,\n"
                            "                   where: OkresKod === 1}\n" TAIL);
    expect_error(l.ctx, st, "the condition where: \"OkresKod === 1\" (at " OFFICIAL
                            "/scenario.yaml:9:27) is not one OGR understands");
    loaded_free(&l);
}

static void test_population_join(void **state)
{
    struct loaded l;
    (void)state;
    assert_int_equal(load_text(&l, HEAD OBCE TAIL), DOSAH_OK);
    assert_float_equal(l.m->municipalities[0].population, 1000, 0);
    assert_float_equal(l.m->municipalities[1].population, 500, 0);
    expect_diag(l.ctx, DOSAH_INFO,
                "population joined by code: 5 rows read, 2 municipalities of 2 matched "
                "(population 1500); 2 rows match no municipality (e.g. '500003', '554782'");
    expect_diag(l.ctx, DOSAH_WARNING,
                "1 code appears more than once, with the same population ('500002')");
    loaded_free(&l);
}

/* A copy of the fixture directory's files into a new temporary directory. */
static char *temp_copy(void)
{
    static const char *const files[] = {"roads.osm", "sluzby.csv", "ST_UKSH.xml",
                                        "obyvatele.csv"};
    char tmpl[] = "/tmp/dosah-official-XXXXXX", *dir = strdup(mkdtemp(tmpl)), cmd[4096];
    size_t i;
    for (i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(cmd, sizeof cmd, "cp '%s/%s' '%s/'", OFFICIAL, files[i], dir);
        assert_int_equal(system(cmd), 0);
    }
    return dir;
}

static void remove_dir(char *dir)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

static void test_population_errors(void **state)
{
    struct loaded l;
    char *dir = temp_copy(), path[4096], text[2048];
    FILE *f;
    (void)state;
    snprintf(path, sizeof path, "%s/obyvatele.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("kod_obce,obyvatel_celkem\n500001,1000\n500001,1001\n", f);
    fclose(f);
    snprintf(text, sizeof text, "%s", HEAD OBCE TAIL);
    memset(&l, 0, sizeof l);
    l.ctx = dosah_ctx_create();
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    assert_int_equal(dosah_scenario_parse(l.ctx, path, text, strlen(text), &l.s), DOSAH_OK);
    expect_error(l.ctx, dosah_load(l.ctx, l.s, &l.m),
                 "municipality '500001' appears twice, with populations 1000 and 1001");
    /* One row only: Beta is missing and named, with what to do */
    snprintf(path, sizeof path, "%s/obyvatele.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("kod_obce,obyvatel_celkem\n500001,1000\n", f);
    fclose(f);
    expect_error(l.ctx, dosah_load(l.ctx, l.s, &l.m),
                 "1 municipality has no population: '500002' Běta nad Želivkou (fid 500002). "
                 "Their codes are missing from the population table");
    loaded_free(&l);
    remove_dir(dir);
}

/* Writes two municipalities with Czech names into a Shapefile in CP1250, with a .cpg. */
static void write_cp1250_shapefile(const char *path)
{
    static const char *const names[] = {"Česká Lípa", "Žďár"};
    static const double box[2][4] = {{-500, -500, 500, 500}, {500, 500, 2500, 1500}};
    GDALDriverH drv = GDALGetDriverByName("ESRI Shapefile");
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    const char *opts[] = {"ENCODING=CP1250", NULL};
    OGRLayerH layer;
    OGRFieldDefnH fld;
    int i;
    assert_non_null(ds);
    OSRImportFromEPSG(srs, 5514);
    layer = GDALDatasetCreateLayer(ds, "obce", srs, wkbPolygon, (char **)opts);
    assert_non_null(layer);
    fld = OGR_Fld_Create("kod", OFTInteger);
    OGR_L_CreateField(layer, fld, TRUE);
    OGR_Fld_Destroy(fld);
    fld = OGR_Fld_Create("nazev", OFTString);
    OGR_Fld_SetWidth(fld, 40);
    OGR_L_CreateField(layer, fld, TRUE);
    OGR_Fld_Destroy(fld);
    for (i = 0; i < 2; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGRGeometryH g = NULL;
        char wkt[256], *p = wkt;
        const double *b = box[i];
        snprintf(wkt, sizeof wkt, "POLYGON ((%f %f,%f %f,%f %f,%f %f,%f %f))", X0 + b[0],
                 Y0 + b[1], X0 + b[2], Y0 + b[1], X0 + b[2], Y0 + b[3], X0 + b[0], Y0 + b[3],
                 X0 + b[0], Y0 + b[1]);
        assert_int_equal(OGR_G_CreateFromWkt(&p, srs, &g), OGRERR_NONE);
        OGR_F_SetFieldInteger(f, 0, 500001 + i);
        OGR_F_SetFieldString(f, 1, names[i]);
        OGR_F_SetGeometryDirectly(f, g);
        assert_int_equal(OGR_L_CreateFeature(layer, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    OSRRelease(srs);
    GDALClose(ds);
}

/* 1 when the file holds the bytes. */
static int file_has(const char *path, const char *bytes)
{
    FILE *f = fopen(path, "rb");
    char buf[8192];
    size_t n, i, k = strlen(bytes);
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    for (i = 0; i + k <= n; i++)
        if (memcmp(buf + i, bytes, k) == 0)
            return 1;
    return 0;
}

static enum dosah_status load_shapefile(struct loaded *l, const char *dir, const char *extra)
{
    char path[4096], text[2048];
    snprintf(text, sizeof text,
             "name: t\ncrs: EPSG:5514\ninputs:\n"
             "  municipalities: {path: obce.shp, id: kod, name: nazev%s}\n"
             "  population: {path: obyvatele.csv, id: kod_obce, population: obyvatel_celkem}\n"
             "  roads: {path: roads.osm}\n"
             "  services: {path: sluzby.csv, crs: EPSG:5514, x: x, y: y, id: identifikator,\n"
             "             type: druh, form: forma}\n" TAIL,
             extra);
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    memset(l, 0, sizeof *l);
    l->ctx = dosah_ctx_create();
    assert_int_equal(dosah_scenario_parse(l->ctx, path, text, strlen(text), &l->s), DOSAH_OK);
    return dosah_load(l->ctx, l->s, &l->m);
}

static void test_cp1250_shapefile(void **state)
{
    struct loaded l;
    enum dosah_status st;
    char *dir = temp_copy(), path[4096];
    (void)state;
    GDALAllRegister();
    snprintf(path, sizeof path, "%s/obce.shp", dir);
    write_cp1250_shapefile(path);
    /* The DBF really is in Windows-1250: Č = C8, Ž = 8E, ď = EF, á = E1 */
    snprintf(path, sizeof path, "%s/obce.dbf", dir);
    assert_true(file_has(path, "\xC8"
                               "esk\xE1 L\xEDpa"));
    assert_true(file_has(path, "\x8E\xEF\xE1r"));
    /* with the .cpg that GDAL wrote beside it */
    assert_int_equal(load_shapefile(&l, dir, ""), DOSAH_OK);
    assert_string_equal(l.m->municipalities[0].name, "Česká Lípa");
    assert_string_equal(l.m->municipalities[1].name, "Žďár");
    loaded_free(&l);
    /* without it: the text is not UTF-8, and the message says what to declare */
    snprintf(path, sizeof path, "%s/obce.cpg", dir);
    assert_int_equal(unlink(path), 0);
    st = load_shapefile(&l, dir, "");
    expect_error(l.ctx, st,
                 "field 'nazev' (municipalities: name): the text is not valid UTF-8. Declare "
                 "the file's encoding: 'encoding: CP1250' on the input");
    loaded_free(&l);
    /* declared in the scenario */
    assert_int_equal(load_shapefile(&l, dir, ", encoding: CP1250"), DOSAH_OK);
    assert_string_equal(l.m->municipalities[0].name, "Česká Lípa");
    assert_string_equal(l.m->municipalities[1].name, "Žďár");
    loaded_free(&l);
    remove_dir(dir);
}

static void test_allocation_failures(void **state)
{
    const char *text = HEAD OBCE "  regions: {path: ST_UKSH.xml, layer: Orp, id: Kod}\n"
                                 "network: {clip_buffer_m: 10000, use_maxspeed: true}\n" TAIL;
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    struct dosah_model *m = NULL;
    enum dosah_status st = DOSAH_ENOMEM;
    long n;
    (void)state;
    assert_int_equal(dosah_scenario_parse(ctx, OFFICIAL "/scenario.yaml", text, strlen(text), &s),
                     DOSAH_OK);
    for (n = 0; st == DOSAH_ENOMEM && n < 100000; n++) {
        dosah_ctx_fail_alloc_after(ctx, n);
        st = dosah_load(ctx, s, &m);
        if (st == DOSAH_ENOMEM)
            assert_null(m);
    }
    dosah_ctx_fail_alloc_after(ctx, -1);
    assert_int_equal(st, DOSAH_OK);
    print_message("load succeeded after %ld allocation failures\n", n);
    assert_true(n > 20);
    assert_int_equal(m->roads.line_count, 3);
    dosah_model_destroy(m);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_osm_roads),         cmocka_unit_test(test_osm_without_clip),
        cmocka_unit_test(test_osm_maxspeed),      cmocka_unit_test(test_osm_class_table),
        cmocka_unit_test(test_ruian_geometry),    cmocka_unit_test(test_regions_by_location),
        cmocka_unit_test(test_where),
        cmocka_unit_test(test_population_join),
        cmocka_unit_test(test_population_errors), cmocka_unit_test(test_cp1250_shapefile),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
