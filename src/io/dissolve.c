/* SPDX-License-Identifier: MIT */
/*
 * Regions and their municipalities: when the scenario gives no region layer but the
 * municipalities carry a region code, each region's polygon is the union of its members';
 * when it gives a region layer but the municipalities carry no region code (RÚIAN's Obce
 * do not name their ORP), each municipality belongs to the region its point on surface
 * lies in.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "core/buf.h"
#include "io/io_internal.h"

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted distinct region codes of the municipalities (borrowed strings). */
static enum dosah_status distinct_codes(struct dosah_ctx *ctx, const struct dosah_model *m,
                                        const char ***codes, size_t *count)
{
    const char **all = dosah_calloc(ctx, m->municipality_count + 1, sizeof *all);
    size_t i, n = 0;
    *codes = NULL;
    *count = 0;
    if (!all)
        return DOSAH_ENOMEM;
    for (i = 0; i < m->municipality_count; i++)
        if (m->municipalities[i].region_code)
            all[n++] = m->municipalities[i].region_code;
    qsort(all, n, sizeof *all, str_cmp);
    for (i = 0; i < n; i++)
        if (*count == 0 || strcmp(all[*count - 1], all[i]) != 0)
            all[(*count)++] = all[i];
    *codes = all;
    return DOSAH_OK;
}

/* Sets id from a code that came as text: a plain integer (no leading zero) within the int64
 * range is a number. */
static enum dosah_status code_id(struct dosah_ctx *ctx, const char *code, struct dosah_id *id)
{
    char *end;
    long long v;
    errno = 0;
    v = strtoll(code, &end, 10);
    id->text = dosah_strdup(ctx, code);
    if (!id->text)
        return DOSAH_ENOMEM;
    /* Past the int64 range strtoll clamps, and two codes would become one: keep it text. */
    id->is_number = *code && *end == '\0' && (code[0] != '0' || code[1] == '\0') &&
                    errno != ERANGE;
    id->number = id->is_number ? v : 0;
    return DOSAH_OK;
}

static enum dosah_status union_region(struct dosah_ctx *ctx, const struct dosah_model *m,
                                      const char *code, struct dosah_area *region)
{
    OGRGeometryH all = OGR_G_CreateGeometry(wkbMultiPolygon), u = NULL, inside = NULL;
    enum dosah_status st = DOSAH_OK;
    size_t i;
    for (i = 0; i < m->municipality_count; i++) {
        const struct dosah_area *a = &m->municipalities[i];
        OGRGeometryH g = NULL;
        int k;
        if (!a->region_code || strcmp(a->region_code, code) != 0)
            continue;
        if (OGR_G_CreateFromWkb(a->wkb, NULL, &g, (int)a->wkb_size) != OGRERR_NONE)
            continue;
        if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPolygon)
            OGR_G_AddGeometry(all, g);
        else
            for (k = 0; k < OGR_G_GetGeometryCount(g); k++)
                OGR_G_AddGeometry(all, OGR_G_GetGeometryRef(g, k));
        OGR_G_DestroyGeometry(g);
    }
    u = OGR_G_UnionCascaded(all);
    if (u && wkbFlatten(OGR_G_GetGeometryType(u)) == wkbPolygon)
        u = OGR_G_ForceToMultiPolygon(u);
    inside = u ? OGR_G_PointOnSurface(u) : NULL;
    if (!u || !inside) {
        st = dosah_error_set(ctx, DOSAH_EGDAL, "cannot dissolve region '%s' from its "
                             "municipalities (GEOS union failed)", code);
        goto done;
    }
    region->inside.x = OGR_G_GetX(inside, 0);
    region->inside.y = OGR_G_GetY(inside, 0);
    region->wkb_size = (size_t)OGR_G_WkbSize(u);
    region->wkb = dosah_malloc(ctx, region->wkb_size);
    if (!region->wkb) {
        st = DOSAH_ENOMEM;
        goto done;
    }
    OGR_G_ExportToIsoWkb(u, wkbNDR, region->wkb);
done:
    OGR_G_DestroyGeometry(inside);
    OGR_G_DestroyGeometry(u);
    OGR_G_DestroyGeometry(all);
    return st;
}

enum dosah_status dosah_dissolve_regions(struct dosah_ctx *ctx, struct dosah_model *m)
{
    const char **codes = NULL;
    size_t n = 0, i;
    enum dosah_status st = distinct_codes(ctx, m, &codes, &n);
    if (st)
        return st;
    m->regions = dosah_calloc(ctx, n ? n : 1, sizeof *m->regions);
    if (!m->regions) {
        dosah_free(codes);
        return DOSAH_ENOMEM;
    }
    m->regions_dissolved = 1;
    for (i = 0; i < n && !st; i++) {
        struct dosah_area *r = &m->regions[i];
        m->region_count++;
        r->region = DOSAH_NONE;
        r->fid = (long)i;
        if (!(st = code_id(ctx, codes[i], &r->code)))
            st = union_region(ctx, m, codes[i], r);
        if (!st)
            st = dosah_progress(ctx, (double)(i + 1) / (double)n, "regions");
    }
    dosah_free(codes);
    return st;
}

/* The index of the region whose polygon contains pt (first match), or DOSAH_NONE. */
static uint32_t region_at(OGRGeometryH *polys, const OGREnvelope *env, size_t n,
                          struct dosah_point pt)
{
    OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
    uint32_t i, found = DOSAH_NONE;
    OGR_G_SetPoint_2D(p, 0, pt.x, pt.y);
    for (i = 0; i < n && found == DOSAH_NONE; i++)
        if (polys[i] && pt.x >= env[i].MinX && pt.x <= env[i].MaxX && pt.y >= env[i].MinY &&
            pt.y <= env[i].MaxY && OGR_G_Intersects(polys[i], p))
            found = i;
    OGR_G_DestroyGeometry(p);
    return found;
}

/* Gives each municipality the code of the region at its point on surface; notes the result. */
static enum dosah_status assign(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                struct dosah_model *m, OGRGeometryH *polys,
                                const OGREnvelope *env)
{
    size_t i, outside = 0;
    const char *first = NULL;
    for (i = 0; i < m->municipality_count; i++) {
        struct dosah_area *a = &m->municipalities[i];
        uint32_t k = region_at(polys, env, m->region_count, a->inside);
        if (k == DOSAH_NONE) {
            first = first ? first : a->code.text;
            outside++;
            continue;
        }
        if (!(a->region_code = dosah_strdup(ctx, m->regions[k].code.text)))
            return DOSAH_ENOMEM;
    }
    if (outside)
        return dosah_diag_add(ctx, DOSAH_WARNING, "load",
                              s->inputs[DOSAH_INPUT_REGIONS].path_as_written, NULL, first, NULL,
                              "%zu %s in no region of the regions input (the "
                              "first: '%s'); %s in no region's figures", outside,
                              dosah_plural(outside, "municipality lies", "municipalities lie"),
                              first,
                              outside == 1 ? "it counts" : "they count");
    return dosah_diag_add(ctx, DOSAH_INFO, "load", s->inputs[DOSAH_INPUT_REGIONS].path_as_written,
                          NULL, NULL, NULL,
                          "the municipalities carry no region code (no 'region:' mapped): each "
                          "of the %zu belongs to the region its point on surface lies in",
                          m->municipality_count);
}

enum dosah_status dosah_locate_regions(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                       struct dosah_model *m)
{
    OGRGeometryH *polys = dosah_calloc(ctx, m->region_count + 1, sizeof *polys);
    OGREnvelope *env = dosah_calloc(ctx, m->region_count + 1, sizeof *env);
    enum dosah_status st = DOSAH_ENOMEM;
    size_t i;
    if (polys && env) {
        for (i = 0; i < m->region_count; i++)
            if (OGR_G_CreateFromWkb(m->regions[i].wkb, NULL, &polys[i],
                                    (int)m->regions[i].wkb_size) == OGRERR_NONE)
                OGR_G_GetEnvelope(polys[i], &env[i]);
        st = assign(ctx, s, m, polys, env);
        for (i = 0; i < m->region_count; i++)
            OGR_G_DestroyGeometry(polys[i]);
    }
    dosah_free(polys);
    dosah_free(env);
    return st;
}
