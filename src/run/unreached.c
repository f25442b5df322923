/* SPDX-License-Identifier: MIT */
/*
 * Why a time is NULL. After a question's nearest times are known, every demand point,
 * excluded locality and municipality without a time gets a reason code in the field
 * K_unreached_reason (NULL where the time is known), worked out from what made the search
 * miss it: the point beyond snap_max_m, no facility of the question (none at all, or none
 * within snap_max_m of a road), no facility on the point's piece of the network, one-way
 * roads on a piece that has one, no public transport trip, no OD pair; a municipality
 * without people has no mean time. The diagnostics name each municipality and locality,
 * except for no_facility, which holds for the whole question and is counted once per layer;
 * demand points given as input are counted per reason. Counted rows name the first few.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/catalog.h"
#include "core/core_internal.h"
#include "core/text.h"
#include "run/run_internal.h"

/* Demand points named in their (question, reason) diagnostic. */
#define NAMED_POINTS 5

static const char *const names[DOSAH_UNREACHED_COUNT] = {
    NULL,      "beyond_snap", "no_facility", "not_connected",
    "one_way", "no_trip",     "no_od_pair",  "no_population",
};

const char *dosah_unreached_name(enum dosah_unreached why)
{
    return why > DOSAH_UNREACHED_NONE && why < DOSAH_UNREACHED_COUNT ? names[why] : NULL;
}

/* The network a question's points were routed on (transit walks to its stops). */
static const struct dosah_net *question_net(const struct dosah_access *a,
                                            const struct dosah_service_spec *q)
{
    if (q->mode == DOSAH_MODE_TRANSIT && a->walk.graph)
        return &a->walk;
    return dosah_access_net(a, q->mode);
}

/* The weak component of a snapped point's road. */
static uint32_t piece_of(const struct dosah_graph *g, const struct dosah_graph_components *weak,
                         const struct dosah_snap *sn)
{
    struct dosah_graph_link link;
    dosah_graph_get_link(g, sn->link, &link);
    return weak->of_node[link.from_node];
}

/* What the points' reasons depend on besides the point: the question's network and the
 * pieces of it that hold an attached facility of the question. */
struct why_state {
    const struct dosah_access *a;
    const struct dosah_service_spec *q;
    const struct dosah_times *t;
    const struct dosah_net *net;
    struct dosah_graph_components weak;
    unsigned char *has_facility; /* per piece, NULL without roads */
    size_t attached;             /* facilities within snap_max_m of a road */
};

static enum dosah_status why_state_init(struct dosah_ctx *ctx, struct why_state *w,
                                        const struct dosah_access *a,
                                        const struct dosah_service_spec *q,
                                        const struct dosah_times *t)
{
    size_t j;
    memset(w, 0, sizeof *w);
    w->a = a;
    w->q = q;
    w->t = t;
    if (!a->roads)
        return DOSAH_OK;
    w->net = question_net(a, q);
    dosah_graph_get_components(w->net->graph, DOSAH_WEAK, &w->weak);
    if (!(w->has_facility = dosah_calloc(ctx, w->weak.count + 1, 1)))
        return DOSAH_ENOMEM;
    for (j = 0; j < t->facility_count; j++) {
        const struct dosah_snap *sn = &w->net->service_snap[t->facilities[j]];
        if (!sn->attached)
            continue;
        w->attached++;
        w->has_facility[piece_of(w->net->graph, &w->weak, sn)] = 1;
    }
    return DOSAH_OK;
}

/* The reason of one point with time time_s snapped as sn (NULL without roads). */
static enum dosah_unreached point_why(const struct why_state *w, double time_s,
                                      const struct dosah_snap *sn)
{
    if (!isnan(time_s))
        return DOSAH_UNREACHED_NONE;
    if (w->t->facility_count == 0)
        return DOSAH_UNREACHED_NO_FACILITY;
    if (!w->a->roads)
        return DOSAH_UNREACHED_NO_OD_PAIR;
    if (!sn->attached)
        return DOSAH_UNREACHED_BEYOND_SNAP;
    if (w->attached == 0)
        return DOSAH_UNREACHED_NO_FACILITY;
    if (w->q->mode == DOSAH_MODE_TRANSIT)
        return DOSAH_UNREACHED_NO_TRIP;
    if (!w->has_facility[piece_of(w->net->graph, &w->weak, sn)])
        return DOSAH_UNREACHED_NOT_CONNECTED;
    return DOSAH_UNREACHED_ONE_WAY; /* a facility on the same piece, but not this way */
}

/* The diagnostic's explanation of a reason for one point (sn NULL without roads), in
 * English into en[size] and in Czech into cs[size]. */
static void explain(const struct why_state *w, const struct dosah_scenario *s,
                    enum dosah_unreached why, const struct dosah_snap *sn, char *en, char *cs,
                    size_t size)
{
    const char *way = dosah_direction_of(w->q) == DOSAH_ROUTE_FROM_SOURCES
                          ? "from a service to the point"
                          : "from the point to a service";
    switch (why) {
    case DOSAH_UNREACHED_BEYOND_SNAP:
        if (sn && isfinite(sn->snap_m))
            dosah_catalog_pair(en, cs, size,
                               "it lies %.0f m from the nearest road, beyond "
                               "network.snap_max_m = %.0f m",
                               sn->snap_m, s->network.snap_max_m);
        else
            dosah_catalog_pair(en, cs, size, "there is no road to snap it to");
        break;
    case DOSAH_UNREACHED_NO_FACILITY:
        if (w->t->facility_count == 0)
            dosah_catalog_pair(en, cs, size, "no service answers the question");
        else
            dosah_catalog_pair(en, cs, size,
                               "none of the question's %zu %s lies within network.snap_max_m "
                               "= %.0f m of a road",
                               w->t->facility_count,
                               dosah_plural(w->t->facility_count, "service", "services"),
                               s->network.snap_max_m);
        break;
    case DOSAH_UNREACHED_NOT_CONNECTED:
        dosah_catalog_pair(en, cs, size,
                           "its road is on piece %u of the network (the roads layer's "
                           "'component'), which no service of the question is on",
                           (unsigned)piece_of(w->net->graph, &w->weak, sn));
        break;
    case DOSAH_UNREACHED_ONE_WAY:
        dosah_catalog_pair(en, cs, size,
                           "one-way roads allow no route %s on piece %u of the network, "
                           "although the question has a service on it",
                           way, (unsigned)piece_of(w->net->graph, &w->weak, sn));
        break;
    case DOSAH_UNREACHED_NO_TRIP:
        dosah_catalog_pair(en, cs, size,
                           "public transport (or a walk) reaches no service of the question "
                           "in at least half of the departures of the time window");
        break;
    case DOSAH_UNREACHED_NO_OD_PAIR:
        dosah_catalog_pair(en, cs, size,
                           "the OD matrix has no row between it and a service of the "
                           "question");
        break;
    case DOSAH_UNREACHED_NO_POPULATION:
        dosah_catalog_pair(en, cs, size,
                           "it has no demand point with people%s to average the time over",
                           w->q->target_group ? " of the question's target group" : "");
        break;
    default:
        dosah_catalog_pair(en, cs, size, "unknown");
        break;
    }
}

/* The column K_unreached_reason of a layer filled from why[]. */
static enum dosah_status reason_column(struct dosah_ctx *ctx, struct dosah_output *out,
                                       enum dosah_layer layer, const struct dosah_service_spec *q,
                                       const unsigned char *why, size_t n)
{
    struct dosah_column *c =
        dosah_key_column(ctx, out, layer, q, DOSAH_KF_UNREACHED_REASON, n);
    size_t i;
    if (!c)
        return DOSAH_ENOMEM;
    for (i = 0; i < n; i++)
        if (why[i] && !(c->text[i] = dosah_strdup(ctx, names[why[i]])))
            return DOSAH_ENOMEM;
    return DOSAH_OK;
}

/* One warning (an information for no_population) naming a municipality or locality. */
static enum dosah_status named_row(struct dosah_ctx *ctx, const struct why_state *w,
                                   const struct dosah_scenario *s, const char *layer,
                                   const char *kind, const char *id, const char *name,
                                   enum dosah_unreached why, const struct dosah_snap *sn)
{
    char text[768], text_cs[768];
    const char *label = w->q->label ? w->q->label : w->q->key;
    explain(w, s, why, sn, text, text_cs, sizeof text);
    return dosah_diag_add(ctx, why == DOSAH_UNREACHED_NO_POPULATION ? DOSAH_INFO : DOSAH_WARNING,
                          "route", NULL, layer, id, NULL,
                          "%s %s%s%s%s has no time to '%s' (%s): %s%.0s; %s_unreached_reason = %s",
                          kind, id, name ? " (" : "", name ? name : "", name ? ")" : "", label,
                          w->q->key, text, text_cs, w->q->key, names[why]);
}

/* The points or areas of one layer, for rows that count them (arrays of structs: ids and
 * populations stride bytes apart). */
struct items {
    const char *layer, *one, *many;
    size_t count, stride;
    const struct dosah_id *id;
    const double *population;
    const struct dosah_snap *snaps; /* NULL without roads or for areas */
};

static const void *item(const void *first, size_t stride, size_t i)
{
    return (const char *)first + i * stride;
}

/* One warning counting the items with reason r, and their people, naming the first
 * NAMED_POINTS. */
static enum dosah_status counted_row(struct dosah_ctx *ctx, const struct why_state *w,
                                     const struct dosah_scenario *s, const struct items *it,
                                     const unsigned char *why, enum dosah_unreached r)
{
    const char *label = w->q->label ? w->q->label : w->q->key;
    char ids[512] = "", text[768], text_cs[768], more[48] = "", more_cs[48] = "", who[64] = "",
         who_cs[64] = "";
    size_t i, n = 0, len = 0, first = 0;
    double people = 0, p;
    int known = 0;
    for (i = 0; i < it->count; i++) {
        if (why[i] != r)
            continue;
        if (n++ == 0)
            first = i;
        p = *(const double *)item(it->population, it->stride, i);
        if (isfinite(p)) { /* a locality's population may be unknown */
            people += p;
            known = 1;
        }
        if (n <= NAMED_POINTS && len < sizeof ids)
            len += (size_t)snprintf(ids + len, sizeof ids - len, "%s'%s'", n > 1 ? ", " : "",
                                    ((const struct dosah_id *)item(it->id, it->stride, i))->text);
    }
    if (!n)
        return DOSAH_OK;
    explain(w, s, r, it->snaps ? &it->snaps[first] : NULL, text, text_cs, sizeof text);
    if (n > NAMED_POINTS)
        dosah_catalog_pair(more, more_cs, sizeof more, " and %zu more", n - NAMED_POINTS);
    if (known)
        dosah_catalog_pair(who, who_cs, sizeof who, " (%.0f %s)", people,
                           people == 1 ? "person" : "people");
    return dosah_diag_add(ctx, DOSAH_WARNING, "route", NULL, it->layer, NULL, NULL,
                          "%zu %s%s%.0s %s no time to '%s' (%s), %s_unreached_reason = %s: "
                          "%s%s%.0s; %s%s%.0s",
                          n, dosah_plural(n, it->one, it->many), who, who_cs,
                          n == 1 ? "has" : "have", label, w->q->key, w->q->key, names[r], ids,
                          more, more_cs,
                          n > 1 && r != DOSAH_UNREACHED_NO_FACILITY ? "the first: " : "", text,
                          text_cs);
}

/* Demand points given as input: one warning per reason. */
static enum dosah_status demand_rows(struct dosah_ctx *ctx, const struct why_state *w,
                                     const struct dosah_scenario *s, const struct dosah_model *m,
                                     const unsigned char *why, const struct dosah_snap *snaps)
{
    struct items it = {
        "demand",          "demand point",   "demand points",          m->demand_count,
        sizeof *m->demand, &m->demand[0].id, &m->demand[0].population, snaps};
    enum dosah_status st = DOSAH_OK;
    int r;
    for (r = DOSAH_UNREACHED_NONE + 1; r < DOSAH_UNREACHED_COUNT && !st; r++)
        st = counted_row(ctx, w, s, &it, why, (enum dosah_unreached)r);
    return st;
}

/* Per municipality: NONE when some demand point with people in it has a time, else the
 * reason of its most populous demand point, or no_population when it has no people. */
static enum dosah_status municipality_why(struct dosah_ctx *ctx, const struct dosah_model *m,
                                          const struct dosah_times *t,
                                          const unsigned char *point_why, unsigned char *why)
{
    uint32_t *main = NULL;
    double *people = dosah_calloc(ctx, m->municipality_count + 1, sizeof *people);
    unsigned char *reached = dosah_calloc(ctx, m->municipality_count + 1, 1);
    enum dosah_status st = people && reached ? dosah_main_demand(ctx, m, &main) : DOSAH_ENOMEM;
    size_t i;
    for (i = 0; i < m->demand_count && !st; i++) {
        uint32_t a = m->demand[i].municipality;
        if (a == DOSAH_NONE)
            continue;
        people[a] += m->demand[i].population;
        if (m->demand[i].population > 0 && isfinite(t->demand_s[i]))
            reached[a] = 1;
    }
    for (i = 0; i < m->municipality_count && !st; i++)
        why[i] = reached[i]         ? DOSAH_UNREACHED_NONE
                 : !(people[i] > 0) ? DOSAH_UNREACHED_NO_POPULATION
                                    : point_why[main[i]];
    dosah_free(main);
    dosah_free(people);
    dosah_free(reached);
    return st;
}

/* The municipalities' reasons, column and diagnostics (naming the point of the main
 * demand point for beyond_snap and the like). */
static enum dosah_status municipalities(struct dosah_ctx *ctx, const struct why_state *w,
                                        const struct dosah_scenario *s, const struct dosah_model *m,
                                        struct dosah_output *out, const unsigned char *point_why)
{
    unsigned char *why = dosah_calloc(ctx, m->municipality_count + 1, 1);
    uint32_t *main = NULL;
    enum dosah_status st = why ? municipality_why(ctx, m, w->t, point_why, why) : DOSAH_ENOMEM;
    size_t i;
    if (!st)
        st = dosah_main_demand(ctx, m, &main);
    if (!st)
        st = reason_column(ctx, out, DOSAH_LAYER_MUNICIPALITIES, w->q, why, m->municipality_count);
    if (!st) {
        struct items it = {"municipalities",
                           "municipality",
                           "municipalities",
                           m->municipality_count,
                           sizeof *m->municipalities,
                           &m->municipalities[0].code,
                           &m->municipalities[0].population,
                           NULL};
        st = counted_row(ctx, w, s, &it, why, DOSAH_UNREACHED_NO_FACILITY);
    }
    for (i = 0; i < m->municipality_count && !st; i++) {
        const struct dosah_area *a = &m->municipalities[i];
        if (why[i] && why[i] != DOSAH_UNREACHED_NO_FACILITY)
            st = named_row(ctx, w, s, "municipalities", "municipality", a->code.text, a->name,
                           (enum dosah_unreached)why[i],
                           w->a->roads && main[i] != DOSAH_NONE ? &w->net->demand_snap[main[i]]
                                                                : NULL);
    }
    dosah_free(main);
    dosah_free(why);
    return st;
}

enum dosah_status dosah_unreached_question(struct dosah_ctx *ctx, const struct dosah_access *a,
                                           const struct dosah_scenario *s,
                                           const struct dosah_model *m, struct dosah_output *out,
                                           size_t k, const struct dosah_times *t)
{
    struct why_state w;
    unsigned char *dwhy = dosah_calloc(ctx, m->demand_count + 1, 1);
    unsigned char *lwhy = dosah_calloc(ctx, m->locality_count + 1, 1);
    enum dosah_status st = DOSAH_ENOMEM;
    size_t i;
    memset(&w, 0, sizeof w);
    if (!dwhy || !lwhy || (st = why_state_init(ctx, &w, a, &s->services[k], t)))
        goto done;
    for (i = 0; i < m->demand_count; i++)
        dwhy[i] =
            (unsigned char)point_why(&w, t->demand_s[i], a->roads ? &w.net->demand_snap[i] : NULL);
    for (i = 0; i < m->locality_count; i++)
        lwhy[i] = (unsigned char)point_why(&w, t->locality_s[i],
                                           a->roads ? &w.net->locality_snap[i] : NULL);
    if ((st = reason_column(ctx, out, DOSAH_LAYER_DEMAND, w.q, dwhy, m->demand_count)) ||
        (st = reason_column(ctx, out, DOSAH_LAYER_LOCALITIES, w.q, lwhy, m->locality_count)))
        goto done;
    /* demand points that stand for municipalities are named by their municipality's row */
    if (m->demand_given &&
        (st = demand_rows(ctx, &w, s, m, dwhy, a->roads ? w.net->demand_snap : NULL)))
        goto done;
    if (m->municipality_count && (st = municipalities(ctx, &w, s, m, out, dwhy)))
        goto done;
    if (m->locality_count) {
        struct items it = {"excluded_localities",        "excluded locality",
                           "excluded localities",        m->locality_count,
                           sizeof *m->localities,        &m->localities[0].id,
                           &m->localities[0].population, NULL};
        st = counted_row(ctx, &w, s, &it, lwhy, DOSAH_UNREACHED_NO_FACILITY);
    }
    for (i = 0; i < m->locality_count && !st; i++)
        if (lwhy[i] && lwhy[i] != DOSAH_UNREACHED_NO_FACILITY)
            st = named_row(ctx, &w, s, "excluded_localities", "excluded locality",
                           m->localities[i].id.text, m->localities[i].name,
                           (enum dosah_unreached)lwhy[i],
                           a->roads ? &w.net->locality_snap[i] : NULL);
done:
    dosah_free(w.has_facility);
    dosah_free(dwhy);
    dosah_free(lwhy);
    return st;
}
