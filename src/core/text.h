/* SPDX-License-Identifier: MIT */
/* Small text helpers: UTF-8 validation, accent folding for lenient matching, edit distance. */
#ifndef DOSAH_TEXT_H
#define DOSAH_TEXT_H

#include <stddef.h>

/* Returns 1 when s[0..n) is valid UTF-8; otherwise 0 and the offset of the first bad byte. */
int dosah_utf8_valid(const char *s, size_t n, size_t *bad_offset);

/*
 * Folds text for lenient comparison: ASCII lower case, Czech and Slovak letters with
 * diacritics to their base letter, leading/trailing white space dropped. Writes at most
 * out_size bytes including the NUL; returns the folded length (truncated when too long).
 */
size_t dosah_fold(const char *in, char *out, size_t out_size);

/*
 * Copies in to out with every control character made visible, so that text quoted from the
 * input (a name holding ESC [2J) cannot drive the user's terminal: C0 controls and DEL as
 * \xHH, C1 controls (U+0080..U+009F) as \u00HH, bytes that are not UTF-8 as \xHH; other
 * text unchanged. Idempotent. Writes at most out_size bytes including the NUL, never cutting
 * an escape or a character in two; returns the length written.
 */
size_t dosah_escape_controls(const char *in, char *out, size_t out_size);

/* The word that agrees with the number n: one when n is 1, else many ("1 municipality",
 * "2 municipalities"); the one helper for every count in a message. */
const char *dosah_plural(size_t n, const char *one, const char *many);

/* Levenshtein distance between two byte strings (bytes, not characters), capped at 255. */
unsigned dosah_edit_distance(const char *a, const char *b);

#endif
