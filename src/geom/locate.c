/* SPDX-License-Identifier: MIT */
/*
 * Which area contains a point: the areas' envelopes go into a GEOS STRtree and each area is
 * prepared once, so that a point is tested only against the few areas whose envelope holds
 * it, with the prepared (indexed) point-in-polygon test. Reentrant GEOS API only: the
 * locator owns its GEOS context and routes GEOS's messages into it, as catchment.c does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "geom/interrupt.h"
#include "geom/locate.h"

/* Candidates of one query: the areas whose envelope holds the point. */
struct hits {
    const uint32_t **items;
    size_t count, cap;
    int failed;
    struct dosah_ctx *ctx;
};

struct dosah_locator {
    struct dosah_ctx *ctx;
    GEOSContextHandle_t h;
    GEOSSTRtree *tree;
    size_t count;
    GEOSGeometry **geom;                 /* per area, NULL when unreadable */
    const GEOSPreparedGeometry **prep;   /* per area, NULL when unreadable */
    uint32_t *index;                     /* 0..count-1: the items stored in the tree */
    uint32_t *rank;                      /* per area: its position in code order */
    struct hits hits;                    /* scratch of the queries, reused */
    char last[512];
};


static void geos_notice(const char *fmt, ...)
{
    (void)fmt;
}

static void geos_error(const char *message, void *user)
{
    struct dosah_locator *loc = user;
    snprintf(loc->last, sizeof loc->last, "%s", message);
}

/* Code order: integers by value (shorter codes are not "smaller" as text), else text. */
struct code_ref {
    const struct dosah_id *code;
    uint32_t index;
};

static int code_ref_cmp(const void *a, const void *b)
{
    const struct code_ref *x = a, *y = b;
    int c;
    if (x->code->is_number && y->code->is_number && x->code->number != y->code->number)
        return x->code->number < y->code->number ? -1 : 1;
    c = strcmp(x->code->text ? x->code->text : "", y->code->text ? y->code->text : "");
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static enum dosah_status rank_by_code(struct dosah_locator *loc, const struct dosah_area *areas)
{
    struct code_ref *refs = dosah_calloc(loc->ctx, loc->count ? loc->count : 1, sizeof *refs);
    size_t i;
    if (!refs)
        return DOSAH_ENOMEM;
    for (i = 0; i < loc->count; i++) {
        refs[i].code = &areas[i].code;
        refs[i].index = (uint32_t)i;
    }
    qsort(refs, loc->count, sizeof *refs, code_ref_cmp);
    for (i = 0; i < loc->count; i++)
        loc->rank[refs[i].index] = (uint32_t)i;
    dosah_free(refs);
    return DOSAH_OK;
}

/* Reads and prepares area i and puts its envelope into the tree; skips unreadable WKB. */
static enum dosah_status add_area(struct dosah_locator *loc, GEOSWKBReader *reader,
                                  const struct dosah_area *a, size_t i)
{
    GEOSGeometry *g = a->wkb ? GEOSWKBReader_read_r(loc->h, reader, a->wkb, a->wkb_size) : NULL;
    GEOSGeometry *env;
    if (!g)
        return DOSAH_OK;
    loc->geom[i] = g;
    loc->prep[i] = GEOSPrepare_r(loc->h, g);
    env = GEOSEnvelope_r(loc->h, g);
    if (!loc->prep[i] || !env) {
        GEOSGeom_destroy_r(loc->h, env);
        return dosah_error_set(loc->ctx, DOSAH_EGEOS, "GEOS: cannot index area '%s': %s",
                               a->code.text ? a->code.text : "?",
                               loc->last[0] ? loc->last : "no detail");
    }
    /* The tree keeps only the envelope's extent; the geometry itself is not needed after. */
    GEOSSTRtree_insert_r(loc->h, loc->tree, env, &loc->index[i]);
    GEOSGeom_destroy_r(loc->h, env);
    return DOSAH_OK;
}

enum dosah_status dosah_locator_create(struct dosah_ctx *ctx, const struct dosah_area *areas,
                                       size_t count, struct dosah_locator **out)
{
    struct dosah_locator *loc = dosah_calloc(ctx, 1, sizeof *loc);
    GEOSWKBReader *reader = NULL;
    enum dosah_status st = DOSAH_ENOMEM;
    size_t i, n = count ? count : 1;
    *out = NULL;
    if (!loc)
        return DOSAH_ENOMEM;
    loc->ctx = ctx;
    loc->count = count;
    loc->hits.ctx = ctx;
    dosah_geos_interrupt_bind(ctx);
    if (!(loc->h = GEOS_init_r())) {
        st = dosah_error_set(ctx, DOSAH_EGEOS, "GEOS could not be initialised");
        goto fail;
    }
    GEOSContext_setErrorMessageHandler_r(loc->h, geos_error, loc);
    GEOSContext_setNoticeHandler_r(loc->h, geos_notice);
    loc->geom = dosah_calloc(ctx, n, sizeof *loc->geom);
    loc->prep = dosah_calloc(ctx, n, sizeof *loc->prep);
    loc->index = dosah_calloc(ctx, n, sizeof *loc->index);
    loc->rank = dosah_calloc(ctx, n, sizeof *loc->rank);
    if (!loc->geom || !loc->prep || !loc->index || !loc->rank || (st = rank_by_code(loc, areas)))
        goto fail;
    loc->tree = GEOSSTRtree_create_r(loc->h, 10);
    reader = GEOSWKBReader_create_r(loc->h);
    if (!loc->tree || !reader) {
        st = dosah_error_set(ctx, DOSAH_EGEOS, "GEOS: cannot create the area index: %s",
                             loc->last[0] ? loc->last : "no detail");
        goto fail;
    }
    for (i = 0; i < count; i++) {
        loc->index[i] = (uint32_t)i;
        if ((st = add_area(loc, reader, &areas[i], i)))
            goto fail;
    }
    GEOSWKBReader_destroy_r(loc->h, reader);
    *out = loc;
    return DOSAH_OK;
fail:
    if (reader)
        GEOSWKBReader_destroy_r(loc->h, reader);
    dosah_locator_destroy(loc);
    return st;
}

static void collect(void *item, void *user)
{
    struct hits *h = user;
    if (h->failed)
        return;
    if (dosah_array_reserve(h->ctx, (void **)&h->items, &h->cap, h->count + 1,
                            sizeof *h->items)) {
        h->failed = 1;
        return;
    }
    h->items[h->count++] = item;
}

/* 1 when area i contains p and beats the best so far by code order. */
static int better(struct dosah_locator *loc, uint32_t i, uint32_t found, const GEOSGeometry *p)
{
    return loc->prep[i] && (found == DOSAH_NONE || loc->rank[i] < loc->rank[found]) &&
           GEOSPreparedIntersects_r(loc->h, loc->prep[i], p) == 1;
}

uint32_t dosah_locator_find(struct dosah_locator *loc, struct dosah_point pt)
{
    GEOSGeometry *p;
    uint32_t found = DOSAH_NONE, i;
    size_t k;
    if (!loc || !loc->count || !(p = GEOSGeom_createPointFromXY_r(loc->h, pt.x, pt.y)))
        return DOSAH_NONE;
    loc->hits.count = 0;
    loc->hits.failed = 0;
    GEOSSTRtree_query_r(loc->h, loc->tree, p, collect, &loc->hits);
    if (loc->hits.failed) { /* no memory for the candidates: test every area instead */
        for (i = 0; i < loc->count; i++)
            if (better(loc, i, found, p))
                found = i;
    } else {
        for (k = 0; k < loc->hits.count; k++)
            if (better(loc, *loc->hits.items[k], found, p))
                found = *loc->hits.items[k];
    }
    GEOSGeom_destroy_r(loc->h, p);
    return found;
}

struct dosah_locator *dosah_locator_destroy(struct dosah_locator *loc)
{
    size_t i;
    if (!loc)
        return NULL;
    if (loc->h) {
        if (loc->tree)
            GEOSSTRtree_destroy_r(loc->h, loc->tree);
        for (i = 0; i < loc->count; i++) {
            if (loc->prep && loc->prep[i])
                GEOSPreparedGeom_destroy_r(loc->h, loc->prep[i]);
            if (loc->geom && loc->geom[i])
                GEOSGeom_destroy_r(loc->h, loc->geom[i]);
        }
        GEOS_finish_r(loc->h);
    }
    dosah_free(loc->geom);
    dosah_free(loc->prep);
    dosah_free(loc->index);
    dosah_free(loc->rank);
    dosah_free(loc->hits.items);
    dosah_free(loc);
    return NULL;
}
