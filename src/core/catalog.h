/* SPDX-License-Identifier: MIT */
/*
 * The catalogue of translations of what a user reads besides field aliases: gettext-style,
 * the English text (a diagnostic's printf format as written at its call site, or a phrase)
 * is the key, and the catalogue gives its Czech text (catalog_diag.c). The report's own
 * texts are in the same catalogue by id (catalog_report.h, catalog_report.c), and so are the
 * GeoPackage's layer metadata and the QGIS project's names; the QGIS styles' legend and
 * label texts are keyed by their English (catalog_styles.c), those the report shows too
 * taken from the report's texts. Field aliases are declared
 * with the fields; errors printed by the CLI stay English and have no entry.
 *
 * A Czech format takes the same printf conversions as its key, in the same order (their
 * flags, width and precision may differ: `%.0s` takes an English word the Czech text does
 * without). Two directives of its own:
 *   %{one|few|many}  the form that agrees with the number last printed: 1; 2, 3 or 4; any
 *                    other (0, 5 and more, and a number printed with decimals); the first
 *                    form before any number. With two forms the second serves 2 and more.
 *   %#s              the string argument's Czech phrase from the catalogue, or the argument
 *                    as it is when it has none; a phrase "a|b|c" chooses as %{a|b|c}.
 */
#ifndef DOSAH_CATALOG_H
#define DOSAH_CATALOG_H

#include <stdarg.h>
#include <stddef.h>

struct dosah_catalog_entry {
    const char *en; /* the key: the English format or phrase */
    const char *cs; /* its Czech */
};

/* The Czech of an English format or phrase, or NULL when the catalogue has none. */
const char *dosah_catalog_cs(const char *en);

/* The Czech of a phrase without directives (a stage name...), or en itself when it has
 * none; never NULL for a non-NULL en. */
const char *dosah_catalog_phrase_cs(const char *en);

/*
 * Formats the Czech format fmt (see above) with the arguments of its English key into
 * buf[size] (always terminated when size > 0; truncated text is cut at a character
 * boundary). Returns 0, or -1 when fmt is malformed (an unknown conversion, %n, an unclosed
 * directive); buf is then "".
 */
int dosah_catalog_vformat(char *buf, size_t size, const char *fmt, va_list ap);

/*
 * A phrase with arguments that a diagnostic quotes whole (its %s in English takes en, a
 * %.0s skips cs; its Czech the other way round): formats the English format fmt, a key of
 * the catalogue like a diagnostic's, into en[size] and its Czech into cs[size] (a copy of
 * en when the catalogue has none). Call sites are scanned by the test as dosah_diag_add's.
 */
void dosah_catalog_pair(char *en, char *cs, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * The conversions of a format in order, one a line as their length modifier and conversion
 * character ("zu\ns\n.*" style: `*` width or precision counts as an "int" conversion before
 * its own), directives left out, into buf[size]. Returns the number of conversions, or -1
 * when fmt is malformed or buf too small. For the test that checks every entry.
 */
int dosah_catalog_conversions(const char *fmt, char *buf, size_t size);

/* The Czech of a QGIS style's text, its key key[n] as a template writes it between {{ and }}
 * (the English, maybe with a "#context"; catalog_styles.c), or NULL when it has none: static,
 * or written into buf (of size `size`) when it is a report's text with a number. */
const char *dosah_catalog_style_cs(const char *key, size_t n, char *buf, size_t size);

/* The entries, for tests: the diagnostics' formats and the phrases; the styles' texts. */
extern const struct dosah_catalog_entry dosah_catalog_diag[];
extern const size_t dosah_catalog_diag_count;
extern const struct dosah_catalog_entry dosah_catalog_styles[];
extern const size_t dosah_catalog_styles_count;
/* The report's texts (an enum dosah_report_msg_id each) that the styles take as theirs. */
extern const size_t dosah_catalog_styles_shared_count;
int dosah_catalog_styles_shared(size_t i);

#endif
