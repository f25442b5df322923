/* SPDX-License-Identifier: MIT */
/*
 * A program outside the project that uses the installed libdosah through its public headers
 * only: one straight road of 1,000 m at 60 km/h, a facility at one end and a client at the
 * other. Prints the library's version and the travel time, which is 60 s by hand.
 */
#include <math.h>
#include <stdio.h>

#include <dosah/dosah.h>

int main(void)
{
    double xy[] = {0.0, 0.0, 1000.0, 0.0};
    size_t offsets[] = {0, 2};
    uint32_t cls[] = {DOSAH_NONE};
    float speed[] = {60.0f};
    signed char oneway[] = {DOSAH_ONEWAY_NO};
    long fid[] = {1};
    struct dosah_roads roads = {1, offsets, xy, cls, speed, oneway, fid, 0, NULL};
    struct dosah_point pts[] = {{0.0, 0.0}, {1000.0, 0.0}};
    struct dosah_graph_options gopt;
    struct dosah_snap_options sopt;
    struct dosah_route_options ropt;
    struct dosah_snap snaps[2];
    struct dosah_graph *g = NULL;
    struct dosah_snap_index *idx = NULL;
    struct dosah_route_workspace *ws = NULL;
    double time_s = NAN;
    uint32_t nearest = DOSAH_NONE;
    int rc = 1;
    struct dosah_ctx *ctx = dosah_ctx_create();

    if (!ctx)
        return 1;
    dosah_graph_options_init(&gopt);
    dosah_snap_options_init(&sopt);
    dosah_route_options_init(&ropt);
    if (dosah_graph_build(ctx, &roads, &gopt, &g) != DOSAH_OK ||
        dosah_snap_index_create(ctx, g, &idx) != DOSAH_OK ||
        dosah_snap_points(ctx, idx, pts, 2, &sopt, snaps) != DOSAH_OK ||
        dosah_route_workspace_create(ctx, g, &ws) != DOSAH_OK ||
        dosah_route_nearest(ctx, ws, &snaps[0], 1, &snaps[1], 1, &ropt, &time_s, &nearest) !=
            DOSAH_OK) {
        fprintf(stderr, "consumer: %s\n", dosah_ctx_errmsg(ctx));
        goto done;
    }
    printf("dosah %s: %.3f s to facility %u\n", dosah_version(), time_s, (unsigned)nearest);
    rc = 0;
done:
    dosah_route_workspace_destroy(ws);
    dosah_snap_index_destroy(idx);
    dosah_graph_destroy(g);
    dosah_ctx_destroy(ctx);
    return rc;
}
