/* SPDX-License-Identifier: MIT */
/*
 * The report: opens the GeoPackage read-only, writes each section of report.html in turn
 * (each section also writes its tables as CSV and its figures as PNG) into a staging
 * directory, and puts the files in place together only when all are written
 * (dosah/outset.h), so a report is never half-written over a good one. Reads nothing but the
 * GeoPackage: `dosah report OUT.gpkg` re-renders it from the file alone.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "dosah/outset.h"
#include "io/interrupt.h"
#include "io/sha256.h"
#include "report/draw_internal.h"
#include "report/report_internal.h"

void dosah_report_options_init(struct dosah_report_options *o)
{
    memset(o, 0, sizeof *o);
    o->lang = "cs";
    o->png_scale = 2.0;
}

const char *dosah_report_t(const struct dosah_report *r, enum dosah_report_msg_id id)
{
    return dosah_report_msg(r->lang, id);
}

enum dosah_status dosah_report_out(struct dosah_report *r, const char *fmt, ...)
{
    char small[512], *big;
    enum dosah_status st;
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return dosah_error_set(r->ctx, DOSAH_EINVAL, "report: bad format");
    if ((size_t)n < sizeof small)
        return dosah_strbuf_append(r->ctx, &r->html, small, (size_t)n);
    if (!(big = dosah_malloc(r->ctx, (size_t)n + 1)))
        return DOSAH_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    st = dosah_strbuf_append(r->ctx, &r->html, big, (size_t)n);
    dosah_free(big);
    return st;
}

enum dosah_status dosah_report_out_text(struct dosah_report *r, const char *s)
{
    return dosah_report_html_escape(r->ctx, &r->html, s);
}


/* Writes all of data to fd; 0, or -1 with errno. */
static int write_all_bytes(int fd, const char *data, size_t size)
{
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n < 0)
            return -1;
        data += n;
        size -= (size_t)n;
    }
    return 0;
}

enum dosah_status dosah_report_save(struct dosah_report *r, const char *relpath,
                                    const void *data, size_t size)
{
    char *path = dosah_asprintf(r->ctx, "%s/%s", r->outdir, relpath), *tmp = NULL;
    enum dosah_status st;
    int fd = -1;
    if (!path)
        return DOSAH_ENOMEM;
    if ((st = dosah_check_cancel(r->ctx, "report")) ||
        (st = dosah_temp_file(r->ctx, path, &tmp, &fd)))
        goto fail;
    if (write_all_bytes(fd, data, size) != 0 || close(fd) != 0) {
        fd = -1;
        st = dosah_error_set(r->ctx, DOSAH_EIO, "%s: cannot write: %s", path, strerror(errno));
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        st = dosah_error_set(r->ctx, DOSAH_EIO, "%s: cannot rename into place: %s", path,
                             strerror(errno));
fail:
    if (fd >= 0)
        close(fd);
    if (st && tmp)
        unlink(tmp);
    dosah_free(tmp);
    dosah_free(path);
    return st;
}

enum dosah_status dosah_report_save_csv(struct dosah_report *r,
                                       const struct dosah_report_table *t)
{
    struct dosah_strbuf csv;
    enum dosah_status st;
    char *rel = dosah_asprintf(r->ctx, "tables/%s.csv", t->name);
    dosah_strbuf_init(&csv, 0);
    if (!rel)
        return DOSAH_ENOMEM;
    if (!(st = dosah_report_table_csv(r->ctx, t, &csv)))
        st = dosah_report_save(r, rel, csv.data ? csv.data : "", csv.len);
    dosah_strbuf_clear(&csv);
    dosah_free(rel);
    return st;
}

enum dosah_status dosah_report_emit_table(struct dosah_report *r,
                                          const struct dosah_report_table *t,
                                          const char *caption)
{
    enum dosah_status st;
    char *rel = dosah_asprintf(r->ctx, "tables/%s.csv", t->name);
    if (!rel)
        return DOSAH_ENOMEM;
    if ((st = dosah_report_save_csv(r, t)))
        goto fail;
    if ((st = dosah_report_out(r, "<div class=\"tablehead\"><span class=\"caption\">")) ||
        (st = dosah_report_out_text(r, caption)) ||
        (st = dosah_report_out(r, "</span> <a class=\"csv\" href=\"%s\">CSV</a></div>\n", rel)) ||
        (st = dosah_report_table_html(r->ctx, t, &r->html)))
        goto fail;
fail:
    dosah_free(rel);
    return st;
}

enum dosah_status dosah_report_note(struct dosah_report *r, const char *text)
{
    enum dosah_status st;
    if ((st = dosah_report_out(r, "<p class=\"note\">")) || (st = dosah_report_out_text(r, text)))
        return st;
    return dosah_report_out(r, "</p>\n");
}

enum dosah_status dosah_report_section(struct dosah_report *r, const char *id,
                                       enum dosah_report_msg_id title)
{
    enum dosah_status st;
    if ((st = dosah_report_out(r, "<section id=\"%s\">\n<h2>", id)) ||
        (st = dosah_report_out_text(r, dosah_report_t(r, title))))
        return st;
    return dosah_report_out(r, "</h2>\n");
}

enum dosah_status dosah_report_section_end(struct dosah_report *r)
{
    return dosah_report_out(r, "</section>\n");
}

static const struct {
    const char *id;
    enum dosah_report_msg_id title;
    enum dosah_status (*write)(struct dosah_report *r);
} sections[] = {
    {"summary", DOSAH_RMSG_SEC_SUMMARY, dosah_report_summary},
    {"maps", DOSAH_RMSG_SEC_MAPS, dosah_report_maps},
    {"coverage", DOSAH_RMSG_SEC_COVERAGE, dosah_report_coverage},
    {"capacity", DOSAH_RMSG_SEC_CAPACITY, dosah_report_capacity},
    {"hours", DOSAH_RMSG_SEC_HOURS, dosah_report_hours},
    {"gaps", DOSAH_RMSG_SEC_GAPS, dosah_report_gaps},
    {"localities", DOSAH_RMSG_SEC_LOCALITIES, dosah_report_localities},
    {"catchments", DOSAH_RMSG_SEC_CATCHMENTS, dosah_report_catchments},
    {"proposals", DOSAH_RMSG_SEC_PROPOSALS, dosah_report_proposals},
    {"changes", DOSAH_RMSG_SEC_CHANGES, dosah_report_changes},
    {"diagnostics", DOSAH_RMSG_SEC_DIAGNOSTICS, dosah_report_diagnostics},
    {"method", DOSAH_RMSG_SEC_METHOD, dosah_report_method},
};
#define SECTION_COUNT (sizeof sections / sizeof sections[0])

/* The kicker, title and the line under it: when, by which engine, in which CRS. */
static enum dosah_status html_title(struct dosah_report *r, const char *started,
                                    const char *engine, const char *crs)
{
    const char *title = dosah_report_t(r, DOSAH_RMSG_TITLE);
    enum dosah_status st;
    if ((st = dosah_report_out(r, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                               "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                               "content=\"width=device-width, initial-scale=1\">\n<title>",
                               r->lang == DOSAH_REPORT_EN ? "en" : "cs")) ||
        (st = dosah_report_out_text(r, title)) || (st = dosah_report_out(r, " \xe2\x80\x93 ")) ||
        (st = dosah_report_out_text(r, r->doc.name)) ||
        (st = dosah_report_out(r, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n"
                               "<p class=\"kicker\">", dosah_report_css)) ||
        (st = dosah_report_out_text(r, title)) || (st = dosah_report_out(r, "</p>\n<h1>")) ||
        (st = dosah_report_out_text(r, r->doc.name)) ||
        (st = dosah_report_out(r, "</h1>\n<p class=\"meta\">")) ||
        (st = dosah_report_out_text(r, dosah_report_t(r, DOSAH_RMSG_HEAD_COMPUTED))) ||
        (st = dosah_report_out_text(r, started ? started : "\xe2\x80\x93")) ||
        (st = dosah_report_out(r, " \xc2\xb7 ")) ||
        (st = dosah_report_out_text(r, engine ? engine : "dosah")) ||
        (st = dosah_report_out(r, " \xc2\xb7 ")) ||
        (st = dosah_report_out_text(r, crs ? crs : "")))
        return st;
    return dosah_report_out(r, "</p>\n</header>\n");
}

static enum dosah_status html_head(struct dosah_report *r)
{
    char *started = NULL, *engine = NULL, *crs = NULL;
    enum dosah_status st;
    size_t i;
    if ((st = dosah_report_db_info(&r->doc, dosah_fact_template(DOSAH_FACT_STARTED_UTC),
                                   &started)) ||
        (st = dosah_report_db_info(&r->doc, dosah_fact_template(DOSAH_FACT_ENGINE), &engine)) ||
        (st = dosah_report_db_info(&r->doc, dosah_fact_template(DOSAH_FACT_CRS), &crs)) ||
        (st = html_title(r, started, engine, crs)) ||
        (st = dosah_report_out(r, "<nav><ol>\n")))
        goto fail;
    for (i = 0; i < SECTION_COUNT && !st; i++)
        if (!(st = dosah_report_out(r, "<li><a href=\"#%s\">", sections[i].id)) &&
            !(st = dosah_report_out_text(r, dosah_report_t(r, sections[i].title))))
            st = dosah_report_out(r, "</a></li>\n");
    if (!st)
        st = dosah_report_out(r, "</ol></nav>\n<main>\n");
fail:
    dosah_free(started);
    dosah_free(engine);
    dosah_free(crs);
    return st;
}

static enum dosah_status html_foot(struct dosah_report *r)
{
    enum dosah_status st;
    if ((st = dosah_report_out(r, "</main>\n<footer>")) ||
        (st = dosah_report_out_text(r, dosah_report_t(r, DOSAH_RMSG_FOOTER))) ||
        (st = dosah_report_out(r, " ")) || (st = dosah_report_out_text(r, r->shown_path)))
        return st;
    return dosah_report_out(r, "</footer>\n</body>\n</html>\n");
}

/* The GeoPackage's SHA-256 runs beside the report (a 200,000-node case's file is 80 MB). */
struct dosah_report_hash {
    pthread_t tid;
    int threaded;
    struct dosah_ctx *ctx;
    const char *path;
    char hex[65];
    enum dosah_status st;
};

static void *hash_file(void *arg)
{
    struct dosah_report_hash *h = arg;
    h->st = dosah_sha256_file(h->ctx, h->path, h->hex);
    return NULL;
}

enum dosah_status dosah_report_hash_start(struct dosah_report *r)
{
    struct dosah_report_hash *h = dosah_calloc(r->ctx, 1, sizeof *h);
    if (!h)
        return DOSAH_ENOMEM;
    if (!(h->ctx = dosah_ctx_create())) {
        dosah_free(h);
        return DOSAH_ENOMEM;
    }
    h->path = r->doc.path;
    r->hash = h;
    h->threaded = pthread_create(&h->tid, NULL, hash_file, h) == 0;
    if (!h->threaded)
        hash_file(h);
    return DOSAH_OK;
}

enum dosah_status dosah_report_hash_finish(struct dosah_report *r, char hex[65])
{
    struct dosah_report_hash *h = r->hash;
    enum dosah_status st = DOSAH_OK;
    if (!h)
        return hex ? dosah_error_set(r->ctx, DOSAH_EINVAL, "the GeoPackage's hash was not "
                                     "started") : DOSAH_OK;
    r->hash = NULL;
    if (h->threaded)
        pthread_join(h->tid, NULL);
    if (hex && h->st)
        st = dosah_error_set(r->ctx, h->st, "%s", dosah_ctx_errmsg(h->ctx));
    else if (hex)
        memcpy(hex, h->hex, sizeof h->hex);
    dosah_ctx_destroy(h->ctx);
    dosah_free(h);
    return st;
}

static enum dosah_status write_all(struct dosah_report *r)
{
    enum dosah_status st;
    size_t i;
    if ((st = dosah_report_hash_start(r)) || (st = html_head(r)))
        return st;
    for (i = 0; i < SECTION_COUNT; i++) {
        if ((st = dosah_report_section(r, sections[i].id, sections[i].title)) ||
            (st = sections[i].write(r)) || (st = dosah_report_section_end(r)) ||
            (st = dosah_progress(r->ctx, (double)(i + 1) / (SECTION_COUNT + 1), "report")))
            return st;
    }
    if ((st = html_foot(r)) || (st = dosah_report_png_finish(r, 1)) ||
        (st = dosah_report_save(r, "report.html", r->html.data, r->html.len)))
        return st;
    return dosah_progress(r->ctx, 1.0, "report");
}

/* outdir, or the directory of the GeoPackage. */
static char *pick_outdir(struct dosah_ctx *ctx, const char *gpkg_path, const char *outdir)
{
    const char *slash;
    if (outdir && *outdir)
        return dosah_strdup(ctx, outdir);
    slash = strrchr(gpkg_path, '/');
    if (!slash)
        return dosah_strdup(ctx, ".");
    if (slash == gpkg_path)
        return dosah_strdup(ctx, "/");
    return dosah_asprintf(ctx, "%.*s", (int)(slash - gpkg_path), gpkg_path);
}

/* The report's part of an output set: checked before anything is read. */
static const char *const set_names[] = {"report.html", "maps/", "charts/", "tables/"};

static enum dosah_status prepare(struct dosah_report *r, const char *gpkg_path,
                                 const char *outdir, int own_output, struct dosah_outset **set)
{
    static const char *const subdirs[] = {"maps", "charts", "tables"};
    enum dosah_status st;
    char *dir;
    size_t i;
    if (!(dir = pick_outdir(r->ctx, gpkg_path, outdir)))
        return DOSAH_ENOMEM;
    st = dosah_report_check_input(r->ctx, gpkg_path);
    if (!st)
        st = dosah_outset_check(r->ctx, dir, set_names, sizeof set_names / sizeof *set_names);
    if (!st)
        st = dosah_report_doc_open(r->ctx, gpkg_path, own_output, &r->doc);
    if (!st)
        st = dosah_outset_begin(r->ctx, dir, set_names, sizeof set_names / sizeof *set_names,
                                set);
    dosah_free(dir);
    if (st)
        return st;
    if (!(r->outdir = dosah_strdup(r->ctx, dosah_outset_staging(*set))))
        return DOSAH_ENOMEM;
    for (i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
        char *sub = dosah_asprintf(r->ctx, "%s/%s", r->outdir, subdirs[i]);
        if (!sub)
            return DOSAH_ENOMEM;
        st = dosah_make_dirs(r->ctx, sub);
        dosah_free(sub);
        if (st)
            return st;
    }
    return DOSAH_OK;
}

enum dosah_status dosah_report_write(struct dosah_ctx *ctx, const char *gpkg_path,
                                     const char *outdir, const struct dosah_report_options *opt)
{
    struct dosah_report_options defaults;
    struct dosah_outset *set = NULL;
    struct dosah_report r;
    enum dosah_status st;
    if (!opt) {
        dosah_report_options_init(&defaults);
        opt = &defaults;
    }
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    dosah_strbuf_init(&r.html, 0);
    if (!gpkg_path || !*gpkg_path)
        return dosah_error_set(ctx, DOSAH_EINVAL, "no GeoPackage given for the report");
    if (opt->lang && strcmp(opt->lang, "cs") != 0 && strcmp(opt->lang, "en") != 0)
        return dosah_error_set(ctx, DOSAH_EINVAL, "report language must be cs or en, not '%s'",
                               opt->lang);
    r.lang = opt->lang && !strcmp(opt->lang, "en") ? DOSAH_REPORT_EN : DOSAH_REPORT_CS;
    r.png_scale = isfinite(opt->png_scale) && opt->png_scale > 0 && opt->png_scale <= 8
                      ? opt->png_scale : 2.0;
    r.shown_path = opt->shown_path ? opt->shown_path : gpkg_path;
    dosah_io_bind_geos_interrupt(ctx); /* SpatiaLite's GEOS calls */
    if (!(st = prepare(&r, gpkg_path, outdir, opt->own_output, &set)) && !(st = write_all(&r)))
        st = dosah_outset_commit(ctx, set);
    dosah_report_png_finish(&r, 0); /* a PNG still encoding when the report failed */
    dosah_report_hash_finish(&r, NULL);
    dosah_outset_destroy(set);
    if (st && dosah_ctx_cancelled(ctx)) /* a failure caused by the interruption */
        st = dosah_check_cancel(ctx, NULL);
    dosah_report_mapdata_destroy(r.maps);
    dosah_report_doc_close(&r.doc);
    dosah_strbuf_clear(&r.html);
    dosah_free(r.outdir);
    return st;
}
