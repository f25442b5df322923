/* SPDX-License-Identifier: MIT */
/*
 * The walkthrough "From official data to a map" (README.md) works as written: its
 * scenario (the first yaml block) is run on the official-data fixtures under the file names
 * it uses, and every line of the `dosah check` output it quotes (the text block) is printed.
 *
 * The files: the RÚIAN fixture zipped as 20250131_ST_UKSH.xml.zip (GDAL writes the zip), the
 * population table as csu_obyvatele_obci_2025-01-01.csv, the services as sluzby.csv, and the
 * OpenStreetMap fixture as czech-republic-latest.osm.pbf: OSM XML under the extract's name
 * (GDAL's OSM driver recognises the content; no tool here writes PBF). The times then follow
 * tests/integration/test_official.c with the default speed table and use_maxspeed: the
 * primary road at its maxspeed 50 (below 70), residential streets at 30 km/h, Beta at its
 * definition point 250 m along E-D: care 72 + 120 + 30 s = 3.7 min, day 90 + 120 + 72 + 72 s
 * = 5.9 min.
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
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>

#include "integration/cli_util.h"

#define OFFICIAL DOSAH_TEST_DATA "/official"
#define DOCS DOSAH_SOURCE_DIR "/README.md"

/* A copy of the fenced block that opens with fence (e.g. "```yaml\n") after `after`. */
static char *block(const char *doc, const char *after, const char *fence)
{
    const char *start = strstr(doc, after), *end;
    char *out;
    assert_non_null(start);
    start = strstr(start, fence);
    assert_non_null(start);
    start += strlen(fence);
    end = strstr(start, "```\n");
    assert_non_null(end);
    out = strndup(start, (size_t)(end - start));
    assert_non_null(out);
    return out;
}

static void copy_as(const char *dir, const char *from, const char *to)
{
    char src[4096], dst[4096];
    size_t n;
    char *text;
    snprintf(src, sizeof src, "%s/%s", OFFICIAL, from);
    snprintf(dst, sizeof dst, "%s/%s", dir, to);
    text = tu_read_file(src, &n);
    assert_non_null(text);
    assert_int_equal(tu_write_file(dst, text, n), 0);
    free(text);
}

/* Zips the RÚIAN fixture as ČÚZK names its files, with GDAL's /vsizip/ writer. */
static void write_zip(const char *dir)
{
    char path[4096];
    size_t n;
    char *text = tu_read_file(OFFICIAL "/ST_UKSH.xml", &n);
    VSILFILE *f;
    assert_non_null(text);
    snprintf(path, sizeof path, "/vsizip/%s/20250131_ST_UKSH.xml.zip/20250131_ST_UKSH.xml", dir);
    f = VSIFOpenL(path, "wb");
    assert_non_null(f);
    assert_int_equal(VSIFWriteL(text, 1, n, f), n);
    assert_int_equal(VSIFCloseL(f), 0);
    free(text);
}

/* 1 when text has line as one of its lines. */
static int has_line(const char *text, const char *line, size_t len)
{
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        if (n == len && memcmp(p, line, len) == 0)
            return 1;
        if (!eol)
            break;
        p = eol + 1;
    }
    return 0;
}

static double query(GDALDatasetH ds, const char *sql)
{
    OGRLayerH l = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    OGRFeatureH f;
    double v;
    assert_non_null(l);
    f = OGR_L_GetNextFeature(l);
    assert_non_null(f);
    v = OGR_F_GetFieldAsDouble(f, 0);
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, l);
    return v;
}

static void test_walkthrough_as_written(void **state)
{
    char *doc = tu_read_file(DOCS, NULL), *yaml, *expected, *out = NULL, *err = NULL, *all;
    char tmpl[] = "/tmp/dosah-test-docs-XXXXXX", cwd[4096], *line;
    const char *check[] = {"check", "scenario.yaml", NULL};
    const char *run[] = {"run", "scenario.yaml", "-o", "out", "-q", NULL};
    char *dir = mkdtemp(tmpl);
    GDALDatasetH ds;
    (void)state;
    assert_non_null(doc);
    assert_non_null(dir);
    yaml = block(doc, "### The scenario", "```yaml\n");
    expected = block(doc, "### What `check` reports", "```text\n");
    GDALAllRegister();
    write_zip(dir);
    copy_as(dir, "obyvatele.csv", "csu_obyvatele_obci_2025-01-01.csv");
    copy_as(dir, "roads.osm", "czech-republic-latest.osm.pbf");
    copy_as(dir, "sluzby.csv", "sluzby.csv");
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    assert_int_equal(tu_write_file("scenario.yaml", yaml, strlen(yaml)), 0);
    assert_int_equal(tu_run_dosah(&out, &err, check), 0);
    all = malloc(strlen(out) + strlen(err) + 2);
    assert_non_null(all);
    sprintf(all, "%s\n%s", out, err);
    for (line = expected; *line;) {
        char *eol = strchr(line, '\n');
        size_t n = eol ? (size_t)(eol - line) : strlen(line);
        if (n && !has_line(all, line, n))
            fail_msg("the docs quote a line dosah check does not print:\n%.*s\nIt printed:\n%s",
                     (int)n, line, all);
        line += n + (eol != NULL);
    }
    assert_int_equal(tu_run_dosah(NULL, NULL, run), 0);
    ds = GDALOpenEx("out/Liberecký kraj z otevřených dat.gpkg", GDAL_OF_VECTOR, NULL, NULL,
                    NULL);
    assert_non_null(ds);
    assert_float_equal(query(ds, "SELECT care_minutes FROM municipalities WHERE code = 500002"),
                       3.7, 0.001);
    assert_float_equal(query(ds, "SELECT day_minutes FROM municipalities WHERE code = 500002"),
                       5.9, 0.001);
    assert_float_equal(query(ds, "SELECT count(*) FROM municipalities"), 2, 0);
    assert_float_equal(query(ds, "SELECT population FROM regions WHERE code = 9001"), 1500, 0);
    GDALClose(ds);
    assert_int_equal(chdir(cwd), 0);
    tu_remove_tree(dir);
    free(all);
    free(out);
    free(err);
    free(yaml);
    free(expected);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walkthrough_as_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
