/* SPDX-License-Identifier: MIT */
/*
 * The output tables, fields and run_info keys (fields.h): the tables made from its X-macro
 * lists and the accessors that everyone else reads them through.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/fields.h"
#include "dosah/output.h"

_Static_assert(DOSAH_T_MUNICIPALITIES == (int)DOSAH_LAYER_MUNICIPALITIES &&
                   DOSAH_T_REGIONS == (int)DOSAH_LAYER_REGIONS &&
                   DOSAH_T_SERVICES == (int)DOSAH_LAYER_SERVICES &&
                   DOSAH_T_DEMAND == (int)DOSAH_LAYER_DEMAND &&
                   DOSAH_T_LOCALITIES == (int)DOSAH_LAYER_LOCALITIES &&
                   DOSAH_T_ROADS == (int)DOSAH_LAYER_ROADS,
               "the first tables are the layers of enum dosah_layer, in its order");
_Static_assert(DOSAH_T_COUNT <= 32, "a table mask is an unsigned int");

struct table_def {
    const char *name, *title_cs, *title_en;
};

struct field_def {
    enum dosah_table_id table;
    const char *name;
    enum dosah_field_type type;
    const char *alias_cs, *alias_en;
};

struct key_field_def {
    unsigned tables;
    const char *suffix;
    enum dosah_field_type type;
    const char *alias_cs, *alias_en;
};

static const struct table_def tables[DOSAH_T_COUNT] = {
#define TABLE_DEF(id, name, cs, en) {name, cs, en},
    DOSAH_TABLES(TABLE_DEF)
#undef TABLE_DEF
};

static const struct field_def fields[DOSAH_OF_COUNT] = {
#define FIELD_DEF(id, table, name, type, cs, en) {DOSAH_T_##table, name, DOSAH_FT_##type, cs, en},
    DOSAH_OUT_FIELDS(FIELD_DEF)
#undef FIELD_DEF
};

static const struct key_field_def key_fields[DOSAH_KF_COUNT] = {
#define KEY_FIELD_DEF(id, tables, suffix, type, cs, en) {tables, suffix, DOSAH_FT_##type, cs, en},
    DOSAH_KEY_FIELDS(KEY_FIELD_DEF)
#undef KEY_FIELD_DEF
};

struct column_def {
    enum dosah_field_cell cell;
    enum dosah_field_unit unit;
    const char *heading_cs, *heading_en;
};

/* Indexed by field id; a field the report does not show stays zero (DOSAH_FC_NONE). */
static const struct column_def out_columns[DOSAH_OF_COUNT] = {
#define COLUMN_DEF(id, cell, unit, cs, en)                                                         \
    [DOSAH_OF_##id] = {DOSAH_FC_##cell, DOSAH_FU_##unit, cs, en},
    DOSAH_OUT_COLUMNS(COLUMN_DEF)
#undef COLUMN_DEF
};

static const struct column_def key_columns[DOSAH_KF_COUNT] = {
#define COLUMN_DEF(id, cell, unit, cs, en)                                                         \
    [DOSAH_KF_##id] = {DOSAH_FC_##cell, DOSAH_FU_##unit, cs, en},
    DOSAH_KEY_COLUMNS(COLUMN_DEF)
#undef COLUMN_DEF
};

static const char *const units[DOSAH_FU_COUNT][2] = {
    [DOSAH_FU_NONE] = {"", ""},
    [DOSAH_FU_MINUTES] = {"min", "min"},
    [DOSAH_FU_PERCENT] = {"%", "%"},
    [DOSAH_FU_PEOPLE] = {"obyv.", "people"},
    [DOSAH_FU_UNITS] = {"jednotek", "units"},
    [DOSAH_FU_PER_1000] = {"na 1\xc2\xa0"
                           "000 obyv.",
                           "per 1,000"},
    [DOSAH_FU_PER_10K] = {"na 10\xc2\xa0"
                          "000 obyv.",
                          "per 10,000"},
};

static const char *const facts[DOSAH_FACT_COUNT] = {
#define FACT_DEF(id, key) key,
    DOSAH_FACTS(FACT_DEF)
#undef FACT_DEF
};

const char *dosah_table_name(enum dosah_table_id t)
{
    return tables[t].name;
}

const char *dosah_table_title(enum dosah_table_id t, int english)
{
    return english ? tables[t].title_en : tables[t].title_cs;
}

const char *dosah_out_field_name(enum dosah_out_field f)
{
    return fields[f].name;
}

enum dosah_field_type dosah_out_field_type(enum dosah_out_field f)
{
    return fields[f].type;
}

const char *dosah_out_field_alias(enum dosah_out_field f, int english)
{
    return english ? fields[f].alias_en : fields[f].alias_cs;
}

const char *dosah_out_field_heading(enum dosah_out_field f, int english)
{
    return english ? out_columns[f].heading_en : out_columns[f].heading_cs;
}

enum dosah_field_cell dosah_out_field_cell(enum dosah_out_field f)
{
    return out_columns[f].cell;
}

enum dosah_field_unit dosah_out_field_unit(enum dosah_out_field f)
{
    return out_columns[f].unit;
}

enum dosah_table_id dosah_out_field_table(enum dosah_out_field f)
{
    return fields[f].table;
}

enum dosah_out_field dosah_out_field_first(enum dosah_table_id t)
{
    int f;
    for (f = 0; f < DOSAH_OF_COUNT && fields[f].table != t; f++)
        ;
    return (enum dosah_out_field)f;
}

const char *dosah_key_field_suffix(enum dosah_key_field f)
{
    return key_fields[f].suffix;
}

enum dosah_field_type dosah_key_field_type(enum dosah_key_field f)
{
    return key_fields[f].type;
}

const char *dosah_key_field_alias(enum dosah_key_field f, int english)
{
    return english ? key_fields[f].alias_en : key_fields[f].alias_cs;
}

unsigned dosah_key_field_tables(enum dosah_key_field f)
{
    return key_fields[f].tables;
}

const char *dosah_key_field_heading(enum dosah_key_field f, int english)
{
    return english ? key_columns[f].heading_en : key_columns[f].heading_cs;
}

enum dosah_field_cell dosah_key_field_cell(enum dosah_key_field f)
{
    return key_columns[f].cell;
}

enum dosah_field_unit dosah_key_field_unit(enum dosah_key_field f)
{
    return key_columns[f].unit;
}

const char *dosah_field_unit_text(enum dosah_field_unit u, int english)
{
    return units[u][english ? 1 : 0];
}

/* Appends text (NULL: nothing) to out (of size n, at *at), cut at the end; out stays
 * terminated. */
static void put(char *out, size_t n, size_t *at, const char *text, size_t len)
{
    if (!text || *at + 1 >= n)
        return;
    if (len > n - 1 - *at)
        len = n - 1 - *at;
    memcpy(out + *at, text, len);
    *at += len;
    out[*at] = '\0';
}

/* Writes template into out with each {x} replaced by the string values[x] (a 128-entry
 * table, NULL entries: the {x} is kept). */
static void expand(const char *template, const char *const *values, char *out, size_t n)
{
    size_t at = 0;
    if (n == 0)
        return;
    out[0] = '\0';
    while (*template) {
        const char *brace = strchr(template, '{');
        unsigned char x;
        if (!brace) {
            put(out, n, &at, template, strlen(template));
            return;
        }
        put(out, n, &at, template, (size_t)(brace - template));
        x = (unsigned char)brace[1];
        if (x < 128 && x && brace[2] == '}' && values[x]) {
            put(out, n, &at, values[x], strlen(values[x]));
            template = brace + 3;
        } else {
            put(out, n, &at, "{", 1);
            template = brace + 1;
        }
    }
}

void dosah_field_expand(const char *template, double minutes, const char *window, const char *hours,
                        char *out, size_t n)
{
    const char *values[128] = {0};
    char num[32];
    snprintf(num, sizeof num, "%g", minutes);
    values['T'] = num;
    values['W'] = window ? window : "";
    values['w'] = hours ? hours : "";
    expand(template, values, out, n);
}

void dosah_key_field_name(enum dosah_key_field f, const char *key, double minutes,
                          const char *window, char *out, size_t n)
{
    char suffix[96];
    dosah_field_expand(key_fields[f].suffix, minutes, window, NULL, suffix, sizeof suffix);
    snprintf(out, n, "%s_%s", key, suffix);
}

/* 1 when name matches suffix template t: its text as written, {T} one or more digits (a
 * decimal point among them), {W} one or more of a-z, 0-9 and _ to the end of the name. */
static int suffix_matches(const char *t, const char *name)
{
    while (*t) {
        if (t[0] == '{' && t[1] == 'T' && t[2] == '}') {
            const char *start = name;
            while ((*name >= '0' && *name <= '9') || (*name == '.' && name > start))
                name++;
            if (name == start)
                return 0;
            t += 3;
        } else if (t[0] == '{' && t[1] == 'W' && t[2] == '}' && !t[3]) {
            if (!*name)
                return 0;
            for (; *name; name++)
                if (!((*name >= 'a' && *name <= 'z') || (*name >= '0' && *name <= '9') ||
                      *name == '_'))
                    return 0;
            return 1;
        } else if (*t++ != *name++) {
            return 0;
        }
    }
    return !*name;
}

int dosah_key_field_of_name(const char *name, const char *key, unsigned table_mask,
                            enum dosah_key_field *f)
{
    size_t n = strlen(key);
    int k;
    if (strncmp(name, key, n) != 0 || name[n] != '_')
        return 0;
    for (k = 0; k < DOSAH_KF_COUNT; k++)
        if ((key_fields[k].tables & table_mask) &&
            suffix_matches(key_fields[k].suffix, name + n + 1)) {
            *f = (enum dosah_key_field)k;
            return 1;
        }
    return 0;
}

const char *dosah_fact_template(enum dosah_fact f)
{
    return facts[f];
}

void dosah_fact_key(enum dosah_fact f, const char *arg, char *out, size_t n)
{
    const char *values[128] = {0};
    values['K'] = values['W'] = values['I'] = arg ? arg : "";
    expand(facts[f], values, out, n);
}

void dosah_field_heading_expand(const char *heading, enum dosah_field_unit u, int english,
                                const struct dosah_heading_args *a, char *out, size_t n)
{
    const char *values[128] = {0};
    char num[32], kept[256];
    size_t at = 0;
    if (a && !isnan(a->minutes)) {
        snprintf(num, sizeof num, "%g", a->minutes);
        values['T'] = num;
    }
    if (a) {
        values['W'] = a->window;
        values['w'] = a->hours;
        values['L'] = a->label;
    }
    values['U'] = dosah_field_unit_text(u, english);
    /* first the [ ] parts: kept without brackets when all their placeholders have values */
    kept[0] = '\0';
    while (*heading) {
        const char *open = strchr(heading, '['), *close = open ? strchr(open, ']') : NULL, *p;
        int whole = 1;
        if (!open || !close) {
            put(kept, sizeof kept, &at, heading, strlen(heading));
            break;
        }
        put(kept, sizeof kept, &at, heading, (size_t)(open - heading));
        for (p = open; p < close && whole; p++)
            if (p[0] == '{' && p + 2 < close && p[2] == '}' && (unsigned char)p[1] < 128 &&
                !values[(unsigned char)p[1]])
                whole = 0;
        if (whole)
            put(kept, sizeof kept, &at, open + 1, (size_t)(close - open - 1));
        heading = close + 1;
    }
    expand(kept, values, out, n);
}
