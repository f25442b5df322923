/* SPDX-License-Identifier: MIT */
/*
 * Reading of geodata/liberec/obce.csv: the public facts about the 215 municipalities of
 * Liberecký kraj. Columns are found by name in the header; the rows are checked against the
 * published totals (ČSÚ, 1 Jan 2025) so that a damaged or edited file cannot silently produce
 * a different demo region.
 */
#include "gen.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 32
#define LINE_MAX_BYTES 4096

enum col {
    COL_KOD, COL_NAZEV, COL_KOD_ORP, COL_NAZEV_ORP, COL_POP, COL_X, COL_Y, COL_ISV, COL_COUNT
};

static const char *const col_names[COL_COUNT] = {
    "kod_obce", "nazev_obce", "kod_orp", "nazev_orp", "obyvatel_2025_01_01",
    "x_5514", "y_5514", "index_soc_vylouceni_2023"
};

/* Published figures (ČSÚ, population on 1 Jan 2025) that the input must reproduce. */
static const struct {
    const char *nazev;
    int count;
    long population;
} expected_orp[GEN_ORP_COUNT] = {
    {"Česká Lípa", 41, 76626},        {"Frýdlant", 18, 24544},
    {"Jablonec nad Nisou", 12, 57971}, {"Jilemnice", 21, 21726},
    {"Liberec", 28, 150640},          {"Nový Bor", 16, 26234},
    {"Semily", 22, 25428},            {"Tanvald", 10, 20237},
    {"Turnov", 36, 33799},            {"Železný Brod", 11, 12289},
};
#define EXPECTED_MUNICIPALITIES 215
#define EXPECTED_POPULATION 449494L

/* Splits one CSV record in place (RFC 4180 quoting, no embedded newlines). */
static int split_csv(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    line[strcspn(line, "\r\n")] = '\0';
    for (;;) {
        if (n == max)
            return -1;
        if (*p == '"') {
            char *out = ++p;
            fields[n++] = out;
            while (*p && !(*p == '"' && p[1] != '"')) {
                if (*p == '"')
                    p++;
                *out++ = *p++;
            }
            if (*p != '"')
                return -1;
            p++;
            *out = '\0';
        } else {
            fields[n++] = p;
            p += strcspn(p, ",");
        }
        if (*p == '\0')
            return n;
        if (*p != ',')
            return -1;
        *p++ = '\0';
    }
}

static int parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    *out = strtol(s, &end, 10);
    return (errno || end == s || *end) ? -1 : 0;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return (errno || end == s || *end || !isfinite(*out)) ? -1 : 0;
}

static int map_header(char *line, int map[COL_COUNT], const char *path)
{
    char *f[MAX_FIELDS];
    if (strncmp(line, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 byte order mark */
        memmove(line, line + 3, strlen(line + 3) + 1);
    int n = split_csv(line, f, MAX_FIELDS);
    if (n < 0)
        return gen_error("%s:1: cannot parse the header", path);
    for (int c = 0; c < COL_COUNT; c++) {
        map[c] = -1;
        for (int i = 0; i < n; i++) {
            if (strcmp(f[i], col_names[c]) == 0)
                map[c] = i;
        }
        if (map[c] < 0)
            return gen_error("%s: column '%s' is missing", path, col_names[c]);
    }
    return n;
}

/* Finds or adds the ORP of a row; one code must always carry the same name. */
static int register_orp(struct gen_world *w, struct gen_muni *m, const char *nazev_orp,
                        const char *path, int lineno)
{
    for (int i = 0; i < w->orp_count; i++) {
        if (w->orp[i].kod != m->kod_orp)
            continue;
        if (strcmp(w->orp[i].nazev, nazev_orp) != 0)
            return gen_error("%s:%d: ORP %d is called '%s' here but '%s' before", path,
                             lineno, m->kod_orp, nazev_orp, w->orp[i].nazev);
        m->orp = i;
        return 0;
    }
    if (w->orp_count == GEN_ORP_COUNT)
        return gen_error("%s:%d: more than %d ORP districts", path, lineno, GEN_ORP_COUNT);
    struct gen_orp *o = &w->orp[w->orp_count];
    memset(o, 0, sizeof *o);
    o->kod = m->kod_orp;
    o->seat = -1;
    strcpy(o->nazev, nazev_orp);
    m->orp = w->orp_count++;
    return 0;
}

static int parse_row(struct gen_world *w, char *line, const int map[COL_COUNT], int ncols,
                     const char *path, int lineno)
{
    char *f[MAX_FIELDS];
    long kod, orp, pop, isv;
    struct gen_muni *m = &w->muni[w->muni_count];
    if (split_csv(line, f, MAX_FIELDS) != ncols)
        return gen_error("%s:%d: expected %d fields", path, lineno, ncols);
    if (parse_long(f[map[COL_KOD]], &kod) || kod <= 0 || kod > 999999 ||
        parse_long(f[map[COL_KOD_ORP]], &orp) || orp <= 0 || orp > 9999 ||
        parse_long(f[map[COL_POP]], &pop) || pop < 0 || pop > 10000000 ||
        parse_long(f[map[COL_ISV]], &isv) || isv < 0 || isv > 30 ||
        parse_double(f[map[COL_X]], &m->x) || parse_double(f[map[COL_Y]], &m->y))
        return gen_error("%s:%d: a code, population, index or coordinate is not a valid "
                         "number", path, lineno);
    if (m->x < -950000.0 || m->x > -400000.0 || m->y < -1300000.0 || m->y > -900000.0)
        return gen_error("%s:%d: point (%.1f, %.1f) is not in EPSG:5514 within Czechia",
                         path, lineno, m->x, m->y);
    if (!*f[map[COL_NAZEV]] || strlen(f[map[COL_NAZEV]]) >= GEN_NAME_MAX ||
        !*f[map[COL_NAZEV_ORP]] || strlen(f[map[COL_NAZEV_ORP]]) >= GEN_NAME_MAX)
        return gen_error("%s:%d: a name is empty or too long", path, lineno);
    m->kod = (int)kod;
    m->kod_orp = (int)orp;
    m->population = (int)pop;
    m->index_svl = (int)isv;
    m->area = NULL;
    strcpy(m->nazev, f[map[COL_NAZEV]]);
    if (register_orp(w, m, f[map[COL_NAZEV_ORP]], path, lineno) != 0)
        return -1;
    w->muni_count++;
    return 0;
}

static int read_rows(struct gen_world *w, FILE *fp, const char *path)
{
    char line[LINE_MAX_BYTES];
    int map[COL_COUNT], ncols, lineno = 1, cap = 0;
    if (!fgets(line, sizeof line, fp))
        return gen_error("%s: empty file", path);
    if ((ncols = map_header(line, map, path)) < 0)
        return -1;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        if (line[strspn(line, " \r\n")] == '\0')
            continue;
        if (w->muni_count == cap) {
            int ncap = cap ? 2 * cap : 256;
            struct gen_muni *n = realloc(w->muni, (size_t)ncap * sizeof *n);
            if (!n)
                return gen_error("out of memory");
            w->muni = n;
            cap = ncap;
        }
        if (parse_row(w, line, map, ncols, path, lineno) != 0)
            return -1;
    }
    if (ferror(fp))
        return gen_error("%s: read error", path);
    return 0;
}

static int cmp_orp(const void *a, const void *b)
{
    const struct gen_orp *x = a, *y = b;
    return (x->kod > y->kod) - (x->kod < y->kod);
}

/* Sorts the ORP table by code and re-points the municipalities at it. */
static void sort_orp(struct gen_world *w)
{
    qsort(w->orp, (size_t)w->orp_count, sizeof w->orp[0], cmp_orp);
    for (int i = 0; i < w->muni_count; i++) {
        for (int j = 0; j < w->orp_count; j++) {
            if (w->orp[j].kod == w->muni[i].kod_orp)
                w->muni[i].orp = j;
        }
    }
}

/* Unique codes and points: a duplicate point would break the Voronoi partition. */
static int check_unique(const struct gen_world *w, const char *path)
{
    for (int i = 0; i < w->muni_count; i++) {
        for (int j = i + 1; j < w->muni_count; j++) {
            const struct gen_muni *a = &w->muni[i], *b = &w->muni[j];
            if (a->kod == b->kod)
                return gen_error("%s: municipality code %d appears twice", path, a->kod);
            if (gen_dist(a->x, a->y, b->x, b->y) < 100.0)
                return gen_error("%s: %s and %s are less than 100 m apart", path, a->nazev,
                                 b->nazev);
        }
    }
    return 0;
}

static int check_orp_totals(struct gen_world *w, const char *path)
{
    long total = 0;
    for (int i = 0; i < w->muni_count; i++) {
        struct gen_orp *o = &w->orp[w->muni[i].orp];
        o->count++;
        o->population += w->muni[i].population;
        total += w->muni[i].population;
        if (strcmp(w->muni[i].nazev, o->nazev) == 0)
            o->seat = i;
    }
    if (w->muni_count != EXPECTED_MUNICIPALITIES || w->orp_count != GEN_ORP_COUNT)
        return gen_error("%s: %d municipalities in %d ORP, expected %d in %d", path,
                         w->muni_count, w->orp_count, EXPECTED_MUNICIPALITIES, GEN_ORP_COUNT);
    if (total != EXPECTED_POPULATION)
        return gen_error("%s: total population %ld, expected %ld", path, total,
                         EXPECTED_POPULATION);
    for (int k = 0; k < GEN_ORP_COUNT; k++) {
        int found = 0;
        for (int i = 0; i < w->orp_count; i++) {
            const struct gen_orp *o = &w->orp[i];
            if (strcmp(o->nazev, expected_orp[k].nazev) != 0)
                continue;
            found = 1;
            if (o->count != expected_orp[k].count || o->population != expected_orp[k].population)
                return gen_error("%s: ORP %s has %d municipalities / %ld inhabitants, "
                                 "expected %d / %ld", path, o->nazev, o->count, o->population,
                                 expected_orp[k].count, expected_orp[k].population);
            if (o->seat < 0)
                return gen_error("%s: the seat of ORP %s is not among its municipalities",
                                 path, o->nazev);
        }
        if (!found)
            return gen_error("%s: ORP %s is missing", path, expected_orp[k].nazev);
    }
    return 0;
}

int gen_read_municipalities(struct gen_world *w, const char *csv_path)
{
    FILE *fp = fopen(csv_path, "r");
    if (!fp)
        return gen_error("%s: cannot open: %s", csv_path, strerror(errno));
    int rc = read_rows(w, fp, csv_path);
    fclose(fp);
    if (rc != 0)
        return -1;
    sort_orp(w);
    if (check_unique(w, csv_path) != 0 || check_orp_totals(w, csv_path) != 0)
        return -1;
    return 0;
}
