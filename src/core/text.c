/* SPDX-License-Identifier: MIT */
/*
 * Text helpers shared by the scenario parser and the loaders: UTF-8 validation (inputs must
 * be UTF-8 after GDAL's recoding), accent folding so that "terénní" and "terenni" match, and
 * the edit distance used to suggest the nearest valid key.
 */
#include <ctype.h>
#include <string.h>

#include "core/text.h"

int dosah_utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t len, k;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            goto bad;
        }
        if (i + len > n)
            goto bad;
        for (k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                goto bad;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        /* Overlong forms, surrogates and code points past U+10FFFF. */
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            goto bad;
        i += len;
    }
    return 1;
bad:
    if (bad_offset)
        *bad_offset = i;
    return 0;
}

/* Length of the valid UTF-8 character at p (at most n bytes), 0 when it is not one. */
static size_t utf8_char_len(const unsigned char *p, size_t n)
{
    size_t len = p[0] < 0x80 ? 1 : p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
    if (len > n || !dosah_utf8_valid((const char *)p, len, NULL))
        return 0;
    return len;
}

size_t dosah_escape_controls(const char *in, char *out, size_t out_size)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)in;
    size_t left = strlen(in), n = 0;
    if (!out_size)
        return 0;
    while (left) {
        size_t len = utf8_char_len(p, left), need;
        char esc[8];
        if (len == 1 && (p[0] < 0x20 || p[0] == 0x7f))
            need = 4, memcpy(esc, "\\x", 2);
        else if (len == 2 && p[0] == 0xc2 && p[1] < 0xa0)
            need = 6, memcpy(esc, "\\u00", 4);
        else if (len == 0)
            need = 4, memcpy(esc, "\\x", 2), len = 1;
        else
            need = 0;
        if (need) {
            unsigned v = len == 2 ? p[1] : p[0];
            esc[need - 2] = hex[v >> 4];
            esc[need - 1] = hex[v & 15];
        }
        if (n + (need ? need : len) >= out_size)
            break;
        memcpy(out + n, need ? esc : (const char *)p, need ? need : len);
        n += need ? need : len;
        p += len;
        left -= len;
    }
    out[n] = '\0';
    return n;
}

/* Two-byte UTF-8 letters of Czech and Slovak with their folded base letter. */
static const struct {
    unsigned char b0, b1;
    char base;
} folds[] = {
    {0xc3, 0xa1, 'a'}, {0xc3, 0x81, 'a'}, {0xc3, 0xa4, 'a'}, {0xc3, 0x84, 'a'},
    {0xc4, 0x8d, 'c'}, {0xc4, 0x8c, 'c'}, {0xc4, 0x8f, 'd'}, {0xc4, 0x8e, 'd'},
    {0xc3, 0xa9, 'e'}, {0xc3, 0x89, 'e'}, {0xc4, 0x9b, 'e'}, {0xc4, 0x9a, 'e'},
    {0xc3, 0xad, 'i'}, {0xc3, 0x8d, 'i'}, {0xc4, 0xba, 'l'}, {0xc4, 0xb9, 'l'},
    {0xc4, 0xbe, 'l'}, {0xc4, 0xbd, 'l'}, {0xc5, 0x88, 'n'}, {0xc5, 0x87, 'n'},
    {0xc3, 0xb3, 'o'}, {0xc3, 0x93, 'o'}, {0xc3, 0xb4, 'o'}, {0xc3, 0x94, 'o'},
    {0xc5, 0x95, 'r'}, {0xc5, 0x94, 'r'}, {0xc5, 0x99, 'r'}, {0xc5, 0x98, 'r'},
    {0xc5, 0xa1, 's'}, {0xc5, 0xa0, 's'}, {0xc5, 0xa5, 't'}, {0xc5, 0xa4, 't'},
    {0xc3, 0xba, 'u'}, {0xc3, 0x9a, 'u'}, {0xc5, 0xaf, 'u'}, {0xc5, 0xae, 'u'},
    {0xc3, 0xbd, 'y'}, {0xc3, 0x9d, 'y'}, {0xc5, 0xbe, 'z'}, {0xc5, 0xbd, 'z'},
};

size_t dosah_fold(const char *in, char *out, size_t out_size)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t n = 0;
    if (!out_size)
        return 0;
    while (*p && isspace(*p))
        p++;
    while (*p && n + 1 < out_size) {
        size_t k;
        char c = 0;
        if (p[0] >= 0xc3 && p[0] <= 0xc5 && p[1]) {
            for (k = 0; k < sizeof folds / sizeof folds[0]; k++)
                if (folds[k].b0 == p[0] && folds[k].b1 == p[1])
                    c = folds[k].base;
        }
        if (c) {
            out[n++] = c;
            p += 2;
        } else {
            out[n++] = (char)tolower(*p);
            p++;
        }
    }
    while (n > 0 && isspace((unsigned char)out[n - 1]))
        n--;
    out[n] = '\0';
    return n;
}

const char *dosah_plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

unsigned dosah_edit_distance(const char *a, const char *b)
{
    unsigned row[64];
    size_t la = strlen(a), lb = strlen(b), i, j;
    if (la > 63 || lb > 63)
        return 255;
    for (j = 0; j <= lb; j++)
        row[j] = (unsigned)j;
    for (i = 1; i <= la; i++) {
        unsigned diag = row[0];
        row[0] = (unsigned)i;
        for (j = 1; j <= lb; j++) {
            unsigned up = row[j];
            unsigned best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb] > 255 ? 255 : row[lb];
}
