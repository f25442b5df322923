/* SPDX-License-Identifier: MIT */
/*
 * Figures drawn once and rendered twice: to a PNG image (a Cairo image surface, scaled for
 * print) for maps/ and charts/, and to SVG (a Cairo SVG surface streamed into memory) that is
 * inlined in report.html. Cairo names its glyphs and clip paths "glyph0-1", "clip1"... in every
 * SVG it writes; several inlined in one page would share those ids and show each other's
 * letters, so every id and reference is prefixed with the figure's own prefix. A PNG is
 * encoded on a thread of its own while the report goes on (dosah_report_png_finish).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cairo-svg.h>
#include <png.h>

#include "core/core_internal.h"
#include "report/draw_internal.h"

struct sink {
    struct dosah_ctx *ctx;
    struct dosah_strbuf *buf;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int length)
{
    struct sink *s = closure;
    if (dosah_strbuf_append(s->ctx, s->buf, (const char *)data, length) != DOSAH_OK)
        return CAIRO_STATUS_WRITE_ERROR;
    return CAIRO_STATUS_SUCCESS;
}

static enum dosah_status cairo_fail(struct dosah_ctx *ctx, cairo_status_t cs, const char *what)
{
    if (dosah_ctx_status(ctx) == DOSAH_ENOMEM)
        return DOSAH_ENOMEM;
    return dosah_error_set(ctx, cs == CAIRO_STATUS_NO_MEMORY ? DOSAH_ENOMEM : DOSAH_EIO,
                           "cannot draw %s: %s", what, cairo_status_to_string(cs));
}

/* The key of an image surface's pixels, freed with the surface. */
static const cairo_user_data_key_t pixels_key;

/*
 * The figure drawn on a white image surface of scale pixels per unit; NULL when Cairo fails
 * or memory is short (*cs says why). The pixels are ours (dosah_malloc, freed with the
 * surface) rather than Cairo's, which takes each image's 10 MB fresh from the system, zeroed
 * page by page, only to paint it white: a block of ours comes back from the allocator for
 * the next figure.
 */
static cairo_surface_t *draw_image(struct dosah_ctx *ctx, const struct dosah_report_figure *f,
                                   double scale, cairo_status_t *cs)
{
    int w = (int)ceil(f->width * scale), h = (int)ceil(f->height * scale);
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, w);
    unsigned char *pixels;
    cairo_surface_t *surface;
    cairo_t *cr;
    if (stride < 0 || h < 0) { /* as Cairo would say of such a size */
        *cs = CAIRO_STATUS_INVALID_SIZE;
        return NULL;
    }
    if (!(pixels = dosah_malloc(ctx, (size_t)stride * (size_t)h + 1))) {
        *cs = CAIRO_STATUS_NO_MEMORY;
        return NULL;
    }
    surface = cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_RGB24, w, h, stride);
    if ((*cs = cairo_surface_set_user_data(surface, &pixels_key, pixels, dosah_free))) {
        cairo_surface_destroy(surface);
        dosah_free(pixels);
        return NULL;
    }
    cr = cairo_create(surface);
    cairo_scale(cr, scale, scale);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    f->draw(cr, f->data);
    *cs = cairo_status(cr);
    cairo_destroy(cr);
    if (*cs == CAIRO_STATUS_SUCCESS)
        return surface;
    cairo_surface_destroy(surface);
    return NULL;
}

/*
 * The PNG encoder: libpng with zlib's fastest level and no row filter, since a map or a
 * chart is mostly flat colour, which that compresses about as well as Cairo's encoder (the
 * default level, adaptive filters) in a fraction of the time: on the demo's report the
 * maps came out 4 % smaller, the charts 30 % larger, and the report took 1.0 s less CPU.
 * The image is RGB, 8 bits a channel, as Cairo's RGB24 surface.
 */
struct png_out {
    struct sink sink;
    int failed;
};

static void png_write_data(png_structp png, png_bytep data, size_t length)
{
    struct png_out *o = png_get_io_ptr(png);
    if (!o->failed && dosah_strbuf_append(o->sink.ctx, o->sink.buf, (const char *)data,
                                          length) != DOSAH_OK) {
        o->failed = 1;
        png_error(png, "out of memory");
    }
}

static void png_flush_data(png_structp png)
{
    (void)png;
}

/* The row of a Cairo RGB24 surface (a native-endian 32-bit word a pixel, red in bits 16-23,
 * green 8-15, blue 0-7, the top byte unused) as RGB. */
static void rgb_row(const unsigned char *src, int width, unsigned char *dst)
{
    int i;
    for (i = 0; i < width; i++) {
        uint32_t px;
        memcpy(&px, src + 4 * (size_t)i, 4);
        dst[3 * i] = (unsigned char)(px >> 16);
        dst[3 * i + 1] = (unsigned char)(px >> 8);
        dst[3 * i + 2] = (unsigned char)px;
    }
}

/* Encodes surface (RGB24) as PNG through o, row by row via row (3 bytes a pixel); -1 when
 * libpng fails (o->failed when it was our memory). */
static int encode_rgb(cairo_surface_t *surface, struct png_out *o, unsigned char *row)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
    int stride = cairo_image_surface_get_stride(surface), y;
    const unsigned char *data;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    cairo_surface_flush(surface);
    data = cairo_image_surface_get_data(surface);
    png_set_write_fn(png, o, png_write_data, png_flush_data);
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_write_info(png, info);
    for (y = 0; y < h; y++) {
        rgb_row(data + (size_t)y * (size_t)stride, w, row);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}

/* surface (RGB24) as a PNG file's bytes appended to buf. */
static enum dosah_status write_png(struct dosah_ctx *ctx, cairo_surface_t *surface,
                                   struct dosah_strbuf *buf)
{
    struct png_out o = {{ctx, buf}, 0};
    int w = cairo_image_surface_get_width(surface);
    unsigned char *row = dosah_malloc(ctx, 3 * (size_t)(w > 0 ? w : 1));
    int bad;
    if (!row)
        return DOSAH_ENOMEM;
    bad = encode_rgb(surface, &o, row);
    dosah_free(row);
    if (!bad)
        return DOSAH_OK;
    if (o.failed || dosah_ctx_status(ctx) == DOSAH_ENOMEM)
        return DOSAH_ENOMEM;
    return dosah_error_set(ctx, DOSAH_EIO, "cannot encode a PNG image");
}

enum dosah_status dosah_report_figure_png(struct dosah_ctx *ctx,
                                          const struct dosah_report_figure *f, double scale,
                                          struct dosah_strbuf *png)
{
    cairo_status_t cs;
    cairo_surface_t *surface = draw_image(ctx, f, scale, &cs);
    enum dosah_status st;
    if (!surface)
        return cairo_fail(ctx, cs, "a PNG image");
    st = write_png(ctx, surface, png);
    cairo_surface_destroy(surface);
    return st;
}

/*
 * A figure's PNG being encoded on a thread of its own while the report goes on (zlib takes
 * most of a map's time, more than the rest of the report): the image is drawn on the
 * report's thread, since the figure's data lasts only as long as the call; up to
 * PNG_IN_FLIGHT images are encoded at once, and the oldest is waited for and saved (on the
 * report's thread) when another comes, the rest when the report ends. An encoder has its
 * own context (allocation and errors), with the report's cancellation.
 */
#define PNG_IN_FLIGHT 2

struct dosah_report_png_job {
    struct dosah_report_png_job *next; /* the next younger job */
    pthread_t tid;
    int threaded;
    struct dosah_ctx *ctx;
    cairo_surface_t *surface;
    char *path;
    struct dosah_strbuf png;
    enum dosah_status st;
};

static void *encode(void *arg)
{
    struct dosah_report_png_job *j = arg;
    j->st = write_png(j->ctx, j->surface, &j->png);
    return NULL;
}

/* Waits for the oldest job, saves it (with save and no failure) and frees it. */
static enum dosah_status finish_oldest(struct dosah_report *r, int save)
{
    struct dosah_report_png_job *j = r->png_job;
    enum dosah_status st = DOSAH_OK;
    r->png_job = j->next;
    if (j->threaded)
        pthread_join(j->tid, NULL);
    if (save && j->st == DOSAH_ENOMEM)
        st = dosah_error_set(r->ctx, DOSAH_ENOMEM, "out of memory");
    else if (save && j->st)
        st = dosah_error_set(r->ctx, j->st, "%s", dosah_ctx_errmsg(j->ctx));
    if (!st && save)
        st = dosah_report_save(r, j->path, j->png.data, j->png.len);
    cairo_surface_destroy(j->surface);
    dosah_strbuf_clear(&j->png);
    dosah_free(j->path);
    dosah_ctx_destroy(j->ctx);
    dosah_free(j);
    return st;
}

enum dosah_status dosah_report_png_finish(struct dosah_report *r, int save)
{
    enum dosah_status st = DOSAH_OK;
    while (r->png_job) {
        enum dosah_status one = finish_oldest(r, save && !st);
        st = st ? st : one;
    }
    return st;
}

/* Draws f's PNG image and starts its encoding (at once when no thread can be made), after
 * finishing the oldest image when PNG_IN_FLIGHT are being encoded. */
static enum dosah_status png_start(struct dosah_report *r, const struct dosah_report_figure *f)
{
    struct dosah_report_png_job *j, **tail = &r->png_job;
    cairo_status_t cs;
    size_t n = 0;
    enum dosah_status st = DOSAH_OK;
    for (j = r->png_job; j; j = j->next)
        n++;
    if (n >= PNG_IN_FLIGHT && (st = finish_oldest(r, 1)))
        return st;
    if (!(j = dosah_calloc(r->ctx, 1, sizeof *j)))
        return DOSAH_ENOMEM;
    dosah_strbuf_init(&j->png, 0);
    if (!(j->path = dosah_strdup(r->ctx, f->png)) || !(j->ctx = dosah_ctx_create())) {
        dosah_free(j->path);
        dosah_free(j);
        return DOSAH_ENOMEM;
    }
    dosah_ctx_inherit_cancel(j->ctx, r->ctx);
    if (!(j->surface = draw_image(r->ctx, f, r->png_scale, &cs))) {
        dosah_ctx_destroy(j->ctx);
        dosah_free(j->path);
        dosah_free(j);
        return cairo_fail(r->ctx, cs, "a PNG image");
    }
    while (*tail)
        tail = &(*tail)->next;
    *tail = j;
    j->threaded = pthread_create(&j->tid, NULL, encode, j) == 0;
    if (!j->threaded)
        encode(j);
    return DOSAH_OK;
}

/* Copies Cairo's SVG text after its root tag, prefixing ids and references to them. */
static enum dosah_status copy_prefixed(struct dosah_ctx *ctx, const char *s, const char *prefix,
                                       struct dosah_strbuf *out)
{
    static const char *const marks[] = {"id=\"", "href=\"#", "url(#"};
    enum dosah_status st;
    const char *p;
    size_t i;
    for (p = s; *p; p++) {
        if (*p != 'i' && *p != 'h' && *p != 'u')
            continue;
        for (i = 0; i < 3; i++) {
            size_t len = strlen(marks[i]);
            if (strncmp(p, marks[i], len) != 0)
                continue;
            if ((st = dosah_strbuf_append(ctx, out, s, (size_t)(p - s) + len)) ||
                (st = dosah_strbuf_puts(ctx, out, prefix)))
                return st;
            s = p + len;
            p = s - 1;
            break;
        }
    }
    return dosah_strbuf_puts(ctx, out, s);
}

enum dosah_status dosah_report_figure_svg(struct dosah_ctx *ctx,
                                          const struct dosah_report_figure *f,
                                          const char *prefix, struct dosah_strbuf *svg)
{
    struct dosah_strbuf raw;
    struct sink sink = {ctx, &raw};
    cairo_surface_t *surface;
    cairo_t *cr;
    cairo_status_t cs;
    enum dosah_status st;
    const char *root, *body;
    dosah_strbuf_init(&raw, 0);
    surface = cairo_svg_surface_create_for_stream(sink_write, &sink, f->width, f->height);
    cr = cairo_create(surface);
    f->draw(cr, f->data);
    cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (cs != CAIRO_STATUS_SUCCESS) {
        st = cairo_fail(ctx, cs, "an SVG figure");
        goto fail;
    }
    if (!raw.data || !(root = strstr(raw.data, "<svg")) || !(body = strchr(root, '>'))) {
        st = dosah_error_set(ctx, DOSAH_EIO, "Cairo wrote no SVG root element");
        goto fail;
    }
    if ((st = dosah_strbuf_printf(ctx, svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                  "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" "
                                  "viewBox=\"0 0 %g %g\" width=\"%g\" height=\"%g\" "
                                  "role=\"img\" aria-label=\"", f->width, f->height, f->width,
                                  f->height)) ||
        (st = dosah_report_html_escape(ctx, svg, f->alt ? f->alt : "")) ||
        (st = dosah_strbuf_puts(ctx, svg, "\">")))
        goto fail;
    st = copy_prefixed(ctx, body + 1, prefix, svg);
fail:
    dosah_strbuf_clear(&raw);
    return st;
}

static enum dosah_status emit_caption(struct dosah_report *r, const struct dosah_report_figure *f)
{
    enum dosah_status st;
    if (!f->caption && !f->png)
        return DOSAH_OK;
    if ((st = dosah_report_out(r, "<figcaption>")) ||
        (f->caption && (st = dosah_report_out_text(r, f->caption))))
        return st;
    if (f->png && ((st = dosah_report_out(r, " <a class=\"png\" href=\"")) ||
                   (st = dosah_report_out_text(r, f->png)) ||
                   (st = dosah_report_out(r, "\">PNG</a>"))))
        return st;
    return dosah_report_out(r, "</figcaption>\n");
}

enum dosah_status dosah_report_figure_emit(struct dosah_report *r,
                                           const struct dosah_report_figure *f)
{
    char prefix[32];
    enum dosah_status st = dosah_check_cancel(r->ctx, "report"); /* a figure takes ~0.2 s */
    if (!st && f->png)
        st = png_start(r, f);
    if (st || (st = dosah_check_cancel(r->ctx, "report")))
        return st;
    snprintf(prefix, sizeof prefix, "f%u-", ++r->figure_count);
    if ((st = dosah_report_out(r, "<figure class=\"fig\">\n")) ||
        (st = dosah_report_figure_svg(r->ctx, f, prefix, &r->html)) ||
        (st = dosah_report_out(r, "\n")) || (st = emit_caption(r, f)))
        return st;
    return dosah_report_out(r, "</figure>\n");
}
