/* SPDX-License-Identifier: MIT */
/*
 * Connected components of the road graph. Weak components (pieces of the network, one-way
 * restrictions ignored) come from a union-find over the links; strong components (nodes
 * that can all reach each other) from Kosaraju's two passes, which fit this graph because
 * it already holds the reverse adjacency the second pass needs. Both passes are iterative,
 * so a long chain of nodes cannot overflow the stack. Strong components matter for
 * reachability (a one-way trap is reached but never left); weak ones tell the user which
 * pieces of the input are not connected at all. The diagnostics name lines by feature id.
 */
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "net/net_internal.h"

static uint32_t uf_find(uint32_t *parent, uint32_t v)
{
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

/* Numbers components 0.. in order of their lowest node; finds the largest. */
static void label_roots(struct dosah_graph *g, uint32_t *parent, enum dosah_connectivity k,
                        uint32_t *size)
{
    size_t v, n = g->node_count;
    uint32_t *comp = g->comp[k];
    g->comp_count[k] = 0;
    for (v = 0; v < n; v++) {
        uint32_t root = uf_find(parent, (uint32_t)v);
        if (root == v)
            size[root] = (uint32_t)g->comp_count[k]++;
        comp[v] = size[root];
    }
    memset(size, 0, n * sizeof *size);
    for (v = 0; v < n; v++)
        size[comp[v]]++;
    g->comp_largest[k] = DOSAH_NONE;
    g->comp_largest_nodes[k] = 0;
    for (v = 0; v < g->comp_count[k]; v++) {
        if (size[v] > g->comp_largest_nodes[k]) {
            g->comp_largest[k] = (uint32_t)v;
            g->comp_largest_nodes[k] = size[v];
        }
    }
}

static void weak_components(struct dosah_graph *g, uint32_t *parent, uint32_t *scratch)
{
    size_t v, l;
    for (v = 0; v < g->node_count; v++)
        parent[v] = (uint32_t)v;
    for (l = 0; l < g->link_count; l++) {
        uint32_t a = uf_find(parent, g->link_from[l]), b = uf_find(parent, g->link_to[l]);
        /* The lower root wins, so a root is always its component's lowest node. */
        if (a < b)
            parent[b] = a;
        else if (b < a)
            parent[a] = b;
    }
    label_roots(g, parent, DOSAH_WEAK, scratch);
}

/* Kosaraju pass 1: nodes in order of finishing a depth-first search on the forward side. */
static void finish_order(const struct dosah_graph *g, uint32_t *order, uint32_t *stack,
                         uint32_t *cursor, unsigned char *seen)
{
    size_t s, n = g->node_count, done = 0;
    for (s = 0; s < n; s++) {
        size_t top = 0;
        if (seen[s])
            continue;
        seen[s] = 1;
        stack[top] = (uint32_t)s;
        cursor[top++] = g->fwd_first[s];
        while (top > 0) {
            uint32_t v = stack[top - 1];
            if (cursor[top - 1] < g->fwd_first[v + 1]) {
                uint32_t w = g->fwd_head[cursor[top - 1]++];
                if (!seen[w]) {
                    seen[w] = 1;
                    stack[top] = w;
                    cursor[top++] = g->fwd_first[w];
                }
            } else {
                order[done++] = v;
                top--;
            }
        }
    }
}

/* Kosaraju pass 2: in reverse finishing order, each unlabelled node's reverse reach. */
static void strong_components(struct dosah_graph *g, uint32_t *order, uint32_t *stack,
                              uint32_t *cursor, unsigned char *seen)
{
    size_t i, n = g->node_count;
    uint32_t *comp = g->comp[DOSAH_STRONG];
    memset(seen, 0, n);
    finish_order(g, order, stack, cursor, seen);
    /* cursor now serves as union-find parents: a node points at its component's root. */
    for (i = n; i-- > 0;) {
        uint32_t root = order[i], e;
        size_t top = 0;
        if (!seen[root])
            continue;
        seen[root] = 0;
        stack[top++] = root;
        while (top > 0) {
            uint32_t v = stack[--top];
            cursor[v] = root;
            for (e = g->rev_first[v]; e < g->rev_first[v + 1]; e++) {
                uint32_t w = g->rev_tail[e];
                if (seen[w]) {
                    seen[w] = 0;
                    stack[top++] = w;
                }
            }
        }
    }
    /* Relabel so that roots are the lowest node of their component, as label_roots wants. */
    memset(comp, 0xff, n * sizeof *comp);
    for (i = 0; i < n; i++) {
        uint32_t r = cursor[i];
        if (comp[r] == DOSAH_NONE)
            comp[r] = (uint32_t)i;
        order[i] = comp[r];
    }
    label_roots(g, order, DOSAH_STRONG, stack);
}

enum dosah_status dosah_net_components(struct dosah_ctx *ctx, struct dosah_graph *g)
{
    size_t n = g->node_count;
    uint32_t *a = NULL, *b = NULL, *c = NULL;
    unsigned char *seen = NULL;

    g->comp[DOSAH_WEAK] = dosah_malloc(ctx, n * sizeof(uint32_t));
    g->comp[DOSAH_STRONG] = dosah_malloc(ctx, n * sizeof(uint32_t));
    a = dosah_malloc(ctx, n * sizeof *a);
    b = dosah_malloc(ctx, n * sizeof *b);
    c = dosah_malloc(ctx, n * sizeof *c);
    seen = dosah_malloc(ctx, n);
    if (!g->comp[DOSAH_WEAK] || !g->comp[DOSAH_STRONG] || !a || !b || !c || !seen)
        goto fail;
    weak_components(g, a, b);
    strong_components(g, a, b, c, seen);
    dosah_free(seen);
    dosah_free(c);
    dosah_free(b);
    dosah_free(a);
    return DOSAH_OK;
fail:
    dosah_free(seen);
    dosah_free(c);
    dosah_free(b);
    dosah_free(a);
    return DOSAH_ENOMEM;
}

/* Appends ", fid" for up to five distinct features of the links list[0 .. n - 1]. */
static void list_fids(const struct dosah_graph *g, const uint32_t *list, size_t n, char *buf,
                      size_t size, char *first_fid, size_t first_size)
{
    long fids[5];
    size_t i, j, nf = 0, len = 0;
    int more = 0;
    buf[0] = '\0';
    first_fid[0] = '\0';
    for (i = 0; i < n; i++) {
        uint32_t line = dosah_graph_link_line(g, list[i]);
        long fid = g->roads->fid ? g->roads->fid[line] : (long)line;
        for (j = 0; j < nf && fids[j] != fid; j++)
            ;
        if (j < nf)
            continue;
        if (nf == 5) {
            more = 1;
            break;
        }
        fids[nf++] = fid;
    }
    for (j = 0; j < nf && len < size; j++)
        len += (size_t)snprintf(buf + len, size - len, "%s%ld", j ? ", " : "", fids[j]);
    if (more && len < size)
        snprintf(buf + len, size - len, ", ...");
    if (nf)
        snprintf(first_fid, first_size, "%ld", fids[0]);
}

/* Warnings for the pieces other than the largest; links are bucketed by piece. */
static enum dosah_status report_pieces(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                       const uint32_t *first, const uint32_t *list,
                                       const uint32_t *nodes, size_t max_pieces)
{
    size_t c, shown = 0, rest = 0, rest_nodes = 0, big = g->comp_largest_nodes[DOSAH_WEAK];
    char fids[160], fid[32];
    for (c = 0; c < g->comp_count[DOSAH_WEAK]; c++) {
        size_t nl = first[c + 1] - first[c];
        if (c == g->comp_largest[DOSAH_WEAK])
            continue;
        if (shown == max_pieces) {
            rest++;
            rest_nodes += nodes[c];
            continue;
        }
        shown++;
        list_fids(g, list + first[c], nl, fids, sizeof fids, fid, sizeof fid);
        if (dosah_diag_add(ctx, DOSAH_WARNING, "network", g->file, g->layer, fid[0] ? fid : NULL,
                           NULL, "a piece of the road network (%u nodes, %zu %s; %s %s) is "
                           "not connected to the largest piece (%zu nodes): points snapped to "
                           "it reach only services on the same piece; join it with a shared "
                           "vertex where the roads meet, or remove it",
                           nodes[c], nl, dosah_plural(nl, "link", "links"),
                           strchr(fids, ',') ? "features" : "feature", fids, big) != DOSAH_OK)
            return DOSAH_ENOMEM;
    }
    if (rest && dosah_diag_add(ctx, DOSAH_WARNING, "network", g->file, g->layer, NULL, NULL,
                               "%zu more %s of the road network (%zu nodes in all) %s not "
                               "connected to the largest piece", rest,
                               dosah_plural(rest, "piece", "pieces"), rest_nodes,
                               rest == 1 ? "is" : "are") != DOSAH_OK)
        return DOSAH_ENOMEM;
    return DOSAH_OK;
}

/* One warning for the nodes of the largest piece outside the largest strong component. */
static enum dosah_status report_traps(struct dosah_ctx *ctx, const struct dosah_graph *g,
                                      uint32_t *list)
{
    const uint32_t *weak = g->comp[DOSAH_WEAK], *strong = g->comp[DOSAH_STRONG];
    uint32_t wl = g->comp_largest[DOSAH_WEAK], sl = g->comp_largest[DOSAH_STRONG];
    size_t v, l, trapped = 0, nl = 0;
    char fids[160], fid[32];
    for (v = 0; v < g->node_count; v++)
        trapped += weak[v] == wl && strong[v] != sl;
    if (trapped == 0)
        return DOSAH_OK;
    for (l = 0; l < g->link_count; l++) {
        uint32_t a = g->link_from[l], b = g->link_to[l];
        if ((weak[a] == wl && strong[a] != sl) || (weak[b] == wl && strong[b] != sl))
            list[nl++] = (uint32_t)l;
    }
    list_fids(g, list, nl, fids, sizeof fids, fid, sizeof fid);
    if (dosah_diag_add(ctx, DOSAH_WARNING, "network", g->file, g->layer, fid[0] ? fid : NULL,
                       NULL, "%zu of the %zu nodes of the largest piece of the road network "
                       "cannot both be reached from and lead back to the rest of it because "
                       "of one-way restrictions (features %s); check the one-way field of "
                       "these lines", trapped, g->comp_largest_nodes[DOSAH_WEAK],
                       fids) != DOSAH_OK)
        return DOSAH_ENOMEM;
    return DOSAH_OK;
}

enum dosah_status dosah_graph_report_components(struct dosah_ctx *ctx,
                                                const struct dosah_graph *g,
                                                size_t max_pieces)
{
    size_t c, l, v, count = g->comp_count[DOSAH_WEAK];
    uint32_t *first = NULL, *list = NULL, *nodes = NULL;
    enum dosah_status st = DOSAH_ENOMEM;

    first = dosah_calloc(ctx, count + 1, sizeof *first);
    nodes = dosah_calloc(ctx, count + 1, sizeof *nodes);
    list = dosah_malloc(ctx, (g->link_count + 1) * sizeof *list);
    if (!first || !nodes || !list)
        goto done;
    for (v = 0; v < g->node_count; v++)
        nodes[g->comp[DOSAH_WEAK][v]]++;
    for (l = 0; l < g->link_count; l++)
        first[g->comp[DOSAH_WEAK][g->link_from[l]] + 1]++;
    for (c = 0; c < count; c++)
        first[c + 1] += first[c];
    for (l = 0; l < g->link_count; l++)
        list[first[g->comp[DOSAH_WEAK][g->link_from[l]]]++] = (uint32_t)l;
    for (c = count; c > 0; c--)
        first[c] = first[c - 1];
    first[0] = 0;
    if ((st = report_pieces(ctx, g, first, list, nodes, max_pieces)) != DOSAH_OK)
        goto done;
    st = report_traps(ctx, g, list);
done:
    dosah_free(list);
    dosah_free(nodes);
    dosah_free(first);
    return st;
}
