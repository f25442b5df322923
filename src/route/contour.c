/* SPDX-License-Identifier: MIT */
/*
 * Catchment polygons traced from a time surface by marching squares, valid by construction.
 *
 * The grid's nodes are the cell centres; a node is inside when its time is at most the
 * level. The outline crosses each grid edge between an inside and an outside node once, at
 * the point where the time interpolated linearly along the edge equals the level, held a
 * little way off both nodes; in each square of four nodes it joins the crossings so as to
 * cut off the inside corners (two diagonal inside corners stay apart: inside is
 * 4-connected). So two pieces of outline meet only at a shared crossing, each crossing
 * joins exactly two pieces, and the two pieces of a saddle lie on opposite sides of its
 * diagonal: every ring is simple and no two rings touch. Each ring parts one 4-connected
 * group of inside nodes from the outside; the group's largest ring is its exterior and the
 * others are its holes, so a polygon is a group, and the polygons neither overlap nor
 * touch. Nothing needs repair, and nothing is smoothed. Pure computation.
 */
#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/buf.h"
#include "core/core_internal.h"
#include "route/surface.h"

/* How far a crossing stays off the grid's nodes, as a fraction of the cell. */
#define OFF_NODE 1e-3

/* The window of nodes traced: [c0, c0 + w) × [r0, r0 + h) of the surface, within a ring of
 * outside nodes, so the padded grid has W = w + 2 columns and H = h + 2 rows. Padded node
 * (a, b) is surface node (c0 + a − 1, r0 + b − 1). Edge ids: the edge from node (a, b) east
 * is b·W + a, the edge from it south W·H + b·W + a. */
struct grid {
    const struct dosah_surface *s;
    double level;
    size_t c0, r0, W, H;
    unsigned char *in; /* W × H: 1 where the padded node is inside */
};

static int inside(const struct grid *g, size_t a, size_t b)
{
    return g->in[b * g->W + a];
}

/* The largest float at most level: a float x is at most level exactly when it is at most
 * this (NaN neither). */
static float float_at_most(double level)
{
    float f = (float)level; /* the nearest float; infinite beyond the largest */
    if (!((double)f <= level))
        f = nextafterf(f, -INFINITY);
    return f;
}

/* Marks the padded grid's inside nodes (its ring of padding stays outside). The times are
 * floats, so they are compared with the float threshold of float_at_most, sixteen at a time
 * where SSE2 is there (GCC 12 keeps the plain loop scalar). */
static void mark_inside(struct grid *g)
{
    size_t a, b;
    float level = float_at_most(g->level);
    memset(g->in, 0, g->W * g->H);
    for (b = 1; b + 1 < g->H; b++) {
        const float *row = g->s->time_s + (g->r0 + b - 1) * g->s->nx + g->c0;
        unsigned char *in = g->in + b * g->W + 1;
        size_t n = g->W - 2;
        a = 0;
#ifdef __SSE2__
        {
            __m128 lv = _mm_set1_ps(level);
            __m128i one = _mm_set1_epi8(1);
            for (; a + 16 <= n; a += 16) {
                __m128i m0 = _mm_castps_si128(_mm_cmple_ps(_mm_loadu_ps(row + a), lv));
                __m128i m1 = _mm_castps_si128(_mm_cmple_ps(_mm_loadu_ps(row + a + 4), lv));
                __m128i m2 = _mm_castps_si128(_mm_cmple_ps(_mm_loadu_ps(row + a + 8), lv));
                __m128i m3 = _mm_castps_si128(_mm_cmple_ps(_mm_loadu_ps(row + a + 12), lv));
                __m128i m = _mm_packs_epi16(_mm_packs_epi32(m0, m1), _mm_packs_epi32(m2, m3));
                _mm_storeu_si128((__m128i *)(void *)(in + a), _mm_and_si128(m, one));
            }
        }
#endif
        for (; a < n; a++)
            in[a] = row[a] <= level;
    }
}

static double node_time(const struct grid *g, size_t a, size_t b)
{
    if (a == 0 || b == 0 || a + 1 == g->W || b + 1 == g->H)
        return INFINITY;
    return g->s->time_s[(g->r0 + b - 1) * g->s->nx + g->c0 + a - 1];
}

/* The two nodes of edge e. */
static void edge_nodes(const struct grid *g, uint32_t e, size_t n[4])
{
    size_t k = e % (g->W * g->H);
    n[0] = k % g->W, n[1] = k / g->W;
    n[2] = n[0] + (e < g->W * g->H), n[3] = n[1] + (e >= g->W * g->H);
}

/* The inside node of a crossing edge, as a padded node index. */
static size_t inside_node(const struct grid *g, uint32_t e)
{
    size_t n[4];
    edge_nodes(g, e, n);
    return inside(g, n[0], n[1]) ? n[1] * g->W + n[0] : n[3] * g->W + n[2];
}

/* Where the outline crosses edge e (one node inside, one outside). */
static void crossing(const struct grid *g, uint32_t e, double *x, double *y)
{
    const struct dosah_surface *s = g->s;
    size_t n[4];
    double ti, to, f, xi, yi, xo, yo;
    int first_in;
    edge_nodes(g, e, n);
    first_in = inside(g, n[0], n[1]);
    ti = node_time(g, first_in ? n[0] : n[2], first_in ? n[1] : n[3]);
    to = node_time(g, first_in ? n[2] : n[0], first_in ? n[3] : n[1]);
    f = (g->level - ti) / (to - ti); /* NaN or infinite times end up off the node */
    if (!(f >= OFF_NODE))
        f = OFF_NODE;
    if (!(f <= 1 - OFF_NODE))
        f = 1 - OFF_NODE;
    xi = s->x0 + ((double)(g->c0 + (first_in ? n[0] : n[2])) - 0.5) * s->cell_m;
    yi = s->y1 - ((double)(g->r0 + (first_in ? n[1] : n[3])) - 0.5) * s->cell_m;
    xo = s->x0 + ((double)(g->c0 + (first_in ? n[2] : n[0])) - 0.5) * s->cell_m;
    yo = s->y1 - ((double)(g->r0 + (first_in ? n[3] : n[1])) - 0.5) * s->cell_m;
    *x = xi + f * (xo - xi);
    *y = yi + f * (yo - yi);
}

struct ring {
    size_t first, count; /* points in the work's xy, the first not repeated at the end */
    uint32_t group;
    double area; /* signed: > 0 counter-clockwise */
};

/* A run of inside nodes in one row of the padded grid: columns [a0, a1). */
struct run {
    uint32_t a0, a1;
    uint32_t up;    /* union-find: the parent run, itself at a root */
    uint32_t group; /* the group's number, once labelled */
};

struct dosah_contour_work {
    struct run *runs;
    uint32_t *row_first; /* H + 1: the runs of row b are runs[row_first[b] .. row_first[b + 1]) */
    uint64_t *done; /* per edge, a bit: its crossing is traced */
    uint32_t *crossings;
    size_t runs_cap, row_first_cap, done_cap, crossings_cap, crossing_count;
    unsigned char *in;
    size_t in_cap;
    double *xy;
    size_t xy_cap, xy_count;
    struct ring *rings;
    size_t ring_cap, ring_count;
    uint32_t *order; /* rings by group */
    size_t order_cap;
    /* dosah_contour_levels: per level, its window (c0, c1, r0, r1; c0 > c1 when empty) */
    const struct dosah_surface *levels_of;
    size_t level_count;
    double level[DOSAH_CONTOUR_LEVELS];
    size_t box[DOSAH_CONTOUR_LEVELS][4];
};

enum dosah_status dosah_contour_work_create(struct dosah_ctx *ctx, struct dosah_contour_work **out)
{
    *out = dosah_calloc(ctx, 1, sizeof **out);
    return *out ? DOSAH_OK : DOSAH_ENOMEM;
}

struct dosah_contour_work *dosah_contour_work_destroy(struct dosah_contour_work *w)
{
    if (w) {
        dosah_free(w->runs);
        dosah_free(w->row_first);
        dosah_free(w->in);
        dosah_free(w->done);
        dosah_free(w->crossings);
        dosah_free(w->xy);
        dosah_free(w->rings);
        dosah_free(w->order);
        dosah_free(w);
    }
    return NULL;
}

/* The first column from a on (below w) whose byte is not v (0 or 1), eight at a time
 * where it can. */
static size_t skip_run(const unsigned char *in, size_t a, size_t w, unsigned char v)
{
    uint64_t all = v ? 0x0101010101010101u : 0, word;
    while (a + 8 <= w) {
        memcpy(&word, in + a, 8);
        if (word != all)
            break;
        a += 8;
    }
    while (a < w && in[a] == v)
        a++;
    return a;
}

/* Union-find over the runs: the root of run i, the earliest run of its group. */
static uint32_t root(struct run *r, uint32_t i)
{
    while (r[i].up != i)
        i = r[i].up = r[r[i].up].up;
    return i;
}

/* Labels the inside nodes by group (4-connected), run by run: each row's runs joined to the
 * runs of the row above that share a column. A group's number is the order in which the
 * groups are first met row by row. Returns the number of groups. */
static uint32_t label_groups(const struct grid *g, struct dosah_contour_work *w)
{
    struct run *r = w->runs;
    uint32_t n = 0, i, k, p, groups = 0;
    size_t a, b;
    w->row_first[0] = w->row_first[1] = 0; /* the padding rows have none */
    for (b = 1; b + 1 < g->H; b++) {
        const unsigned char *in = g->in + b * g->W;
        uint32_t first = n, prev_end = w->row_first[b];
        for (a = 1; a + 1 < g->W; a++) {
            a = skip_run(in, a, g->W, 0);
            if (a + 1 >= g->W)
                break;
            r[n].a0 = (uint32_t)a;
            a = skip_run(in, a, g->W, 1); /* the padding column ends every run */
            r[n].a1 = (uint32_t)a, r[n].up = n, n++;
        }
        w->row_first[b + 1] = n;
        for (p = w->row_first[b - 1], i = first; i < n; i++) {
            while (p < prev_end && r[p].a1 <= r[i].a0)
                p++;
            for (k = p; k < prev_end && r[k].a0 < r[i].a1; k++) {
                uint32_t x = root(r, k), y = root(r, i);
                r[x > y ? x : y].up = x < y ? x : y; /* the earlier run stays the root */
            }
        }
    }
    w->row_first[g->H] = n;
    for (i = 0; i < n; i++) {
        uint32_t t = root(r, i);
        r[i].group = t == i ? groups++ : r[t].group; /* a root comes before its group */
    }
    return groups;
}

/* The group of inside node (a, b) of the padded grid: that of the run holding it. */
static uint32_t group_of(const struct dosah_contour_work *w, size_t a, size_t b)
{
    uint32_t lo = w->row_first[b], hi = w->row_first[b + 1];
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (w->runs[mid].a0 <= a)
            lo = mid;
        else
            hi = mid;
    }
    return w->runs[lo].group;
}

/* The pieces of outline in a square: by its inside corners (top left 1, top right 2,
 * bottom right 4, bottom left 8), the pairs of its sides (top 0, right 1, bottom 2, left 3)
 * joined, cutting off the inside corners of a saddle. */
static const signed char pieces[16][4] = {
    {-1, -1, -1, -1}, {0, 3, -1, -1}, {0, 1, -1, -1}, {3, 1, -1, -1},
    {1, 2, -1, -1},   {0, 3, 1, 2},   {0, 2, -1, -1}, {2, 3, -1, -1},
    {2, 3, -1, -1},   {0, 2, -1, -1}, {0, 1, 2, 3},   {1, 2, -1, -1},
    {3, 1, -1, -1},   {0, 1, -1, -1}, {0, 3, -1, -1}, {-1, -1, -1, -1},
};

/* The case of square (a, b), whose top left node is padded node (a, b). */
static int square_case(const struct grid *g, size_t a, size_t b)
{
    return inside(g, a, b) | inside(g, a + 1, b) << 1 | inside(g, a + 1, b + 1) << 2 |
           inside(g, a, b + 1) << 3;
}

/* The edge on side `side` of square (a, b). */
static uint32_t side_edge(const struct grid *g, size_t a, size_t b, int side)
{
    size_t wh = g->W * g->H;
    switch (side) {
    case 0:
        return (uint32_t)(b * g->W + a);
    case 2:
        return (uint32_t)((b + 1) * g->W + a);
    case 3:
        return (uint32_t)(wh + b * g->W + a);
    default:
        return (uint32_t)(wh + b * g->W + a + 1);
    }
}

/* The crossings, square by square: the top and then the left edge of each square that has
 * them, so each crossing once, in the order the rings are started from. */
static void list_crossings(const struct grid *g, struct dosah_contour_work *w)
{
    size_t a, b;
    w->crossing_count = 0;
    for (b = 0; b + 1 < g->H; b++)
        for (a = 0; a + 1 < g->W; a++) {
            int c;
            if (a + 8 <= g->W) { /* 7 squares at once where both rows agree on 8 nodes */
                uint64_t top, bottom;
                memcpy(&top, g->in + b * g->W + a, 8);
                memcpy(&bottom, g->in + (b + 1) * g->W + a, 8);
                if (top == bottom && (top == 0 || top == 0x0101010101010101u)) {
                    a += 6;
                    continue;
                }
            }
            c = square_case(g, a, b);
            if (c == 0 || c == 15)
                continue;
            if ((c & 1) != (c >> 1 & 1))
                w->crossings[w->crossing_count++] = side_edge(g, a, b, 0);
            if ((c & 1) != (c >> 3 & 1))
                w->crossings[w->crossing_count++] = side_edge(g, a, b, 3);
        }
}

static int is_done(const struct dosah_contour_work *w, uint32_t e)
{
    return w->done[e / 64] >> (e % 64) & 1;
}

/*
 * Follows the ring through crossing e0, appending its points, and marks its crossings done.
 * The walk enters square (a, b) through one side, leaves it through the side that the
 * square's case joins to it, and enters the square beyond: it starts into the square whose
 * top or left side e0 is.
 */
static enum dosah_status follow(struct dosah_ctx *ctx, const struct grid *g,
                                struct dosah_contour_work *w, uint32_t e0)
{
    struct ring r;
    size_t wh = g->W * g->H, k = e0 % wh, a = k % g->W, b = k / g->W;
    int side = e0 < wh ? 0 : 3;
    uint32_t cur = e0;
    double x0 = 0, y0 = 0, px = 0, py = 0;
    if (dosah_array_reserve(ctx, (void **)&w->rings, &w->ring_cap, w->ring_count + 1,
                            sizeof *w->rings))
        return DOSAH_ENOMEM;
    r.first = w->xy_count / 2, r.count = 0, r.area = 0;
    r.group = group_of(w, inside_node(g, e0) % g->W, inside_node(g, e0) / g->W);
    do {
        const signed char *p;
        double x, y;
        int out;
        if (dosah_array_reserve(ctx, (void **)&w->xy, &w->xy_cap, w->xy_count + 2,
                                sizeof *w->xy))
            return DOSAH_ENOMEM;
        crossing(g, cur, &x, &y);
        if (r.count == 0)
            x0 = x, y0 = y;
        else
            r.area += (px - x0) * (y - y0) - (x - x0) * (py - y0);
        px = x, py = y;
        w->xy[w->xy_count++] = x, w->xy[w->xy_count++] = y;
        r.count++;
        w->done[cur / 64] |= UINT64_C(1) << (cur % 64);
        p = pieces[square_case(g, a, b)];
        out = p[0] == side ? p[1] : p[1] == side ? p[0] : p[2] == side ? p[3] : p[2];
        cur = side_edge(g, a, b, out);
        switch (out) { /* into the square beyond, through its opposite side */
        case 0:
            b--, side = 2;
            break;
        case 2:
            b++, side = 0;
            break;
        case 3:
            a--, side = 1;
            break;
        default:
            a++, side = 3;
        }
        if (r.count > w->crossing_count) /* cannot happen: each crossing joins two */
            return dosah_error_set(ctx, DOSAH_EINVAL,
                                   "catchments: internal error: an outline does not close");
    } while (cur != e0);
    r.area /= 2;
    w->rings[w->ring_count++] = r;
    return DOSAH_OK;
}

static unsigned char *put_u32(unsigned char *p, uint32_t v)
{
    int i;
    for (i = 0; i < 4; i++)
        *p++ = (unsigned char)(v >> (8 * i));
    return p;
}

static unsigned char *put_f64(unsigned char *p, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v); /* little-endian IEEE 754, as polycheck.c reads it */
    p = put_u32(p, (uint32_t)v);
    return put_u32(p, (uint32_t)(v >> 32));
}

/* Ring r as a WKB ring, closed, turned when its sign is not `sign`. */
static unsigned char *put_ring(unsigned char *p, const struct dosah_contour_work *w,
                               const struct ring *r, int sign)
{
    size_t k;
    const double *xy = w->xy + 2 * r->first;
    int turn = (r->area > 0) != (sign > 0);
    p = put_u32(p, (uint32_t)(r->count + 1));
    for (k = 0; k <= r->count; k++) {
        size_t i = turn ? (r->count - k) % r->count : k % r->count; /* back to the first */
        p = put_f64(p, xy[2 * i]);
        p = put_f64(p, xy[2 * i + 1]);
    }
    return p;
}

/* The groups' polygons as ISO WKB (little-endian MultiPolygon): per group, in order, its
 * largest ring counter-clockwise as the exterior, its others clockwise as holes. */
static enum dosah_status assemble(struct dosah_ctx *ctx, struct dosah_contour_work *w,
                                  uint32_t groups, unsigned char **wkb, size_t *size)
{
    size_t i, n = 9 + 9 * (size_t)groups, *start;
    uint32_t gi;
    unsigned char *p;
    if (dosah_array_reserve(ctx, (void **)&w->order, &w->order_cap, w->ring_count + groups + 1,
                            sizeof *w->order) ||
        !(start = dosah_calloc(ctx, (size_t)groups + 2, sizeof *start)))
        return DOSAH_ENOMEM;
    for (i = 0; i < w->ring_count; i++) { /* counting sort of the rings by group */
        start[w->rings[i].group + 2]++;
        n += 4 + 16 * (w->rings[i].count + 1);
    }
    for (gi = 0; gi < groups; gi++)
        start[gi + 2] += start[gi + 1];
    for (i = 0; i < w->ring_count; i++)
        w->order[start[w->rings[i].group + 1]++] = (uint32_t)i;
    /* now the rings of group g are order[start[g] .. start[g + 1]) */
    if (!(p = *wkb = dosah_malloc(ctx, n))) {
        dosah_free(start);
        return DOSAH_ENOMEM;
    }
    *size = n;
    *p++ = 1, p = put_u32(p, 6), p = put_u32(p, groups);
    for (gi = 0; gi < groups; gi++) {
        size_t a = start[gi], b = start[gi + 1], shell = a;
        for (i = a; i < b; i++)
            if (fabs(w->rings[w->order[i]].area) > fabs(w->rings[w->order[shell]].area))
                shell = i;
        *p++ = 1, p = put_u32(p, 3), p = put_u32(p, (uint32_t)(b - a));
        p = put_ring(p, w, &w->rings[w->order[shell]], 1);
        for (i = a; i < b; i++)
            if (i != shell)
                p = put_ring(p, w, &w->rings[w->order[i]], -1);
    }
    dosah_free(start);
    return DOSAH_OK;
}

void dosah_contour_levels(struct dosah_contour_work *w, const struct dosah_surface *s,
                          const double *levels, size_t count)
{
    size_t i, j, k;
    w->levels_of = count ? s : NULL;
    w->level_count = count < DOSAH_CONTOUR_LEVELS ? count : DOSAH_CONTOUR_LEVELS;
    for (k = 0; k < w->level_count; k++) {
        w->level[k] = levels[k];
        w->box[k][0] = w->box[k][2] = SIZE_MAX, w->box[k][1] = w->box[k][3] = 0;
    }
    /* Row by row: the row's least time first, in sixteen running minima (a loop of fixed
     * length, which the compiler turns into vector minima; a surface holds no NaN, so the
     * order does not matter), then, for each level it reaches, the first and last cell
     * within it from either end. */
    for (j = 0; j < s->ny && w->level_count; j++) {
        const float *row = s->time_s + j * s->nx;
        float least = INFINITY, m[16];
        for (i = 0; i < 16; i++)
            m[i] = INFINITY;
        for (i = 0; i + 16 <= s->nx; i += 16)
            for (k = 0; k < 16; k++)
                m[k] = row[i + k] < m[k] ? row[i + k] : m[k];
        for (; i < s->nx; i++)
            least = row[i] < least ? row[i] : least;
        for (i = 0; i < 16; i++)
            least = m[i] < least ? m[i] : least;
        for (k = 0; k < w->level_count; k++) {
            size_t *b = w->box[k], first = 0, last = s->nx - 1;
            if (!(least <= w->level[k]))
                continue;
            while (!(row[first] <= w->level[k]))
                first++;
            while (!(row[last] <= w->level[k]))
                last--;
            b[0] = first < b[0] ? first : b[0], b[1] = last > b[1] ? last : b[1];
            b[2] = j < b[2] ? j : b[2], b[3] = j > b[3] ? j : b[3];
        }
    }
}

/* The window of nodes within the level, one node more all round where the surface has it;
 * 0 when no node is within the level. */
static int window(const struct dosah_contour_work *w, const struct dosah_surface *s,
                  double level, struct grid *g)
{
    size_t i, j, k, c0 = SIZE_MAX, c1 = 0, r0 = SIZE_MAX, r1 = 0;
    for (k = 0; k < w->level_count && w->levels_of == s; k++)
        if (w->level[k] == level)
            break;
    if (w->levels_of == s && k < w->level_count) {
        c0 = w->box[k][0], c1 = w->box[k][1], r0 = w->box[k][2], r1 = w->box[k][3];
    } else {
        for (j = 0; j < s->ny; j++)
            for (i = 0; i < s->nx; i++)
                if (s->time_s[j * s->nx + i] <= level) {
                    c0 = i < c0 ? i : c0, c1 = i > c1 ? i : c1;
                    r0 = j < r0 ? j : r0, r1 = j > r1 ? j : r1;
                }
    }
    if (c0 == SIZE_MAX)
        return 0;
    c0 = c0 ? c0 - 1 : 0, r0 = r0 ? r0 - 1 : 0;
    c1 = c1 + 1 < s->nx ? c1 + 1 : c1, r1 = r1 + 1 < s->ny ? r1 + 1 : r1;
    g->s = s, g->level = level, g->c0 = c0, g->r0 = r0;
    g->W = c1 - c0 + 3, g->H = r1 - r0 + 3;
    return 1;
}

enum dosah_status dosah_contour_polygon(struct dosah_ctx *ctx, struct dosah_contour_work *w,
                                        const struct dosah_surface *s, double level_s,
                                        unsigned char **wkb, size_t *wkb_size)
{
    struct grid g;
    size_t nodes, i;
    uint32_t groups;
    enum dosah_status st = DOSAH_OK;
    *wkb = NULL;
    *wkb_size = 0;
    if (!window(w, s, level_s, &g))
        return DOSAH_OK;
    nodes = g.W * g.H;
    if (nodes > UINT32_MAX / 4)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "catchments: a time surface of %zu cells is too large to trace; "
                               "make catchments.cell_m larger",
                               nodes);
    if (dosah_scratch_reserve(ctx, (void **)&w->runs, &w->runs_cap, nodes / 2 + g.H,
                              sizeof *w->runs) ||
        dosah_scratch_reserve(ctx, (void **)&w->row_first, &w->row_first_cap, g.H + 1,
                              sizeof *w->row_first) ||
        dosah_scratch_reserve(ctx, (void **)&w->done, &w->done_cap, nodes / 32 + 1,
                              sizeof *w->done) ||
        dosah_scratch_reserve(ctx, (void **)&w->crossings, &w->crossings_cap, 2 * nodes,
                            sizeof *w->crossings) ||
        dosah_scratch_reserve(ctx, (void **)&w->in, &w->in_cap, nodes, sizeof *w->in))
        return DOSAH_ENOMEM;
    g.in = w->in;
    mark_inside(&g);
    groups = label_groups(&g, w);
    list_crossings(&g, w);
    w->xy_count = 0, w->ring_count = 0;
    memset(w->done, 0, (nodes / 32 + 1) * sizeof *w->done);
    for (i = 0; i < w->crossing_count && !st; i++)
        if (!is_done(w, w->crossings[i]))
            st = follow(ctx, &g, w, w->crossings[i]);
    return st ? st : assemble(ctx, w, groups, wkb, wkb_size);
}
