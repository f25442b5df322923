/* SPDX-License-Identifier: MIT */
/*
 * The scenario's schema: walks the YAML tree that scenario.c built and fills a struct
 * dosah_scenario, key by key, with the types, ranges and defaults documented in README.md
 * ("Scenario file"). Unknown keys are reported with the nearest valid one, missing keys at
 * the mapping that lacks them, bad values where they are written. Numbers are read strictly
 * (the whole scalar, plain style, independent of the locale); quoted scalars are strings.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dosah/model.h"
#include "io/scenario_internal.h"

#define F(name) (1u << DOSAH_FIELD_##name)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define SERVICE_KEY_MAX 24      /* keys prefix output field names: KEY_minutes, ... */
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

/* path (required), layer, crs, encoding, geometry and where of an input. */
static enum dosah_status parse_source(const struct scn_parser *p, const struct dosah_scenario *s,
                                      const struct scn_node *map, const char *name,
                                      struct dosah_input_spec *spec)
{
    const struct scn_node *v;
    enum dosah_status st =
        scn_required(p, map, "path", name, "the file or data source to read", &v);
    if (st == DOSAH_OK)
        st = scn_get_string(p, v, "path", &spec->path_as_written);
    if (st == DOSAH_OK)
        st = resolve_path(p->ctx, s->dir, spec->path_as_written, &spec->path);
    if (st != DOSAH_OK)
        return st;
    spec->path_mark = v->mark;
    st = scn_optional_string(p, map, "layer", &spec->layer, &spec->layer_mark);
    if (st == DOSAH_OK)
        st = scn_optional_string(p, map, "crs", &spec->crs, NULL);
    if (st == DOSAH_OK)
        st = scn_optional_string(p, map, "encoding", &spec->encoding, NULL);
    if (st == DOSAH_OK)
        st = scn_optional_string(p, map, "geometry", &spec->geometry, &spec->geometry_mark);
    if (st == DOSAH_OK)
        st = scn_optional_string(p, map, "where", &spec->where, &spec->where_mark);
    return st;
}

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
    static const char *const source_keys[] = {"path",     "layer", "crs",   "encoding",
                                              "geometry", "where", "band",  "groups"};
    const char *valid[COUNT(source_keys) + DOSAH_FIELD_COUNT];
    int is_demand = rule == &kind_rules[DOSAH_INPUT_DEMAND];
    int has_groups = rule == &kind_rules[DOSAH_INPUT_MUNICIPALITIES] ||
                     rule == &kind_rules[DOSAH_INPUT_POPULATION];
    /* A GTFS feed has fixed files and WGS84 stops: no layer, crs, encoding or filter. */
    int path_only = rule == &kind_rules[DOSAH_INPUT_TRANSIT];
    char where[64];
    size_t count = 0;
    unsigned f;
    enum dosah_status st = scn_expect_mapping(p, map, name, "{path: ..., layer: ..., id: ...}");
    if (st != DOSAH_OK)
        return st;
    for (f = 0; f < (path_only ? 1u : COUNT(source_keys)); f++)
        if ((strcmp(source_keys[f], "band") != 0 || is_demand) && /* only demand: rasters */
            (strcmp(source_keys[f], "groups") != 0 || has_groups))
            valid[count++] = source_keys[f];
    for (f = 0; f < DOSAH_FIELD_COUNT; f++)
        if (rule->accepted & (1u << f))
            valid[count++] = dosah_field_name((enum dosah_field)f);
    snprintf(where, sizeof where, "in %s", name);
    st = scn_check_keys(p, map, valid, count, where);
    if (st != DOSAH_OK)
        return st;
    spec->present = 1;
    spec->mark = key->mark;
    st = parse_source(p, s, map, where, spec);
    if (st == DOSAH_OK && is_demand && scn_value(map, "band"))
        st = scn_get_whole(p, scn_value(map, "band"), "band", 1, &spec->band);
    if (st == DOSAH_OK && has_groups)
        st = scn_input_groups(p, scn_value(map, "groups"), name, spec);
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

/* 1 when key matches ^[a-z][a-z0-9_]{0,23}$. */
static int valid_service_key(const char *key)
{
    size_t i;
    if (!(key[0] >= 'a' && key[0] <= 'z'))
        return 0;
    for (i = 1; key[i]; i++)
        if (i >= SERVICE_KEY_MAX ||
            !((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') ||
              key[i] == '_'))
            return 0;
    return 1;
}

/* The key of services[i]: well formed and not used by an earlier entry. */
static enum dosah_status parse_service_key(const struct scn_parser *p, const struct scn_node *map,
                                           const char *where, size_t i, struct dosah_scenario *s)
{
    struct dosah_service_spec *sv = &s->services[i];
    const struct scn_node *v;
    size_t j;
    enum dosah_status st =
        scn_required(p, map, "key", where,
                     "a short name such as care; it prefixes output field names", &v);
    if (st == DOSAH_OK)
        st = scn_get_string(p, v, "key", &sv->key);
    if (st != DOSAH_OK)
        return st;
    if (!valid_service_key(sv->key))
        return scn_error(p, v->mark,
                         "service key '%s' must be 1 to %d characters of a-z, 0-9 and _, "
                         "starting with a letter, because it becomes the prefix of output "
                         "field names (KEY_minutes, KEY_within, ...)",
                         sv->key, SERVICE_KEY_MAX);
    for (j = 0; j < i; j++)
        if (strcmp(s->services[j].key, sv->key) == 0)
            return scn_error(p, v->mark,
                             "duplicate service key '%s' (also services[%zu] at line %u); keys "
                             "must be unique because they prefix output field names",
                             sv->key, j, s->services[j].mark.line);
    return DOSAH_OK;
}

/* types: a non-empty list of § types, "§40" or 40, each once. */
static enum dosah_status parse_types(const struct scn_parser *p, const struct scn_node *list,
                                     const char *name, struct dosah_service_spec *sv)
{
    char got[SCN_SHOWN];
    size_t i, j;
    if (list->kind != SCN_SEQUENCE || list->nitems == 0)
        return scn_error(p, list->mark,
                         "expected a non-empty list of § types for 'types' (such as [\"§40\"] "
                         "or [39, 40]), got %s",
                         scn_describe(list, got));
    sv->types = dosah_calloc(p->ctx, list->nitems, sizeof *sv->types);
    if (!sv->types)
        return DOSAH_ENOMEM;
    sv->type_count = list->nitems;
    for (i = 0; i < list->nitems; i++) {
        const struct scn_node *t = list->items[i];
        sv->types[i] = t->kind == SCN_SCALAR ? dosah_type_parse(t->text) : 0;
        if (!sv->types[i])
            return scn_error(p, t->mark,
                             "unknown service type %s in %s.types; write a section of act "
                             "108/2006 Sb. that defines a social service (§37 to §70), such as "
                             "\"§40\" or 40",
                             scn_describe(t, got), name);
        for (j = 0; j < i; j++)
            if (sv->types[j] == sv->types[i])
                return scn_error(p, t->mark, "§%d is listed twice in %s.types; remove one",
                                 sv->types[i], name);
    }
    return DOSAH_OK;
}

/* form: exactly one of field, ambulant, residential (or the Czech words). */
static enum dosah_status parse_form(const struct scn_parser *p, const struct scn_node *v,
                                    const char *name, struct dosah_service_spec *sv)
{
    char got[SCN_SHOWN];
    unsigned f = v->kind == SCN_SCALAR && !scn_is_null(v) ? dosah_form_parse(v->text) : 0;
    if (!f)
        return scn_error(p, v->mark,
                         "unknown form %s in %s; use field, ambulant or residential (in Czech "
                         "terénní, ambulantní, pobytová)",
                         scn_describe(v, got), name);
    if (f & (f - 1))
        return scn_error(p, v->mark,
                         "%s asks about one form, got %s; write one entry per form, each with "
                         "its own key",
                         name, scn_describe(v, got));
    sv->form = f;
    return DOSAH_OK;
}

static enum dosah_status parse_service(const struct scn_parser *p, const struct scn_node *map,
                                       size_t i, struct dosah_scenario *s)
{
    static const char *const keys[] = {"key",          "label",        "types",
                                       "form",         "threshold_min", "norm_per_10k",
                                       "target_share", "mode",          "fca",
                                       "priority",     "target_group",  "day",
                                       "depart"};
    struct dosah_service_spec *sv = &s->services[i];
    const struct scn_node *v;
    char name[32], where[40];
    enum dosah_status st;
    snprintf(name, sizeof name, "services[%zu]", i);
    snprintf(where, sizeof where, "in %s", name);
    st = scn_expect_mapping(p, map, name, "key: ..., types: [...], form: ..., threshold_min: ...");
    if (st == DOSAH_OK)
        st = scn_check_keys(p, map, keys, COUNT(keys), where);
    if (st != DOSAH_OK)
        return st;
    sv->mark = map->mark;
    st = parse_service_key(p, map, where, i, s);
    if (st == DOSAH_OK)
        st = scn_optional_string(p, map, "label", &sv->label, NULL);
    if (st == DOSAH_OK && !sv->label && !(sv->label = dosah_strdup(p->ctx, sv->key)))
        st = DOSAH_ENOMEM;
    if (st == DOSAH_OK)
        st = scn_required(p, map, "types", where,
                          "the § types of act 108/2006 Sb., e.g. [\"§40\"]", &v);
    if (st == DOSAH_OK)
        st = parse_types(p, v, name, sv);
    if (st == DOSAH_OK)
        st = scn_required(p, map, "form", where, "field, ambulant or residential", &v);
    if (st == DOSAH_OK)
        st = parse_form(p, v, name, sv);
    if (st == DOSAH_OK)
        st = scn_required(p, map, "threshold_min", where,
                      "the travel time in minutes within which the service counts as reached",
                      &v);
    if (st == DOSAH_OK)
        st = scn_get_bounded(p, v, "threshold_min", SCN_ABOVE_ZERO, &sv->threshold_min);
    if (st == DOSAH_OK)
        st = scn_optional_bounded(p, map, "norm_per_10k", SCN_ZERO_OR_MORE, &sv->norm_per_10k);
    if (st == DOSAH_OK)
        st = scn_optional_bounded(p, map, "target_share", SCN_UNIT_RANGE, &sv->target_share);
    if (st == DOSAH_OK)
        st = scn_optional_string(p, map, "target_group", &sv->target_group,
                                 &sv->target_group_mark);
    if (st == DOSAH_OK)
        st = scn_service_options(p, map, name, s, sv);
    return st;
}

static enum dosah_status parse_services(const struct scn_parser *p, const struct scn_node *list,
                                        struct dosah_scenario *s)
{
    char got[SCN_SHOWN];
    size_t i;
    enum dosah_status st = DOSAH_OK;
    if (list->kind != SCN_SEQUENCE || list->nitems == 0)
        return scn_error(p, list->mark,
                         "expected a non-empty list of questions for 'services' (- key: ..., "
                         "types: [...], form: ..., threshold_min: ...), got %s",
                         scn_describe(list, got));
    s->services = dosah_calloc(p->ctx, list->nitems, sizeof *s->services);
    if (!s->services)
        return DOSAH_ENOMEM;
    s->service_count = list->nitems;
    for (i = 0; i < list->nitems; i++) {
        s->services[i].norm_per_10k = NAN;
        s->services[i].target_share = NAN;
    }
    for (i = 0; i < list->nitems && st == DOSAH_OK; i++)
        st = parse_service(p, list->items[i], i, s);
    return st;
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
static enum dosah_status parse_plan_service(const struct scn_parser *p,
                                            const struct scn_node *map, const char *name,
                                            const struct dosah_scenario *s,
                                            struct dosah_plan_spec *pl)
{
    const struct scn_node *v;
    const char **keys;
    const char *near;
    char where[40], list[512];
    size_t i;
    enum dosah_status st;
    snprintf(where, sizeof where, "in %s", name);
    st = scn_required(p, map, "service", where, "the key of a question under services", &v);
    if (st == DOSAH_OK)
        st = scn_get_string(p, v, "service", &pl->service);
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
                       "services; did you mean '%s'?", name, pl->service, near);
    else
        st = scn_error(p, v->mark, "%s names the service '%s', which is not a key under "
                       "services; the keys are: %s", name, pl->service, list);
    dosah_free(keys);
    return st;
}

/* Exactly one of new_units (a whole number >= 1) and target_share (0 < s <= 1). */
static enum dosah_status parse_plan_amount(const struct scn_parser *p,
                                           const struct scn_node *map, const char *name,
                                           struct dosah_plan_spec *pl)
{
    const struct scn_node *units = scn_value(map, "new_units");
    const struct scn_node *share = scn_value(map, "target_share");
    if (units && share) {
        const struct scn_node *ku = scn_key(map, "new_units"), *ks = scn_key(map, "target_share");
        int share_later = ks->mark.line > ku->mark.line ||
                          (ks->mark.line == ku->mark.line && ks->mark.column > ku->mark.column);
        return scn_error(p, share_later ? ks->mark : ku->mark,
                         "%s gives both 'new_units' and 'target_share'; keep one: the number of "
                         "new units to place, or the share of the population to reach",
                         name);
    }
    if (!units && !share)
        return scn_error(p, map->mark,
                         "%s needs 'new_units' (how many new units to place) or 'target_share' "
                         "(the share of the population to reach)",
                         name);
    if (share)
        return scn_get_bounded(p, share, "target_share", SCN_SHARE_RANGE, &pl->target_share);
    return scn_get_whole(p, units, "new_units", 1, &pl->new_units);
}

/* candidates: "municipalities" (the default) or a layer {path, layer, id, ...}. */
static enum dosah_status parse_plan_candidates(const struct scn_parser *p,
                                               const struct scn_node *map, const char *name,
                                               const struct dosah_scenario *s,
                                               struct dosah_plan_spec *pl)
{
    const struct scn_node *key = scn_key(map, "candidates"), *v = scn_value(map, "candidates");
    char got[SCN_SHOWN], cname[48];
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
    snprintf(cname, sizeof cname, "%s.candidates", name);
    return parse_input(p, s, key, v, cname, &candidate_rule, &pl->candidates);
}

static enum dosah_status parse_plans(const struct scn_parser *p, const struct scn_node *list,
                                     struct dosah_scenario *s)
{
    static const char *const keys[] = {"service",    "new_units",     "target_share",
                                       "candidates", "unit_capacity", "method"};
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
        const struct scn_node *map = list->items[i];
        struct dosah_plan_spec *pl = &s->plans[i];
        pl->target_share = NAN;
        pl->unit_capacity = NAN;
        pl->candidates_municipalities = 1;
        snprintf(name, sizeof name, "plan[%zu]", i);
        snprintf(where, sizeof where, "in %s", name);
        st = scn_expect_mapping(p, map, name, "service: ..., new_units: ...");
        if (st == DOSAH_OK)
            st = scn_check_keys(p, map, keys, COUNT(keys), where);
        if (st != DOSAH_OK)
            break;
        pl->mark = map->mark;
        st = parse_plan_service(p, map, name, s, pl);
        if (st == DOSAH_OK)
            st = parse_plan_amount(p, map, name, pl);
        if (st == DOSAH_OK)
            st = parse_plan_candidates(p, map, name, s, pl);
        if (st == DOSAH_OK)
            st = scn_plan_options(p, map, name, s, pl);
    }
    return st;
}

/* name: required, and usable as the output file's base name. */
static enum dosah_status parse_name(const struct scn_parser *p, const struct scn_node *root,
                                    struct dosah_scenario *s)
{
    const struct scn_node *v;
    const unsigned char *c;
    const char *why = NULL;
    char got[SCN_SHOWN];
    enum dosah_status st = scn_required(p, root, "name", "at the top level",
                                    "the scenario's name, also the output file's name", &v);
    if (st == DOSAH_OK)
        st = scn_get_string(p, v, "name", &s->name);
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

enum dosah_status scn_schema_apply(const struct scn_parser *p, const struct scn_node *root,
                                   struct dosah_scenario *s)
{
    static const char *const keys[] = {"name",     "crs",            "inputs",
                                       "network",  "services",       "thresholds_min",
                                       "plan",     "time_windows",   "catchments",
                                       "changes",  "transit",        "output"};
    const struct scn_node *v;
    char got[SCN_SHOWN];
    enum dosah_status st;
    if (root->kind != SCN_MAPPING)
        return scn_error(p, root->mark,
                         "a scenario is a mapping of keys (name: ..., crs: ..., inputs: ..., "
                         "services: ...), got %s",
                         scn_describe(root, got));
    st = scn_check_keys(p, root, keys, COUNT(keys), "at the top level");
    if (st == DOSAH_OK)
        st = parse_name(p, root, s);
    if (st == DOSAH_OK)
        st = scn_required(p, root, "crs", "at the top level",
                      "the working CRS, metric, such as EPSG:5514", &v);
    if (st == DOSAH_OK)
        st = scn_get_string(p, v, "crs", &s->crs);
    if (st == DOSAH_OK)
        st = scn_required(p, root, "inputs", "at the top level", "the data to read", &v);
    if (st == DOSAH_OK)
        st = parse_inputs(p, v, s);
    if (st == DOSAH_OK)
        st = scn_network(p, scn_value(root, "network"), &s->network);
    if (st == DOSAH_OK)
        st = scn_required(p, root, "services", "at the top level", "the questions to answer", &v);
    if (st == DOSAH_OK)
        st = parse_services(p, v, s);
    if (st == DOSAH_OK)
        st = scn_check_groups(p, s);
    if (st == DOSAH_OK)
        v = scn_value(root, "thresholds_min");
    if (st == DOSAH_OK)
        st = v ? parse_thresholds(p, v, s) : set_default_thresholds(p->ctx, s);
    if (st == DOSAH_OK && (v = scn_value(root, "plan")) != NULL)
        st = parse_plans(p, v, s);
    if (st == DOSAH_OK)
        st = scn_time_windows(p, scn_value(root, "time_windows"), s);
    if (st == DOSAH_OK)
        st = scn_catchments(p, scn_value(root, "catchments"), s);
    if (st == DOSAH_OK)
        st = scn_output(p, scn_value(root, "output"), s);
    if (st == DOSAH_OK && (v = scn_value(root, "changes")) != NULL)
        st = scn_changes(p, v, s);
    if (st == DOSAH_OK)
        st = scn_transit(p, root, s);
    return st;
}
