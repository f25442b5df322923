/* SPDX-License-Identifier: MIT */
/*
 * The population table (inputs.population) joined to the municipalities by code, such as
 * ČSÚ's table of every Czech municipality (kod_obce, obyvatel_celkem). The join is reported
 * in the diagnostics: rows read and matched, rows that match no municipality (expected in a
 * national table), rows without a code, and codes given twice. A code given twice with two
 * different numbers is an input error; municipalities left without population are reported
 * by the loader, all of them in one message.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "core/buf.h"
#include "io/io_internal.h"

#define EXAMPLES 3
#define EXAMPLE_BYTES 32

/* A few values kept for messages, and how many there were in all. */
struct examples {
    size_t count;
    char text[EXAMPLES][EXAMPLE_BYTES];
};

static void example_add(struct examples *e, const char *text)
{
    if (e->count < EXAMPLES)
        snprintf(e->text[e->count], EXAMPLE_BYTES, "%s", text);
    e->count++;
}

/* "'a', 'b', 'c'" and ", ..." when there were more. */
static void example_list(const struct examples *e, char *out, size_t size)
{
    size_t i, n = 0;
    out[0] = '\0';
    for (i = 0; i < e->count && i < EXAMPLES && n < size; i++)
        n += (size_t)snprintf(out + n, size - n, "%s'%s'", i ? ", " : "", e->text[i]);
    if (e->count > EXAMPLES && n < size)
        snprintf(out + n, size - n, ", ...");
}

/* A municipality's code and index, sorted by code for the join. */
struct code_ref {
    const char *code;
    uint32_t index;
};

struct join {
    const struct dosah_model *m;
    struct code_ref *order;   /* the municipalities sorted by code */
    unsigned char *matched;   /* per municipality: a row gave its population */
    size_t rows, rows_matched;
    double population;        /* sum over the matched municipalities */
    struct examples unmatched, no_code, duplicate;
};

static int code_ref_cmp(const void *a, const void *b)
{
    return strcmp(((const struct code_ref *)a)->code, ((const struct code_ref *)b)->code);
}

/* The municipality with this code, or DOSAH_NONE; O(log n). */
static uint32_t join_find(const struct join *j, const char *code)
{
    struct code_ref key = {code, 0};
    const struct code_ref *hit =
        bsearch(&key, j->order, j->m->municipality_count, sizeof key, code_ref_cmp);
    return hit ? hit->index : DOSAH_NONE;
}

/* The row's code as text, "" when empty; numbers written as reals (554782.0) lose ".0". */
static void row_code(const struct dosah_reader *r, OGRFeatureH f, char *out, size_t size)
{
    const char *text = dosah_reader_string(r, f, DOSAH_FIELD_ID);
    int idx = r->field[DOSAH_FIELD_ID];
    size_t n;
    out[0] = '\0';
    if (!text)
        return;
    if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx)) == OFTReal) {
        double v = OGR_F_GetFieldAsDouble(f, idx);
        if (v == floor(v) && fabs(v) < 9e15) {
            snprintf(out, size, "%lld", (long long)v);
            return;
        }
    }
    while (*text == ' ' || *text == '\t')
        text++;
    snprintf(out, size, "%s", text);
    n = strlen(out);
    while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
        out[--n] = '\0';
}

/* One row: its population goes to the municipality of its code. */
static enum dosah_status join_row(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                  OGRFeatureH f, struct join *j, struct dosah_model *m)
{
    char code[64];
    double pop;
    int present;
    uint32_t i;
    enum dosah_status st;
    struct dosah_area *a;
    j->rows++;
    row_code(r, f, code, sizeof code);
    if (!*code) {
        char fid[32];
        snprintf(fid, sizeof fid, "fid %lld", (long long)OGR_F_GetFID(f));
        example_add(&j->no_code, fid);
        return DOSAH_OK;
    }
    if ((i = join_find(j, code)) == DOSAH_NONE) {
        example_add(&j->unmatched, code);
        return DOSAH_OK;
    }
    if ((st = dosah_reader_number(ctx, r, f, code, DOSAH_FIELD_POPULATION, &pop, &present)))
        return st;
    if (!present)
        return DOSAH_OK; /* the municipality is then reported as having no population */
    a = &m->municipalities[i];
    if (pop < 0)
        return dosah_reader_fail(ctx, r, f, code, DOSAH_FIELD_POPULATION,
                                 "negative population %g", pop);
    if (j->matched[i] && a->population != pop)
        return dosah_reader_fail(ctx, r, f, code, DOSAH_FIELD_ID,
                                 "municipality '%s' appears twice, with populations %g and %g. "
                                 "Keep one row per code.",
                                 code, a->population, pop);
    if (j->matched[i]) {
        example_add(&j->duplicate, code);
        return DOSAH_OK;
    }
    if (a->has_population)
        return dosah_reader_fail(ctx, r, f, code, DOSAH_FIELD_ID,
                                 "municipality '%s' has a population already (the "
                                 "municipalities' own field). Map population in one place.",
                                 code);
    if ((st = dosah_read_groups(ctx, r, f, code, a)))
        return st;
    a->population = pop;
    a->has_population = 1;
    j->matched[i] = 1;
    j->rows_matched++;
    j->population += pop;
    return DOSAH_OK;
}

/* The join in the diagnostics: a summary, then what deserves a look. */
static enum dosah_status join_report(struct dosah_ctx *ctx, const struct dosah_reader *r,
                                     const struct join *j)
{
    const char *file = r->spec->path_as_written, *col = r->spec->fields[DOSAH_FIELD_ID];
    char list[3 * EXAMPLE_BYTES + 16];
    enum dosah_status st;
    example_list(&j->unmatched, list, sizeof list);
    st = dosah_diag_add(ctx, DOSAH_INFO, "load", file, r->layer_name, NULL, col,
                        "population joined by code: %zu %s read, %zu %s of %zu matched "
                        "(population %.0f); %zu %s no municipality%s%s%s",
                        j->rows, dosah_plural(j->rows, "row", "rows"), j->rows_matched,
                        dosah_plural(j->rows_matched, "municipality", "municipalities"),
                        j->m->municipality_count, j->population, j->unmatched.count,
                        dosah_plural(j->unmatched.count, "row matches", "rows match"),
                        j->unmatched.count ? " (e.g. " : "", list,
                        j->unmatched.count ? "; rows of other regions are expected in a "
                                             "national table)"
                                           : "");
    if (!st && j->duplicate.count) {
        example_list(&j->duplicate, list, sizeof list);
        st = dosah_diag_add(ctx, DOSAH_WARNING, "load", file, r->layer_name, NULL, col,
                            "%zu code%s more than once, with the same population (%s); "
                            "each counts once",
                            j->duplicate.count,
                            j->duplicate.count == 1 ? " appears" : "s appear", list);
    }
    if (!st && j->no_code.count) {
        example_list(&j->no_code, list, sizeof list);
        st = dosah_diag_add(ctx, DOSAH_WARNING, "load", file, r->layer_name, NULL, col,
                            "%zu row%s no code (%s); skipped", j->no_code.count,
                            j->no_code.count == 1 ? " has" : "s have", list);
    }
    return st;
}

enum dosah_status dosah_load_population(struct dosah_ctx *ctx, struct dosah_reader *r,
                                        struct dosah_model *m)
{
    struct join j;
    OGRFeatureH f;
    size_t i, n = m->municipality_count;
    enum dosah_status st = DOSAH_ENOMEM;
    memset(&j, 0, sizeof j);
    j.m = m;
    j.order = dosah_calloc(ctx, n ? n : 1, sizeof *j.order);
    j.matched = dosah_calloc(ctx, n ? n : 1, 1);
    if (!j.order || !j.matched)
        goto fail;
    for (i = 0; i < n; i++) {
        j.order[i].code = m->municipalities[i].code.text;
        j.order[i].index = (uint32_t)i;
    }
    qsort(j.order, n, sizeof *j.order, code_ref_cmp);
    st = DOSAH_OK;
    OGR_L_ResetReading(r->layer);
    while (!st && (f = OGR_L_GetNextFeature(r->layer)) != NULL) {
        st = join_row(ctx, r, f, &j, m);
        OGR_F_Destroy(f);
    }
    if (!st)
        st = join_report(ctx, r, &j);
fail:
    dosah_free(j.order);
    dosah_free(j.matched);
    return st;
}
