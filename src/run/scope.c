/* SPDX-License-Identifier: MIT */
/*
 * Declared territorial scope against reach. A service's scope is text: groups separated by
 * ';', in a group municipality names or codes separated by ','; what follows a '+' or stands
 * in parentheses names parts of the municipality before it ("Zákupy + Božíkov, Brenná" is
 * Zákupy), so parts count as their municipality. Names match without regard to case and
 * diacritics; a name two municipalities share goes to the one in the service's region, else
 * the nearest. A municipality is reached by a facility when more than half of its population
 * is within the question's threshold. The mismatches go to the `scope` layer, the counts to
 * the services layer.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "core/text.h"
#include "dosah/measure.h"
#include "run/run_internal.h"

#define NAME_MAX_FOLDED 128

/* The municipality a scope word names, or DOSAH_NONE. */
static uint32_t resolve(const struct dosah_model *m, const struct dosah_service *sv,
                        const char *word)
{
    char want[NAME_MAX_FOLDED], have[NAME_MAX_FOLDED];
    uint32_t i, best = DOSAH_NONE;
    double best_d = INFINITY;
    int best_same_region = 0;
    uint32_t own_region =
        sv->municipality == DOSAH_NONE ? DOSAH_NONE : m->municipalities[sv->municipality].region;
    size_t len = strlen(word);
    while (len && isspace((unsigned char)word[len - 1]))
        len--;
    dosah_fold(word, want, sizeof want);
    if (!want[0])
        return DOSAH_NONE;
    for (i = 0; i < m->municipality_count; i++) {
        const struct dosah_area *a = &m->municipalities[i];
        int same;
        double d;
        /* Codes as written (CZ0513 is not cz0513), names folded. */
        if (strlen(a->code.text) == len && strncmp(a->code.text, word, len) == 0)
            return i;
        if (!a->name || (dosah_fold(a->name, have, sizeof have), strcmp(have, want) != 0))
            continue;
        same = own_region != DOSAH_NONE && a->region == own_region;
        d = hypot(a->inside.x - sv->pt.x, a->inside.y - sv->pt.y);
        if (best == DOSAH_NONE || same > best_same_region ||
            (same == best_same_region && d < best_d)) {
            best = i;
            best_d = d;
            best_same_region = same;
        }
    }
    return best;
}

/* Removes every "(...)" (parts of the municipality before it) from s, in place. */
static void drop_parentheses(char *s)
{
    char *out = s;
    int depth = 0;
    for (; *s; s++) {
        if (*s == '(')
            depth++;
        else if (*s == ')' && depth > 0)
            depth--;
        else if (!depth)
            *out++ = *s;
    }
    *out = '\0';
}

/* Marks declared[i] for the municipalities the scope names; unknown words into *unknown. */
static enum dosah_status parse_scope(struct dosah_ctx *ctx, const struct dosah_model *m,
                                     const struct dosah_service *sv, unsigned char *declared,
                                     struct dosah_strbuf *unknown)
{
    char *buf = dosah_strdup(ctx, sv->scope), *group, *gsave = NULL;
    enum dosah_status st = DOSAH_OK;
    if (!buf)
        return DOSAH_ENOMEM;
    drop_parentheses(buf);
    for (group = strtok_r(buf, ";", &gsave); group && !st; group = strtok_r(NULL, ";", &gsave)) {
        char *word, *wsave = NULL, *cut = strchr(group, '+');
        if (cut) /* parts of the municipality before '+' follow: only it counts */
            *cut = '\0';
        for (word = strtok_r(group, ",", &wsave); word && !st; word = strtok_r(NULL, ",", &wsave)) {
            uint32_t i;
            while (isspace((unsigned char)*word))
                word++;
            if (!*word)
                continue;
            i = resolve(m, sv, word);
            if (i != DOSAH_NONE)
                declared[i] = 1;
            else if (unknown->len < 400) /* enough to point at the problem */
                st = dosah_strbuf_printf(ctx, unknown, "%s'%s'", unknown->len ? ", " : "", word);
        }
    }
    dosah_free(buf);
    return st;
}

/* reached[i] = 1 when more than half of municipality i's people are within T of facility j. */
static void reached_by(const struct dosah_model *m, const struct dosah_reach *r, size_t j,
                       double threshold_min, const double *muni_pop, double *within,
                       unsigned char *reached)
{
    size_t e, i;
    memset(within, 0, m->municipality_count * sizeof *within);
    for (e = r->offsets[j]; e < r->offsets[j + 1]; e++) {
        uint32_t mu = m->demand[r->point[e]].municipality;
        if (mu != DOSAH_NONE && dosah_measure_within(r->time_s[e], threshold_min))
            within[mu] += m->demand[r->point[e]].population;
    }
    for (i = 0; i < m->municipality_count; i++)
        reached[i] = muni_pop[i] > 0 && within[i] > 0.5 * muni_pop[i];
}

/* INTEGER when every municipality's code is an integer (QGIS joins without a cast). */
static int codes_are_integers(const struct dosah_area *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!a[i].code.is_number)
            return 0;
    return 1;
}

static enum dosah_status scope_table(struct dosah_ctx *ctx, const struct dosah_model *m,
                                     struct dosah_output *out, struct dosah_table **t)
{
    *t = dosah_output_table_of(ctx, out, DOSAH_T_SCOPE, DOSAH_TABLE_POLYGON,
                               codes_are_integers(m->municipalities, m->municipality_count));
    return *t ? DOSAH_OK : DOSAH_ENOMEM;
}

static enum dosah_status mismatch_row(struct dosah_ctx *ctx, struct dosah_table *t,
                                      const struct dosah_model *m, const char *service_id,
                                      const char *key, uint32_t i, const char *status)
{
    const struct dosah_area *a = &m->municipalities[i];
    size_t row;
    enum dosah_status st = dosah_table_add_row(ctx, t, a->wkb, a->wkb_size, &row);
    struct dosah_column *code = dosah_table_field(t, DOSAH_OF_SCOPE_MUNICIPALITY);
    const struct {
        enum dosah_out_field f;
        const char *text;
    } values[] = {{DOSAH_OF_SCOPE_SERVICE_ID, service_id},
                  {DOSAH_OF_SCOPE_KEY, key},
                  {DOSAH_OF_SCOPE_MUNICIPALITY, a->code.text},
                  {DOSAH_OF_SCOPE_NAME, a->name},
                  {DOSAH_OF_SCOPE_STATUS, status}};
    size_t c;
    for (c = 0; c < sizeof values / sizeof values[0] && !st; c++) {
        struct dosah_column *col = dosah_table_field(t, values[c].f);
        if (col == code && code->type == DOSAH_COLUMN_INTEGER)
            dosah_column_set_integer(code, row, a->code.number);
        else if (values[c].text && !(col->text[row] = dosah_strdup(ctx, values[c].text)))
            st = DOSAH_ENOMEM;
    }
    return st;
}

/* Sets row `row` of the services layer's integer column of field f (created by
 * access_columns.c). */
static void set_count(struct dosah_output *out, enum dosah_out_field f, size_t row, int64_t v)
{
    dosah_column_set_integer(dosah_output_get_field(out, f), row, v);
}

/* One facility: its declared and reached municipalities compared. */
static enum dosah_status one_service(struct dosah_ctx *ctx, const struct dosah_model *m,
                                     struct dosah_output *out, const struct dosah_service_spec *q,
                                     const struct dosah_times *t, size_t j, unsigned char *declared,
                                     const unsigned char *reached)
{
    const struct dosah_service *sv = &m->services[t->facilities[j]];
    struct dosah_strbuf unknown;
    struct dosah_table *tab;
    int64_t n_declared = 0, not_reached = 0, not_declared = 0;
    enum dosah_status st;
    size_t i;
    dosah_strbuf_init(&unknown, 0);
    memset(declared, 0, m->municipality_count);
    if ((st = parse_scope(ctx, m, sv, declared, &unknown)) || (st = scope_table(ctx, m, out, &tab)))
        goto done;
    if (unknown.len &&
        (st = dosah_diag_add(ctx, DOSAH_WARNING, "scope", NULL, "services", sv->id.text, NULL,
                             "its territorial scope names %s, which match no municipality; "
                             "write municipality names or codes (parts after '+')",
                             unknown.data)))
        goto done;
    for (i = 0; i < m->municipality_count && !st; i++) {
        n_declared += declared[i];
        if (declared[i] && !reached[i]) {
            not_reached++;
            st =
                mismatch_row(ctx, tab, m, sv->id.text, q->key, (uint32_t)i, "declared_not_reached");
        } else if (!declared[i] && reached[i]) {
            not_declared++;
            st =
                mismatch_row(ctx, tab, m, sv->id.text, q->key, (uint32_t)i, "reached_not_declared");
        }
    }
    set_count(out, DOSAH_OF_SRV_SCOPE_DECLARED, t->rows[j], n_declared);
    set_count(out, DOSAH_OF_SRV_SCOPE_NOT_REACHED, t->rows[j], not_reached);
    set_count(out, DOSAH_OF_SRV_SCOPE_NOT_DECLARED, t->rows[j], not_declared);
done:
    dosah_strbuf_clear(&unknown);
    return st;
}

enum dosah_status dosah_scope_question(struct dosah_ctx *ctx, const struct dosah_model *m,
                                       struct dosah_output *out, const struct dosah_service_spec *q,
                                       const struct dosah_times *t, const struct dosah_reach *r)
{
    size_t n = m->municipality_count, i, j;
    double *pop = dosah_calloc(ctx, n + 1, sizeof *pop),
           *within = dosah_calloc(ctx, n + 1, sizeof *within);
    unsigned char *declared = dosah_calloc(ctx, n + 1, 1), *reached = dosah_calloc(ctx, n + 1, 1);
    enum dosah_status st = pop && within && declared && reached ? DOSAH_OK : DOSAH_ENOMEM;
    for (i = 0; i < m->demand_count && !st; i++)
        if (m->demand[i].municipality != DOSAH_NONE)
            pop[m->demand[i].municipality] += m->demand[i].population;
    for (j = 0; j < t->facility_count && !st && n; j++) {
        if (!m->services[t->facilities[j]].scope)
            continue;
        reached_by(m, r, j, q->threshold_min, pop, within, reached);
        st = one_service(ctx, m, out, q, t, j, declared, reached);
    }
    dosah_free(pop);
    dosah_free(within);
    dosah_free(declared);
    dosah_free(reached);
    return st;
}
