/* SPDX-License-Identifier: MIT */
/*
 * The tests that hold README.md against the code read it whole through this one function.
 * Include after <cmocka.h> and <stdio.h>, <stdlib.h>.
 */
#ifndef DOSAH_TEST_README_TEXT_H
#define DOSAH_TEST_README_TEXT_H

#define DOSAH_TEST_README DOSAH_SOURCE_DIR "/README.md"

/* README.md's text, NUL-terminated (free it); the test fails when it cannot be read. */
static inline char *readme_text(void)
{
    FILE *f = fopen(DOSAH_TEST_README, "rb");
    char *text;
    long n;
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    text = calloc(1, (size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return text;
}

#endif
