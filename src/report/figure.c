/* SPDX-License-Identifier: MIT */
/*
 * Figures drawn once and rendered twice: to a PNG image (a Cairo image surface, scaled for
 * print) for maps/ and charts/, and to SVG (a Cairo SVG surface streamed into memory) that is
 * inlined in report.html. Cairo names its glyphs and clip paths "glyph0-1", "clip1"... in every
 * SVG it writes; several inlined in one page would share those ids and show each other's
 * letters, so every id and reference is prefixed with the figure's own prefix.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo-svg.h>

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

enum dosah_status dosah_report_figure_png(struct dosah_ctx *ctx,
                                          const struct dosah_report_figure *f, double scale,
                                          struct dosah_strbuf *png)
{
    int w = (int)ceil(f->width * scale), h = (int)ceil(f->height * scale);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(surface);
    struct sink sink = {ctx, png};
    cairo_status_t cs;
    cairo_scale(cr, scale, scale);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    f->draw(cr, f->data);
    cs = cairo_status(cr);
    cairo_destroy(cr);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_write_to_png_stream(surface, sink_write, &sink);
    cairo_surface_destroy(surface);
    return cs == CAIRO_STATUS_SUCCESS ? DOSAH_OK : cairo_fail(ctx, cs, "a PNG image");
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
    struct dosah_strbuf png;
    char prefix[32];
    enum dosah_status st = dosah_check_cancel(r->ctx, "report"); /* a figure takes ~0.2 s */
    dosah_strbuf_init(&png, 0);
    if (!st && f->png && (!(st = dosah_report_figure_png(r->ctx, f, r->png_scale, &png))))
        st = dosah_report_save(r, f->png, png.data, png.len);
    dosah_strbuf_clear(&png);
    if (st || (st = dosah_check_cancel(r->ctx, "report")))
        return st;
    snprintf(prefix, sizeof prefix, "f%u-", ++r->figure_count);
    if ((st = dosah_report_out(r, "<figure class=\"fig\">\n")) ||
        (st = dosah_report_figure_svg(r->ctx, f, prefix, &r->html)) ||
        (st = dosah_report_out(r, "\n")) || (st = emit_caption(r, f)))
        return st;
    return dosah_report_out(r, "</figure>\n");
}
