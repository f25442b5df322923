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
/* As scn_get_bounded for an optional key; *out keeps its value when the key is absent. */
enum dosah_status scn_optional_bounded(const struct scn_parser *p, const struct scn_node *map,
                                       const char *key, enum scn_bound b, double *out);
/* An optional plain true or false; *out keeps its value when the key is absent. */
enum dosah_status scn_optional_bool(const struct scn_parser *p, const struct scn_node *map,
                                    const char *key, int *out);
/* A plain scalar that is a whole number >= min. */
enum dosah_status scn_get_whole(const struct scn_parser *p, const struct scn_node *n,
                                const char *what, long min, long *out);

/*
 * Fills s (name, crs, inputs, network, services, thresholds, plan) from the document's root
 * and checks the whole-scenario rules. s->path and s->dir must be set; on failure s holds
 * whatever was filled so far and dosah_scenario_destroy frees it.
 */
/* scenario_options.c: the service's mode, fca and priority (sv's other keys are parsed). */
enum dosah_status scn_service_options(const struct scn_parser *p, const struct scn_node *map,
                                      const char *name, const struct dosah_scenario *s,
                                      struct dosah_service_spec *sv);
/* A plan entry's unit_capacity and method (its other keys are parsed). */
enum dosah_status scn_plan_options(const struct scn_parser *p, const struct scn_node *map,
                                   const char *name, const struct dosah_scenario *s,
                                   struct dosah_plan_spec *pl);
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

enum dosah_status scn_schema_apply(const struct scn_parser *p, const struct scn_node *root,
                                   struct dosah_scenario *s);

/* scenario_transit.c: the top-level `transit:` options, each transit question's `day` and
 * `depart` (named windows resolved against time_windows), and the rules that tie them to the
 * inputs; after the services, plan and time windows are parsed. */
enum dosah_status scn_transit(const struct scn_parser *p, const struct scn_node *root,
                              struct dosah_scenario *s);

#endif
