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
#include "core/text.h"
#include "dosah/dosah.h"
#include "dosah/report.h"

#define EXIT_USAGE 2

static const char usage_text[] =
    "Usage:\n"
    "  dosah run SCENARIO.yaml [-o OUTDIR] [--lang cs|en] [-q]\n"
    "      Run the whole analysis; writes OUTDIR/<scenario name>.gpkg and the report\n"
    "      (OUTDIR/report.html, maps/, charts/, tables/) (OUTDIR: ./out).\n"
    "  dosah check SCENARIO.yaml [-q]\n"
    "      Validate the scenario and every input; writes nothing.\n"
    "  dosah report OUT.gpkg [-o DIR] [--lang cs|en] [-q]\n"
    "      Re-render the report from a GeoPackage alone (DIR: the GeoPackage's directory).\n"
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
    const char *scenario;    /* the GeoPackage for `report` */
    const char *outdir;
    const char *lang;
    int quiet;
};

static int usage_error(const char *fmt, const char *arg)
{
    char shown[1024];
    dosah_escape_controls(arg, shown, sizeof shown);
    fprintf(stderr, "dosah: ");
    fprintf(stderr, fmt, shown);
    fprintf(stderr, "\nRun 'dosah --help' for usage.\n");
    return EXIT_USAGE;
}

/* Returns -1 when the arguments are good, else the exit status. */
static int parse_args(int argc, char **argv, struct cli_args *a)
{
    int i;
    memset(a, 0, sizeof *a);
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
    if (strcmp(a->command, "run") != 0 && strcmp(a->command, "check") != 0 &&
        strcmp(a->command, "report") != 0)
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
        return usage_error("%s", strcmp(a->command, "report") ? "no scenario file given"
                                                             : "no GeoPackage given");
    if (!a->outdir && strcmp(a->command, "report") != 0)
        a->outdir = "out";
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
        /* "file: layer 'l', feature f: message", each part only when known */
        char where[512] = "";
        size_t len = 0;
        if (g->file)
            len += (size_t)snprintf(where + len, sizeof where - len, "%s", g->file);
        if (g->layer && len < sizeof where)
            len += (size_t)snprintf(where + len, sizeof where - len, "%slayer '%s'",
                                    len ? ": " : "", g->layer);
        if (g->feature && len < sizeof where)
            len += (size_t)snprintf(where + len, sizeof where - len, "%sfeature %s",
                                    len ? ", " : "", g->feature);
        fprintf(stderr, "%s: %s%s%s\n", g->severity == DOSAH_WARNING ? "warning" : "note", where,
                where[0] ? ": " : "", g->message);
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

static void print_summary(const struct cli_args *a, const struct dosah_run_result *r,
                          const char *report)
{
    char shown[1024];
    dosah_escape_controls(a->scenario, shown, sizeof shown);
    printf("%s: %zu municipalities, %zu regions, %zu demand points (population %.0f), "
           "%zu services, %zu excluded localities, %zu road lines\n",
           shown, r->municipality_count, r->region_count, r->demand_count, r->population,
           r->service_count, r->locality_count, r->road_line_count);
    if (r->gpkg_path)
        printf("GeoPackage: %s\n", r->gpkg_path);
    if (report)
        printf("Report: %s\n", report);
    if (!r->gpkg_path)
        printf("check: the scenario and its inputs are valid\n");
}

/* The report of a GeoPackage into dir (NULL: the GeoPackage's own); *path is its HTML. */
static enum dosah_status write_report(struct dosah_ctx *ctx, const struct cli_args *a,
                                      const char *gpkg, char **path)
{
    struct dosah_report_options opt;
    const char *slash = strrchr(gpkg, '/');
    enum dosah_status st;
    dosah_report_options_init(&opt);
    opt.lang = a->lang;
    if ((st = dosah_report_write(ctx, gpkg, a->outdir, &opt)))
        return st;
    if (a->outdir)
        *path = dosah_asprintf(ctx, "%s/report.html", a->outdir);
    else if (slash)
        *path = dosah_asprintf(ctx, "%.*s/report.html", (int)(slash - gpkg), gpkg);
    else
        *path = dosah_strdup(ctx, "report.html");
    return *path ? DOSAH_OK : DOSAH_ENOMEM;
}

/* `run` and `check`: the pipeline, then the report of what `run` wrote. */
static enum dosah_status run_scenario(struct dosah_ctx *ctx, const struct cli_args *a,
                                      struct dosah_run_result *result, char **report)
{
    struct dosah_scenario *s = NULL;
    struct dosah_run_options opt;
    char started[32];
    enum dosah_status st;
    utc_now(started, sizeof started);
    dosah_run_options_init(&opt);
    opt.outdir = a->outdir;
    opt.lang = a->lang;
    opt.check_only = !strcmp(a->command, "check");
    opt.started_utc = started;
    st = dosah_scenario_load(ctx, a->scenario, &s);
    if (!st)
        st = dosah_run(ctx, s, &opt, result);
    if (!st && result->gpkg_path)
        st = write_report(ctx, a, result->gpkg_path, report);
    dosah_scenario_destroy(s);
    return st;
}

int main(int argc, char **argv)
{
    struct cli_args a;
    struct cli_progress progress;
    struct dosah_ctx *ctx;
    struct dosah_run_result result;
    enum dosah_status st;
    char *report = NULL;
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
    memset(&result, 0, sizeof result);
    if (!strcmp(a.command, "report"))
        st = write_report(ctx, &a, a.scenario, &report);
    else
        st = run_scenario(ctx, &a, &result, &report);
    cli_progress_finish(&progress);
    if (!a.quiet)
        print_diagnostics(ctx);
    if (st)
        fprintf(stderr, "dosah: error: %s\n", dosah_ctx_errmsg(ctx));
    else if (!a.quiet && !strcmp(a.command, "report"))
        printf("Report: %s\n", report);
    else if (!a.quiet)
        print_summary(&a, &result, report);
    else if (result.gpkg_path || report)
        printf("%s\n", result.gpkg_path ? result.gpkg_path : report);
    dosah_free(report);
    dosah_run_result_clear(&result);
    dosah_ctx_destroy(ctx);
    return exit_status(st);
}
