/* SPDX-License-Identifier: MIT */
/*
 * The in-memory model's lifecycle, and the parsers of the two domain vocabularies every
 * input uses: the form of a service and its § type of act 108/2006 Sb.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "dosah/model.h"

void dosah_id_clear(struct dosah_id *id)
{
    dosah_free(id->text);
    memset(id, 0, sizeof *id);
}

static void areas_free(struct dosah_area *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        dosah_id_clear(&a[i].code);
        dosah_free(a[i].name);
        dosah_free(a[i].region_code);
        dosah_free(a[i].wkb);
        dosah_free(a[i].groups);
    }
    dosah_free(a);
}

static void roads_free(struct dosah_roads *r)
{
    size_t i;
    dosah_free(r->vertex_offset);
    dosah_free(r->xy);
    dosah_free(r->class_index);
    dosah_free(r->speed_kmh);
    dosah_free(r->oneway);
    dosah_free(r->fid);
    for (i = 0; i < r->class_count; i++)
        dosah_free(r->class_names[i]);
    dosah_free(r->class_names);
    memset(r, 0, sizeof *r);
}

static void od_free(struct dosah_od *od)
{
    size_t i;
    for (i = 0; i < od->count; i++) {
        dosah_free(od->origin[i]);
        dosah_free(od->destination[i]);
    }
    dosah_free(od->origin);
    dosah_free(od->destination);
    dosah_free(od->minutes);
    memset(od, 0, sizeof *od);
}

struct dosah_model *dosah_model_destroy(struct dosah_model *m)
{
    size_t i;
    if (!m)
        return NULL;
    od_free(&m->od);
    for (i = 0; i < m->plan_count; i++) {
        size_t c;
        for (c = 0; c < m->plan_candidates[i].count; c++) {
            dosah_id_clear(&m->plan_candidates[i].items[c].id);
            dosah_free(m->plan_candidates[i].items[c].name);
        }
        dosah_free(m->plan_candidates[i].items);
    }
    dosah_free(m->plan_candidates);
    areas_free(m->municipalities, m->municipality_count);
    areas_free(m->regions, m->region_count);
    for (i = 0; i < m->demand_count; i++)
        dosah_id_clear(&m->demand[i].id);
    dosah_free(m->demand);
    for (i = 0; i < m->service_count; i++) {
        dosah_id_clear(&m->services[i].id);
        dosah_free(m->services[i].name);
        dosah_free(m->services[i].hours);
        dosah_free(m->services[i].scope);
        dosah_free(m->services[i].provider);
        dosah_free(m->services[i].capacity_unit);
    }
    dosah_free(m->services);
    for (i = 0; i < m->locality_count; i++) {
        dosah_id_clear(&m->localities[i].id);
        dosah_free(m->localities[i].name);
        dosah_free(m->localities[i].wkb);
    }
    dosah_free(m->localities);
    roads_free(&m->roads);
    dosah_free(m->crs_wkt);
    dosah_free(m->municipality_by_code);
    dosah_free(m);
    return NULL;
}

struct code_ref {
    const char *code;
    uint32_t index;
};

static int code_ref_cmp(const void *a, const void *b)
{
    return strcmp(((const struct code_ref *)a)->code, ((const struct code_ref *)b)->code);
}

enum dosah_status dosah_model_index_municipalities(struct dosah_ctx *ctx, struct dosah_model *m)
{
    size_t i, n = m->municipality_count;
    struct code_ref *refs = dosah_calloc(ctx, n ? n : 1, sizeof *refs);
    uint32_t *order = dosah_calloc(ctx, n ? n : 1, sizeof *order);
    if (!refs || !order) {
        dosah_free(refs);
        dosah_free(order);
        return DOSAH_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        refs[i].code = m->municipalities[i].code.text;
        refs[i].index = (uint32_t)i;
    }
    qsort(refs, n, sizeof *refs, code_ref_cmp);
    for (i = 0; i < n; i++)
        order[i] = refs[i].index;
    dosah_free(refs);
    dosah_free(m->municipality_by_code);
    m->municipality_by_code = order;
    m->municipality_by_code_count = n;
    return DOSAH_OK;
}

uint32_t dosah_model_find_municipality(const struct dosah_model *m, const char *code)
{
    uint32_t i;
    size_t lo = 0, hi = m->municipality_by_code_count;
    if (!m->municipality_by_code || hi != m->municipality_count) {
        for (i = 0; i < m->municipality_count; i++)
            if (strcmp(m->municipalities[i].code.text, code) == 0)
                return i;
        return DOSAH_NONE;
    }
    while (lo < hi) { /* the first entry whose code is not below code */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(m->municipalities[m->municipality_by_code[mid]].code.text, code) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < m->municipality_by_code_count &&
        strcmp(m->municipalities[m->municipality_by_code[lo]].code.text, code) == 0)
        return m->municipality_by_code[lo];
    return DOSAH_NONE;
}

const char *dosah_placement_name(enum dosah_placement p)
{
    static const char *const names[DOSAH_PLACED_COUNT] = {
        "input", "address", "raster_cell", "definition_point", "road_density",
        "point_on_surface"};
    return (unsigned)p < DOSAH_PLACED_COUNT ? names[p] : "unknown";
}

const char *dosah_form_name(enum dosah_form form)
{
    switch (form) {
    case DOSAH_FORM_FIELD:
        return "field";
    case DOSAH_FORM_AMBULANT:
        return "ambulant";
    case DOSAH_FORM_RESIDENTIAL:
        return "residential";
    default:
        return "unknown";
    }
}

static unsigned form_word(const char *w)
{
    static const struct {
        const char *word;
        unsigned form;
    } words[] = {
        {"field", DOSAH_FORM_FIELD},         {"terenni", DOSAH_FORM_FIELD},
        {"ambulant", DOSAH_FORM_AMBULANT},   {"ambulatory", DOSAH_FORM_AMBULANT},
        {"ambulantni", DOSAH_FORM_AMBULANT}, {"residential", DOSAH_FORM_RESIDENTIAL},
        {"pobytova", DOSAH_FORM_RESIDENTIAL},
    };
    size_t i;
    for (i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(w, words[i].word) == 0)
            return words[i].form;
    return 0;
}

unsigned dosah_form_parse(const char *text)
{
    char folded[256];
    char *part, *save = NULL;
    unsigned forms = 0;
    if (!text)
        return 0;
    dosah_fold(text, folded, sizeof folded);
    for (part = strtok_r(folded, ",;+/", &save); part; part = strtok_r(NULL, ",;+/", &save)) {
        char *end;
        unsigned f;
        while (*part == ' ')
            part++;
        end = part + strlen(part);
        while (end > part && end[-1] == ' ')
            *--end = '\0';
        f = form_word(part);
        if (!f)
            return 0;
        forms |= f;
    }
    return forms;
}

/* Sections of act 108/2006 Sb. that define a social service (§53 only defines a group). */
static int is_service_section(long n)
{
    return n == 37 || (n >= 39 && n <= 52) || (n >= 54 && n <= 70);
}

int dosah_type_parse(const char *text)
{
    char folded[64];
    const char *p;
    char *end;
    long n;
    if (!text)
        return 0;
    dosah_fold(text, folded, sizeof folded);
    p = folded;
    if (strncmp(p, "\xc2\xa7", 2) == 0) /* § */
        p += 2;
    else if (strncmp(p, "par.", 4) == 0)
        p += 4;
    while (*p == ' ' || *p == '\xc2' || *p == '\xa0')
        p++;
    if (!isdigit((unsigned char)*p))
        return 0;
    n = strtol(p, &end, 10);
    while (*end == ' ')
        end++;
    if (*end != '\0' || !is_service_section(n))
        return 0;
    return (int)n;
}
