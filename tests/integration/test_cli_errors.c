/* SPDX-License-Identifier: MIT */
/*
 * Bad input through the command line (DESIGN.md §8): each case copies the hand-made `mini`
 * fixture into a temporary directory, breaks one thing, runs `dosah run` and `dosah check`,
 * and checks the exit status (2), the message as printed (file, layer, feature, field, what
 * to do) and that no output file, not even a temporary one, appears. The library's checks
 * of bad input are covered case by case in process by test_input_errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "integration/cli_util.h"

#define MINI DOSAH_TEST_DATA "/mini"

/* One edit of a fixture file: replace `find` by `replace`, or write `replace` as the whole
 * file when find is NULL. */
struct edit {
    const char *file;
    const char *find;
    const char *replace;
};

struct bad_case {
    const char *name;
    struct edit edits[3];
    const char *expect[5]; /* substrings the message must contain */
};

/* A few cases for the exit status and the printed form of the message; every case of bad
 * input is checked in process, faster, by test_input_errors. */
static const struct bad_case cases[] = {
    {"missing file",
     {{"scenario.yaml", "path: services.geojson", "path: nope.geojson"}},
     {"dosah: error: ", "nope.geojson", "cannot open the services input", "scenario.yaml:",
      "Check the path"}},
    {"unknown service type",
     {{"services.geojson", "\"§51\"", "\"§99\""}},
     {"dosah: error: ", "services.geojson", "feature 'S2'", "field 'paragraf'",
      "unknown service type '§99'"}},
    {"misspelt scenario key",
     {{"scenario.yaml", "threshold_min: 45", "treshold_min: 45"}},
     {"dosah: error: ", "scenario.yaml:", "unknown key 'treshold_min'",
      "did you mean 'threshold_min'?"}},
};

static void check_case(const struct bad_case *c, const char *command)
{
    char *dir = tu_copy_fixture(MINI), path[4096], outdir[4096], *err = NULL;
    const char *args[] = {command, path, "-o", outdir, NULL};
    size_t i;
    int rc;
    assert_non_null(dir);
    for (i = 0; i < 3 && c->edits[i].file; i++) {
        const struct edit *e = &c->edits[i];
        snprintf(path, sizeof path, "%s/%s", dir, e->file);
        if (e->find)
            assert_int_equal(tu_replace_in_file(path, e->find, e->replace), 0);
        else
            assert_int_equal(tu_write_file(path, e->replace, strlen(e->replace)), 0);
    }
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    if (strcmp(command, "check") == 0)
        args[2] = NULL;
    rc = tu_run_dosah(NULL, &err, args);
    assert_non_null(err);
    if (rc != 2)
        print_error("case '%s' (%s): exit %d, stderr:\n%s\n", c->name, command, rc, err);
    assert_int_equal(rc, 2);
    for (i = 0; i < 5 && c->expect[i]; i++) {
        if (!strstr(err, c->expect[i]))
            print_error("case '%s': '%s' not in message:\n%s\n", c->name, c->expect[i], err);
        assert_non_null(strstr(err, c->expect[i]));
    }
    /* No output at all: the directory may exist (it is created first) but must be empty. */
    assert_true(tu_count_entries(outdir) <= 0);
    free(err);
    tu_remove_tree(dir);
    free(dir);
}

static void test_bad_input_run(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i], "run");
}

static void test_bad_input_check(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i], "check");
}

/* A failed run must leave the previous good GeoPackage exactly as it was. */
static void test_failure_keeps_previous_output(void **state)
{
    char *dir = tu_copy_fixture(MINI), path[4096], outdir[2048], gpkg[4096];
    const char *args[] = {"run", path, "-o", outdir, "-q", NULL};
    char *before, *after;
    size_t nb, na;
    (void)state;
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    snprintf(gpkg, sizeof gpkg, "%s/mini.gpkg", outdir);
    assert_int_equal(tu_run_dosah(NULL, NULL, args), 0);
    before = tu_read_file(gpkg, &nb);
    assert_non_null(before);
    snprintf(path, sizeof path, "%s/services.geojson", dir);
    assert_int_equal(tu_replace_in_file(path, "\"§51\"", "\"§99\""), 0);
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    assert_int_equal(tu_run_dosah(NULL, NULL, args), 2);
    after = tu_read_file(gpkg, &na);
    assert_non_null(after);
    assert_int_equal(na, nb);
    assert_memory_equal(before, after, nb);
    assert_int_equal(tu_count_hidden(outdir), 0); /* no temporary file left beside it */
    free(before);
    free(after);
    tu_remove_tree(dir);
    free(dir);
}

static void test_usage_errors(void **state)
{
    const char *no_command[] = {NULL};
    const char *unknown[] = {"frobnicate", NULL};
    const char *no_scenario[] = {"run", NULL};
    const char *bad_lang[] = {"run", "x.yaml", "--lang", "de", NULL};
    const char *bad_option[] = {"run", "x.yaml", "--fast", NULL};
    const char *empty_out[] = {"run", MINI "/scenario.yaml", "-o", "", "-q", NULL};
    const char *help[] = {"--help", NULL};
    const char *version[] = {"--version", NULL};
    char *out = NULL, *err = NULL;
    (void)state;
    assert_int_equal(tu_run_dosah(NULL, NULL, no_command), 2);
    assert_int_equal(tu_run_dosah(NULL, &err, unknown), 2);
    assert_non_null(strstr(err, "unknown command 'frobnicate'"));
    free(err);
    assert_int_equal(tu_run_dosah(NULL, NULL, no_scenario), 2);
    assert_int_equal(tu_run_dosah(NULL, &err, bad_lang), 2);
    assert_non_null(strstr(err, "--lang must be cs or en"));
    free(err);
    assert_int_equal(tu_run_dosah(NULL, NULL, bad_option), 2);
    assert_int_equal(tu_run_dosah(NULL, &err, empty_out), 2);
    assert_non_null(strstr(err, "output directory is empty"));
    free(err);
    assert_int_equal(tu_run_dosah(&out, NULL, help), 0);
    assert_non_null(strstr(out, "dosah run SCENARIO.yaml"));
    free(out);
    assert_int_equal(tu_run_dosah(&out, NULL, version), 0);
    assert_non_null(strstr(out, "dosah 0."));
    free(out);
}

/* --progress: whole lines "progress: STAGE PERCENT" on stderr although it is a pipe here; in
 * each stage the percentages rise by tenths within 0..100. Without it (stderr not a
 * terminal), and with -q, no progress at all. */
static void test_progress_lines(void **state)
{
    const char *with[] = {"check", MINI "/scenario.yaml", "--progress", NULL};
    const char *without[] = {"check", MINI "/scenario.yaml", NULL};
    const char *quiet[] = {"check", MINI "/scenario.yaml", "--progress", "-q", NULL};
    char *err = NULL, *line, *save = NULL, stage[64] = "";
    int last = -10, lines = 0, load_done = 0;
    (void)state;
    assert_int_equal(tu_run_dosah(NULL, &err, with), 0);
    for (line = strtok_r(err, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[64];
        int pct;
        if (strncmp(line, "progress: ", 10) != 0)
            continue;
        assert_int_equal(sscanf(line, "progress: %63s %d", name, &pct), 2);
        if (strcmp(name, stage) != 0) {
            snprintf(stage, sizeof stage, "%s", name);
            last = pct - 10; /* a stage may start past 0 when its first call is late */
        }
        assert_int_equal(pct, last + 10);
        assert_true(pct >= 0 && pct <= 100);
        last = pct;
        lines++;
        load_done |= !strcmp(name, "load") && pct == 100;
    }
    assert_true(lines > 0);
    assert_true(load_done);
    free(err);
    assert_int_equal(tu_run_dosah(NULL, &err, without), 0);
    assert_null(strstr(err, "progress"));
    free(err);
    assert_int_equal(tu_run_dosah(NULL, &err, quiet), 0);
    assert_null(strstr(err, "progress"));
    free(err);
}

/* The lines of text that start with "note: " or "warning: ", each ending in '\n', joined;
 * caller frees. */
static char *diagnostic_lines(const char *text)
{
    char *out = calloc(strlen(text) + 1, 1), *o = out;
    const char *line = text;
    assert_non_null(out);
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
        if (!strncmp(line, "note: ", 6) || !strncmp(line, "warning: ", 9)) {
            memcpy(o, line, n);
            o += n;
        }
        line += n;
    }
    return out;
}

/* --progress: each note and warning on stderr as soon as it is raised, the demand note of
 * the load before the first route search, and the what-if rerun's own note (prefixed
 * "what-if: ") while the note it repeats from the first run is not printed again: the same
 * diagnostic lines, in the same order, as without --progress, where they come at the end. */
static void test_diagnostics_streamed(void **state)
{
    char *dir = tu_copy_fixture(MINI), path[4096], out1[4096], out2[4096];
    char *with_err = NULL, *without_err = NULL, *with_diag, *without_diag;
    const char *note = "note: layer 'demand': where people are placed", *p;
    (void)state;
    assert_non_null(dir);
    /* a care service without opening hours: a note in the run and again in its rerun */
    snprintf(path, sizeof path, "%s/services.geojson", dir);
    assert_int_equal(tu_replace_in_file(path, "\"provoz\": \"Mo-Fr 07:00-15:30\"",
                                        "\"provoz\": null"), 0);
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    assert_int_equal(tu_replace_in_file(path, "thresholds_min:",
                                        "changes:\n  - add: {id: S3, name: \"Nové\", type: "
                                        "\"§51\", form: residential, capacity: 2, "
                                        "municipality: 1003}\nthresholds_min:"), 0);
    snprintf(out1, sizeof out1, "%s/with", dir);
    snprintf(out2, sizeof out2, "%s/without", dir);
    {
        const char *with[] = {"run", path, "-o", out1, "--progress", NULL};
        const char *without[] = {"run", path, "-o", out2, NULL};
        assert_int_equal(tu_run_dosah(NULL, &with_err, with), 0);
        assert_int_equal(tu_run_dosah(NULL, &without_err, without), 0);
    }
    p = strstr(with_err, note);
    assert_non_null(p);
    assert_non_null(strstr(with_err, "progress: route 0"));
    assert_true(p < strstr(with_err, "progress: route 0"));
    assert_null(strstr(p + 1, note));
    with_diag = diagnostic_lines(with_err);
    without_diag = diagnostic_lines(without_err);
    assert_string_equal(with_diag, without_diag);
    assert_non_null(strstr(with_diag, "what-if: "));
    /* the care note once: the rerun repeats it and keeps only its own */
    p = strstr(with_diag, "answering 'care' have no opening hours");
    assert_non_null(p);
    assert_null(strstr(p + 1, "answering 'care' have no opening hours"));
    free(with_diag);
    free(without_diag);
    free(with_err);
    free(without_err);
    tu_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_input_run),
        cmocka_unit_test(test_bad_input_check),
        cmocka_unit_test(test_failure_keeps_previous_output),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_progress_lines),
        cmocka_unit_test(test_diagnostics_streamed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
