/* SPDX-License-Identifier: MIT */
/*
 * Private to the scenario parser: the small YAML tree that scenario.c builds from libyaml's
 * events (with the mark of every node, no anchors, no aliases, no duplicate keys), the typed
 * accessors of scenario_value.c, and scenario_schema.c, which walks the tree to fill a struct
 * dosah_scenario.
 */
#ifndef DOSAH_SCENARIO_INTERNAL_H
#define DOSAH_SCENARIO_INTERNAL_H

#include <stddef.h>

#include "dosah/scenario.h"

enum scn_kind { SCN_SCALAR, SCN_SEQUENCE, SCN_MAPPING };

/*
 * One YAML node. A mapping keeps its keys and values interleaved in items (key 2i, value
 * 2i+1; every key is a scalar); a sequence keeps its items in order.
 */
struct scn_node {
    enum scn_kind kind;
    struct dosah_yaml_mark mark;  /* where the node starts, 1-based */
    char *text;                   /* scalar: the value, NUL-free UTF-8; NULL otherwise */
    int quoted;                   /* scalar: quoted or block style, hence always a string */
    struct scn_node **items;
    size_t nitems;
    size_t cap;
};

/* What every diagnostic of one parse needs: the context and the file name as given. */
struct scn_parser {
    struct dosah_ctx *ctx;
    const char *path;
};

/*
 * Sets DOSAH_EINVAL on the context with the message "PATH:LINE:COLUMN: " followed by the
 * formatted text, and returns DOSAH_EINVAL.
 */
enum dosah_status scn_error(const struct scn_parser *p, struct dosah_yaml_mark mark,
                            const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Parses text[0..size) (UTF-8, one document) into a tree. On success *root is the
 * document's root node (free with scn_node_free); on failure *root is NULL and the context
 * says why (DOSAH_EINVAL with a file:line:column message, or DOSAH_ENOMEM).
 */
enum dosah_status scn_tree_parse(const struct scn_parser *p, const char *text, size_t size,
                                 struct scn_node **root);
/* scenario_groups.c: `groups:` of an input (map may be NULL: none), and the questions'
 * target groups checked against them. */
enum dosah_status scn_input_groups(const struct scn_parser *p, const struct scn_node *map,
                                   const char *name, struct dosah_input_spec *spec);
enum dosah_status scn_check_groups(const struct scn_parser *p, const struct dosah_scenario *s);

/* Frees a node and everything below it. NULL does nothing. */
void scn_node_free(struct scn_node *n);

/* 1 when the node is a plain scalar that YAML reads as null: empty, "~" or "null". */
int scn_is_null(const struct scn_node *n);

/*
 * Typed access to the tree (scenario_value.c). `what` names the value in messages
 * ("access_kmh", "thresholds_min[2]"); `where` is a phrase such as "in services[1]" or "at the
 * top level". Each failure sets DOSAH_EINVAL at the offending node's mark (or DOSAH_ENOMEM).
 */
#define SCN_SHOWN 80 /* room for a value quoted in a message */

/* Ranges of numbers: > 0, >= 0, [0, 1] and (0, 1]. */
enum scn_bound { SCN_ABOVE_ZERO, SCN_ZERO_OR_MORE, SCN_UNIT_RANGE, SCN_SHARE_RANGE };

/* The key node, or the value node, of key in a mapping; NULL when absent. */
const struct scn_node *scn_key(const struct scn_node *map, const char *key);
const struct scn_node *scn_value(const struct scn_node *map, const char *key);
/* How a node reads in a "got ..." message: 'text' (shortened) or "a mapping", "a list"... */
const char *scn_describe(const struct scn_node *n, char buf[SCN_SHOWN]);
/* The word of valid within typing distance of word (ASCII case aside), or NULL. */
const char *scn_nearest(const char *word, const char *const *valid, size_t count);
/* Writes "a, b, c" into buf, as many words as fit. */
void scn_join(char *buf, size_t size, const char *const *words, size_t count);
/* Fails at the first key of map not in valid, naming the nearest valid key or all of them. */
enum dosah_status scn_check_keys(const struct scn_parser *p, const struct scn_node *map,
                                 const char *const *valid, size_t count, const char *where);
/* *out = the value of a required key; a missing key fails at map's mark, with hint. */
enum dosah_status scn_required(const struct scn_parser *p, const struct scn_node *map,
                               const char *key, const char *where, const char *hint,
                               const struct scn_node **out);
/* Fails unless n is a mapping; example shows what one looks like. */
enum dosah_status scn_expect_mapping(const struct scn_parser *p, const struct scn_node *n,
                                     const char *what, const char *example);
/* A non-empty scalar copied into *out (free with dosah_free). */
enum dosah_status scn_get_string(const struct scn_parser *p, const struct scn_node *n,
                                 const char *what, char **out);
/* As scn_get_string for an optional key; *mark (unless NULL) gets the value's mark. */
enum dosah_status scn_optional_string(const struct scn_parser *p, const struct scn_node *map,
                                      const char *key, char **out,
                                      struct dosah_yaml_mark *mark);
/* A plain scalar that is a whole decimal number (sign, digits, fraction, exponent). */
enum dosah_status scn_get_number(const struct scn_parser *p, const struct scn_node *n,
                                 const char *what, double *out);
/* A number within bound b. */
enum dosah_status scn_get_bounded(const struct scn_parser *p, const struct scn_node *n,
                                  const char *what, enum scn_bound b, double *out);
/* A plain true or false. */
enum dosah_status scn_get_bool(const struct scn_parser *p, const struct scn_node *n,
                               const char *what, int *out);
/* A plain scalar that is a whole number >= min. */
enum dosah_status scn_get_whole(const struct scn_parser *p, const struct scn_node *n,
                                const char *what, long min, long *out);

/*
 * The declarative schema (scenario_table.c). Each section of the scenario (the top level,
 * an input, network, a question, a plan entry, ...) is one table of rows, one row per key:
 * its type and bounds, whether it is required (and the hint of the message when it is
 * missing), its default and where its value goes in the section's struct (offsetof), or a
 * hook for a complex value. The same table gives the valid keys for the "did you mean"
 * messages, and tests/unit/io/test_scenario_readme.c checks it against README.md's key tables.
 */
enum scn_type {
    SCN_T_STRING,    /* a non-empty scalar, copied into a char * */
    SCN_T_NUMBER,    /* a number within row.bound, into a double */
    SCN_T_WHOLE,     /* a whole number >= row.min, into a long */
    SCN_T_BOOL,      /* plain true or false, 1 or 0 into an int */
    SCN_T_BOOL_NOT,  /* plain true or false, stored negated (the struct keeps the exception) */
    SCN_T_WORD,      /* one of row.words, its index into an int (or an enum of int's size) */
    SCN_T_HOOK,      /* row.hook reads the value */
    SCN_T_ELSEWHERE  /* a valid key that another row's hook or a later pass reads */
};

/* Where a section is read: what the rows' offsets and hooks work on. */
struct scn_at {
    const struct dosah_scenario *s; /* the scenario as read so far */
    void *base;                     /* the struct the rows' offsets point into */
    const struct scn_node *map;     /* the section's mapping; NULL when it is absent */
    const char *name;               /* the section in messages: "network", "services[1]" */
    const char *where;              /* "in services[1]", "at the top level" */
    size_t index;                   /* a list entry's index (services[index]) */
};

/* How an offset of a mark is written in a row: 0 means none. */
#define SCN_MARK_AT(type, member) (offsetof(type, member) + 1)

struct scn_row {
    const char *key;
    enum scn_type type;
    enum scn_bound bound;       /* SCN_T_NUMBER */
    long min;                   /* SCN_T_WHOLE */
    const char *const *words;   /* SCN_T_WORD: NULL-terminated */
    const char *noun;           /* SCN_T_WORD: the value in messages ("fca method"); NULL: key */
    int required;               /* a missing key is an error, with hint */
    const char *hint;           /* what the key holds, for "missing required key" */
    double def;                 /* the value stored when the key is absent (numbers, whole
                                   numbers, booleans as stored, a word's index) */
    int keep;                   /* 1: no default; an absent key leaves the value as it is */
    int always;                 /* SCN_T_HOOK: the hook runs with v NULL when the key is absent */
    size_t at;                  /* offsetof the value in at->base (not SCN_T_HOOK) */
    size_t mark_at;             /* SCN_MARK_AT of where the value is written; 0: not kept */
    unsigned step;              /* rows are read by increasing step, of one step in table
                                   order: the order decides which of two bad values is named */
    /* SCN_T_HOOK: reads v (NULL only with always); any other type: a further rule on the
     * value just read, or NULL. Returns DOSAH_OK or the status of an scn_error. */
    enum dosah_status (*hook)(const struct scn_parser *p, const struct scn_node *v,
                              const struct scn_at *at);
};

struct scn_section {
    const char *example;       /* a mapping of this section, for "expected a mapping" */
    const struct scn_row *rows;
    size_t count;
    /* a rule across the keys, after every row, or NULL */
    enum dosah_status (*done)(const struct scn_parser *p, const struct scn_at *at);
    const char *readme;        /* the README heading ("### Network") of the key table */
    const char *readme_row;    /* NULL: the heading's first table lists exactly these keys;
                                  else the key of that table's row that names them all */
};

#define SCN_ROWS_MAX 24 /* the most rows of a section */

/* The sections, for the README check: scn_sections[0 .. scn_section_count). */
extern const struct scn_section *const scn_sections[];
extern const size_t scn_section_count;
extern const struct scn_section scn_top_section, scn_input_section, scn_network_section,
    scn_service_section, scn_fca_section, scn_plan_section, scn_catchments_section,
    scn_output_section, scn_transit_section, scn_add_section;

/* scenario_schema.c: the field mappings an input kind accepts and requires (bit sets of
 * 1 << enum dosah_field; demand's id is required of a layer, not of a raster). */
void scn_input_fields(enum dosah_input_kind kind, unsigned *accepted, unsigned *required);

/* The rows' keys in table order into keys (room for count). */
void scn_rows_keys(const struct scn_row *rows, size_t count, const char **keys);
/* Stores the rows' defaults in at->base, then reads the keys of at->map (NULL: none) by step. */
enum dosah_status scn_rows_read(const struct scn_parser *p, const struct scn_row *rows,
                                size_t count, const struct scn_at *at);
/* A section at at->map (NULL: every default): a mapping, only its keys, then scn_rows_read. */
enum dosah_status scn_section_read(const struct scn_parser *p, const struct scn_section *sec,
                                   const struct scn_at *at);
/* A scalar among words (NULL-terminated); *index gets its position. */
enum dosah_status scn_get_word(const struct scn_parser *p, const struct scn_node *v,
                               const char *noun, const char *const *words, size_t *index);

/* scenario_options.c: hooks of the question and plan tables: services[].fca (absent: the
 * defaults), priority: field needs the services' priority column, and a plan's
 * unit_capacity needs new_units and the question's norm. */
enum dosah_status scn_fca(const struct scn_parser *p, const struct scn_node *v,
                          const struct scn_at *at);
enum dosah_status scn_priority_column(const struct scn_parser *p, const struct scn_node *v,
                                      const struct scn_at *at);
enum dosah_status scn_unit_capacity_rules(const struct scn_parser *p,
                                          const struct scn_node *v, const struct scn_at *at);
/* scenario_services.c: the questions, a non-empty list. */
enum dosah_status scn_services(const struct scn_parser *p, const struct scn_node *list,
                               struct dosah_scenario *s);
/* changes: the what-if list. */
enum dosah_status scn_changes(const struct scn_parser *p, const struct scn_node *list,
                              struct dosah_scenario *s);
/* time_windows (NULL: the three defaults) and catchments (NULL: defaults). */
enum dosah_status scn_time_windows(const struct scn_parser *p, const struct scn_node *map,
                                   struct dosah_scenario *s);
enum dosah_status scn_catchments(const struct scn_parser *p, const struct scn_node *map,
                                 struct dosah_scenario *s);
/* output (NULL: defaults): which optional layers the GeoPackage holds. */
enum dosah_status scn_output(const struct scn_parser *p, const struct scn_node *map,
                             struct dosah_scenario *s);


/* scenario_network.c: the network section (NULL: every default). */
enum dosah_status scn_network(const struct scn_parser *p, const struct scn_node *net,
                              struct dosah_network_spec *ns);

/*
 * Fills s (name, crs, inputs, network, services, thresholds, plan, ...) from the document's
 * root and checks the whole-scenario rules. s->path and s->dir must be set; on failure s
 * holds whatever was filled so far and dosah_scenario_destroy frees it.
 */
enum dosah_status scn_schema_apply(const struct scn_parser *p, const struct scn_node *root,
                                   struct dosah_scenario *s);

/* scenario_transit.c: the top-level `transit:` options, each transit question's `day` and
 * `depart` (named windows resolved against time_windows), and the rules that tie them to the
 * inputs; after the services, plan and time windows are parsed. */
enum dosah_status scn_transit(const struct scn_parser *p, const struct scn_node *root,
                              struct dosah_scenario *s);

#endif
