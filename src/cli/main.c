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

#include "cli/interrupt.h"
#include "cli/progress.h"
#include "core/text.h"
#include "dosah/dosah.h"
#include "dosah/outset.h"
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
    "      --progress     progress as lines 'progress: STAGE PERCENT' on stderr, also when\n"
    "                     stderr is not a terminal (for programs that run dosah), and\n"
    "                     each warning and note on stderr as soon as it is raised\n"
    "\n"
    "Exit status: 0 success, 2 bad usage or bad input, 1 any other failure.\n"
    "The scenario format is documented in README.md.\n";

struct cli_args {
    const char *command;
    const char *scenario;    /* the GeoPackage for `report` */
    const char *outdir;
    const char *lang;
    int quiet;
    int progress_lines; /* --progress */
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
        else if (!strcmp(s, "--progress"))
            a->progress_lines = 1;
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

/* One diagnostic on stderr: "warning: file: layer 'l', feature f: message", each part only
 * when known. */
static void print_diagnostic(const struct dosah_diagnostic *g)
{
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

/* With --progress each diagnostic is printed as it is raised (the dosah_diagnostic_fn);
 * `printed` counts them, the first ones of the context's list, so that the end of the run
 * prints only the rest. */
struct streamed {
    size_t printed;
};

static void stream_diagnostic(const struct dosah_diagnostic *g, void *user)
{
    struct streamed *s = user;
    print_diagnostic(g);
    fflush(stderr);
    s->printed++;
}

/* The diagnostics from index `from` on (those not printed yet). */
static void print_diagnostics(struct dosah_ctx *ctx, size_t from)
{
    const struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    size_t i, n = dosah_diagnostics_count(d);
    for (i = from; i < n; i++)
        print_diagnostic(dosah_diagnostics_get(d, i));
}

/* 0, 2 bad usage or input, 128 + the signal's number when interrupted, else 1. */
static int exit_status(enum dosah_status st)
{
    if (st != DOSAH_OK && cli_interrupt_signal())
        return 128 + cli_interrupt_signal();
    return st == DOSAH_OK ? 0 : st == DOSAH_EINVAL ? EXIT_USAGE : 1;
}

static void utc_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* text with its control characters made visible (an output path is printed too). */
static const char *escaped(const char *text, char *buf, size_t n)
{
    dosah_escape_controls(text, buf, n);
    return buf;
}

static void print_summary(const struct cli_args *a, const struct dosah_run_result *r,
                          const char *report)
{
    char shown[16384];
    dosah_escape_controls(a->scenario, shown, sizeof shown);
    printf("%s: %zu %s, %zu %s, %zu %s (population %.0f), %zu %s, %zu %s, %zu %s\n", shown,
           r->municipality_count,
           dosah_plural(r->municipality_count, "municipality", "municipalities"),
           r->region_count, dosah_plural(r->region_count, "region", "regions"),
           r->demand_count, dosah_plural(r->demand_count, "demand point", "demand points"),
           r->population, r->service_count,
           dosah_plural(r->service_count, "service", "services"), r->locality_count,
           dosah_plural(r->locality_count, "excluded locality", "excluded localities"),
           r->road_line_count, dosah_plural(r->road_line_count, "road line", "road lines"));
    if (r->gpkg_path)
        printf("GeoPackage: %s\n", escaped(r->gpkg_path, shown, sizeof shown));
    if (report)
        printf("Report: %s\n", escaped(report, shown, sizeof shown));
    if (!r->gpkg_path)
        printf("check: the scenario and its inputs are valid\n");
}

/*
 * The output set: checked (before any analysis) and staged in dir; the second Ctrl-C removes
 * the staging directory. names: the set's files (dosah/outset.h).
 */
static enum dosah_status begin_set(struct dosah_ctx *ctx, const char *dir,
                                   const char *const *names, size_t count,
                                   struct dosah_outset **set)
{
    enum dosah_status st = dosah_outset_begin(ctx, dir, names, count, set);
    if (!st)
        cli_interrupt_register(dosah_outset_staging(*set), dosah_outset_dir(*set),
                               dosah_outset_created(*set));
    return st;
}

/* Puts the set in place when st is OK, then removes the staging directory either way. */
static enum dosah_status end_set(struct dosah_ctx *ctx, struct dosah_outset *set,
                                 enum dosah_status st)
{
    cli_interrupt_hold(1);
    if (!st && set)
        st = dosah_outset_commit(ctx, set);
    cli_interrupt_register(NULL, NULL, NULL);
    dosah_outset_destroy(set);
    cli_interrupt_hold(0);
    return st;
}

/* `report`: the report of a GeoPackage into -o DIR or the GeoPackage's own directory. */
static enum dosah_status report_command(struct dosah_ctx *ctx, const struct cli_args *a,
                                        char **path)
{
    static const char *const names[] = {"report.html", "maps/", "charts/", "tables/"};
    struct dosah_report_options opt;
    struct dosah_outset *set = NULL;
    const char *gpkg = a->scenario, *slash = strrchr(gpkg, '/');
    char *dir = a->outdir && *a->outdir ? dosah_strdup(ctx, a->outdir)
                : !slash                ? dosah_strdup(ctx, ".")
                : slash == gpkg         ? dosah_strdup(ctx, "/")
                                        : dosah_asprintf(ctx, "%.*s", (int)(slash - gpkg), gpkg);
    enum dosah_status st = dir ? DOSAH_OK : DOSAH_ENOMEM;
    dosah_report_options_init(&opt);
    opt.lang = a->lang;
    /* The library checks the GeoPackage and the directory again; checking here first keeps
     * "does not exist" ahead of anything made in dir. */
    if (!st && !(st = dosah_report_check_input(ctx, gpkg)) &&
        !(st = begin_set(ctx, dir, names, sizeof names / sizeof *names, &set)))
        st = dosah_report_write(ctx, gpkg, dosah_outset_staging(set), &opt);
    st = end_set(ctx, set, st);
    if (!st && !(*path = dosah_asprintf(ctx, "%s/report.html", dir)))
        st = DOSAH_ENOMEM;
    dosah_free(dir);
    return st;
}

/* `run`: the pipeline and the report, staged and put in place together. */
static enum dosah_status run_outputs(struct dosah_ctx *ctx, const struct cli_args *a,
                                     const struct dosah_scenario *s,
                                     struct dosah_run_options *opt,
                                     struct dosah_run_result *result, char **report)
{
    struct dosah_report_options ropt;
    struct dosah_outset *set = NULL;
    char *gpkg_name = dosah_asprintf(ctx, "%s.gpkg", s->name), *final = NULL;
    const char *names[] = {gpkg_name, "report.html", "maps/", "charts/", "tables/"};
    enum dosah_status st = gpkg_name ? DOSAH_OK : DOSAH_ENOMEM;
    if (!st && !(st = begin_set(ctx, a->outdir, names, sizeof names / sizeof *names, &set))) {
        opt->outdir = dosah_outset_staging(set);
        st = dosah_run(ctx, s, opt, result);
    }
    if (!st && !(final = dosah_asprintf(ctx, "%s/%s", a->outdir, gpkg_name)))
        st = DOSAH_ENOMEM;
    if (!st) {
        dosah_report_options_init(&ropt);
        ropt.lang = a->lang;
        ropt.shown_path = final;
        ropt.own_output = 1;
        st = dosah_report_write(ctx, result->gpkg_path, opt->outdir, &ropt);
    }
    st = end_set(ctx, set, st);
    if (!st && !(*report = dosah_asprintf(ctx, "%s/report.html", a->outdir)))
        st = DOSAH_ENOMEM;
    if (!st) { /* the GeoPackage's path in place, not in the staging directory */
        dosah_free(result->gpkg_path);
        result->gpkg_path = final;
        final = NULL;
    }
    dosah_free(final);
    dosah_free(gpkg_name);
    return st;
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
    if (!st && opt.check_only)
        st = dosah_run(ctx, s, &opt, result);
    else if (!st)
        st = run_outputs(ctx, a, s, &opt, result, report);
    dosah_scenario_destroy(s);
    return st;
}

int main(int argc, char **argv)
{
    struct cli_args a;
    struct cli_progress progress;
    struct streamed streamed = {0};
    struct dosah_ctx *ctx;
    struct dosah_run_result result;
    enum dosah_status st;
    char *report = NULL, shown[16384];
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (!(ctx = dosah_ctx_create())) {
        fprintf(stderr, "dosah: out of memory\n");
        return 1;
    }
    cli_interrupt_install();
    cli_progress_init(&progress, a.quiet                ? CLI_PROGRESS_OFF
                                 : a.progress_lines     ? CLI_PROGRESS_LINES
                                 : isatty(STDERR_FILENO) ? CLI_PROGRESS_TERMINAL
                                                         : CLI_PROGRESS_OFF);
    dosah_ctx_set_progress(ctx, cli_progress_fn, &progress);
    if (!a.quiet && a.progress_lines)
        dosah_ctx_set_diagnostic(ctx, stream_diagnostic, &streamed);
    dosah_ctx_set_cancel(ctx, cli_interrupt_cancel, NULL);
    memset(&result, 0, sizeof result);
    if (!strcmp(a.command, "report"))
        st = report_command(ctx, &a, &report);
    else
        st = run_scenario(ctx, &a, &result, &report);
    cli_interrupt_finished();
    cli_progress_finish(&progress);
    if (!a.quiet)
        print_diagnostics(ctx, streamed.printed);
    if (st && cli_interrupt_signal())
        fprintf(stderr, "dosah: %s; the previous outputs are unchanged\n",
                st == DOSAH_EINTERRUPT ? dosah_ctx_errmsg(ctx) : "interrupted");
    else if (st)
        fprintf(stderr, "dosah: error: %s\n", dosah_ctx_errmsg(ctx));
    else if (!a.quiet && !strcmp(a.command, "report"))
        printf("Report: %s\n", escaped(report, shown, sizeof shown));
    else if (!a.quiet)
        print_summary(&a, &result, report);
    else if (result.gpkg_path || report)
        printf("%s\n", escaped(result.gpkg_path ? result.gpkg_path : report, shown,
                               sizeof shown));
    dosah_free(report);
    dosah_run_result_clear(&result);
    dosah_ctx_destroy(ctx);
    return exit_status(st);
}
