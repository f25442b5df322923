/* SPDX-License-Identifier: MIT */
/*
 * The catalogue of translations: the formatter's Czech plural forms and phrases, truncation,
 * the conversions of every entry against its key, a scan of src/ that fails when a
 * diagnostic's format at a call site has no Czech entry, one that fails on a Czech string
 * literal outside the catalogue and the field list, and the QGIS styles' texts. Expected texts are written by hand.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "core/catalog.h"
#include "core/catalog_report.h"
#include "core/core_internal.h"
#include "core/text.h"

static int format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = dosah_catalog_vformat(buf, size, fmt, ap);
    va_end(ap);
    return rc;
}

static void test_plural(void **state)
{
    char b[128];
    static const struct {
        int n;
        const char *want;
    } days[] = {{1, "1 den"}, {2, "2 dny"}, {4, "4 dny"}, {5, "5 dní"}, {0, "0 dní"},
                {22, "22 dní"}, {-2, "-2 dny"}};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof days / sizeof days[0]; i++) {
        assert_int_equal(format(b, sizeof b, "%d %{den|dny|dní}", days[i].n), 0);
        assert_string_equal(b, days[i].want);
    }
    /* a number printed with decimals takes the last form; one printed whole, its value's */
    assert_int_equal(format(b, sizeof b, "%.1f %{litr|litry|litrů}", 1.5), 0);
    assert_string_equal(b, "1.5 litrů");
    assert_int_equal(format(b, sizeof b, "%.0f %{litr|litry|litrů}", 1.0), 0);
    assert_string_equal(b, "1 litr");
    assert_int_equal(format(b, sizeof b, "%g %{litr|litry|litrů}", 3.0), 0);
    assert_string_equal(b, "3 litry");
    /* the number last printed chooses, a string between does not count */
    assert_int_equal(format(b, sizeof b, "%zu %.0s%{obec leží|obce leží|obcí leží} (%s)",
                            (size_t)3, "municipalities lie", "x"),
                     0);
    assert_string_equal(b, "3 obce leží (x)");
    assert_int_equal(format(b, sizeof b, "%u %{uzel|uzly|uzlů}, %zu %{úsek|úseky|úseků}", 1u,
                            (size_t)7),
                     0);
    assert_string_equal(b, "1 uzel, 7 úseků");
    /* two forms: the second serves 2 and more; before any number, the first */
    assert_int_equal(format(b, sizeof b, "%d %{kus|kusů} %{a|b}", 3), 0);
    assert_string_equal(b, "3 kusů b");
    assert_int_equal(format(b, sizeof b, "%{obec|obce|obcí} %s", "X"), 0);
    assert_string_equal(b, "obec X");
}

static void test_phrase(void **state)
{
    char b[128];
    (void)state;
    assert_int_equal(format(b, sizeof b, "%zu %#s", (size_t)5, "municipalities"), 0);
    assert_string_equal(b, "5 obcí");
    assert_int_equal(format(b, sizeof b, "%zu %#s", (size_t)2, "municipalities"), 0);
    assert_string_equal(b, "2 obce");
    assert_int_equal(format(b, sizeof b, "%zu %#s", (size_t)1, "municipality"), 0);
    assert_string_equal(b, "1 obec");
    assert_int_equal(format(b, sizeof b, "[%#s][%#s]", "no such phrase", ""), 0);
    assert_string_equal(b, "[no such phrase][]");
    assert_string_equal(dosah_catalog_phrase_cs("load"), "načtení vstupů");
    assert_string_equal(dosah_catalog_phrase_cs("route"), "výpočet dojezdových dob");
    assert_string_equal(dosah_catalog_phrase_cs("no such stage"), "no such stage");
    assert_null(dosah_catalog_cs("no such format %s"));
}

static void test_conversions_and_errors(void **state)
{
    char b[128];
    (void)state;
    assert_int_equal(dosah_catalog_conversions("%zu %.0s%{a|b} %#s %-5.1f%% %*d %ld", b,
                                               sizeof b),
                     6);
    assert_string_equal(b, "zu s s f * d ld");
    assert_int_equal(dosah_catalog_conversions("no conversion, 100 %%", b, sizeof b), 0);
    assert_string_equal(b, "");
    assert_int_equal(dosah_catalog_conversions("%{a|b", b, sizeof b), -1);
    assert_int_equal(dosah_catalog_conversions("%n", b, sizeof b), -1);
    assert_int_equal(dosah_catalog_conversions("%q", b, sizeof b), -1);
    assert_int_equal(format(b, sizeof b, "%d %{a|b", 1), -1);
    assert_string_equal(b, "");
    assert_int_equal(format(b, sizeof b, "%n", (int *)NULL), -1);
    assert_int_equal(format(b, sizeof b, "%5s|%-4d|%.2f|%x|%c|%*d|%lld", "ab", 7, 2.3456, 255u,
                            'z', 3, 9, 12345678901LL),
                     0);
    assert_string_equal(b, "   ab|7   |2.35|ff|z|  9|12345678901");
}

static void test_truncation(void **state)
{
    char b[8];
    (void)state;
    /* 7 bytes of room: three two-byte letters, never half of the fourth */
    assert_int_equal(format(b, sizeof b, "%s", "žžžžž"), 0);
    assert_string_equal(b, "žžž");
    assert_int_equal(format(b, sizeof b, "%d %{č|čč|ččč}", 5), 0);
    assert_string_equal(b, "5 čč");
    assert_int_equal(format(b, sizeof b, "%d %{den|dny|dní}", 12345), 0);
    assert_string_equal(b, "12345 d");
}

/* Every entry: a Czech text that is UTF-8, the same conversions as its key in the same
 * order, well-formed directives, and no key twice. */
static void test_entries(void **state)
{
    char ken[512], kcs[512];
    size_t i, j;
    (void)state;
    assert_true(dosah_catalog_diag_count > 60);
    for (i = 0; i < dosah_catalog_diag_count; i++) {
        const struct dosah_catalog_entry *e = &dosah_catalog_diag[i];
        int nen = dosah_catalog_conversions(e->en, ken, sizeof ken);
        int ncs = dosah_catalog_conversions(e->cs, kcs, sizeof kcs);
        if (nen < 0 || ncs != nen || strcmp(ken, kcs))
            fail_msg("catalogue entry %zu: conversions '%s' of \"%s\" but '%s' of \"%s\"", i, ken,
                     e->en, kcs, e->cs);
        assert_true(dosah_utf8_valid(e->cs, strlen(e->cs), NULL));
        assert_true(e->cs[0] != '\0');
        for (j = 0; j < i; j++)
            if (!strcmp(dosah_catalog_diag[j].en, e->en))
                fail_msg("catalogue key twice: \"%s\"", e->en);
    }
}

/* A diagnostic keeps its English message and gains the catalogue's Czech; the what-if
 * prefix is translated too. */
static void test_diagnostic(void **state)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    const struct dosah_diagnostic *d;
    (void)state;
    assert_non_null(ctx);
    assert_int_equal(dosah_diag_add(ctx, DOSAH_WARNING, "measure", NULL, "regions", "1", NULL,
                                    "%u facilities of '%s' in this region have no capacity: "
                                    "its capacity and shortfall are unknown (NULL)",
                                    2u, "K"),
                     DOSAH_OK);
    assert_int_equal(dosah_diag_add(ctx, DOSAH_INFO, "load", NULL, NULL, NULL, NULL,
                                    "not in the catalogue: %d", 3),
                     DOSAH_OK);
    d = dosah_diagnostics_get(dosah_ctx_diagnostics(ctx), 0);
    assert_string_equal(d->message, "2 facilities of 'K' in this region have no capacity: its "
                                    "capacity and shortfall are unknown (NULL)");
    assert_string_equal(d->message_cs, "2 zařízení služby 'K' v tomto regionu nemají kapacitu: "
                                       "kapacita regionu a chybějící kapacita nejsou známy "
                                       "(NULL)");
    d = dosah_diagnostics_get(dosah_ctx_diagnostics(ctx), 1);
    assert_string_equal(d->message, "not in the catalogue: 3");
    assert_null(d->message_cs);
    assert_int_equal(dosah_diagnostics_keep_new(ctx, 0, "what-if: "), DOSAH_OK);
    d = dosah_diagnostics_get(dosah_ctx_diagnostics(ctx), 0);
    assert_string_equal(d->message, "what-if: 2 facilities of 'K' in this region have no "
                                    "capacity: its capacity and shortfall are unknown (NULL)");
    assert_string_equal(d->message_cs, "varianta se změnami: 2 zařízení služby 'K' v tomto "
                                       "regionu nemají kapacitu: kapacita regionu a chybějící "
                                       "kapacita nejsou známy (NULL)");
    d = dosah_diagnostics_get(dosah_ctx_diagnostics(ctx), 1);
    assert_null(d->message_cs);
    dosah_ctx_destroy(ctx);
}

/* The functions whose format argument is a key of the catalogue, and its position. */
static const struct {
    const char *name;
    int fmt_arg;
} keyed[] = {{"dosah_diag_add", 7}, {"dosah_diag_addv", 7}, {"dosah_reader_warn", 5},
             {"dosah_catalog_pair", 3}};

struct scan {
    size_t found;   /* call sites with a literal format */
    size_t missing; /* of them without a Czech entry */
};

/* Skips a string or character literal starting at p; returns the character after it. */
static const char *skip_quoted(const char *p)
{
    char q = *p++;
    while (*p && *p != q)
        p += p[0] == '\\' && p[1] ? 2 : 1;
    return *p ? p + 1 : p;
}

/* Skips white space and comments. */
static const char *skip_space(const char *p)
{
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
        } else if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                p++;
        } else {
            return p;
        }
    }
}

/* The argument number `want` of the call whose '(' is at p: its start and end. */
static int call_argument(const char *p, int want, const char **start, const char **end)
{
    int depth = 1, arg = 0;
    p = skip_space(p + 1);
    *start = p;
    while (*p && depth) {
        if (*p == '"' || *p == '\'') {
            p = skip_quoted(p);
            continue;
        }
        if (*p == '(' || *p == '[' || *p == '{')
            depth++;
        else if (*p == ')' || *p == ']' || *p == '}')
            depth--;
        if ((depth == 1 && *p == ',') || depth == 0) {
            if (arg == want) {
                *end = p;
                return 0;
            }
            arg++;
            *start = skip_space(p + 1);
        }
        p++;
    }
    return -1;
}

/* The text of an argument made of adjacent string literals, unescaped into out; -1 when it
 * is something else. */
static int literal_text(const char *p, const char *end, char *out, size_t size)
{
    size_t k = 0;
    p = skip_space(p);
    if (*p != '"')
        return -1;
    while (p < end && *p == '"') {
        for (p++; *p && *p != '"' && k + 1 < size; p++) {
            if (*p == '\\') {
                p++;
                out[k++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
            } else {
                out[k++] = *p;
            }
        }
        p = skip_space(p + 1);
    }
    out[k] = '\0';
    return p >= end ? 0 : -1;
}

static void scan_text(const char *path, const char *text, struct scan *sc)
{
    size_t f;
    for (f = 0; f < sizeof keyed / sizeof keyed[0]; f++) {
        const char *name = keyed[f].name, *p = text;
        size_t len = strlen(name);
        while ((p = strstr(p, name))) {
            const char *after = p + len, *start, *end;
            char lit[4096];
            int line = 1;
            const char *q;
            if ((p > text && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z'))) ||
                *after == '_' || (*after >= 'a' && *after <= 'z')) {
                p = after;
                continue;
            }
            after = skip_space(after);
            if (*after != '(' ||
                call_argument(after, keyed[f].fmt_arg, &start, &end)) {
                p = after;
                continue;
            }
            for (q = text; q < p; q++)
                line += *q == '\n';
            if (literal_text(start, end, lit, sizeof lit)) {
                /* a forwarding function's own parameter, or its declaration */
                if (strncmp(start, "fmt", 3) && strncmp(start, "const char", 10))
                    fail_msg("%s:%d: %s with a format that is not a literal", path, line, name);
            } else {
                sc->found++;
                if (!dosah_catalog_cs(lit)) {
                    sc->missing++;
                    print_error("%s:%d: no Czech in the catalogue for \"%s\"\n", path, line, lit);
                }
            }
            p = after;
        }
    }
}

typedef void scan_fn(const char *path, const char *text, struct scan *sc);

/* Calls fn on every .c file under dir (and every .h file when headers). */
static void scan_dir(const char *dir, struct scan *sc, scan_fn *fn, int headers)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    assert_non_null(d);
    while ((e = readdir(d))) {
        char path[1024];
        struct stat st;
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        assert_int_equal(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            scan_dir(path, sc, fn, headers);
        } else if (n > 2 && (!strcmp(e->d_name + n - 2, ".c") ||
                             (headers && !strcmp(e->d_name + n - 2, ".h")))) {
            FILE *fp = fopen(path, "rb");
            char *text = malloc((size_t)st.st_size + 1);
            assert_non_null(fp);
            assert_non_null(text);
            assert_int_equal(fread(text, 1, (size_t)st.st_size, fp), (size_t)st.st_size);
            text[st.st_size] = '\0';
            fclose(fp);
            fn(path, text, sc);
            free(text);
        }
    }
    closedir(d);
}

static void test_source_scan(void **state)
{
    struct scan sc = {0, 0};
    (void)state;
    scan_dir(DOSAH_SOURCE_DIR "/src", &sc, scan_text, 0);
    /* the scan finds the call sites (some fifty when this was written) */
    assert_true(sc.found >= 45);
    assert_int_equal(sc.missing, 0);
}

/*
 * Czech in a string literal of src/ outside the catalogue (core/catalog*.c) and the field
 * list (core/fields.h, whose aliases are Czech): a text a user reads has its Czech in the
 * catalogue, so such a literal is a text that bypasses it. Comments may say anything. The
 * deliberate exceptions are words that are not translations, listed with their reason; a
 * literal passes when no Czech letter is left once they are taken out. (A Czech text written
 * without a diacritic escapes the scan.)
 */
static const struct {
    const char *file; /* path under src/, or NULL for every file */
    const char *word;
    const char *reason;
} czech_allowed[] = {
    {NULL, "RÚIAN", "the name of the register (an English message names it)"},
    {NULL, "ČÚZK", "the name of the agency (an English message names it)"},
    {"io/load_cuzk.c", "Kód", "ČÚZK's CSV column names, quoted as the file writes them"},
    {"io/load_cuzk.c", "Souřadnice", "ČÚZK's CSV column names, quoted as the file writes them"},
    {"io/load_layers.c", "pečovatelská služba", "the input's service type, as the act names it"},
    {"io/load_layers.c", "terénní", "the input's service forms, which the message lists"},
    {"io/load_layers.c", "ambulantní", "the input's service forms, which the message lists"},
    {"io/load_layers.c", "pobytová", "the input's service forms, which the message lists"},
    {"io/scenario_services.c", "terénní", "the scenario's service forms the message lists"},
    {"io/scenario_services.c", "ambulantní", "the scenario's service forms the message lists"},
    {"io/scenario_services.c", "pobytová", "the scenario's service forms the message lists"},
    {"io/scenario_network.c", "dálnice", "road classes as the input data write them"},
    {"io/scenario_network.c", "rychlostní silnice", "road classes as the input data write them"},
    {"io/scenario_network.c", "třídy", "road classes as the input data write them"},
    {"io/scenario_network.c", "neevidovaná silnice", "road classes as the input data write them"},
};

/* 1 when s (UTF-8) holds a letter of the Czech alphabet with a diacritic. */
static int has_czech_letter(const char *s)
{
    static const char *const letters = "ěščřžýáíéůúňťďóĚŠČŘŽÝÁÍÉŮÚŇŤĎÓ";
    const char *l = letters;
    while (*l) {
        size_t n = 2; /* each of them is two bytes in UTF-8 */
        char one[3];
        memcpy(one, l, n);
        one[2] = '\0';
        if (strstr(s, one))
            return 1;
        l += n;
    }
    return 0;
}

/* Takes every occurrence of word out of s. */
static void remove_word(char *s, const char *word)
{
    size_t n = strlen(word);
    char *at;
    while ((at = strstr(s, word)) != NULL)
        memmove(at, at + n, strlen(at + n) + 1);
}

static void scan_czech(const char *path, const char *text, struct scan *sc)
{
    const char *rel = strstr(path, "/src/") ? strstr(path, "/src/") + 5 : path;
    const char *p = text;
    char lit[4096];
    int line = 1;
    size_t i;
    if ((!strncmp(rel, "core/catalog", 12) && strstr(rel, ".c")) ||
        !strcmp(rel, "core/fields.h"))
        return;
    while (*p) {
        if (p[0] == '/' && (p[1] == '*' || p[1] == '/')) {
            const char *e = skip_space(p);
            for (; p < e; p++)
                line += *p == '\n';
        } else if (*p == '\'') {
            p = skip_quoted(p);
        } else if (*p == '"') {
            const char *e = skip_quoted(p);
            size_t n = (size_t)(e - p) - 2;
            if (n >= sizeof lit)
                n = sizeof lit - 1;
            memcpy(lit, p + 1, n);
            lit[n] = '\0';
            sc->found++;
            for (i = 0; i < sizeof czech_allowed / sizeof czech_allowed[0]; i++)
                if (!czech_allowed[i].file || !strcmp(czech_allowed[i].file, rel))
                    remove_word(lit, czech_allowed[i].word);
            if (has_czech_letter(lit)) {
                sc->missing++;
                print_error("%s:%d: a Czech literal outside the catalogue: \"%s\"\n", path, line,
                            lit);
            }
            for (; p < e; p++)
                line += *p == '\n';
        } else {
            line += *p++ == '\n';
        }
    }
}

static void test_czech_literals(void **state)
{
    struct scan sc = {0, 0};
    (void)state;
    scan_dir(DOSAH_SOURCE_DIR "/src", &sc, scan_czech, 1);
    assert_true(sc.found > 1000); /* the string literals scanned */
    assert_int_equal(sc.missing, 0);
}

/* Whether the style text key is the report's English en, or en with a number for its one %g
 * ("over 90 min" of "over %g min"). */
static int report_text_is(const char *en, const char *key)
{
    const char *conv = strstr(en, "%g");
    size_t head, tail, n = strlen(key);
    if (!conv)
        return !strcmp(en, key);
    head = (size_t)(conv - en);
    tail = strlen(conv + 2);
    return n > head + tail && !memcmp(key, en, head) && !strcmp(key + n - tail, conv + 2) &&
           strspn(key + head, "0123456789.") == n - head - tail;
}

/*
 * The QGIS styles' texts: every {{key}} of a template in styles/ has its Czech in the
 * catalogue (else the Czech style would show the English), every entry is used, no key
 * twice, and every Czech text is UTF-8 and not empty. A text the report has too is declared
 * in the report's catalogue only, and the styles take it from there.
 */
static void test_style_texts(void **state)
{
    const char *dir = DOSAH_SOURCE_DIR "/styles";
    DIR *d = opendir(dir);
    struct dirent *e;
    int *used = calloc(dosah_catalog_styles_count, sizeof *used);
    int shared_used[64] = {0};
    size_t i, j, keys = 0;
    char buf[128];
    (void)state;
    assert_non_null(d);
    assert_non_null(used);
    assert_true(dosah_catalog_styles_shared_count <= sizeof shared_used / sizeof shared_used[0]);
    for (i = 0; i < dosah_catalog_styles_count; i++) {
        const struct dosah_catalog_entry *en = &dosah_catalog_styles[i];
        assert_true(en->cs[0] != '\0');
        assert_true(dosah_utf8_valid(en->cs, strlen(en->cs), NULL));
        for (j = 0; j < i; j++)
            if (!strcmp(dosah_catalog_styles[j].en, en->en))
                fail_msg("style text twice in the catalogue: \"%s\"", en->en);
        for (j = 0; j < DOSAH_RMSG_COUNT; j++)
            if (report_text_is(dosah_report_msg(DOSAH_REPORT_EN, (enum dosah_report_msg_id)j),
                               en->en))
                fail_msg("style text \"%s\" is the report's text %zu too: declare it once, "
                         "in the report's catalogue, and list it in catalog_styles.c's shared",
                         en->en, j);
    }
    while ((e = readdir(d))) {
        char path[1024];
        size_t n = strlen(e->d_name);
        FILE *fp;
        char *text;
        const char *p;
        long size;
        if (n < 5 || strcmp(e->d_name + n - 4, ".qml"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        assert_non_null(fp = fopen(path, "rb"));
        assert_int_equal(fseek(fp, 0, SEEK_END), 0);
        size = ftell(fp);
        rewind(fp);
        assert_non_null(text = malloc((size_t)size + 1));
        assert_int_equal(fread(text, 1, (size_t)size, fp), (size_t)size);
        text[size] = '\0';
        fclose(fp);
        for (p = text; (p = strstr(p, "{{")) != NULL;) {
            const char *close = strstr(p, "}}");
            int found = 0;
            assert_non_null(close);
            for (i = 0; i < dosah_catalog_styles_count; i++)
                if (strlen(dosah_catalog_styles[i].en) == (size_t)(close - p - 2) &&
                    !memcmp(dosah_catalog_styles[i].en, p + 2, (size_t)(close - p - 2))) {
                    used[i] = found = 1;
                }
            for (i = 0; i < dosah_catalog_styles_shared_count && !found; i++) {
                char key[128];
                snprintf(key, sizeof key, "%.*s", (int)(close - p - 2), p + 2);
                if (report_text_is(
                        dosah_report_msg(DOSAH_REPORT_EN,
                                         (enum dosah_report_msg_id)dosah_catalog_styles_shared(i)),
                        key))
                    shared_used[i] = found = 1;
            }
            if (!found)
                fail_msg("%s: no Czech in the catalogue for {{%.*s}}", path,
                         (int)(close - p - 2), p + 2);
            assert_non_null(
                dosah_catalog_style_cs(p + 2, (size_t)(close - p - 2), buf, sizeof buf));
            keys++;
            p = close + 2;
        }
        free(text);
    }
    closedir(d);
    for (i = 0; i < dosah_catalog_styles_count; i++)
        if (!used[i])
            fail_msg("style text \"%s\" in the catalogue but in no template",
                     dosah_catalog_styles[i].en);
    for (i = 0; i < dosah_catalog_styles_shared_count; i++)
        if (!shared_used[i])
            fail_msg("the report's text %d is shared with the styles but in no template",
                     dosah_catalog_styles_shared(i));
    free(used);
    assert_true(keys >= 30);
    assert_null(dosah_catalog_style_cs("no such text", 12, buf, sizeof buf));
    /* by hand: a shared text, plain and with a number */
    assert_string_equal(dosah_catalog_style_cs("unreachable", 11, buf, sizeof buf),
                        "nedostupn\xc3\xa9");
    assert_string_equal(dosah_catalog_style_cs("over 90 min", 11, buf, sizeof buf), "nad 90 min");
    assert_string_equal(dosah_catalog_style_cs("over 7.5 min", 12, buf, sizeof buf), "nad 7.5 min");
    assert_null(dosah_catalog_style_cs("over  min", 9, buf, sizeof buf));
    assert_null(dosah_catalog_style_cs("over 90x min", 12, buf, sizeof buf));
    assert_null(dosah_catalog_style_cs("over 090 min", 12, buf, sizeof buf));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plural),
        cmocka_unit_test(test_phrase),
        cmocka_unit_test(test_conversions_and_errors),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_entries),
        cmocka_unit_test(test_diagnostic),
        cmocka_unit_test(test_source_scan),
        cmocka_unit_test(test_czech_literals),
        cmocka_unit_test(test_style_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
