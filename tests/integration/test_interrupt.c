/* SPDX-License-Identifier: MIT */
/*
 * Ctrl-C at every stage of `dosah run`: the run is started on a pseudo-terminal (so that it
 * prints its progress, as for a user), signalled when a stage's label appears, and must end
 * with status 128 + the signal, say in which stage it was interrupted, leave the previous
 * GeoPackage and report byte for byte and leave no temporary file. The load stage is held
 * on an input that is a FIFO nobody writes to.
 *
 * The only time bound is a liveness bound (LIVENESS_S): a run that honours the signal ends
 * within a second; the bound only tells "ended" from "never ends", generously enough for
 * ASan on a loaded machine. It is not a performance assertion.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "integration/cli_util.h"

#define LIVENESS_S 60

struct fixture {
    char *dir;                  /* copy of the demo region */
    char full[4096], nocatch[4096], out[4096];
    char *gpkg, *html, *csv;    /* the previous outputs */
    size_t gpkg_n, html_n, csv_n;
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Appends what the terminal has for up to ms milliseconds; 0 at end of output. */
static int drain(int fd, char *buf, size_t cap, size_t *len, int ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    ssize_t n;
    if (poll(&p, 1, ms) <= 0)
        return 1;
    n = read(fd, buf + *len, cap - 1 - *len);
    if (n <= 0)
        return 0;
    *len += (size_t)n;
    buf[*len] = '\0';
    if (*len > cap - 1024) { /* keep the tail */
        memmove(buf, buf + *len - 512, 512);
        *len = 512;
        buf[*len] = '\0';
    }
    return 1;
}

/* Waits for the child (draining its terminal) up to the liveness bound; its exit status,
 * 128 + signal when killed, -1 when it did not end (then it is killed). */
static int wait_end(pid_t pid, int fd, char *buf, size_t cap, size_t *len)
{
    double t0 = now_s();
    int status;
    while (now_s() - t0 < LIVENESS_S) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            while (drain(fd, buf, cap, len, 50) && *len)
                if (!drain(fd, buf, cap, len, 0))
                    break;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (!drain(fd, buf, cap, len, 50))
            usleep(20000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

static pid_t spawn(const char *scenario, const char *out, int *fd)
{
    pid_t pid = forkpty(fd, NULL, NULL, NULL);
    if (pid == 0) {
        execl(DOSAH_BINARY, DOSAH_BINARY, "run", scenario, "-o", out, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void assert_unchanged(const struct fixture *f)
{
    char path[4200];
    size_t n = 0;
    char *now;
    snprintf(path, sizeof path, "%s/liberecky-kraj-demo.gpkg", f->out);
    now = tu_read_file(path, &n);
    assert_non_null(now);
    assert_int_equal(n, f->gpkg_n);
    assert_memory_equal(now, f->gpkg, n);
    free(now);
    snprintf(path, sizeof path, "%s/report.html", f->out);
    now = tu_read_file(path, &n);
    assert_non_null(now);
    assert_int_equal(n, f->html_n);
    assert_memory_equal(now, f->html, n);
    free(now);
    snprintf(path, sizeof path, "%s/tables/coverage_care.csv", f->out);
    now = tu_read_file(path, &n);
    assert_non_null(now);
    assert_int_equal(n, f->csv_n);
    assert_memory_equal(now, f->csv, n);
    free(now);
    /* No temporary anywhere: hidden entries are dosah's temporaries. */
    assert_int_equal(tu_count_hidden(f->out), 0);
    snprintf(path, sizeof path, "%s/tables", f->out);
    assert_int_equal(tu_count_hidden(path), 0);
    snprintf(path, sizeof path, "%s/maps", f->out);
    assert_int_equal(tu_count_hidden(path), 0);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    char path[4200], *text;
    size_t n;
    const char *args[8];
    if (!f || !(f->dir = tu_copy_fixture(DOSAH_SOURCE_DIR "/geodata/liberec")))
        return -1;
    snprintf(f->full, sizeof f->full, "%s/scenario.yaml", f->dir);
    snprintf(f->nocatch, sizeof f->nocatch, "%s/nocatch.yaml", f->dir);
    snprintf(f->out, sizeof f->out, "%s/out", f->dir);
    if (!(text = tu_read_file(f->full, &n)) || tu_write_file(f->nocatch, text, n) ||
        tu_replace_in_file(f->nocatch, "thresholds_min: [15, 30, 45, 60]\n",
                           "thresholds_min: [15, 30, 45, 60]\ncatchments: {polygons: false}\n"))
        return -1;
    free(text);
    /* The previous outputs every interrupted run must leave as they are. */
    args[0] = "run", args[1] = f->nocatch, args[2] = "-o", args[3] = f->out, args[4] = "-q";
    args[5] = NULL;
    if (tu_run_dosah(NULL, NULL, args) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/liberecky-kraj-demo.gpkg", f->out);
    f->gpkg = tu_read_file(path, &f->gpkg_n);
    snprintf(path, sizeof path, "%s/report.html", f->out);
    f->html = tu_read_file(path, &f->html_n);
    snprintf(path, sizeof path, "%s/tables/coverage_care.csv", f->out);
    f->csv = tu_read_file(path, &f->csv_n);
    if (!f->gpkg || !f->html || !f->csv)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    if (f) {
        tu_remove_tree(f->dir);
        free(f->dir);
        free(f->gpkg);
        free(f->html);
        free(f->csv);
        free(f);
    }
    return 0;
}

/*
 * Runs scenario, sends sig (and sig2 right after, when not 0) once "<stage>:" shows on the
 * terminal; the run must end, by itself, with 128 + the first signal and `expect` (or, when
 * not NULL, `or`) in its output, the previous outputs unchanged.
 */
static void interrupt_at(struct fixture *f, const char *scenario, const char *stage, int sig,
                         int sig2, const char *expect, const char *or)
{
    static char buf[65536];
    char marker[64];
    size_t len = 0;
    int fd, status;
    double t0 = now_s();
    pid_t pid = spawn(scenario, f->out, &fd);
    assert_true(pid > 0);
    snprintf(marker, sizeof marker, "%s:", stage);
    buf[0] = '\0';
    while (!strstr(buf, marker) && now_s() - t0 < 10 * LIVENESS_S)
        if (!drain(fd, buf, sizeof buf, &len, 20))
            break;
    if (!strstr(buf, marker))
        fprintf(stderr, "no '%s' in: %s\n", marker, buf);
    assert_non_null(strstr(buf, marker));
    kill(pid, sig);
    if (sig2)
        kill(pid, sig2);
    status = wait_end(pid, fd, buf, sizeof buf, &len);
    close(fd);
    if (!strstr(buf, expect) && !(or && strstr(buf, or)))
        fprintf(stderr, "stage %s: status %d, output tail: %s\n", stage, status, buf);
    assert_true(status == 128 + sig || (sig2 && status == 128 + sig2));
    assert_true(strstr(buf, expect) || (or && strstr(buf, or)));
    assert_unchanged(f);
}

static void test_catchments(void **state)
{
    struct fixture *f = *state;
    interrupt_at(f, f->full, "catchments", SIGINT, 0, "interrupted during catchments", NULL);
}

static void test_network(void **state)
{
    struct fixture *f = *state;
    /* The demo's network and routing take milliseconds: the signal lands in them or soon
     * after; either way the run stops where it is. */
    interrupt_at(f, f->nocatch, "network", SIGINT, 0, "interrupted during", NULL);
}

static void test_route(void **state)
{
    struct fixture *f = *state;
    interrupt_at(f, f->full, "route", SIGINT, 0, "interrupted during", NULL);
}

static void test_write(void **state)
{
    struct fixture *f = *state;
    interrupt_at(f, f->nocatch, "write", SIGTERM, 0, "interrupted during write",
                 "interrupted during report");
}

static void test_report(void **state)
{
    struct fixture *f = *state;
    interrupt_at(f, f->nocatch, "report", SIGINT, 0, "interrupted during report", NULL);
}

static void test_second_signal(void **state)
{
    struct fixture *f = *state;
    /* Two signals at once: the second ends the process without waiting, its staging
     * directory removed by the handler. */
    interrupt_at(f, f->nocatch, "report", SIGINT, SIGTERM, "stopped at once", NULL);
}

/* The load stage held on a FIFO input: open and read wait for a writer that never writes. */
static void test_load_fifo(void **state)
{
    struct fixture *f = *state;
    static char buf[65536];
    char *mini = tu_copy_fixture(DOSAH_TEST_DATA "/mini");
    char roads[4200], scenario[4200], out[4200];
    size_t len = 0;
    int fd, wfd = -1, status;
    double t0;
    pid_t pid;
    (void)f;
    assert_non_null(mini);
    snprintf(roads, sizeof roads, "%s/roads.geojson", mini);
    snprintf(scenario, sizeof scenario, "%s/scenario.yaml", mini);
    snprintf(out, sizeof out, "%s/out", mini);
    assert_int_equal(unlink(roads), 0);
    assert_int_equal(mkfifo(roads, 0600), 0);
    pid = spawn(scenario, out, &fd);
    assert_true(pid > 0);
    /* A writer can open without waiting only once dosah waits on the other end. */
    for (t0 = now_s(); wfd < 0 && now_s() - t0 < LIVENESS_S;) {
        wfd = open(roads, O_WRONLY | O_NONBLOCK);
        if (wfd < 0)
            drain(fd, buf, sizeof buf, &len, 20);
    }
    assert_true(wfd >= 0);
    drain(fd, buf, sizeof buf, &len, 300); /* now waiting in read */
    kill(pid, SIGINT);
    status = wait_end(pid, fd, buf, sizeof buf, &len);
    close(fd);
    close(wfd);
    if (!strstr(buf, "interrupted during load"))
        fprintf(stderr, "status %d, output: %s\n", status, buf);
    assert_int_equal(status, 128 + SIGINT);
    assert_non_null(strstr(buf, "interrupted during load"));
    assert_false(tu_exists(out)); /* the output directory it made is gone again */
    tu_remove_tree(mini);
    free(mini);
}

/* `dosah report` of a FIFO that no one ever opens for writing: the open cannot be broken off,
 * so a second after Ctrl-C the watchdog ends the process at once; the output directories the
 * run made (new/rep) are gone all the same. */
static void test_report_fifo_forced(void **state)
{
    static char buf[65536];
    char *dir = tu_copy_fixture(DOSAH_TEST_DATA "/mini");
    char gpkg[4200], out[4200], made[4200];
    size_t len = 0;
    int fd, status;
    pid_t pid;
    (void)state;
    assert_non_null(dir);
    snprintf(gpkg, sizeof gpkg, "%s/x.gpkg", dir);
    snprintf(out, sizeof out, "%s/new/rep", dir);
    snprintf(made, sizeof made, "%s/new", dir);
    assert_int_equal(mkfifo(gpkg, 0600), 0);
    pid = forkpty(&fd, NULL, NULL, NULL);
    if (pid == 0) {
        execl(DOSAH_BINARY, DOSAH_BINARY, "report", gpkg, "-o", out, (char *)NULL);
        _exit(127);
    }
    assert_true(pid > 0);
    drain(fd, buf, sizeof buf, &len, 500); /* now waiting in open */
    kill(pid, SIGINT);
    status = wait_end(pid, fd, buf, sizeof buf, &len);
    close(fd);
    if (!strstr(buf, "stopped at once"))
        fprintf(stderr, "status %d, output: %s\n", status, buf);
    assert_int_equal(status, 128 + SIGINT);
    assert_non_null(strstr(buf, "stopped at once"));
    assert_false(tu_exists(out));
    assert_false(tu_exists(made));
    tu_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_fifo),   cmocka_unit_test(test_network),
        cmocka_unit_test(test_route),       cmocka_unit_test(test_catchments),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_report),      cmocka_unit_test(test_second_signal),
        cmocka_unit_test(test_report_fifo_forced),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
