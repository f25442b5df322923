/* SPDX-License-Identifier: MIT */
/*
 * The dosah command: parses the arguments, calls the pipeline and reports. The only code that
 * prints to the user or decides the exit status: 0 success, 2 bad usage or bad input, 1 any
 * other failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/progress.h"
#include "dosah/dosah.h"

#define EXIT_USAGE 2

static const char usage_text[] =
    "Usage:\n"
    "  dosah run SCENARIO.yaml [-o OUTDIR] [--lang cs|en] [-q]\n"
    "      Run the whole analysis; writes OUTDIR/<scenario name>.gpkg (OUTDIR: ./out).\n"
    "  dosah check SCENARIO.yaml [-q]\n"
    "      Validate the scenario and every input; writes nothing.\n"
    "  dosah --help | --version\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR   output directory (created when missing; default ./out)\n"
    "      --lang cs|en   language of field aliases and the report (default cs)\n"
    "  -q, --quiet        no progress and no warnings on stderr\n"
    "\n"
    "Exit status: 0 success, 2 bad usage or bad input, 1 any other failure.\n"
    "The scenario format is documented in README.md.\n";

struct cli_args {
    const char *command;
    const char *scenario;
    const char *outdir;
    const char *lang;
    int quiet;
};

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "dosah: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nRun 'dosah --help' for usage.\n");
    return EXIT_USAGE;
}

/* Returns -1 when the arguments are good, else the exit status. */
static int parse_args(int argc, char **argv, struct cli_args *a)
{
    int i;
    memset(a, 0, sizeof *a);
    a->outdir = "out";
    a->lang = "cs";
    if (argc < 2)
        return usage_error("%s", "no command given");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("dosah %s\n", dosah_version());
        return 0;
    }
    a->command = argv[1];
    if (strcmp(a->command, "run") != 0 && strcmp(a->command, "check") != 0)
        return usage_error("unknown command '%s'", a->command);
    for (i = 2; i < argc; i++) {
        const char *s = argv[i];
        int is_check = !strcmp(a->command, "check");
        if ((!strcmp(s, "-o") || !strcmp(s, "--output")) && !is_check && i + 1 < argc)
            a->outdir = argv[++i];
        else if (!strcmp(s, "--lang") && i + 1 < argc)
            a->lang = argv[++i];
        else if (!strcmp(s, "-q") || !strcmp(s, "--quiet"))
            a->quiet = 1;
        else if (s[0] == '-' && s[1] != '\0')
            return usage_error("unknown or incomplete option '%s'", s);
        else if (!a->scenario)
            a->scenario = s;
        else
            return usage_error("unexpected argument '%s'", s);
    }
    if (!a->scenario)
        return usage_error("%s", "no scenario file given");
    if (strcmp(a->lang, "cs") != 0 && strcmp(a->lang, "en") != 0)
        return usage_error("--lang must be cs or en, not '%s'", a->lang);
    return -1;
}

static void print_diagnostics(struct dosah_ctx *ctx)
{
    const struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    size_t i, n = dosah_diagnostics_count(d);
    for (i = 0; i < n; i++) {
        const struct dosah_diagnostic *g = dosah_diagnostics_get(d, i);
        fprintf(stderr, "%s: %s%s%s%s%s%s%s%s\n",
                g->severity == DOSAH_WARNING ? "warning" : "note", g->file ? g->file : "",
                g->layer ? ": layer '" : "", g->layer ? g->layer : "", g->layer ? "'" : "",
                g->feature ? ", feature " : "", g->feature ? g->feature : "",
                (g->file || g->layer || g->feature) ? ": " : "", g->message);
    }
}

static int exit_status(enum dosah_status st)
{
    return st == DOSAH_OK ? 0 : st == DOSAH_EINVAL ? EXIT_USAGE : 1;
}

static void utc_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void print_summary(const struct cli_args *a, const struct dosah_run_result *r)
{
    printf("%s: %zu municipalities, %zu regions, %zu demand points (population %.0f), "
           "%zu services, %zu excluded localities, %zu road lines\n",
           a->scenario, r->municipality_count, r->region_count, r->demand_count, r->population,
           r->service_count, r->locality_count, r->road_line_count);
    if (r->gpkg_path)
        printf("GeoPackage: %s\n", r->gpkg_path);
    else
        printf("check: the scenario and its inputs are valid\n");
}

int main(int argc, char **argv)
{
    struct cli_args a;
    struct cli_progress progress;
    struct dosah_ctx *ctx;
    struct dosah_scenario *s = NULL;
    struct dosah_run_options opt;
    struct dosah_run_result result;
    enum dosah_status st;
    char started[32];
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (!(ctx = dosah_ctx_create())) {
        fprintf(stderr, "dosah: out of memory\n");
        return 1;
    }
    cli_install_interrupt();
    cli_progress_init(&progress, !a.quiet && isatty(STDERR_FILENO));
    dosah_ctx_set_progress(ctx, cli_progress_fn, &progress);
    utc_now(started, sizeof started);
    dosah_run_options_init(&opt);
    opt.outdir = a.outdir;
    opt.lang = a.lang;
    opt.check_only = !strcmp(a.command, "check");
    opt.started_utc = started;
    memset(&result, 0, sizeof result);
    st = dosah_scenario_load(ctx, a.scenario, &s);
    if (!st)
        st = dosah_run(ctx, s, &opt, &result);
    cli_progress_finish(&progress);
    if (!a.quiet)
        print_diagnostics(ctx);
    if (st)
        fprintf(stderr, "dosah: error: %s\n", dosah_ctx_errmsg(ctx));
    else if (!a.quiet)
        print_summary(&a, &result);
    else if (result.gpkg_path)
        printf("%s\n", result.gpkg_path);
    dosah_run_result_clear(&result);
    dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
    return exit_status(st);
}
