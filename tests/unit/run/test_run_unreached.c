/* SPDX-License-Identifier: MIT */
/*
 * Why a time is NULL (src/run/unreached.c) on the in-memory line model of run_fixture.h:
 * the codes of K_unreached_reason on demand points and municipalities, and the diagnostics
 * that name them. Every expected code is worked out by hand in the comment above the test.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/core.h"
#include "unit/run/run_fixture.h"

#define M DOSAH_LAYER_MUNICIPALITIES
#define D DOSAH_LAYER_DEMAND

struct run {
    struct dosah_ctx *ctx;
    struct dosah_scenario *s;
    struct dosah_model *m;
    struct dosah_output *out;
};

static void run_line(struct run *r, int with_roads)
{
    r->ctx = dosah_ctx_create();
    assert_non_null(r->ctx);
    assert_int_equal(rfx_scenario(r->ctx, "catchments: {polygons: false}\n", &r->s), DOSAH_OK);
    r->m = rfx_model(with_roads);
    r->out = dosah_output_create(r->ctx);
    assert_non_null(r->out);
}

static void run_done(struct run *r)
{
    dosah_output_destroy(r->out);
    dosah_model_destroy(r->m);
    dosah_scenario_destroy(r->s);
    dosah_ctx_destroy(r->ctx);
}

static void compute(struct run *r)
{
    enum dosah_status st = rfx_compute(r->ctx, r->s, r->m, r->out);
    if (st)
        print_error("%s\n", dosah_ctx_errmsg(r->ctx));
    assert_int_equal(st, DOSAH_OK);
}

/* Diagnostics of stage "route" on `layer` (feature NULL: any) whose message is `message`
 * exactly, with the severity given. */
static size_t count_diag(struct dosah_ctx *ctx, enum dosah_severity severity, const char *layer,
                         const char *feature, const char *message)
{
    const struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    size_t i, n = 0;
    for (i = 0; i < dosah_diagnostics_count(d); i++) {
        const struct dosah_diagnostic *g = dosah_diagnostics_get(d, i);
        if (g->severity == severity && g->stage && !strcmp(g->stage, "route") && g->layer &&
            !strcmp(g->layer, layer) &&
            (!feature || (g->feature && !strcmp(g->feature, feature))) &&
            !strcmp(g->message, message))
            n++;
    }
    return n;
}

/* Diagnostics of stage "route" that carry a reason code. */
static size_t count_reasons(struct dosah_ctx *ctx)
{
    const struct dosah_diagnostics *d = dosah_ctx_diagnostics(ctx);
    size_t i, n = 0;
    for (i = 0; i < dosah_diagnostics_count(d); i++) {
        const struct dosah_diagnostic *g = dosah_diagnostics_get(d, i);
        n += g->stage && !strcmp(g->stage, "route") && strstr(g->message, "_unreached_reason");
    }
    return n;
}

/*
 * The road one-way from x = 0 to 30 km. sheltered (residential: from the client to S2 at
 * 15 km): C at 25 km would drive back against the one-way. S2 is on the same (only) piece of
 * the network: one_way, for C's demand point and for municipality 1003. care (field, from
 * S1 at 5 km forward) reaches everyone: every reason NULL. One diagnostic in all.
 */
static void test_one_way(void **state)
{
    struct run r;
    size_t i;
    (void)state;
    run_line(&r, 1);
    r.m->roads.oneway[0] = DOSAH_ONEWAY_FORWARD;
    compute(&r);
    for (i = 0; i < 3; i++) {
        assert_string_equal(rfx_text(r.out, D, "care", DOSAH_KF_UNREACHED_REASON, i), "(null)");
        assert_string_equal(rfx_text(r.out, M, "care", DOSAH_KF_UNREACHED_REASON, i), "(null)");
    }
    assert_string_equal(rfx_text(r.out, D, "sheltered", DOSAH_KF_UNREACHED_REASON, 1), "(null)");
    assert_string_equal(rfx_text(r.out, D, "sheltered", DOSAH_KF_UNREACHED_REASON, 2), "one_way");
    assert_string_equal(rfx_text(r.out, M, "sheltered", DOSAH_KF_UNREACHED_REASON, 2), "one_way");
    assert_int_equal(count_diag(r.ctx, DOSAH_WARNING, "municipalities", "1003",
                                "municipality 1003 (1003) has no time to 'Sheltered' "
                                "(sheltered): one-way roads allow no route from the point to a "
                                "service on piece 0 of the network, although the question has "
                                "a service on it; sheltered_unreached_reason = one_way"),
                     1);
    /* the demand points stand for the municipalities: no row of their own */
    assert_int_equal(count_reasons(r.ctx), 1);
    run_done(&r);
}

/*
 * Demand points given as input: B and C moved 3 km off the road (y = 3000, beyond the
 * default snap_max_m of 2000 m) and five more points of 10 people in C at y = 3000: seven
 * points beyond_snap for each question, 2000 + 4000 + 50 = 6050 people; the diagnostic
 * names the first five ('1002', '1003', 'x1', 'x2', 'x3') "and 2 more". Municipalities 1002
 * and 1003 have no reached point: beyond_snap, one row each per question; A is reached.
 * So 2 (demand) + 4 (municipalities) reason rows.
 */
static void test_demand_given(void **state)
{
    static const char *const extra[] = {"x1", "x2", "x3", "x4", "x5"};
    struct run r;
    struct dosah_demand *d;
    size_t i;
    (void)state;
    run_line(&r, 1);
    r.m->demand = d = realloc(r.m->demand, 8 * sizeof *d);
    assert_non_null(d);
    memset(d + 3, 0, 5 * sizeof *d);
    for (i = 0; i < 5; i++) {
        rfx_id(&d[3 + i].id, extra[i], 0);
        d[3 + i].population = 10;
        d[3 + i].municipality = 2;
        d[3 + i].pt = (struct dosah_point){26000 + 100.0 * (double)i, 3000};
        d[3 + i].fid = (long)(3 + i);
    }
    r.m->demand_count = 8;
    r.m->demand_given = 1;
    d[1].pt.y = d[2].pt.y = 3000;
    compute(&r);
    assert_string_equal(rfx_text(r.out, D, "care", DOSAH_KF_UNREACHED_REASON, 0), "(null)");
    for (i = 1; i < 8; i++)
        assert_string_equal(rfx_text(r.out, D, "care", DOSAH_KF_UNREACHED_REASON, i),
                            "beyond_snap");
    assert_string_equal(rfx_text(r.out, M, "care", DOSAH_KF_UNREACHED_REASON, 0), "(null)");
    assert_string_equal(rfx_text(r.out, M, "care", DOSAH_KF_UNREACHED_REASON, 1), "beyond_snap");
    assert_string_equal(rfx_text(r.out, M, "sheltered", DOSAH_KF_UNREACHED_REASON, 2),
                        "beyond_snap");
    assert_int_equal(count_diag(r.ctx, DOSAH_WARNING, "demand", NULL,
                                "7 demand points (6050 people) have no time to 'Care' (care), "
                                "care_unreached_reason = beyond_snap: '1002', '1003', 'x1', "
                                "'x2', 'x3' and 2 more; the first: it lies 3000 m from the "
                                "nearest road, beyond network.snap_max_m = 2000 m"),
                     1);
    assert_int_equal(count_diag(r.ctx, DOSAH_WARNING, "municipalities", "1003",
                                "municipality 1003 (1003) has no time to 'Sheltered' "
                                "(sheltered): it lies 3000 m from the nearest road, beyond "
                                "network.snap_max_m = 2000 m; sheltered_unreached_reason = "
                                "beyond_snap"),
                     1);
    assert_int_equal(count_reasons(r.ctx), 6);
    run_done(&r);
}

/*
 * S2 moved 5 km off the road (y = 5000): sheltered has a service, but none within
 * snap_max_m of a road: no_facility everywhere, with the count of its services. A's demand
 * point has no people: its mean time has no weight, so municipality 1001 gets no_population
 * (a note, not a warning) for both questions (for care, which reaches its point, the
 * point's reason is NULL). no_facility holds for the whole question: one row counts 1002
 * and 1003 (2000 + 4000 people), another the locality L1 (at 12 km, population not given,
 * reached by care): 4 reason rows in all.
 */
static void test_no_attached_facility_and_no_population(void **state)
{
    struct dosah_locality *l;
    struct run r;
    size_t i;
    (void)state;
    run_line(&r, 1);
    r.m->services[1].pt.y = 5000;
    r.m->demand[0].population = 0;
    r.m->locality_count = 1;
    r.m->localities = l = calloc(1, sizeof *l);
    assert_non_null(l);
    rfx_id(&l->id, "L1", 0);
    l->name = rfx_strdup("L1");
    l->population = l->population_min = l->population_max = NAN; /* not given */
    l->pt = (struct dosah_point){12000, 0};
    l->municipality = 1;
    compute(&r);
    assert_string_equal(
        rfx_text(r.out, DOSAH_LAYER_LOCALITIES, "care", DOSAH_KF_UNREACHED_REASON, 0), "(null)");
    assert_string_equal(
        rfx_text(r.out, DOSAH_LAYER_LOCALITIES, "sheltered", DOSAH_KF_UNREACHED_REASON, 0),
        "no_facility");
    /* a locality of unknown population: the row counts no people */
    assert_int_equal(count_diag(r.ctx, DOSAH_WARNING, "excluded_localities", NULL,
                                "1 excluded locality has no time to 'Sheltered' (sheltered), "
                                "sheltered_unreached_reason = no_facility: 'L1'; none of the "
                                "question's 1 service lies within network.snap_max_m = 2000 m "
                                "of a road"),
                     1);
    for (i = 0; i < 3; i++) {
        assert_string_equal(rfx_text(r.out, D, "sheltered", DOSAH_KF_UNREACHED_REASON, i),
                            "no_facility");
        assert_string_equal(rfx_text(r.out, M, "sheltered", DOSAH_KF_UNREACHED_REASON, i),
                            i == 0 ? "no_population" : "no_facility");
    }
    assert_string_equal(rfx_text(r.out, D, "care", DOSAH_KF_UNREACHED_REASON, 0), "(null)");
    assert_true(isnan(rfx_real(r.out, M, "care", DOSAH_KF_MEAN_MINUTES, 0)));
    assert_string_equal(rfx_text(r.out, M, "care", DOSAH_KF_UNREACHED_REASON, 0), "no_population");
    assert_string_equal(rfx_text(r.out, M, "care", DOSAH_KF_UNREACHED_REASON, 1), "(null)");
    assert_int_equal(count_diag(r.ctx, DOSAH_INFO, "municipalities", "1001",
                                "municipality 1001 (1001) has no time to 'Care' (care): it has "
                                "no demand point with people to average the time over; "
                                "care_unreached_reason = no_population"),
                     1);
    /* no_facility is the question's, not the municipalities': one row counts them */
    assert_int_equal(count_diag(r.ctx, DOSAH_WARNING, "municipalities", NULL,
                                "2 municipalities (6000 people) have no time to 'Sheltered' "
                                "(sheltered), sheltered_unreached_reason = no_facility: '1002', "
                                "'1003'; none of the question's 1 service lies within "
                                "network.snap_max_m = 2000 m of a road"),
                     1);
    assert_int_equal(count_reasons(r.ctx), 4);
    run_done(&r);
}

/*
 * Times from an OD matrix with pairs for care to A and B only: C has no_od_pair for care;
 * sheltered has no pair at all: no_od_pair for everyone.
 */
static void test_od_matrix(void **state)
{
    struct run r;
    size_t i;
    (void)state;
    run_line(&r, 0);
    rfx_od(r.m, "S1", "1001", 3);
    rfx_od(r.m, "S1", "1002", 12);
    compute(&r);
    assert_string_equal(rfx_text(r.out, M, "care", DOSAH_KF_UNREACHED_REASON, 1), "(null)");
    assert_string_equal(rfx_text(r.out, M, "care", DOSAH_KF_UNREACHED_REASON, 2), "no_od_pair");
    for (i = 0; i < 3; i++)
        assert_string_equal(rfx_text(r.out, D, "sheltered", DOSAH_KF_UNREACHED_REASON, i),
                            "no_od_pair");
    assert_int_equal(count_diag(r.ctx, DOSAH_WARNING, "municipalities", "1003",
                                "municipality 1003 (1003) has no time to 'Care' (care): the OD "
                                "matrix has no row between it and a service of the question; "
                                "care_unreached_reason = no_od_pair"),
                     1);
    assert_int_equal(count_reasons(r.ctx), 4);
    run_done(&r);
}

/* The codes as the README lists them; NONE (a known time) has none. */
static void test_codes_are_documented(void **state)
{
    (void)state;
    assert_null(dosah_unreached_name(DOSAH_UNREACHED_NONE));
    assert_string_equal(dosah_unreached_name(DOSAH_UNREACHED_BEYOND_SNAP), "beyond_snap");
    assert_string_equal(dosah_unreached_name(DOSAH_UNREACHED_NO_FACILITY), "no_facility");
    assert_string_equal(dosah_unreached_name(DOSAH_UNREACHED_NOT_CONNECTED), "not_connected");
    assert_string_equal(dosah_unreached_name(DOSAH_UNREACHED_ONE_WAY), "one_way");
    assert_string_equal(dosah_unreached_name(DOSAH_UNREACHED_NO_TRIP), "no_trip");
    assert_string_equal(dosah_unreached_name(DOSAH_UNREACHED_NO_OD_PAIR), "no_od_pair");
    assert_string_equal(dosah_unreached_name(DOSAH_UNREACHED_NO_POPULATION), "no_population");
    assert_null(dosah_unreached_name(DOSAH_UNREACHED_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_way),
        cmocka_unit_test(test_demand_given),
        cmocka_unit_test(test_no_attached_facility_and_no_population),
        cmocka_unit_test(test_od_matrix),
        cmocka_unit_test(test_codes_are_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
