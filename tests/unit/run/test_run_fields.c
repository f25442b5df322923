/* SPDX-License-Identifier: MIT */
/*
 * The per-question field list (src/run/fields.h) against README.md: every field of the list
 * is named as `K_<suffix>` in "Layers and fields" ({T} read as T, {W} as W), and every
 * `K_...` named there is in the list. The check also runs on altered copies of the README,
 * which it must find wrong. And the expansion of {T}, {W} and {w}, worked by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/fields.h"
#include "run/run_internal.h"

#define README DOSAH_SOURCE_DIR "/README.md"
#define MAX_NAMES 256

static char *read_readme(void)
{
    FILE *f = fopen(README, "rb");
    char *text;
    long n;
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* The list's names: K_ and the suffix with {T} as T and {W} as W. */
static size_t list_names(char names[][96])
{
    size_t f, n = 0, k;
    for (f = 0; f < DOSAH_KF_COUNT; f++) {
        const char *s = dosah_key_field_suffix(f);
        char name[96] = "K_";
        size_t at = 2;
        while (*s && at + 1 < sizeof name) {
            if (s[0] == '{' && s[1] && s[2] == '}') {
                name[at++] = s[1] == 'T' ? 'T' : 'W';
                s += 3;
            } else {
                name[at++] = *s++;
            }
        }
        name[at] = '\0';
        for (k = 0; k < n && strcmp(names[k], name) != 0; k++)
            ;
        if (k == n)
            strcpy(names[n++], name);
    }
    return n;
}

/* The `K_...` names of README's "Layers and fields" (up to the next "## " heading). */
static size_t readme_names(const char *text, char names[][96])
{
    const char *start = strstr(text, "### Layers and fields"), *end, *p;
    size_t n = 0, k;
    if (!start)
        return 0;
    end = strstr(start, "\n## ");
    if (!end)
        end = start + strlen(start);
    for (p = start; (p = strstr(p, "`K_")) && p < end; p++) {
        const char *q = strchr(p + 1, '`');
        char name[96];
        size_t len;
        if (!q || q > end || (len = (size_t)(q - p - 1)) >= sizeof name)
            continue;
        memcpy(name, p + 1, len);
        name[len] = '\0';
        for (k = 0; k < n && strcmp(names[k], name) != 0; k++)
            ;
        if (k == n && n < MAX_NAMES)
            strcpy(names[n++], name);
    }
    return n;
}

/* 1 when the README text names exactly the list's fields; prints the first difference. */
static int readme_agrees(const char *text)
{
    static char list[MAX_NAMES][96], doc[MAX_NAMES][96];
    size_t nl = list_names(list), nd = readme_names(text, doc), i, k;
    for (i = 0; i < nl; i++) {
        for (k = 0; k < nd && strcmp(list[i], doc[k]) != 0; k++)
            ;
        if (k == nd) {
            print_message("field %s of src/run/fields.h is not in README's Layers and fields\n",
                          list[i]);
            return 0;
        }
    }
    for (k = 0; k < nd; k++) {
        for (i = 0; i < nl && strcmp(list[i], doc[k]) != 0; i++)
            ;
        if (i == nl) {
            print_message("README names %s, which src/run/fields.h does not list\n", doc[k]);
            return 0;
        }
    }
    return 1;
}

/* Replaces every `from` in text by `to` (a new string). */
static char *replaced(const char *text, const char *from, const char *to)
{
    size_t n = strlen(text) + 1, count = 0, f = strlen(from);
    const char *p;
    char *out, *w;
    for (p = text; (p = strstr(p, from)); p += f)
        count++;
    assert_true(count > 0);
    out = malloc(n + count * strlen(to));
    assert_non_null(out);
    for (p = text, w = out; *p;) {
        if (strncmp(p, from, f) == 0) {
            strcpy(w, to);
            w += strlen(to);
            p += f;
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
    return out;
}

static void test_readme_names_every_field(void **state)
{
    static const char *const edits[][2] = {
        {"`K_shortfall`", "`shortfall`"},                            /* a field left out */
        {"`K_walk_minutes`", "`K_walk_minutes`, `K_bike_minutes`"}, /* one the list lacks */
        {"`K_within_W`", "`K_within_window`"},                       /* a pattern misnamed */
    };
    char *text = read_readme();
    size_t i;
    (void)state;
    assert_true(readme_agrees(text));
    for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char *bad = replaced(text, edits[i][0], edits[i][1]);
        assert_false(readme_agrees(bad));
        free(bad);
    }
    free(text);
}

static void test_expand(void **state)
{
    char out[64];
    (void)state;
    dosah_field_expand("podíl do {T} min, otevřeno {w}", 7.5, "evening", "Mo-Fr 18-22",
                           out, sizeof out);
    assert_string_equal(out, "podíl do 7.5 min, otevřeno Mo-Fr 18-22");
    dosah_field_expand("within_{W}", 30, "evening", NULL, out, sizeof out);
    assert_string_equal(out, "within_evening");
    dosah_field_expand("pop_within_{T}", 45, NULL, NULL, out, sizeof out);
    assert_string_equal(out, "pop_within_45");
    dosah_field_expand("{x} stays", 1, NULL, NULL, out, sizeof out);
    assert_string_equal(out, "{x} stays");
    dosah_field_expand("abcdefghij{T}", 12345, NULL, NULL, out, 8); /* cut to fit */
    assert_string_equal(out, "abcdefg");
}

/* Every field has a suffix and both aliases; suffixes are field names (a-z, 0-9, _ and {}). */
static void test_list_is_well_formed(void **state)
{
    size_t f;
    const char *c;
    (void)state;
    for (f = 0; f < DOSAH_KF_COUNT; f++) {
        assert_true(dosah_key_field_suffix(f)[0] && dosah_key_field_alias(f, 0)[0] &&
                    dosah_key_field_alias(f, 1)[0]);
        for (c = dosah_key_field_suffix(f); *c; c++)
            assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz0123456789_{}TW", *c));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_names_every_field),
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_list_is_well_formed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
