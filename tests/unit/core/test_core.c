/* SPDX-License-Identifier: MIT */
/*
 * The core module: SHA-256 against the FIPS 180-2 example vectors, UTF-8 validation, accent
 * folding, the § type and form vocabularies, errors and diagnostics on the context (and the
 * diagnostic callback), growable
 * buffers, and allocation failure injection.
 */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "core/text.h"
#include "dosah/core.h"
#include "dosah/model.h"
#include "dosah/output.h"
#include "io/sha256.h"

static void test_sha256_vectors(void **state)
{
    char hex[65];
    (void)state;
    /* FIPS 180-2, appendix B.1 and B.2, and the empty message. */
    dosah_sha256("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    dosah_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    dosah_sha256("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_utf8(void **state)
{
    size_t bad = 0;
    (void)state;
    assert_true(dosah_utf8_valid("Česká Lípa", strlen("Česká Lípa"), NULL));
    /* "Pe" then 0xE8 (č in Windows-1250) followed by ASCII: invalid at offset 2. */
    assert_false(dosah_utf8_valid("Pe\xe8ovatelsk", 11, &bad));
    assert_int_equal(bad, 2);
    /* Overlong encoding of '/' and a lone surrogate are invalid. */
    assert_false(dosah_utf8_valid("\xc0\xaf", 2, NULL));
    assert_false(dosah_utf8_valid("\xed\xa0\x80", 3, NULL));
    /* Truncated sequence at the end. */
    assert_false(dosah_utf8_valid("a\xc5", 2, &bad));
    assert_int_equal(bad, 1);
}

static void escaped_is(const char *in, const char *out)
{
    char buf[128];
    assert_int_equal(dosah_escape_controls(in, buf, sizeof buf), strlen(out));
    assert_string_equal(buf, out);
}

static void test_escape_controls(void **state)
{
    char small[8];
    (void)state;
    escaped_is("Česká Lípa", "Česká Lípa");
    escaped_is("\x1b[2Jx", "\\x1b[2Jx");      /* ESC */
    escaped_is("a\tb\nc\x7f", "a\\x09b\\x0ac\\x7f"); /* TAB, LF, DEL */
    escaped_is("\xc2\x9b" "1m", "\\u009b1m");  /* C1 CSI as UTF-8 */
    escaped_is("\xc2\xa0", "\xc2\xa0");          /* no-break space is text */
    escaped_is("Pe\xe8ov", "Pe\\xe8ov");         /* a byte that is not UTF-8 */
    escaped_is("\\x1b", "\\x1b");               /* idempotent: already escaped */
    /* truncation never cuts an escape: "ab" + "\x1b" needs 7 bytes with the NUL */
    assert_int_equal(dosah_escape_controls("abc\x1b", small, 7), 3);
    assert_string_equal(small, "abc");
    assert_int_equal(dosah_escape_controls("ab\x1b", small, 7), 6);
    assert_string_equal(small, "ab\\x1b");
}

static void test_errors_escaped(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    const struct dosah_diagnostic *g;
    (void)state;
    dosah_error_set(ctx, DOSAH_EINVAL, "'%s' is not a number", "\x1b]0;x\x07");
    assert_string_equal(dosah_ctx_errmsg(ctx), "'\\x1b]0;x\\x07' is not a number");
    dosah_error_prefix(ctx, "file \x1b%s", "c");
    assert_string_equal(dosah_ctx_errmsg(ctx), "file \\x1bc: '\\x1b]0;x\\x07' is not a number");
    assert_int_equal(dosah_diag_add(ctx, DOSAH_WARNING, "load", "f\x1b", "l", "S\x1b", NULL,
                                    "name %s", "\x1b[2J"), DOSAH_OK);
    g = dosah_diagnostics_get(dosah_ctx_diagnostics(ctx), 0);
    assert_string_equal(g->message, "name \\x1b[2J");
    assert_string_equal(g->file, "f\\x1b");
    assert_string_equal(g->feature, "S\\x1b");
    dosah_ctx_destroy(ctx);
}

static void test_fold(void **state)
{
    char out[64];
    (void)state;
    assert_int_equal(dosah_fold("  Terénní ", out, sizeof out), 7);
    assert_string_equal(out, "terenni");
    dosah_fold("ŽLUŤOUČKÝ kůň", out, sizeof out);
    assert_string_equal(out, "zlutoucky kun");
    assert_int_equal(dosah_edit_distance("treshold_min", "threshold_min"), 1);
    assert_int_equal(dosah_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(dosah_edit_distance("", "abc"), 3);
    /* number agreement: singular for exactly one, plural for 0 and 2 */
    assert_string_equal(dosah_plural(1, "municipality", "municipalities"), "municipality");
    assert_string_equal(dosah_plural(0, "municipality", "municipalities"), "municipalities");
    assert_string_equal(dosah_plural(2, "municipality", "municipalities"), "municipalities");
}

static void test_type_and_form(void **state)
{
    (void)state;
    assert_int_equal(dosah_type_parse("§40"), 40);
    assert_int_equal(dosah_type_parse("§ 51"), 51);
    assert_int_equal(dosah_type_parse("69"), 69);
    assert_int_equal(dosah_type_parse("par. 37"), 37);
    assert_int_equal(dosah_type_parse("§38"), 0); /* not a service section */
    assert_int_equal(dosah_type_parse("§53"), 0);
    assert_int_equal(dosah_type_parse("§71"), 0);
    assert_int_equal(dosah_type_parse("§40x"), 0);
    assert_int_equal(dosah_type_parse(NULL), 0);
    assert_int_equal(dosah_form_parse("terénní"), DOSAH_FORM_FIELD);
    assert_int_equal(dosah_form_parse("Ambulantní"), DOSAH_FORM_AMBULANT);
    assert_int_equal(dosah_form_parse("pobytova"), DOSAH_FORM_RESIDENTIAL);
    assert_int_equal(dosah_form_parse("field, ambulant"), DOSAH_FORM_FIELD | DOSAH_FORM_AMBULANT);
    assert_int_equal(dosah_form_parse("terénní + online"), 0);
    assert_string_equal(dosah_form_name(DOSAH_FORM_RESIDENTIAL), "residential");
}

static void test_errors_and_diagnostics(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    const struct dosah_diagnostic *d;
    (void)state;
    assert_non_null(ctx);
    assert_string_equal(dosah_ctx_errmsg(ctx), "");
    assert_int_equal(dosah_error_set(ctx, DOSAH_EINVAL, "field '%s' missing", "kod"),
                     DOSAH_EINVAL);
    dosah_error_prefix(ctx, "%s", "obce.gpkg");
    assert_string_equal(dosah_ctx_errmsg(ctx), "obce.gpkg: field 'kod' missing");
    assert_int_equal(dosah_ctx_status(ctx), DOSAH_EINVAL);
    dosah_ctx_clear_error(ctx);
    assert_int_equal(dosah_ctx_status(ctx), DOSAH_OK);
    assert_int_equal(dosah_diag_add(ctx, DOSAH_WARNING, "load", "a.gpkg", "obce", "513890", NULL,
                                    "%d points far", 3),
                     DOSAH_OK);
    assert_int_equal(dosah_diagnostics_count(dosah_ctx_diagnostics(ctx)), 1);
    d = dosah_diagnostics_get(dosah_ctx_diagnostics(ctx), 0);
    assert_string_equal(d->message, "3 points far");
    assert_string_equal(d->feature, "513890");
    assert_null(d->field);
    assert_null(dosah_diagnostics_get(dosah_ctx_diagnostics(ctx), 1));
    assert_null(dosah_ctx_destroy(ctx));
    assert_null(dosah_ctx_destroy(NULL));
}

/* Records the messages the diagnostic callback receives, joined by '|'. */
static void record_diagnostic(const struct dosah_diagnostic *d, void *user)
{
    char *seen = user;
    strncat(seen, d->message, 255 - strlen(seen));
    strncat(seen, "|", 255 - strlen(seen));
}

/* The diagnostic callback sees each diagnostic as it is added; while held, none, and on
 * release those added since, as the list then holds them (after keep_new: repeats dropped,
 * the rest prefixed). */
static void test_diagnostic_callback(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    char seen[256] = "";
    (void)state;
    assert_non_null(ctx);
    dosah_ctx_set_diagnostic(ctx, record_diagnostic, seen);
    assert_int_equal(dosah_diag_add(ctx, DOSAH_INFO, "load", NULL, NULL, NULL, NULL, "a"), 0);
    assert_string_equal(seen, "a|");
    dosah_diagnostics_hold(ctx);
    assert_int_equal(dosah_diag_add(ctx, DOSAH_INFO, "load", NULL, NULL, NULL, NULL, "a"), 0);
    assert_int_equal(dosah_diag_add(ctx, DOSAH_WARNING, "route", NULL, NULL, NULL, NULL, "b"), 0);
    assert_string_equal(seen, "a|");
    assert_int_equal(dosah_diagnostics_keep_new(ctx, 1, "what-if: "), DOSAH_OK);
    dosah_diagnostics_release(ctx);
    assert_string_equal(seen, "a|what-if: b|");
    dosah_diagnostics_release(ctx); /* not held: nothing */
    assert_int_equal(dosah_diag_add(ctx, DOSAH_INFO, "write", NULL, NULL, NULL, NULL, "c"), 0);
    assert_string_equal(seen, "a|what-if: b|c|");
    assert_int_equal(dosah_diagnostics_count(dosah_ctx_diagnostics(ctx)), 3);
    dosah_ctx_set_diagnostic(ctx, NULL, NULL);
    assert_int_equal(dosah_diag_add(ctx, DOSAH_INFO, "write", NULL, NULL, NULL, NULL, "d"), 0);
    assert_string_equal(seen, "a|what-if: b|c|");
    dosah_ctx_destroy(ctx);
}

static void test_strbuf_and_limit(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_strbuf b;
    char *s;
    (void)state;
    dosah_strbuf_init(&b, 16);
    assert_int_equal(dosah_strbuf_printf(ctx, &b, "%s-%d", "abc", 42), DOSAH_OK);
    assert_int_equal(dosah_strbuf_puts(ctx, &b, "xyz"), DOSAH_OK);
    assert_string_equal(b.data, "abc-42xyz");
    /* 9 bytes + 8 more + NUL = 18 > the limit of 16. */
    assert_int_equal(dosah_strbuf_puts(ctx, &b, "12345678"), DOSAH_EINVAL);
    assert_string_equal(b.data, "abc-42xyz");
    s = dosah_strbuf_take(ctx, &b);
    assert_string_equal(s, "abc-42xyz");
    assert_null(b.data);
    dosah_free(s);
    dosah_ctx_destroy(ctx);
}

static void test_allocation_failure(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    void *p;
    (void)state;
    dosah_ctx_fail_alloc_after(ctx, 1);
    p = dosah_malloc(ctx, 10); /* the 0th: succeeds */
    assert_non_null(p);
    dosah_free(p);
    assert_null(dosah_malloc(ctx, 10)); /* the 1st: fails */
    assert_int_equal(dosah_ctx_status(ctx), DOSAH_ENOMEM);
    p = dosah_malloc(ctx, 10); /* one-shot: later ones succeed */
    assert_non_null(p);
    dosah_free(p);
    assert_null(dosah_reallocarray(ctx, NULL, SIZE_MAX / 2, 4)); /* overflow */
    assert_null(dosah_calloc(ctx, SIZE_MAX / 2, 4));
    dosah_ctx_destroy(ctx);
}

/* A column stays where it is while more columns are added (callers keep several at once). */
static void test_output_columns_are_stable(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_output *out = dosah_output_create(ctx);
    struct dosah_column *first, *c;
    char name[16];
    int i;
    (void)state;
    first = dosah_output_add_column(ctx, out, DOSAH_LAYER_REGIONS, "a", "A cs", NULL,
                                    DOSAH_COLUMN_REAL, 3);
    assert_non_null(first);
    assert_true(isnan(dosah_column_real(first, 2)));
    for (i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "c%d", i);
        c = dosah_output_add_column(ctx, out, DOSAH_LAYER_REGIONS, name, NULL, NULL,
                                    i % 2 ? DOSAH_COLUMN_TEXT : DOSAH_COLUMN_INTEGER, 3);
        assert_non_null(c);
    }
    dosah_column_set_real(first, 2, 7.5);
    assert_ptr_equal(dosah_output_find(out, DOSAH_LAYER_REGIONS, "a"), first);
    assert_float_equal(dosah_column_real(dosah_output_find(out, DOSAH_LAYER_REGIONS, "a"), 2), 7.5,
                       0);
    assert_string_equal(dosah_column_alias(first, 1), "a"); /* no alias: the name */
    assert_string_equal(dosah_column_alias(first, 0), "A cs");
    assert_true(dosah_column_is_null(dosah_output_find(out, DOSAH_LAYER_REGIONS, "c2"), 0));
    assert_null(dosah_column_text(dosah_output_find(out, DOSAH_LAYER_REGIONS, "c1"), 1));
    assert_null(dosah_output_find(out, DOSAH_LAYER_ROADS, "a"));
    dosah_output_destroy(out);
    dosah_ctx_destroy(ctx);
}

/* The output read back through its accessors: a table's name, title, geometry, rows, WKB and
 * columns, text set by copy, facts in order; a NULL output has nothing. */
static void test_output_accessors(void **state)
{
    static const unsigned char wkb[] = {1, 2, 3, 4, 5};
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_output *out = dosah_output_create(ctx);
    struct dosah_table *t;
    struct dosah_column *name, *n;
    const struct dosah_column *c;
    const unsigned char *g;
    char text[] = "Liberec";
    size_t row, size = 99;
    (void)state;
    assert_int_equal(dosah_output_table_count(NULL), 0);
    assert_int_equal(dosah_output_fact_count(NULL), 0);
    assert_int_equal(dosah_output_column_count(NULL, DOSAH_LAYER_REGIONS), 0);
    assert_null(dosah_output_service_rows(out));
    assert_int_equal(dosah_output_service_row_count(out), 0);
    t = dosah_output_add_table(ctx, out, "t", "T cs", "T en", DOSAH_TABLE_POINT);
    assert_non_null(t);
    name = dosah_table_add_column(ctx, t, "name", NULL, "Name", DOSAH_COLUMN_TEXT);
    assert_non_null(name);
    assert_int_equal(dosah_table_add_row(ctx, t, wkb, sizeof wkb, &row), DOSAH_OK);
    assert_int_equal(dosah_column_set_text(ctx, name, row, text), DOSAH_OK);
    text[0] = 'X'; /* copied */
    assert_int_equal(dosah_table_add_row(ctx, t, NULL, 0, &row), DOSAH_OK);
    n = dosah_table_add_column(ctx, t, "n", NULL, NULL, DOSAH_COLUMN_INTEGER); /* after rows */
    assert_non_null(n);
    dosah_column_set_integer(n, 0, -3);
    assert_int_equal(dosah_output_table_count(out), 1);
    assert_ptr_equal(dosah_output_table(out, 0), t);
    assert_string_equal(dosah_table_layer_name(t), "t");
    assert_string_equal(dosah_table_layer_title(t, 0), "T cs");
    assert_string_equal(dosah_table_layer_title(t, 1), "T en");
    assert_int_equal(dosah_table_geometry_type(t), DOSAH_TABLE_POINT);
    assert_int_equal(dosah_table_row_count(t), 2);
    assert_int_equal(dosah_table_column_count(t), 2);
    g = dosah_table_wkb(t, 0, &size);
    assert_int_equal(size, sizeof wkb);
    assert_memory_equal(g, wkb, sizeof wkb);
    assert_null(dosah_table_wkb(t, 1, &size));
    assert_int_equal(size, 0);
    c = dosah_table_column(t, 0);
    assert_string_equal(dosah_column_name(c), "name");
    assert_string_equal(dosah_column_alias(c, 0), "name");
    assert_string_equal(dosah_column_alias(c, 1), "Name");
    assert_int_equal(dosah_column_value_type(c), DOSAH_COLUMN_TEXT);
    assert_int_equal(dosah_column_row_count(c), 2);
    assert_string_equal(dosah_column_text(c, 0), "Liberec");
    assert_int_equal(dosah_column_set_text(ctx, name, 0, NULL), DOSAH_OK);
    assert_true(dosah_column_is_null(c, 0));
    c = dosah_table_column(t, 1);
    assert_int_equal(dosah_column_row_count(c), 2);
    assert_true(dosah_column_integer(c, 0) == -3);
    assert_true(dosah_column_is_null(c, 1));
    assert_true(dosah_column_integer(c, 1) == 0);
    assert_int_equal(dosah_output_add_fact(ctx, out, "network.nodes", "%d", 12), DOSAH_OK);
    assert_int_equal(dosah_output_add_fact(ctx, out, "b", "x"), DOSAH_OK);
    assert_int_equal(dosah_output_fact_count(out), 2);
    assert_string_equal(dosah_output_fact(out, 0), "network.nodes=12");
    assert_string_equal(dosah_output_fact(out, 1), "b=x");
    assert_non_null(dosah_output_add_column(ctx, out, DOSAH_LAYER_ROADS, "r", NULL, NULL,
                                            DOSAH_COLUMN_REAL, 1));
    assert_int_equal(dosah_output_column_count(out, DOSAH_LAYER_ROADS), 1);
    assert_int_equal(dosah_output_column_count(out, DOSAH_LAYER_REGIONS), 0);
    assert_string_equal(dosah_column_name(dosah_output_column(out, DOSAH_LAYER_ROADS, 0)), "r");
    dosah_output_destroy(out);
    dosah_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),   cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_escape_controls), cmocka_unit_test(test_errors_escaped),
        cmocka_unit_test(test_fold),             cmocka_unit_test(test_type_and_form),
        cmocka_unit_test(test_errors_and_diagnostics),
        cmocka_unit_test(test_diagnostic_callback), cmocka_unit_test(test_strbuf_and_limit),
        cmocka_unit_test(test_allocation_failure),
        cmocka_unit_test(test_output_columns_are_stable),
        cmocka_unit_test(test_output_accessors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
