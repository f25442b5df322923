/* SPDX-License-Identifier: MIT */
/*
 * Cancellation on the context, and output sets: a commit puts every staged file in place and
 * keeps files it does not contain; a commit that fails half-way puts the previous files
 * back; an uncommitted set leaves nothing; the temporary-file helper does not follow links.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/core_internal.h"
#include "dosah/outset.h"

static int flag;

static int cancel_fn(void *user)
{
    return *(int *)user;
}

static void test_cancel(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create(), *worker = dosah_ctx_create();
    (void)state;
    flag = 0;
    dosah_ctx_set_cancel(ctx, cancel_fn, &flag);
    dosah_ctx_inherit_cancel(worker, ctx);
    assert_int_equal(dosah_check_cancel(ctx, "route"), DOSAH_OK);
    assert_int_equal(dosah_progress(ctx, 0.5, "route"), DOSAH_OK);
    assert_int_equal(dosah_error_set(ctx, DOSAH_EGEOS, "GEOS failed"), DOSAH_EGEOS);
    flag = 1;
    assert_true(dosah_ctx_cancelled(worker));
    assert_int_equal(dosah_check_cancel(worker, "catchments"), DOSAH_EINTERRUPT);
    assert_string_equal(dosah_ctx_errmsg(worker), "interrupted during catchments");
    /* A failure once cancelled is the interruption, in the last stage reported. */
    assert_int_equal(dosah_error_set(ctx, DOSAH_EGEOS, "Interrupted!"), DOSAH_EINTERRUPT);
    assert_string_equal(dosah_ctx_errmsg(ctx), "interrupted during route");
    assert_int_equal(dosah_progress(ctx, 0.6, "write"), DOSAH_EINTERRUPT);
    assert_string_equal(dosah_ctx_errmsg(ctx), "interrupted during write");
    dosah_ctx_destroy(worker);
    dosah_ctx_destroy(ctx);
}

static void put(const char *dir, const char *rel, const char *text)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void expect(const char *dir, const char *rel, const char *text)
{
    char path[4096], buf[256] = "";
    FILE *f;
    size_t n;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    f = fopen(path, "rb");
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_string_equal(buf, text);
}

static int entries(const char *dir)
{
    char cmd[4200];
    FILE *p;
    int n = -1;
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    p = popen(cmd, "r");
    if (p && fscanf(p, "%d", &n) != 1)
        n = -1;
    if (p)
        pclose(p);
    return n;
}

static const char *const names[] = {"a.gpkg", "report.html", "maps/"};

static void test_commit_and_rollback(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_outset *set = NULL;
    char tmpl[] = "/tmp/dosah-outset-XXXXXX", path[4200];
    const char *dir = mkdtemp(tmpl), *stage;
    (void)state;
    assert_non_null(dir);
    snprintf(path, sizeof path, "%s/maps", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    put(dir, "a.gpkg", "old gpkg");
    put(dir, "report.html", "old report");
    put(dir, "maps/old.png", "kept");
    put(dir, "maps/k.png", "old map");

    /* A set that fails half-way: report.html is staged as a directory, an obstacle met
     * after a.gpkg is in place (the commit goes in byte order): a.gpkg must go back. */
    assert_int_equal(dosah_outset_begin(ctx, dir, names, 3, &set), DOSAH_OK);
    stage = dosah_outset_staging(set);
    put(stage, "a.gpkg", "new gpkg");
    snprintf(path, sizeof path, "%s/report.html", stage);
    assert_int_equal(mkdir(path, 0777), 0);
    assert_int_equal(dosah_outset_commit(ctx, set), DOSAH_EINVAL);
    assert_non_null(strstr(dosah_ctx_errmsg(ctx), "report.html"));
    set = dosah_outset_destroy(set);
    expect(dir, "a.gpkg", "old gpkg");
    expect(dir, "report.html", "old report");
    assert_int_equal(entries(dir), 3); /* a.gpkg, report.html, maps: no staging left */

    /* A good set: every staged file in place, maps/old.png kept. */
    assert_int_equal(dosah_outset_begin(ctx, dir, names, 3, &set), DOSAH_OK);
    stage = dosah_outset_staging(set);
    put(stage, "a.gpkg", "new gpkg");
    put(stage, "report.html", "new report");
    snprintf(path, sizeof path, "%s/maps", stage);
    assert_int_equal(mkdir(path, 0777), 0);
    put(stage, "maps/k.png", "new map");
    put(stage, "maps/m.png", "another map");
    assert_int_equal(dosah_outset_commit(ctx, set), DOSAH_OK);
    set = dosah_outset_destroy(set);
    expect(dir, "a.gpkg", "new gpkg");
    expect(dir, "report.html", "new report");
    expect(dir, "maps/k.png", "new map");
    expect(dir, "maps/m.png", "another map");
    expect(dir, "maps/old.png", "kept");
    assert_int_equal(entries(dir), 3);

    assert_int_equal(dosah_remove_tree(dir), 0);
    dosah_ctx_destroy(ctx);
}

static void test_uncommitted_leaves_nothing(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_outset *set = NULL;
    char tmpl[] = "/tmp/dosah-outset-XXXXXX", sub[4200];
    const char *dir = mkdtemp(tmpl);
    (void)state;
    assert_non_null(dir);
    snprintf(sub, sizeof sub, "%s/new/deeper", dir);
    assert_int_equal(dosah_outset_begin(ctx, sub, names, 3, &set), DOSAH_OK);
    put(dosah_outset_staging(set), "a.gpkg", "unfinished");
    set = dosah_outset_destroy(set);
    assert_int_equal(entries(dir), 0); /* the directories it made are gone too */
    assert_int_equal(dosah_remove_tree(dir), 0);
    dosah_ctx_destroy(ctx);
}

static void test_temp_file_no_follow(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    char tmpl[] = "/tmp/dosah-outset-XXXXXX", final[4200];
    const char *dir = mkdtemp(tmpl);
    char *tmp = NULL;
    int fd = -1;
    struct stat sb;
    (void)state;
    assert_non_null(dir);
    snprintf(final, sizeof final, "%s/report.html", dir);
    assert_int_equal(dosah_temp_file(ctx, final, &tmp, &fd), DOSAH_OK);
    assert_true(fd >= 0);
    assert_int_equal(lstat(tmp, &sb), 0);
    assert_true(S_ISREG(sb.st_mode));
    assert_int_equal(sb.st_size, 0);
    assert_non_null(strstr(tmp, "/.report.html."));
    close(fd);
    dosah_free(tmp);
    assert_int_equal(dosah_remove_tree(dir), 0);
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_commit_and_rollback),
        cmocka_unit_test(test_uncommitted_leaves_nothing),
        cmocka_unit_test(test_temp_file_no_follow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
