/* SPDX-License-Identifier: MIT */
/*
 * The scenario's schema: fills a struct dosah_scenario from the YAML tree that scenario.c
 * built, section by section, each by its table of keys (struct scn_row, read by
 * scenario_table.c) with the types, ranges and defaults documented in README.md ("Scenario
 * file"): here the top level, the inputs and the plan; the questions, network and options in
 * their own files. Unknown keys are reported with the nearest valid one, missing keys at
 * the mapping that lacks them, bad values where they are written. Numbers are read strictly
 * (the whole scalar, plain style, independent of the locale); quoted scalars are strings.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dosah/model.h"
#include "io/scenario_internal.h"

#define F(name) (1u << DOSAH_FIELD_##name)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NAME_MAX_BYTES 200      /* NAME.gpkg must fit a 255-byte file name */

/* Fields an input kind accepts and requires (bit sets of 1 << enum dosah_field). */
struct kind_rule {
    unsigned accepted, required;
};

static const struct kind_rule kind_rules[DOSAH_INPUT_KIND_COUNT] = {
    [DOSAH_INPUT_MUNICIPALITIES] = {F(ID) | F(NAME) | F(POPULATION) | F(REGION) | F(POINT),
                                    F(ID)},
    [DOSAH_INPUT_REGIONS] = {F(ID) | F(NAME), F(ID)},
    [DOSAH_INPUT_POPULATION] = {F(ID) | F(POPULATION), F(ID) | F(POPULATION)},
    /* demand: id is required of a layer, nothing of a raster (check_demand) */
    [DOSAH_INPUT_DEMAND] = {F(ID) | F(POPULATION) | F(MUNICIPALITY) | F(X) | F(Y) | F(BUILDING),
                            0},
    [DOSAH_INPUT_ROADS] = {F(CLASS) | F(SPEED) | F(ONEWAY), 0},
    [DOSAH_INPUT_SERVICES] = {F(ID) | F(NAME) | F(TYPE) | F(FORM) | F(CAPACITY) | F(HOURS) |
                                  F(SCOPE) | F(X) | F(Y) | F(PRIORITY) | F(ADDRESS) |
                                  F(PROVIDER) | F(UNIT),
                              F(ID) | F(TYPE) | F(FORM)},
    [DOSAH_INPUT_LOCALITIES] = {F(ID) | F(NAME) | F(POPULATION) | F(MUNICIPALITY) | F(X) | F(Y),
                                F(ID)},
    [DOSAH_INPUT_OD_MATRIX] = {F(ORIGIN) | F(DESTINATION) | F(MINUTES),
                               F(ORIGIN) | F(DESTINATION) | F(MINUTES)},
    [DOSAH_INPUT_BUILDINGS] = {F(ID) | F(FLATS), F(ID) | F(FLATS)},
    [DOSAH_INPUT_ADDRESSES] = {F(ID) | F(X) | F(Y), F(ID)},
    [DOSAH_INPUT_TRANSIT] = {0, 0},
};

void scn_input_fields(enum dosah_input_kind kind, unsigned *accepted, unsigned *required)
{
    *accepted = kind_rules[kind].accepted;
    *required = kind_rules[kind].required;
}

/* Candidate sites of a plan given as a layer. */
static const struct kind_rule candidate_rule = {F(ID) | F(NAME) | F(X) | F(Y), F(ID)};

/* What a required field mapping names, for "missing required key" messages. */
static const char *const field_hints[DOSAH_FIELD_COUNT] = {
    [DOSAH_FIELD_ID] = "the column with each feature's identifier or code",
    [DOSAH_FIELD_POPULATION] = "the column with the number of inhabitants",
    [DOSAH_FIELD_TYPE] = "the column with the service's section of act 108/2006 Sb., e.g. §40",
    [DOSAH_FIELD_FORM] = "the column with the form: field, ambulant or residential",
    [DOSAH_FIELD_ORIGIN] = "the column with the origin's id",
    [DOSAH_FIELD_DESTINATION] = "the column with the destination's id",
    [DOSAH_FIELD_MINUTES] = "the column with the travel time in minutes",
    [DOSAH_FIELD_FLATS] = "the column with the number of flats in the building",
};

static const double default_thresholds[] = {15, 30, 45, 60};

/* Length of a leading GDAL archive or compression prefix ("/vsizip/"), else 0. */
static size_t archive_prefix(const char *path)
{
    static const char *const prefixes[] = {"/vsizip/", "/vsigzip/", "/vsitar/", "/vsi7z/",
                                           "/vsirar/"};
    size_t i;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(path, prefixes[i], strlen(prefixes[i])) == 0)
            return strlen(prefixes[i]);
    return 0;
}

/*
 * A path as written, resolved against the scenario's directory unless absolute. A relative
 * path behind an archive prefix (/vsigzip/obce.xml.gz, /vsizip/data.zip/obce.shp) is
 * resolved the same way, behind the prefix.
 */
static enum dosah_status resolve_path(struct dosah_ctx *ctx, const char *dir,
                                      const char *written, char **out)
{
    size_t n = strlen(dir), pre = archive_prefix(written);
    const char *sep = n && dir[n - 1] == '/' ? "" : "/";
    if (pre && written[pre] != '/' && written[pre] != '\0' && strcmp(dir, ".") != 0)
        *out = dosah_asprintf(ctx, "%.*s%s%s%s", (int)pre, written, dir, sep, written + pre);
    else if (written[0] == '/' || strcmp(dir, ".") == 0)
        *out = dosah_strdup(ctx, written);
    else
        *out = dosah_asprintf(ctx, "%s%s%s", dir, sep, written);
    return *out ? DOSAH_OK : DOSAH_ENOMEM;
}

/* 1 when the path names an OpenStreetMap file (.osm or .pbf, any case), which GDAL's OSM
 * driver reads with the highway class and one-way tags dosah knows without a mapping. */
static int osm_path(const char *path)
{
    size_t n = strlen(path);
    return (n > 4 && strcasecmp(path + n - 4, ".osm") == 0) ||
           (n > 4 && strcasecmp(path + n - 4, ".pbf") == 0);
}

/* path: resolved against the scenario's directory. */
static enum dosah_status read_path(const struct scn_parser *p, const struct scn_node *v,
                                   const struct scn_at *at)
{
    struct dosah_input_spec *spec = at->base;
    enum dosah_status st = scn_get_string(p, v, "path", &spec->path_as_written);
    return st == DOSAH_OK ? resolve_path(p->ctx, at->s->dir, spec->path_as_written, &spec->path)
                          : st;
}

static enum dosah_status read_groups(const struct scn_parser *p, const struct scn_node *v,
                                     const struct scn_at *at)
{
    return scn_input_groups(p, v, at->name, at->base);
}

#define IN(member) offsetof(struct dosah_input_spec, member)
#define IN_MARK(member) SCN_MARK_AT(struct dosah_input_spec, member)

/* The keys of every input besides its field mappings (README.md, "Inputs"); parse_input
 * leaves out band but on demand, groups but on municipalities and population, and all but
 * path on transit. */
static const struct scn_row input_rows[] = {
    {.key = "path", .type = SCN_T_HOOK, .required = 1, .hint = "the file or data source to read",
     .mark_at = IN_MARK(path_mark), .hook = read_path},
    {.key = "layer", .type = SCN_T_STRING, .at = IN(layer), .mark_at = IN_MARK(layer_mark)},
    {.key = "crs", .type = SCN_T_STRING, .at = IN(crs)},
    {.key = "encoding", .type = SCN_T_STRING, .at = IN(encoding)},
    {.key = "geometry", .type = SCN_T_STRING, .at = IN(geometry),
     .mark_at = IN_MARK(geometry_mark)},
    {.key = "where", .type = SCN_T_STRING, .at = IN(where), .mark_at = IN_MARK(where_mark)},
    {.key = "band", .type = SCN_T_WHOLE, .min = 1, .def = 0, .at = IN(band)},
    {.key = "groups", .type = SCN_T_HOOK, .hook = read_groups},
};

const struct scn_section scn_input_section = {
    .example = "{path: ..., layer: ..., id: ...}",
    .rows = input_rows,
    .count = COUNT(input_rows),
    .readme = "### Inputs",
};

/* The field mappings of an input: accepted ones copied, required ones checked. */
static enum dosah_status parse_fields(const struct scn_parser *p, const struct scn_node *map,
                                      const char *where, const struct kind_rule *rule,
                                      struct dosah_input_spec *spec)
{
    enum dosah_status st;
    unsigned f;
    for (f = 0; f < DOSAH_FIELD_COUNT; f++) {
        if (!(rule->accepted & (1u << f)))
            continue;
        st = scn_optional_string(p, map, dosah_field_name((enum dosah_field)f), &spec->fields[f],
                             &spec->field_marks[f]);
        if (st != DOSAH_OK)
            return st;
    }
    for (f = 0; f < DOSAH_FIELD_COUNT; f++)
        if ((rule->required & (1u << f)) && !spec->fields[f])
            return scn_error(p, map->mark, "missing required key '%s' %s (%s)",
                             dosah_field_name((enum dosah_field)f), where, field_hints[f]);
    if (!spec->fields[DOSAH_FIELD_X] != !spec->fields[DOSAH_FIELD_Y]) {
        enum dosah_field given = spec->fields[DOSAH_FIELD_X] ? DOSAH_FIELD_X : DOSAH_FIELD_Y;
        return scn_error(p, spec->field_marks[given],
                         "'x' and 'y' go together %s: give both coordinate columns, or "
                         "neither to use the geometry",
                         where);
    }
    return DOSAH_OK;
}

/* One input {path, layer, crs, encoding, geometry, where, field: column, ...}; name is
 * "inputs.roads" etc. */
static enum dosah_status parse_input(const struct scn_parser *p, const struct dosah_scenario *s,
                                     const struct scn_node *key, const struct scn_node *map,
                                     const char *name, const struct kind_rule *rule,
                                     struct dosah_input_spec *spec)
{
    struct scn_row rows[COUNT(input_rows)];
    const char *valid[COUNT(input_rows) + DOSAH_FIELD_COUNT];
    int is_demand = rule == &kind_rules[DOSAH_INPUT_DEMAND];
    int has_groups = rule == &kind_rules[DOSAH_INPUT_MUNICIPALITIES] ||
                     rule == &kind_rules[DOSAH_INPUT_POPULATION];
    /* A GTFS feed has fixed files and WGS84 stops: no layer, crs, encoding or filter. */
    int path_only = rule == &kind_rules[DOSAH_INPUT_TRANSIT];
    char where[64];
    struct scn_at at = {.s = s, .base = spec, .map = map, .name = name, .where = where};
    size_t count = 0, nvalid, i;
    unsigned f;
    enum dosah_status st = scn_expect_mapping(p, map, name, scn_input_section.example);
    if (st != DOSAH_OK)
        return st;
    for (i = 0; i < (path_only ? 1u : COUNT(input_rows)); i++)
        if ((strcmp(input_rows[i].key, "band") != 0 || is_demand) && /* only demand: rasters */
            (strcmp(input_rows[i].key, "groups") != 0 || has_groups))
            rows[count++] = input_rows[i];
    scn_rows_keys(rows, count, valid);
    nvalid = count;
    for (f = 0; f < DOSAH_FIELD_COUNT; f++)
        if (rule->accepted & (1u << f))
            valid[nvalid++] = dosah_field_name((enum dosah_field)f);
    snprintf(where, sizeof where, "in %s", name);
    st = scn_check_keys(p, map, valid, nvalid, where);
    if (st != DOSAH_OK)
        return st;
    spec->present = 1;
    spec->mark = key->mark;
    st = scn_rows_read(p, rows, count, &at);
    return st == DOSAH_OK ? parse_fields(p, map, where, rule, spec) : st;
}

/*
 * inputs.demand is one of: a population raster (`band:`, or no field mapped: no mapping
 * allowed); points with `id` and `population`; or address points with `id` and no
 * population, which share their municipality's population (by the flats of their
 * `building` when mapped, which needs inputs.buildings).
 */
static enum dosah_status check_demand(const struct scn_parser *p, const struct scn_node *map,
                                      const struct dosah_scenario *s)
{
    const struct dosah_input_spec *d = &s->inputs[DOSAH_INPUT_DEMAND];
    unsigned f;
    int mapped = 0;
    for (f = 0; f < DOSAH_FIELD_COUNT; f++)
        mapped |= d->fields[f] != NULL;
    if (d->band && mapped) {
        for (f = 0; !d->fields[f]; f++)
            ;
        return scn_error(p, d->field_marks[f],
                         "inputs.demand is a population raster (band: %ld) and takes no field "
                         "mapping; remove '%s', or remove 'band' to read points",
                         d->band, dosah_field_name((enum dosah_field)f));
    }
    if (!mapped)
        return DOSAH_OK; /* a raster; the loader checks that GDAL opens it as one */
    if (!d->fields[DOSAH_FIELD_ID])
        return scn_error(p, map->mark, "missing required key 'id' in inputs.demand (%s)",
                         field_hints[DOSAH_FIELD_ID]);
    if (d->fields[DOSAH_FIELD_BUILDING] && d->fields[DOSAH_FIELD_POPULATION])
        return scn_error(p, d->field_marks[DOSAH_FIELD_BUILDING],
                         "inputs.demand maps both 'population' and 'building'; 'building' "
                         "spreads each municipality's population over its address points by "
                         "flats, so remove one of them");
    if (!d->fields[DOSAH_FIELD_POPULATION] && !s->inputs[DOSAH_INPUT_MUNICIPALITIES].present)
        return scn_error(p, map->mark,
                         "inputs.demand has no 'population': its points are address points "
                         "that share their municipality's population, so inputs.municipalities "
                         "(with population) is needed; add it, or map 'population'");
    if (d->fields[DOSAH_FIELD_BUILDING] && !s->inputs[DOSAH_INPUT_BUILDINGS].present)
        return scn_error(p, d->field_marks[DOSAH_FIELD_BUILDING],
                         "inputs.demand maps 'building' but there is no inputs.buildings to "
                         "look up the flats of each building; add it (path, id, flats)");
    return DOSAH_OK;
}

/* The rules that tie the inputs together; marks point at the inputs mapping. */
static enum dosah_status check_input_rules(const struct scn_parser *p,
                                           const struct scn_node *inputs,
                                           const struct dosah_scenario *s)
{
    const struct dosah_input_spec *in = s->inputs;
    if (!in[DOSAH_INPUT_SERVICES].present)
        return scn_error(p, inputs->mark,
                         "missing required key 'services' in inputs (the layer of service "
                         "locations: {path: ..., id: ..., type: ..., form: ...})");
    if (!in[DOSAH_INPUT_ROADS].present && !in[DOSAH_INPUT_OD_MATRIX].present)
        return scn_error(p, inputs->mark,
                         "inputs needs 'roads' (a road network) or 'od_matrix' (travel times "
                         "from another router) to compute travel times");
    if (!in[DOSAH_INPUT_MUNICIPALITIES].present && !in[DOSAH_INPUT_DEMAND].present)
        return scn_error(p, inputs->mark,
                         "inputs needs 'municipalities' or 'demand' to know where people live");
    if (in[DOSAH_INPUT_POPULATION].present && !in[DOSAH_INPUT_MUNICIPALITIES].present)
        return scn_error(p, in[DOSAH_INPUT_POPULATION].mark,
                         "inputs.population joins population to municipalities by code, so it "
                         "needs inputs.municipalities; add them or remove inputs.population");
    if (in[DOSAH_INPUT_BUILDINGS].present &&
        !(in[DOSAH_INPUT_DEMAND].present && in[DOSAH_INPUT_DEMAND].fields[DOSAH_FIELD_BUILDING]))
        return scn_error(p, in[DOSAH_INPUT_BUILDINGS].mark,
                         "inputs.buildings gives the flats of the buildings of address points, "
                         "so it needs inputs.demand with 'building' mapped; map it or remove "
                         "inputs.buildings");
    if (in[DOSAH_INPUT_SERVICES].fields[DOSAH_FIELD_ADDRESS] && !in[DOSAH_INPUT_ADDRESSES].present)
        return scn_error(p, in[DOSAH_INPUT_SERVICES].field_marks[DOSAH_FIELD_ADDRESS],
                         "inputs.services maps 'address', which is looked up in the address "
                         "points; add inputs.addresses (e.g. RÚIAN's AdresniMista: {path, "
                         "layer: AdresniMista, id: Kod})");
    if (in[DOSAH_INPUT_REGIONS].present && !in[DOSAH_INPUT_MUNICIPALITIES].present)
        return scn_error(p, in[DOSAH_INPUT_REGIONS].mark,
                         "inputs.regions are matched to municipalities (by their region code, "
                         "or by location), so they need inputs.municipalities; add them or "
                         "remove inputs.regions");
    return DOSAH_OK;
}

static enum dosah_status parse_inputs(const struct scn_parser *p, const struct scn_node *inputs,
                                      struct dosah_scenario *s)
{
    const char *valid[DOSAH_INPUT_KIND_COUNT];
    char name[40];
    unsigned k;
    enum dosah_status st =
        scn_expect_mapping(p, inputs, "inputs", "municipalities: {...}, roads: {...}, ...");
    if (st != DOSAH_OK)
        return st;
    for (k = 0; k < DOSAH_INPUT_KIND_COUNT; k++)
        valid[k] = dosah_input_kind_name((enum dosah_input_kind)k);
    st = scn_check_keys(p, inputs, valid, DOSAH_INPUT_KIND_COUNT, "in inputs");
    for (k = 0; k < DOSAH_INPUT_KIND_COUNT && st == DOSAH_OK; k++) {
        const struct scn_node *key = scn_key(inputs, valid[k]);
        struct dosah_input_spec *spec = &s->inputs[k];
        if (!key)
            continue;
        snprintf(name, sizeof name, "inputs.%s", valid[k]);
        st = parse_input(p, s, key, scn_value(inputs, valid[k]), name, &kind_rules[k], spec);
        if (st == DOSAH_OK && k == DOSAH_INPUT_ROADS && !spec->fields[DOSAH_FIELD_CLASS] &&
            !spec->fields[DOSAH_FIELD_SPEED] && !osm_path(spec->path))
            st = scn_error(p, scn_value(inputs, valid[k])->mark,
                           "inputs.roads needs 'class' (the road class column, looked up in "
                           "network.speeds_kmh) or 'speed' (a column of speeds in km/h), or "
                           "both; only an OpenStreetMap file (.osm, .osm.pbf) needs neither");
    }
    if (st == DOSAH_OK && s->inputs[DOSAH_INPUT_DEMAND].present)
        st = check_demand(p, scn_value(inputs, "demand"), s);
    return st == DOSAH_OK ? check_input_rules(p, inputs, s) : st;
}

/* A threshold and its place in the list, sorted by value, then by place. */
struct ranked {
    double value;
    size_t order;
};

static int compare_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* thresholds_min: numbers > 0 in any order, each once; stored ascending. */
static enum dosah_status parse_thresholds(const struct scn_parser *p,
                                          const struct scn_node *list, struct dosah_scenario *s)
{
    struct ranked *r = NULL;
    char got[SCN_SHOWN], what[40];
    size_t i, n = list->nitems;
    enum dosah_status st = DOSAH_OK;
    if (list->kind != SCN_SEQUENCE || n == 0)
        return scn_error(p, list->mark,
                         "expected a non-empty list of minutes for 'thresholds_min' (such as "
                         "[15, 30, 45, 60]), got %s",
                         scn_describe(list, got));
    r = dosah_calloc(p->ctx, n, sizeof *r);
    if (!r)
        return DOSAH_ENOMEM;
    for (i = 0; i < n && st == DOSAH_OK; i++) {
        snprintf(what, sizeof what, "thresholds_min[%zu]", i);
        r[i].order = i;
        st = scn_get_bounded(p, list->items[i], what, SCN_ABOVE_ZERO, &r[i].value);
    }
    if (st != DOSAH_OK)
        goto fail;
    qsort(r, n, sizeof *r, compare_ranked);
    for (i = 1; i < n; i++)
        if (r[i].value == r[i - 1].value) {
            const struct scn_node *first = list->items[r[i - 1].order];
            st = scn_error(p, list->items[r[i].order]->mark,
                           "%s minutes is listed twice in 'thresholds_min' (first at line %u, "
                           "column %u); remove one",
                           list->items[r[i].order]->text, first->mark.line, first->mark.column);
            goto fail;
        }
    s->thresholds_min = dosah_calloc(p->ctx, n, sizeof *s->thresholds_min);
    if (!s->thresholds_min) {
        st = DOSAH_ENOMEM;
        goto fail;
    }
    for (i = 0; i < n; i++)
        s->thresholds_min[i] = r[i].value;
    s->threshold_count = n;
fail:
    dosah_free(r);
    return st;
}

static enum dosah_status set_default_thresholds(struct dosah_ctx *ctx, struct dosah_scenario *s)
{
    s->thresholds_min = dosah_calloc(ctx, COUNT(default_thresholds), sizeof *s->thresholds_min);
    if (!s->thresholds_min)
        return DOSAH_ENOMEM;
    memcpy(s->thresholds_min, default_thresholds, sizeof default_thresholds);
    s->threshold_count = COUNT(default_thresholds);
    return DOSAH_OK;
}

/* A plan's service: one of the keys in services, or a message with the nearest. */
static enum dosah_status read_plan_service(const struct scn_parser *p,
                                           const struct scn_node *v, const struct scn_at *at)
{
    struct dosah_plan_spec *pl = at->base;
    const struct dosah_scenario *s = at->s;
    const char **keys;
    const char *near;
    char list[512];
    size_t i;
    enum dosah_status st = scn_get_string(p, v, "service", &pl->service);
    if (st != DOSAH_OK || dosah_scenario_find_service(s, pl->service) >= 0)
        return st;
    keys = dosah_calloc(p->ctx, s->service_count, sizeof *keys);
    if (!keys)
        return DOSAH_ENOMEM;
    for (i = 0; i < s->service_count; i++)
        keys[i] = s->services[i].key;
    near = scn_nearest(pl->service, keys, s->service_count);
    scn_join(list, sizeof list, keys, s->service_count);
    if (near)
        st = scn_error(p, v->mark, "%s names the service '%s', which is not a key under "
                       "services; did you mean '%s'?", at->name, pl->service, near);
    else
        st = scn_error(p, v->mark, "%s names the service '%s', which is not a key under "
                       "services; the keys are: %s", at->name, pl->service, list);
    dosah_free(keys);
    return st;
}

/* Exactly one of new_units (a whole number >= 1) and target_share (0 < s <= 1); the row of
 * new_units reads both. */
static enum dosah_status read_plan_amount(const struct scn_parser *p,
                                          const struct scn_node *units, const struct scn_at *at)
{
    struct dosah_plan_spec *pl = at->base;
    const struct scn_node *map = at->map, *share = scn_value(map, "target_share");
    pl->target_share = NAN;
    if (units && share) {
        const struct scn_node *ku = scn_key(map, "new_units"), *ks = scn_key(map, "target_share");
        int share_later = ks->mark.line > ku->mark.line ||
                          (ks->mark.line == ku->mark.line && ks->mark.column > ku->mark.column);
        return scn_error(p, share_later ? ks->mark : ku->mark,
                         "%s gives both 'new_units' and 'target_share'; keep one: the number of "
                         "new units to place, or the share of the population to reach",
                         at->name);
    }
    if (!units && !share)
        return scn_error(p, map->mark,
                         "%s needs 'new_units' (how many new units to place) or 'target_share' "
                         "(the share of the population to reach)",
                         at->name);
    if (share)
        return scn_get_bounded(p, share, "target_share", SCN_SHARE_RANGE, &pl->target_share);
    return scn_get_whole(p, units, "new_units", 1, &pl->new_units);
}

/* candidates: "municipalities" (the default), "gap_regions" or a layer {path, layer, id}. */
static enum dosah_status read_plan_candidates(const struct scn_parser *p,
                                              const struct scn_node *v, const struct scn_at *at)
{
    struct dosah_plan_spec *pl = at->base;
    char got[SCN_SHOWN], cname[48];
    pl->candidates_municipalities = 1;
    if (!v || (v->kind == SCN_SCALAR && strcmp(v->text, "municipalities") == 0))
        return DOSAH_OK;
    if (v->kind == SCN_SCALAR && strcmp(v->text, "gap_regions") == 0) {
        pl->candidates_municipalities = 2;
        return DOSAH_OK;
    }
    if (v->kind != SCN_MAPPING)
        return scn_error(p, v->mark,
                         "expected 'municipalities', 'gap_regions' or a mapping {path: ..., "
                         "layer: ..., id: ...} for 'candidates', got %s",
                         scn_describe(v, got));
    pl->candidates_municipalities = 0;
    snprintf(cname, sizeof cname, "%s.candidates", at->name);
    return parse_input(p, at->s, scn_key(at->map, "candidates"), v, cname, &candidate_rule,
                       &pl->candidates);
}

static const char *const plan_methods[] = {"auto", "exact", "greedy", NULL};

#define PL(member) offsetof(struct dosah_plan_spec, member)

/* One plan entry (README.md, "Plan"). Steps keep the order in which the keys were always
 * read. */
static const struct scn_row plan_rows[] = {
    {.key = "service", .type = SCN_T_HOOK, .required = 1,
     .hint = "the key of a question under services", .hook = read_plan_service},
    {.key = "new_units", .type = SCN_T_HOOK, .always = 1, .step = 1, .hook = read_plan_amount},
    {.key = "target_share", .type = SCN_T_ELSEWHERE},
    {.key = "candidates", .type = SCN_T_HOOK, .always = 1, .step = 2,
     .hook = read_plan_candidates},
    {.key = "unit_capacity", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .def = NAN,
     .at = PL(unit_capacity), .step = 4, .hook = scn_unit_capacity_rules},
    {.key = "method", .type = SCN_T_WORD, .words = plan_methods, .def = 0, .at = PL(method),
     .step = 3},
};

const struct scn_section scn_plan_section = {
    .example = "service: ..., new_units: ...",
    .rows = plan_rows,
    .count = COUNT(plan_rows),
    .readme = "### Plan",
};

static enum dosah_status parse_plans(const struct scn_parser *p, const struct scn_node *list,
                                     struct dosah_scenario *s)
{
    char got[SCN_SHOWN], name[32], where[40];
    size_t i;
    enum dosah_status st = DOSAH_OK;
    if (list->kind != SCN_SEQUENCE)
        return scn_error(p, list->mark,
                         "expected a list for 'plan' (- service: ..., new_units: ...), got %s",
                         scn_describe(list, got));
    if (list->nitems == 0)
        return DOSAH_OK;
    s->plans = dosah_calloc(p->ctx, list->nitems, sizeof *s->plans);
    if (!s->plans)
        return DOSAH_ENOMEM;
    s->plan_count = list->nitems;
    for (i = 0; i < list->nitems && st == DOSAH_OK; i++) {
        struct scn_at at = {.s = s, .base = &s->plans[i], .map = list->items[i], .name = name,
                            .where = where, .index = i};
        snprintf(name, sizeof name, "plan[%zu]", i);
        snprintf(where, sizeof where, "in %s", name);
        s->plans[i].mark = list->items[i]->mark;
        st = scn_section_read(p, &scn_plan_section, &at);
    }
    return st;
}

/* name: usable as the output file's base name. */
static enum dosah_status read_name(const struct scn_parser *p, const struct scn_node *v,
                                   const struct scn_at *at)
{
    struct dosah_scenario *s = at->base;
    const unsigned char *c;
    const char *why = NULL;
    char got[SCN_SHOWN];
    enum dosah_status st = scn_get_string(p, v, "name", &s->name);
    if (st != DOSAH_OK)
        return st;
    for (c = (const unsigned char *)s->name; *c && !why; c++)
        if (*c < 0x20 || *c == 0x7f || (*c == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f))
            why = "contain control characters such as tabs or line breaks";
    if (!why && strlen(s->name) > NAME_MAX_BYTES)
        why = "be longer than 200 bytes";
    if (!why && s->name[0] == '.')
        why = "start with '.'";
    if (!why && strpbrk(s->name, "/\\"))
        why = "contain '/' or '\\'";
    if (why)
        return scn_error(p, v->mark,
                         "'name' becomes the output file's name (NAME.gpkg), so it must not %s; "
                         "got %s",
                         why, scn_describe(v, got));
    return DOSAH_OK;
}

/* The hooks of the top-level rows: each hands its value to the code of its section. */
static enum dosah_status read_inputs(const struct scn_parser *p, const struct scn_node *v,
                                     const struct scn_at *at)
{
    return parse_inputs(p, v, at->base);
}

static enum dosah_status read_network(const struct scn_parser *p, const struct scn_node *v,
                                      const struct scn_at *at)
{
    struct dosah_scenario *s = at->base;
    return scn_network(p, v, &s->network);
}

/* services, then the groups they count (which the inputs define). */
static enum dosah_status read_services(const struct scn_parser *p, const struct scn_node *v,
                                       const struct scn_at *at)
{
    enum dosah_status st = scn_services(p, v, at->base);
    return st == DOSAH_OK ? scn_check_groups(p, at->s) : st;
}

static enum dosah_status read_thresholds(const struct scn_parser *p, const struct scn_node *v,
                                         const struct scn_at *at)
{
    return v ? parse_thresholds(p, v, at->base) : set_default_thresholds(p->ctx, at->base);
}

static enum dosah_status read_plans(const struct scn_parser *p, const struct scn_node *v,
                                    const struct scn_at *at)
{
    return parse_plans(p, v, at->base);
}

static enum dosah_status read_windows(const struct scn_parser *p, const struct scn_node *v,
                                      const struct scn_at *at)
{
    return scn_time_windows(p, v, at->base);
}

static enum dosah_status read_catchments(const struct scn_parser *p, const struct scn_node *v,
                                         const struct scn_at *at)
{
    return scn_catchments(p, v, at->base);
}

static enum dosah_status read_changes(const struct scn_parser *p, const struct scn_node *v,
                                      const struct scn_at *at)
{
    return scn_changes(p, v, at->base);
}

/* transit: its options, and the day and depart of every transit question. */
static enum dosah_status read_transit(const struct scn_parser *p, const struct scn_node *v,
                                      const struct scn_at *at)
{
    (void)v;
    return scn_transit(p, at->map, at->base);
}

static enum dosah_status read_output(const struct scn_parser *p, const struct scn_node *v,
                                     const struct scn_at *at)
{
    return scn_output(p, v, at->base);
}

/* The top level (README.md, "Top level"). Steps keep the order in which the sections were
 * always read: the questions after the inputs they name, transit last. */
static const struct scn_row top_rows[] = {
    {.key = "name", .type = SCN_T_HOOK, .required = 1,
     .hint = "the scenario's name, also the output file's name", .hook = read_name},
    {.key = "crs", .type = SCN_T_STRING, .required = 1,
     .hint = "the working CRS, metric, such as EPSG:5514",
     .at = offsetof(struct dosah_scenario, crs)},
    {.key = "inputs", .type = SCN_T_HOOK, .required = 1, .hint = "the data to read",
     .hook = read_inputs},
    {.key = "network", .type = SCN_T_HOOK, .always = 1, .hook = read_network},
    {.key = "services", .type = SCN_T_HOOK, .required = 1, .hint = "the questions to answer",
     .hook = read_services},
    {.key = "thresholds_min", .type = SCN_T_HOOK, .always = 1, .hook = read_thresholds},
    {.key = "plan", .type = SCN_T_HOOK, .hook = read_plans},
    {.key = "time_windows", .type = SCN_T_HOOK, .always = 1, .hook = read_windows},
    {.key = "catchments", .type = SCN_T_HOOK, .always = 1, .hook = read_catchments},
    {.key = "changes", .type = SCN_T_HOOK, .step = 2, .hook = read_changes},
    {.key = "transit", .type = SCN_T_HOOK, .always = 1, .step = 3, .hook = read_transit},
    {.key = "output", .type = SCN_T_HOOK, .always = 1, .step = 1, .hook = read_output},
};

const struct scn_section scn_top_section = {
    .example = "name: ..., crs: ..., inputs: ..., services: ...",
    .rows = top_rows,
    .count = COUNT(top_rows),
    .readme = "### Top level",
};

enum dosah_status scn_schema_apply(const struct scn_parser *p, const struct scn_node *root,
                                   struct dosah_scenario *s)
{
    struct scn_at at = {.s = s, .base = s, .map = root, .name = "the scenario",
                        .where = "at the top level"};
    char got[SCN_SHOWN];
    if (root->kind != SCN_MAPPING)
        return scn_error(p, root->mark,
                         "a scenario is a mapping of keys (name: ..., crs: ..., inputs: ..., "
                         "services: ...), got %s",
                         scn_describe(root, got));
    return scn_section_read(p, &scn_top_section, &at);
}
