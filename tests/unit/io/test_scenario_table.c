/* SPDX-License-Identifier: MIT */
/*
 * Tests of the engine of the declarative scenario schema (src/io/scenario_table.c) on a
 * section made up here, with a row of every type: values land at their offsets, absent
 * keys get the row's default (or keep the value), a hook runs when its key is absent only
 * when the row says always, a missing required key is reported at its mapping, unknown keys
 * are checked against the rows, and of two bad values the one of the lower step is named.
 * Lines and columns are counted by hand from the YAML texts.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dosah/core.h"
#include "io/scenario_internal.h"

/* The struct the made-up section fills. */
struct probe {
    char *label;
    struct dosah_yaml_mark label_mark;
    double speed;
    double share;
    long count;
    int flag;
    int no_extra;
    int colour;
    int hook_calls;
    int hook_saw_null;
};

static const char *const colours[] = {"red", "green", "blue", NULL};

/* A hook that counts its calls and whether it got no value. */
static enum dosah_status count_calls(const struct scn_parser *p, const struct scn_node *v,
                                     const struct scn_at *at)
{
    struct probe *pr = at->base;
    (void)p;
    pr->hook_calls++;
    pr->hook_saw_null += v == NULL;
    return DOSAH_OK;
}

#define AT(member) offsetof(struct probe, member)

static const struct scn_row probe_rows[] = {
    {.key = "label", .type = SCN_T_STRING, .required = 1, .hint = "a name for it",
     .at = AT(label), .mark_at = SCN_MARK_AT(struct probe, label_mark)},
    {.key = "speed", .type = SCN_T_NUMBER, .bound = SCN_ABOVE_ZERO, .def = 30, .at = AT(speed),
     .step = 2},
    {.key = "share", .type = SCN_T_NUMBER, .bound = SCN_UNIT_RANGE, .keep = 1, .at = AT(share),
     .step = 1},
    {.key = "count", .type = SCN_T_WHOLE, .min = 2, .def = 7, .at = AT(count)},
    {.key = "flag", .type = SCN_T_BOOL, .def = 1, .at = AT(flag)},
    {.key = "extra", .type = SCN_T_BOOL_NOT, .def = 0, .at = AT(no_extra)},
    {.key = "colour", .type = SCN_T_WORD, .words = colours, .def = 2, .at = AT(colour)},
    {.key = "later", .type = SCN_T_HOOK, .always = 1, .hook = count_calls},
    {.key = "sometimes", .type = SCN_T_HOOK, .hook = count_calls},
    {.key = "other", .type = SCN_T_ELSEWHERE},
};

static const struct scn_section probe_section = {
    .example = "label: ...",
    .rows = probe_rows,
    .count = sizeof probe_rows / sizeof probe_rows[0],
    .readme = "### Probe",
};

/* Reads text's root mapping as the probe section into pr; the status. */
static enum dosah_status read_probe(struct dosah_ctx *ctx, const char *text, struct probe *pr)
{
    struct scn_parser p = {ctx, "p.yaml"};
    struct scn_node *root = NULL;
    struct scn_at at = {.base = pr, .name = "probe", .where = "in probe"};
    enum dosah_status st = scn_tree_parse(&p, text, strlen(text), &root);
    if (st != DOSAH_OK)
        return st;
    at.map = root;
    st = scn_section_read(&p, &probe_section, &at);
    scn_node_free(root);
    return st;
}

static void clear_probe(struct probe *pr)
{
    dosah_free(pr->label);
    memset(pr, 0, sizeof *pr);
}

static void defaults_where_absent(void **state)
{
    struct probe pr = {.share = 0.25};
    assert_int_equal(read_probe(*state, "label: a\n", &pr), DOSAH_OK);
    assert_string_equal(pr.label, "a");
    assert_int_equal(pr.label_mark.line, 1);
    assert_int_equal(pr.label_mark.column, 8);
    assert_true(pr.speed == 30);
    assert_true(pr.share == 0.25); /* keep: untouched */
    assert_int_equal(pr.count, 7);
    assert_int_equal(pr.flag, 1);
    assert_int_equal(pr.no_extra, 0);
    assert_int_equal(pr.colour, 2);
    assert_int_equal(pr.hook_calls, 1); /* later (always), not sometimes */
    assert_int_equal(pr.hook_saw_null, 1);
    clear_probe(&pr);
}

static void values_at_their_offsets(void **state)
{
    struct probe pr = {0};
    const char *text = "label: b\nspeed: 2.5\nshare: 1\ncount: 2\nflag: false\nextra: false\n"
                       "colour: red\nlater: 1\nsometimes: [1]\nother: x\n";
    assert_int_equal(read_probe(*state, text, &pr), DOSAH_OK);
    assert_true(pr.speed == 2.5);
    assert_true(pr.share == 1);
    assert_int_equal(pr.count, 2);
    assert_int_equal(pr.flag, 0);
    assert_int_equal(pr.no_extra, 1);
    assert_int_equal(pr.colour, 0);
    assert_int_equal(pr.hook_calls, 2);
    assert_int_equal(pr.hook_saw_null, 0);
    clear_probe(&pr);
}

static void missing_required_at_the_mapping(void **state)
{
    struct probe pr = {0};
    assert_int_equal(read_probe(*state, "speed: 3\n", &pr), DOSAH_EINVAL);
    assert_string_equal(dosah_ctx_errmsg(*state),
                        "p.yaml:1:1: missing required key 'label' in probe (a name for it)");
    clear_probe(&pr);
}

static void unknown_key_from_the_rows(void **state)
{
    struct probe pr = {0};
    assert_int_equal(read_probe(*state, "label: a\ncolor: red\n", &pr), DOSAH_EINVAL);
    assert_string_equal(dosah_ctx_errmsg(*state),
                        "p.yaml:2:1: unknown key 'color' in probe; did you mean 'colour'?");
    clear_probe(&pr);
}

/* speed (step 2) is written first, share (step 1) second: share is named. */
static void lower_step_named_first(void **state)
{
    struct probe pr = {0};
    assert_int_equal(read_probe(*state, "speed: 0\nshare: 2\nlabel: a\n", &pr), DOSAH_EINVAL);
    assert_string_equal(dosah_ctx_errmsg(*state),
                        "p.yaml:2:8: 'share' must be between 0 and 1 (a share: 0.95 is 95 %), "
                        "got 2");
    clear_probe(&pr);
}

static void typed_errors(void **state)
{
    struct probe pr = {0};
    assert_int_equal(read_probe(*state, "label: a\ncolour: pink\n", &pr), DOSAH_EINVAL);
    assert_string_equal(dosah_ctx_errmsg(*state),
                        "p.yaml:2:9: unknown colour 'pink'; use one of red, green, blue");
    clear_probe(&pr);
    assert_int_equal(read_probe(*state, "label: a\ncount: 1\n", &pr), DOSAH_EINVAL);
    assert_string_equal(dosah_ctx_errmsg(*state), "p.yaml:2:8: 'count' must be at least 2, got 1");
    clear_probe(&pr);
    assert_int_equal(read_probe(*state, "label: a\nextra: \"true\"\n", &pr), DOSAH_EINVAL);
    assert_string_equal(dosah_ctx_errmsg(*state),
                        "p.yaml:2:8: expected true or false for 'extra', got 'true'");
    clear_probe(&pr);
    assert_int_equal(read_probe(*state, "- a\n", &pr), DOSAH_EINVAL);
    assert_string_equal(dosah_ctx_errmsg(*state),
                        "p.yaml:1:1: expected a mapping for 'probe' (label: ...), got a list");
    clear_probe(&pr);
}

/* No mapping at all: every default, and the always hook. */
static void absent_section(void **state)
{
    struct probe pr = {0};
    struct scn_parser p = {*state, "p.yaml"};
    struct scn_row rows[sizeof probe_rows / sizeof probe_rows[0] - 1];
    struct scn_at at = {.base = &pr, .name = "probe", .where = "in probe"};
    memcpy(rows, probe_rows + 1, sizeof rows); /* all but the required label */
    assert_int_equal(scn_rows_read(&p, rows, sizeof rows / sizeof rows[0], &at), DOSAH_OK);
    assert_true(pr.speed == 30);
    assert_int_equal(pr.count, 7);
    assert_int_equal(pr.colour, 2);
    assert_int_equal(pr.hook_saw_null, 1);
}

static int setup(void **state)
{
    *state = dosah_ctx_create();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    dosah_ctx_destroy(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_where_absent),
        cmocka_unit_test(values_at_their_offsets),
        cmocka_unit_test(missing_required_at_the_mapping),
        cmocka_unit_test(unknown_key_from_the_rows),
        cmocka_unit_test(lower_step_named_first),
        cmocka_unit_test(typed_errors),
        cmocka_unit_test(absent_section),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
