/* SPDX-License-Identifier: MIT */
/*
 * The output set of `dosah run` against a hostile or cluttered output directory: symbolic
 * links planted at the outputs' names and at a temporary's name, temporaries of dead runs
 * (and of a live one), obstacles found before any analysis, and `dosah report` given a file
 * that does not exist or a directory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "integration/cli_util.h"

static const char victim_text[] = "precious, not dosah's\n";

static char *fixture(char *out, size_t n)
{
    char *dir = tu_copy_fixture(DOSAH_TEST_DATA "/mini");
    assert_non_null(dir);
    snprintf(out, n, "%s/out", dir);
    return dir;
}

static int run(const char *dir, const char *out, char **err)
{
    char scenario[4200];
    const char *args[] = {"run", scenario, "-o", out, "-q", NULL};
    snprintf(scenario, sizeof scenario, "%s/scenario.yaml", dir);
    return tu_run_dosah(NULL, err, args);
}

static void assert_regular(const char *path)
{
    struct stat sb;
    assert_int_equal(lstat(path, &sb), 0);
    assert_true(S_ISREG(sb.st_mode));
}

static void assert_victim(const char *path)
{
    size_t n = 0;
    char *text = tu_read_file(path, &n);
    assert_non_null(text);
    assert_string_equal(text, victim_text);
    free(text);
}

/* A pid that no process has: a child that has been reaped. */
static long dead_pid(void)
{
    pid_t pid = fork();
    int status;
    if (pid == 0)
        _exit(0);
    waitpid(pid, &status, 0);
    return (long)pid;
}

/* Links planted at the outputs' names and at a temporary's name are replaced or skipped,
 * never followed: the files they point to stay as they were. */
static void test_symlinks(void **state)
{
    char out[4200], p[4300], victim[4300], vdir[4300], vfile[4400];
    char *dir = fixture(out, sizeof out);
    long pid, k;
    (void)state;
    snprintf(victim, sizeof victim, "%s/victim.txt", dir);
    snprintf(vdir, sizeof vdir, "%s/victimdir", dir);
    snprintf(vfile, sizeof vfile, "%s/keep.txt", vdir);
    assert_int_equal(tu_write_file(victim, victim_text, strlen(victim_text)), 0);
    assert_int_equal(mkdir(vdir, 0700), 0);
    assert_int_equal(tu_write_file(vfile, victim_text, strlen(victim_text)), 0);
    assert_int_equal(mkdir(out, 0777), 0);
    snprintf(p, sizeof p, "%s/tables", out);
    assert_int_equal(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/report.html", out);
    assert_int_equal(symlink(victim, p), 0);
    snprintf(p, sizeof p, "%s/mini.gpkg", out);
    assert_int_equal(symlink(victim, p), 0);
    snprintf(p, sizeof p, "%s/tables/coverage_care.csv", out);
    assert_int_equal(symlink(victim, p), 0);
    snprintf(p, sizeof p, "%s/.dosah-tmp-AAAAAA", out); /* a sweep must not follow it */
    assert_int_equal(symlink(vdir, p), 0);
    /* The names version 0.1 used, for the pids the run is likely to get. */
    for (pid = dead_pid() + 1, k = 0; k < 300; k++) {
        snprintf(p, sizeof p, "%s/report.html.tmp%ld", out, pid + k);
        assert_int_equal(symlink(victim, p), 0);
        snprintf(p, sizeof p, "%s/.mini.gpkg.%ld.tmp.gpkg", out, pid + k);
        assert_int_equal(symlink(victim, p), 0);
    }

    assert_int_equal(run(dir, out, NULL), 0);
    assert_victim(victim);
    assert_victim(vfile);
    snprintf(p, sizeof p, "%s/report.html", out);
    assert_regular(p);
    snprintf(p, sizeof p, "%s/mini.gpkg", out);
    assert_regular(p);
    snprintf(p, sizeof p, "%s/tables/coverage_care.csv", out);
    assert_regular(p);
    tu_remove_tree(dir);
    free(dir);
}

/* Temporaries of dead runs go; a live run's stays. */
static void test_stale(void **state)
{
    char out[4200], dead[4300], live[4300], legacy[4300], journal[4400], p[4400];
    char *dir = fixture(out, sizeof out);
    long pid = dead_pid();
    int lock;
    (void)state;
    assert_int_equal(mkdir(out, 0777), 0);
    snprintf(dead, sizeof dead, "%s/.dosah-tmp-dead01", out);
    snprintf(live, sizeof live, "%s/.dosah-tmp-live01", out);
    assert_int_equal(mkdir(dead, 0700), 0);
    assert_int_equal(mkdir(live, 0700), 0);
    snprintf(p, sizeof p, "%s/mini.gpkg", dead);
    assert_int_equal(tu_write_file(p, "x", 1), 0);
    snprintf(p, sizeof p, "%s/mini.gpkg", live);
    assert_int_equal(tu_write_file(p, "x", 1), 0);
    snprintf(legacy, sizeof legacy, "%s/.mini.gpkg.%ld.tmp.gpkg", out, pid);
    snprintf(journal, sizeof journal, "%s-journal", legacy);
    assert_int_equal(tu_write_file(legacy, "x", 1), 0);
    assert_int_equal(tu_write_file(journal, "x", 1), 0);
    lock = open(live, O_RDONLY | O_DIRECTORY);
    assert_true(lock >= 0);
    assert_int_equal(flock(lock, LOCK_EX | LOCK_NB), 0); /* a run in progress */

    assert_int_equal(run(dir, out, NULL), 0);
    assert_false(tu_exists(dead));
    assert_false(tu_exists(legacy));
    assert_false(tu_exists(journal));
    assert_true(tu_exists(p));
    /* Nothing else hidden: the run's own temporaries are gone too. */
    assert_int_equal(tu_count_hidden(out), 1);
    close(lock);
    tu_remove_tree(dir);
    free(dir);
}

/* An obstacle is reported before the analysis: with an input that is missing as well, the
 * message is about the obstacle. */
static void obstacle(const char *make, int as_dir, const char *expect)
{
    char out[4200], p[4300], scenario[4300];
    char *dir = fixture(out, sizeof out), *err = NULL;
    snprintf(scenario, sizeof scenario, "%s/scenario.yaml", dir);
    assert_int_equal(tu_replace_in_file(scenario, "services.geojson", "missing.geojson"), 0);
    if (strcmp(make, ".") != 0)
        assert_int_equal(mkdir(out, 0777), 0);
    snprintf(p, sizeof p, "%s/%s", out, make);
    if (!strcmp(make, "."))
        snprintf(p, sizeof p, "%s", out);
    assert_int_equal(as_dir ? mkdir(p, 0777) : tu_write_file(p, "x", 1), 0);
    assert_int_equal(run(dir, out, &err), 2);
    assert_non_null(err);
    if (!strstr(err, expect))
        fprintf(stderr, "%s\n", err);
    assert_non_null(strstr(err, expect));
    assert_null(strstr(err, "missing.geojson"));
    if (strcmp(make, ".") != 0)
        assert_int_equal(tu_count_entries(out), 1); /* nothing but the obstacle */
    free(err);
    tu_remove_tree(dir);
    free(dir);
}

static void test_outdir_is_a_file(void **state)
{
    (void)state;
    obstacle(".", 0, "out: cannot write the output there: Not a directory");
}

static void test_gpkg_is_a_directory(void **state)
{
    (void)state;
    obstacle("mini.gpkg", 1, "mini.gpkg: cannot write the output there: Is a directory");
}

static void test_report_is_a_directory(void **state)
{
    (void)state;
    obstacle("report.html", 1, "report.html: cannot write the output there: Is a directory");
}

static void test_maps_is_a_file(void **state)
{
    (void)state;
    obstacle("maps", 0, "maps: cannot write the output there: Not a directory");
}

static void test_unwritable(void **state)
{
    char out[4200];
    char *dir, *err = NULL;
    (void)state;
    if (geteuid() == 0) /* root writes anywhere */
        skip();
    dir = fixture(out, sizeof out);
    assert_int_equal(mkdir(out, 0555), 0);
    assert_int_equal(run(dir, out, &err), 2);
    assert_non_null(strstr(err, "Permission denied"));
    free(err);
    chmod(out, 0755);
    tu_remove_tree(dir);
    free(dir);
}

static void test_report_input(void **state)
{
    char out[4200], missing[4300];
    char *dir = fixture(out, sizeof out), *err = NULL;
    const char *args[] = {"report", missing, NULL};
    (void)state;
    snprintf(missing, sizeof missing, "%s/nonexistent.gpkg", dir);
    assert_int_equal(tu_run_dosah(NULL, &err, args), 2);
    assert_non_null(strstr(err, "nonexistent.gpkg: does not exist"));
    free(err);
    err = NULL;
    snprintf(missing, sizeof missing, "%s", dir);
    assert_int_equal(tu_run_dosah(NULL, &err, args), 2);
    assert_non_null(strstr(err, ": is a directory"));
    free(err);
    assert_false(tu_exists(out));
    assert_int_equal(tu_count_hidden(dir), 0);
    tu_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_symlinks),
        cmocka_unit_test(test_stale),
        cmocka_unit_test(test_outdir_is_a_file),
        cmocka_unit_test(test_gpkg_is_a_directory),
        cmocka_unit_test(test_report_is_a_directory),
        cmocka_unit_test(test_maps_is_a_file),
        cmocka_unit_test(test_unwritable),
        cmocka_unit_test(test_report_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
