/* SPDX-License-Identifier: MIT */
/*
 * Illustrative social services and socially excluded localities of the demo region.
 *
 * Services: where they are follows the public facts (the region's medium-term plan: home care
 * in every ORP seat and larger towns, sheltered housing missing in Jilemnicko, Semilsko,
 * Tanvaldsko, Jablonecko and Frýdlantsko, contact centres in Liberec and Česká Lípa, terrain
 * programmes where excluded localities are); names, providers, capacities and hours are
 * invented and plausible, NOT registry values. Each point sits 50-300 m from its town's point,
 * inside the town's polygon.
 *
 * Localities: 48 (GAC 2015) in the municipalities named by the 2013 regional study, more in
 * larger towns and where the 2023 index of social exclusion is higher, about 3,500 people in
 * total; each point 300-1,500 m from its municipality's point, inside its polygon. Positions
 * and sizes are invented.
 */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SVL_COUNT 48
#define SVL_TARGET_POPULATION 3500.0
#define SHELTERED_NORM_PER_10K 3.0

enum scope {
    SCOPE_NONE,   /* residential services: no declared scope */
    SCOPE_ORP,    /* every municipality of the town's ORP */
    SCOPE_NEAR,   /* municipalities of the town's ORP within 10 km of it */
    SCOPE_SVL     /* municipalities of the town's ORP that have excluded localities */
};

struct spec {
    const char *prefix;
    const char *paragraf;
    const char *forma;
    const char *town;
    const char *nazev;
    const char *poskytovatel;
    double kapacita;
    const char *provoz;
    enum scope scope;
};

#define WEEKDAYS "Mo-Fr 07:00-15:30"

static const struct spec specs[] = {
    /* §40 home care (pečovatelská služba): every ORP seat and several larger towns. */
    {"PS", "§40", "terénní", "Liberec", "Pečovatelská služba Liberec", "Město Liberec", 80,
     "Mo-Su 06:00-22:00", SCOPE_ORP},
    {"PS", "§40", "terénní", "Liberec", "Pečovatelská služba Pod Ještědem",
     "Pod Ještědem, z. ú.", 45, "Mo-Fr 07:00-19:00; Sa,Su 08:00-12:00", SCOPE_ORP},
    {"PS", "§40", "terénní", "Jablonec nad Nisou", "Pečovatelská služba Jablonec nad Nisou",
     "Město Jablonec nad Nisou", 65, "Mo-Fr 06:30-20:00; Sa,Su 08:00-12:00", SCOPE_ORP},
    {"PS", "§40", "terénní", "Česká Lípa", "Pečovatelská služba Česká Lípa",
     "Město Česká Lípa", 60, "Mo-Fr 07:00-19:00; Sa,Su 07:00-15:00", SCOPE_ORP},
    {"PS", "§40", "terénní", "Turnov", "Pečovatelská služba Turnov", "Město Turnov", 40,
     "Mo-Fr 07:00-15:30; Sa,Su 08:00-12:00", SCOPE_ORP},
    {"PS", "§40", "terénní", "Nový Bor", "Pečovatelská služba Nový Bor", "Město Nový Bor", 35,
     WEEKDAYS, SCOPE_ORP},
    {"PS", "§40", "terénní", "Semily", "Pečovatelská služba Semily", "Město Semily", 35,
     WEEKDAYS "; PH off", SCOPE_ORP},
    {"PS", "§40", "terénní", "Jilemnice", "Pečovatelská služba Jilemnice", "Město Jilemnice",
     30, WEEKDAYS, SCOPE_ORP},
    {"PS", "§40", "terénní", "Tanvald", "Pečovatelská služba Tanvald", "Město Tanvald", 30,
     WEEKDAYS, SCOPE_ORP},
    {"PS", "§40", "terénní", "Železný Brod", "Pečovatelská služba Železný Brod",
     "Město Železný Brod", 30, WEEKDAYS "; PH off", SCOPE_ORP},
    {"PS", "§40", "terénní", "Frýdlant", "Pečovatelská služba Frýdlant", "Město Frýdlant", 30,
     WEEKDAYS, SCOPE_ORP},
    {"PS", "§40", "terénní", "Doksy", "Pečovatelská služba Doksy", "Město Doksy", 25,
     WEEKDAYS, SCOPE_NEAR},
    {"PS", "§40", "terénní", "Mimoň", "Pečovatelská služba Mimoň", "Město Mimoň", 30,
     WEEKDAYS, SCOPE_NEAR},
    {"PS", "§40", "terénní", "Cvikov", "Pečovatelská služba Cvikov", "Město Cvikov", 20,
     WEEKDAYS, SCOPE_NEAR},
    {"PS", "§40", "terénní", "Hrádek nad Nisou", "Pečovatelská služba Hrádek nad Nisou",
     "Město Hrádek nad Nisou", 35, WEEKDAYS, SCOPE_NEAR},
    {"PS", "§40", "terénní", "Chrastava", "Pečovatelská služba Chrastava", "Město Chrastava",
     25, WEEKDAYS, SCOPE_NEAR},
    {"PS", "§40", "terénní", "Lomnice nad Popelkou", "Pečovatelská služba Lomnice nad Popelkou",
     "Město Lomnice nad Popelkou", 25, WEEKDAYS, SCOPE_NEAR},
    {"PS", "§40", "terénní", "Jablonné v Podještědí",
     "Pečovatelská služba Jablonné v Podještědí", "Město Jablonné v Podještědí", 20, WEEKDAYS,
     SCOPE_NEAR},
    {"PS", "§40", "terénní", "Smržovka", "Pečovatelská služba Smržovka", "Město Smržovka", 15,
     WEEKDAYS, SCOPE_NEAR},
    /* §39 personal assistance (osobní asistence): larger towns, some round the clock. */
    {"OA", "§39", "terénní", "Liberec", "Osobní asistence Liberec", "Asistence Severu, o. p. s.",
     40, "24/7", SCOPE_ORP},
    {"OA", "§39", "terénní", "Jablonec nad Nisou", "Osobní asistence Jablonec nad Nisou",
     "Asistence Severu, o. p. s.", 25, "Mo-Su 06:00-22:00", SCOPE_ORP},
    {"OA", "§39", "terénní", "Česká Lípa", "Osobní asistence Česká Lípa",
     "Asistence Severu, o. p. s.", 30, "24/7", SCOPE_ORP},
    {"OA", "§39", "terénní", "Turnov", "Osobní asistence Pojizeří", "Pojizerská asistence, z. ú.",
     20, "Mo-Su 06:00-22:00", SCOPE_ORP},
    {"OA", "§39", "terénní", "Semily", "Osobní asistence Semilsko", "Pojizerská asistence, z. ú.",
     15, "Mo-Fr 07:00-19:00", SCOPE_ORP},
    {"OA", "§39", "terénní", "Jilemnice", "Osobní asistence Krkonoše",
     "Krkonošská asistence, z. s.", 12, "Mo-Su 07:00-20:00", SCOPE_ORP},
    {"OA", "§39", "terénní", "Nový Bor", "Osobní asistence Novoborsko",
     "Asistence Severu, o. p. s.", 12, "Mo-Fr 07:00-19:00; Sa,Su 08:00-16:00", SCOPE_ORP},
    {"OA", "§39", "terénní", "Frýdlant", "Osobní asistence Frýdlantsko",
     "Frýdlantská asistence, z. s.", 10, "Mo-Fr 07:00-17:00", SCOPE_ORP},
    {"OA", "§39", "terénní", "Tanvald", "Osobní asistence Tanvaldsko",
     "Pojizerská asistence, z. ú.", 10, "Mo-Su 06:00-22:00", SCOPE_ORP},
    /* §51 sheltered housing (chráněné bydlení): only these five ORP have it. */
    {"CHB", "§51", "pobytová", "Liberec", "Chráněné bydlení Liberec", "Domov na Výšinách, z. ú.",
     30, "24/7", SCOPE_NONE},
    {"CHB", "§51", "pobytová", "Hrádek nad Nisou", "Chráněné bydlení Hrádek nad Nisou",
     "Domov na Výšinách, z. ú.", 18, "24/7", SCOPE_NONE},
    {"CHB", "§51", "pobytová", "Česká Lípa", "Chráněné bydlení Česká Lípa",
     "Bydlení s podporou Českolipsko, z. ú.", 24, "24/7", SCOPE_NONE},
    {"CHB", "§51", "pobytová", "Nový Bor", "Chráněné bydlení Nový Bor",
     "Bydlení s podporou Českolipsko, z. ú.", 8, "24/7", SCOPE_NONE},
    {"CHB", "§51", "pobytová", "Turnov", "Chráněné bydlení Turnov", "Domov Pod Kozákovem, z. ú.",
     12, "24/7", SCOPE_NONE},
    {"CHB", "§51", "pobytová", "Železný Brod", "Chráněné bydlení Železný Brod",
     "Domov Pod Kozákovem, z. ú.", 6, "24/7", SCOPE_NONE},
    /* §59 contact centres for drug users: Liberec and Česká Lípa only. */
    {"KC", "§59", "ambulantní", "Liberec", "Kontaktní centrum Liberec", "Most k lidem, z. ú.", 25,
     "Mo-Fr 09:00-17:00", SCOPE_ORP},
    {"KC", "§59", "ambulantní", "Česká Lípa", "Kontaktní centrum Česká Lípa",
     "Most k lidem, z. ú.", 20, "Mo-Fr 10:00-18:00", SCOPE_ORP},
    /* §69 terrain programmes: towns with excluded localities. */
    {"TP", "§69", "terénní", "Česká Lípa", "Terénní programy Českolipsko", "Most k lidem, z. ú.",
     40, "Mo-Fr 08:00-16:30", SCOPE_SVL},
    {"TP", "§69", "terénní", "Liberec", "Terénní programy Liberec", "Most k lidem, z. ú.", 60,
     "Mo-Fr 09:00-18:00", SCOPE_SVL},
    {"TP", "§69", "terénní", "Frýdlant", "Terénní programy Frýdlantsko",
     "Frýdlantská asistence, z. s.", 30, "Mo-Fr 08:00-16:30", SCOPE_SVL},
    {"TP", "§69", "terénní", "Nové Město pod Smrkem", "Terénní programy Nové Město pod Smrkem",
     "Frýdlantská asistence, z. s.", 25, "Mo-Fr 08:00-16:30", SCOPE_SVL},
    {"TP", "§69", "terénní", "Tanvald", "Terénní programy Tanvaldsko", "Most k lidem, z. ú.", 25,
     "Mo-Fr 08:00-16:30", SCOPE_SVL},
    {"TP", "§69", "terénní", "Jablonec nad Nisou", "Terénní programy Jablonec nad Nisou",
     "Most k lidem, z. ú.", 35, "Mo-Fr 09:00-18:00", SCOPE_SVL},
    {"TP", "§69", "terénní", "Nový Bor", "Terénní programy Novoborsko", "Most k lidem, z. ú.", 20,
     "Mo-Fr 08:00-16:30", SCOPE_SVL},
    /* §37 debt counselling (odborné sociální poradenství). */
    {"DP", "§37", "ambulantní", "Liberec", "Dluhová poradna Liberec", "Poradna Severu, z. s.", 12,
     "Mo-Th 08:00-16:00; PH off", SCOPE_ORP},
    {"DP", "§37", "ambulantní", "Česká Lípa", "Dluhová poradna Česká Lípa",
     "Poradna Severu, z. s.", 10, "Mo-Th 08:00-16:00; PH off", SCOPE_ORP},
    {"DP", "§37", "ambulantní", "Jablonec nad Nisou", "Dluhová poradna Jablonec nad Nisou",
     "Poradna Severu, z. s.", 8, "Mo-Th 08:00-16:00; PH off", SCOPE_ORP},
    {"DP", "§37", "ambulantní", "Semily", "Dluhová poradna Semily", "Poradna Severu, z. s.", 6,
     "Mo-Fr 08:00-12:00; PH off", SCOPE_ORP},
    /* §65 activation services for families with children. */
    {"SAS", "§65", "terénní", "Liberec", "Rodina v centru Liberec", "Rodina v centru, z. ú.", 20,
     "Mo-Fr 08:00-16:30", SCOPE_ORP},
    {"SAS", "§65", "terénní", "Česká Lípa", "Rodina v centru Česká Lípa",
     "Rodina v centru, z. ú.", 15, "Mo-Fr 08:00-16:30", SCOPE_ORP},
    {"SAS", "§65", "terénní", "Jablonec nad Nisou", "Rodina v centru Jablonec nad Nisou",
     "Rodina v centru, z. ú.", 12, "Mo-Fr 08:00-16:30", SCOPE_ORP},
    {"SAS", "§65", "terénní", "Frýdlant", "Rodina v centru Frýdlant", "Rodina v centru, z. ú.",
     10, "Mo-Fr 08:00-16:30", SCOPE_ORP},
    {"SAS", "§65", "terénní", "Tanvald", "Rodina v centru Tanvald", "Rodina v centru, z. ú.", 8,
     "Mo-Fr 08:00-16:30", SCOPE_ORP},
    /* §62 low-threshold facilities for children and youth. */
    {"NZDM", "§62", "ambulantní", "Liberec", "Nízkoprahový klub Liberec",
     "Nízkoprahové kluby Severu, z. s.", 30, "Mo-Fr 13:00-19:00", SCOPE_ORP},
    {"NZDM", "§62", "ambulantní", "Česká Lípa", "Nízkoprahový klub Česká Lípa",
     "Nízkoprahové kluby Severu, z. s.", 25, "Mo-Fr 13:00-19:00", SCOPE_ORP},
    {"NZDM", "§62", "ambulantní", "Nový Bor", "Nízkoprahový klub Nový Bor",
     "Nízkoprahové kluby Severu, z. s.", 15, "Mo-Th 13:00-18:00", SCOPE_ORP},
    {"NZDM", "§62", "ambulantní", "Frýdlant", "Nízkoprahový klub Frýdlant",
     "Nízkoprahové kluby Severu, z. s.", 15, "Mo-Th 13:00-18:00", SCOPE_ORP},
};
#define SPEC_COUNT ((int)(sizeof specs / sizeof specs[0]))

/* Municipalities with excluded localities (regional study 2013), by ORP. */
static const char *const svl_towns[] = {
    "Česká Lípa", "Mimoň", "Pertoltice pod Ralskem", "Ralsko", "Stráž pod Ralskem", "Zákupy",
    "Cvikov", "Nový Bor", "Hrádek nad Nisou", "Chrastava", "Liberec", "Bulovka", "Frýdlant",
    "Hejnice", "Nové Město pod Smrkem", "Raspenava", "Višňová", "Jablonec nad Nisou",
    "Lučany nad Nisou", "Smržovka", "Tanvald", "Velké Hamry", "Semily", "Železný Brod",
};
#define SVL_TOWN_COUNT ((int)(sizeof svl_towns / sizeof svl_towns[0]))

static int is_svl_town(const struct gen_world *w, int muni)
{
    for (int k = 0; k < SVL_TOWN_COUNT; k++) {
        if (strcmp(w->muni[muni].nazev, svl_towns[k]) == 0)
            return 1;
    }
    return 0;
}

static int in_scope(const struct gen_world *w, int town, int i, enum scope scope)
{
    if (w->muni[i].orp != w->muni[town].orp)
        return 0;
    switch (scope) {
    case SCOPE_ORP:
        return 1;
    case SCOPE_NEAR:
        return gen_dist(w->muni[i].x, w->muni[i].y, w->muni[town].x, w->muni[town].y) <= 10000.0;
    case SCOPE_SVL:
        return i == town || is_svl_town(w, i);
    case SCOPE_NONE:
        break;
    }
    return 0;
}

/* Declared territorial scope as municipality names joined by "; " (file order), or NULL. */
static char *build_scope(const struct gen_world *w, int town, enum scope scope)
{
    size_t len = 1;
    char *s;
    if (scope == SCOPE_NONE)
        return NULL;
    for (int i = 0; i < w->muni_count; i++) {
        if (in_scope(w, town, i, scope))
            len += strlen(w->muni[i].nazev) + 2;
    }
    if (!(s = malloc(len)))
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < w->muni_count; i++) {
        if (!in_scope(w, town, i, scope))
            continue;
        if (s[0])
            strcat(s, "; ");
        strcat(s, w->muni[i].nazev);
    }
    return s;
}

/* A point dmin..dmax metres from the municipality's point, inside its polygon and at least
 * sep metres from each of the n points in xy. Returns -1 when 1,000 tries all fail. */
static int place_near(const struct gen_world *w, struct gen_rng *rng, int muni, double dmin,
                      double dmax, const double *xy, int n, double sep, double *x, double *y)
{
    for (int attempt = 0; attempt < 1000; attempt++) {
        double dx, dy, d = gen_rng_range(rng, dmin, dmax), clear = INFINITY;
        gen_rng_direction(rng, &dx, &dy);
        double px = gen_round_cm(w->muni[muni].x + d * dx);
        double py = gen_round_cm(w->muni[muni].y + d * dy);
        for (int k = 0; k < n; k++)
            clear = fmin(clear, gen_dist(px, py, xy[2 * k], xy[2 * k + 1]));
        d = gen_dist(px, py, w->muni[muni].x, w->muni[muni].y);
        if (d >= dmin && d <= dmax && clear >= sep && gen_point_in_area(w, muni, px, py)) {
            *x = px;
            *y = py;
            return 0;
        }
    }
    return -1;
}

/* Sheltered housing only in the five ORP that have it, each at or above the norm of
 * 3 beds per 10,000 inhabitants that the demo scenario uses. */
static int check_sheltered(const struct gen_world *w)
{
    static const char *const with[] = {"Liberec", "Česká Lípa", "Nový Bor", "Turnov",
                                       "Železný Brod"};
    for (int k = 0; k < w->orp_count; k++) {
        const struct gen_orp *o = &w->orp[k];
        double beds = 0.0;
        int expected = 0;
        for (int i = 0; i < w->service_count; i++) {
            const struct gen_service *s = &w->services[i];
            if (strcmp(s->paragraf, "§51") == 0 && w->muni[s->muni].orp == k)
                beds += s->kapacita;
        }
        for (int j = 0; j < 5; j++)
            expected |= strcmp(o->nazev, with[j]) == 0;
        double norm = ceil(SHELTERED_NORM_PER_10K * (double)o->population / 10000.0);
        if (expected ? beds < norm : beds > 0.0)
            return gen_error("ORP %s has %.0f sheltered-housing beds (norm %.0f, expected %s)",
                             o->nazev, beds, norm, expected ? "at least the norm" : "none");
        if (expected)
            printf("  sheltered housing, ORP %s: %.0f beds (norm %.0f)\n", o->nazev, beds,
                   norm);
    }
    return 0;
}

static int fill_service(const struct gen_world *w, struct gen_rng *rng, int i,
                        struct gen_service *s, const double *xy)
{
    const struct spec *sp = &specs[i];
    int number = 1;
    for (int k = 0; k < i; k++)
        number += strcmp(specs[k].prefix, sp->prefix) == 0;
    if ((s->muni = gen_muni_find(w, sp->town)) < 0)
        return gen_error("service town %s is not a municipality", sp->town);
    snprintf(s->id, sizeof s->id, "%s-%03d", sp->prefix, number);
    snprintf(s->nazev, sizeof s->nazev, "%s", sp->nazev);
    snprintf(s->poskytovatel, sizeof s->poskytovatel, "%s", sp->poskytovatel);
    s->paragraf = sp->paragraf;
    s->forma = sp->forma;
    s->kapacita = sp->kapacita;
    s->jednotka = strcmp(sp->forma, "pobytová") == 0 ? "lůžka" : "klienti";
    s->provoz = sp->provoz;
    s->pusobnost = build_scope(w, s->muni, sp->scope);
    if (sp->scope != SCOPE_NONE && !s->pusobnost)
        return gen_error("out of memory");
    if (place_near(w, rng, s->muni, 50.0, 300.0, xy, i, 40.0, &s->x, &s->y) != 0)
        return gen_error("no place for service %s in %s", s->id, sp->town);
    return 0;
}

int gen_build_services(struct gen_world *w)
{
    struct gen_rng rng;
    double *xy = calloc(2 * (size_t)SPEC_COUNT, sizeof *xy);
    w->services = calloc((size_t)SPEC_COUNT, sizeof *w->services);
    if (!xy || !w->services) {
        free(xy);
        return gen_error("out of memory");
    }
    gen_rng_seed(&rng, GEN_SEED, "services");
    for (int i = 0; i < SPEC_COUNT; i++) {
        struct gen_service *s = &w->services[i];
        int rc = fill_service(w, &rng, i, s, xy);
        w->service_count++;
        if (rc != 0) {
            free(xy);
            return -1;
        }
        xy[2 * i] = s->x;
        xy[2 * i + 1] = s->y;
    }
    free(xy);
    printf("  services: %d sites\n", w->service_count);
    return check_sheltered(w);
}

/* One locality per listed municipality, the rest by the largest-remainder method over the
 * weight sqrt(population / 1000) * (index + 5): more in larger towns and where the 2023
 * index of social exclusion is higher. */
static void allocate_localities(const struct gen_world *w, const int *town, int *count)
{
    double weight[SVL_TOWN_COUNT], rest[SVL_TOWN_COUNT], total = 0.0;
    int left = SVL_COUNT - SVL_TOWN_COUNT;
    for (int k = 0; k < SVL_TOWN_COUNT; k++) {
        const struct gen_muni *m = &w->muni[town[k]];
        weight[k] = sqrt(m->population / 1000.0) * (m->index_svl + 5);
        total += weight[k];
    }
    for (int k = 0; k < SVL_TOWN_COUNT; k++) {
        double quota = left * weight[k] / total;
        count[k] = 1 + (int)floor(quota);
        rest[k] = quota - floor(quota);
    }
    int given = 0;
    for (int k = 0; k < SVL_TOWN_COUNT; k++)
        given += count[k];
    for (; given < SVL_COUNT; given++) {
        int best = 0;
        for (int k = 1; k < SVL_TOWN_COUNT; k++) {
            if (rest[k] > rest[best])
                best = k;
        }
        count[best]++;
        rest[best] = -1.0;
    }
}

/* Sizes: (index + 5) * (population / 1000)^(1/4), varied by +-40 %, scaled to about 3,500
 * people in total, each at least 15 and at most a fifth of its municipality. */
static void size_localities(struct gen_world *w, struct gen_rng *rng)
{
    double raw[SVL_COUNT], total = 0.0;
    for (int i = 0; i < w->svl_count; i++) {
        const struct gen_muni *m = &w->muni[w->svl[i].muni];
        raw[i] = (m->index_svl + 5) * sqrt(sqrt(m->population / 1000.0)) *
                 gen_rng_range(rng, 0.6, 1.4);
        total += raw[i];
    }
    for (int i = 0; i < w->svl_count; i++) {
        int cap = w->muni[w->svl[i].muni].population / 5;
        long p = lround(raw[i] * SVL_TARGET_POPULATION / total);
        if (p > cap)
            p = cap;
        w->svl[i].population = p < 15 ? 15 : (int)p;
    }
}

static int place_localities(struct gen_world *w, struct gen_rng *rng, const int *town,
                            const int *count)
{
    double xy[2 * SVL_COUNT];
    for (int k = 0; k < SVL_TOWN_COUNT; k++) {
        const struct gen_muni *m = &w->muni[town[k]];
        for (int n = 1; n <= count[k]; n++) {
            struct gen_svl *v = &w->svl[w->svl_count];
            v->muni = town[k];
            snprintf(v->id, sizeof v->id, "SVL-%02d", w->svl_count + 1);
            snprintf(v->nazev, sizeof v->nazev, "%s – lokalita %d", m->nazev, n);
            if (place_near(w, rng, town[k], 300.0, 1500.0, xy, w->svl_count, 250.0, &v->x,
                           &v->y) != 0)
                return gen_error("no place for locality %s", v->nazev);
            xy[2 * w->svl_count] = v->x;
            xy[2 * w->svl_count + 1] = v->y;
            w->svl_count++;
        }
    }
    return 0;
}

static int check_localities(const struct gen_world *w)
{
    long total = 0;
    if (w->svl_count != SVL_COUNT)
        return gen_error("%d localities, expected %d", w->svl_count, SVL_COUNT);
    for (int i = 0; i < w->svl_count; i++) {
        const struct gen_orp *o = &w->orp[w->muni[w->svl[i].muni].orp];
        if (strcmp(o->nazev, "Jilemnice") == 0 || strcmp(o->nazev, "Turnov") == 0)
            return gen_error("locality %s lies in ORP %s, which has none", w->svl[i].nazev,
                             o->nazev);
        total += w->svl[i].population;
    }
    if (total < 3000 || total > 4000)
        return gen_error("localities hold %ld people, expected 3,000-4,000", total);
    printf("  excluded localities: %d in %d municipalities, %ld people\n", w->svl_count,
           SVL_TOWN_COUNT, total);
    return 0;
}

int gen_build_localities(struct gen_world *w)
{
    int town[SVL_TOWN_COUNT], count[SVL_TOWN_COUNT];
    struct gen_rng rng;
    for (int k = 0; k < SVL_TOWN_COUNT; k++) {
        if ((town[k] = gen_muni_find(w, svl_towns[k])) < 0)
            return gen_error("locality municipality %s is missing", svl_towns[k]);
    }
    if (!(w->svl = calloc(SVL_COUNT, sizeof *w->svl)))
        return gen_error("out of memory");
    allocate_localities(w, town, count);
    gen_rng_seed(&rng, GEN_SEED, "localities");
    if (place_localities(w, &rng, town, count) != 0)
        return -1;
    size_localities(w, &rng);
    return check_localities(w);
}
