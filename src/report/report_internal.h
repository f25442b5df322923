/* SPDX-License-Identifier: MIT */
/* The report module's shared declarations (the .c files of src/report). No third-party
 * headers here, so that unit tests of the pure parts (WKB, formatting, tables, classes,
 * messages) need none; the Cairo side is in draw_internal.h. */
#ifndef DOSAH_REPORT_INTERNAL_H
#define DOSAH_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/fields.h"
#include "dosah/core.h"
#include "dosah/report.h"

struct sqlite3;
struct sqlite3_stmt;
struct dosah_scenario;

/* ---- language and messages: the catalogue's (core/catalog_report.c) -------------------- */

#include "core/catalog_report.h"

/* ---- text formatting (format.c) ------------------------------------------------------- */

/* v with thousands grouping and the language's decimal mark (cs: "12 345,6" with a no-break
 * space, en: "12,345.6"); "–" when v is NaN or infinite. Always NUL-terminates buf. */
void dosah_report_fmt_number(enum dosah_report_lang lang, double v, int decimals, char *buf,
                             size_t n);
/* A share in [0, 1] as a percentage (cs: "87,3 %", en: "87.3%"); "–" when NaN. */
void dosah_report_fmt_percent(enum dosah_report_lang lang, double share, int decimals,
                              char *buf, size_t n);
/* Appends s with &, <, >, " and ' escaped for HTML text and attribute values. */
enum dosah_status dosah_report_html_escape(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                           const char *s);
/* Appends s as one RFC 4180 field: quoted when it holds a comma, quote, CR or LF (or starts
 * or ends with a space), quotes doubled. NULL is an empty field. */
enum dosah_status dosah_report_csv_field(struct dosah_ctx *ctx, struct dosah_strbuf *b,
                                         const char *s);
/* Copies s into buf as a file-name-safe slug (a-z, 0-9, '_', '-'; others become '_'). */
void dosah_report_slug(const char *s, char *buf, size_t n);

/* ---- tables (table.c): one table is both a CSV file and an HTML table ------------------- */

#define DOSAH_REPORT_ROW_TOTAL 1u   /* a total row: bold, set apart */
#define DOSAH_REPORT_ROW_ALERT 2u   /* a row to notice (a region in a gap): tinted */

struct dosah_report_cell {
    char *csv;   /* the machine value ("" for none) */
    char *html;  /* the displayed text (not escaped); NULL: csv */
};

struct dosah_report_table {
    char *name;                          /* tables/<name>.csv */
    size_t col_count;
    char **heads;                        /* per column */
    unsigned char *numeric;              /* per column: 1 = right-aligned number */
    struct dosah_report_cell *cells;     /* row-major, row_count × col_count */
    unsigned char *row_flags;
    size_t row_count, row_cap;
    enum dosah_report_lang lang;
};

enum dosah_status dosah_report_table_init(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                          const char *name, size_t col_count,
                                          enum dosah_report_lang lang);
void dosah_report_table_clear(struct dosah_report_table *t);
enum dosah_status dosah_report_table_head(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                          size_t col, const char *text, int numeric);
/* Appends an empty row; the setters below fill the last row. */
enum dosah_status dosah_report_table_row(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                         unsigned flags);
enum dosah_status dosah_report_table_set(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                         size_t col, const char *csv, const char *html);
/* A number: CSV with `decimals` digits and '.', HTML formatted for the language; NaN is
 * empty in CSV and `missing` (or "–" when NULL) in HTML. */
enum dosah_status dosah_report_table_number(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                            size_t col, double v, int decimals,
                                            const char *missing);
/* A share in [0, 1]: CSV as a percentage with 2 decimals, HTML with 1 ("87,3 %"). */
enum dosah_status dosah_report_table_share(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                           size_t col, double share, const char *missing);
/* The same with `decimals` in the HTML (small shares: capacity served); CSV as above. */
enum dosah_status dosah_report_table_percent(struct dosah_ctx *ctx, struct dosah_report_table *t,
                                             size_t col, double share, int decimals,
                                             const char *missing);
/* The whole table as CSV text (header row, CRLF line ends as RFC 4180 says). */
enum dosah_status dosah_report_table_csv(struct dosah_ctx *ctx,
                                         const struct dosah_report_table *t,
                                         struct dosah_strbuf *b);
/* The table as an HTML <table> (escaped). */
enum dosah_status dosah_report_table_html(struct dosah_ctx *ctx,
                                          const struct dosah_report_table *t,
                                          struct dosah_strbuf *b);

/* ---- WKB geometry (wkb.c) ------------------------------------------------------------- */

enum dosah_report_part_kind { DOSAH_PART_POINT = 0, DOSAH_PART_LINE, DOSAH_PART_RING };

/* Flattened geometry: parts (points, lines, polygon rings) over one array of coordinates. */
struct dosah_report_shape {
    double *xy;                /* x0, y0, x1, y1, ... */
    size_t point_count, point_cap;
    uint32_t *part_start;      /* first point of each part */
    unsigned char *part_kind;  /* enum dosah_report_part_kind */
    size_t part_count, part_cap;
    double min_x, min_y, max_x, max_y; /* bounds; min > max when empty */
};

void dosah_report_shape_init(struct dosah_report_shape *s);
void dosah_report_shape_clear(struct dosah_report_shape *s);
/* Number of points of part i. */
size_t dosah_report_shape_part_size(const struct dosah_report_shape *s, size_t i);
/*
 * Appends the geometry of an OGC/ISO WKB blob (either byte order; Point, LineString, Polygon,
 * their Multi forms and GeometryCollection; Z, M and ZM are read as 2D) to s. Fails with
 * DOSAH_EINVAL (s keeps what was read before the call) on truncated or malformed input.
 */
enum dosah_status dosah_report_wkb_read(struct dosah_ctx *ctx, const unsigned char *wkb,
                                        size_t size, struct dosah_report_shape *s);

/* ---- travel-time classes (classes.c), the same as styles/municipalities.qml ------------ */

#define DOSAH_REPORT_CLASS_COUNT 8   /* 0 unreachable, 1 ≤10, 2 ≤20, ... 7 >90 min */

struct dosah_report_rgb {
    unsigned char r, g, b;
};

/* The class of a travel time in minutes (upper bounds inclusive); NaN: 0 (unreachable). */
int dosah_report_class_of(double minutes);
/* The class's fill colour, as in the QGIS style. */
struct dosah_report_rgb dosah_report_class_rgb(int cls);
/* The class's upper bound in minutes (INFINITY for >90 and NaN for unreachable). */
double dosah_report_class_upper(int cls);
/* The class's legend label ("0–10 min", "nad 90 min", "nedostupné"). */
void dosah_report_class_label(enum dosah_report_lang lang, int cls, char *buf, size_t n);

/* ---- the GeoPackage read back (db.c, keys.c) ------------------------------------------ */

/* One service question found in the GeoPackage. */
struct dosah_report_key {
    char *key;
    char *label;              /* the scenario's label, else the key */
    char *form;               /* "field", "ambulant", "residential" or NULL */
    char *types;              /* "§40, §41" or NULL */
    double threshold_min;     /* NaN when unknown */
    double norm_per_10k;      /* NaN when not set */
    double target_share;      /* NaN when not set */
    char *mode;               /* "car", "walk", "transit" or NULL when unknown */
    char *target_group;       /* the population group counted, NULL: everybody */
    char *service_day;        /* transit: "2026-03-03" (the facts), else NULL */
    char *service_weekday;    /* transit: "tuesday", else NULL */
    char *depart;             /* transit: "07:00-09:00", else NULL */
    int has_gap;              /* regions carry K_gap / K_shortfall */
    int has_capacity;         /* the areas carry K_fca or K_cap_covered */
};

/* A time window of coverage by opening hours (the K_within_<name> columns). */
struct dosah_report_window {
    char *name; /* "weekday_evening" */
    char *text; /* "Mo-Fr 18:00-22:00"; NULL when unknown */
};

struct dosah_report_doc {
    struct dosah_ctx *ctx;
    const char *path;
    struct sqlite3 *db;
    void *spatialite;                 /* SpatiaLite's per-connection cache */
    struct dosah_scenario *scenario;  /* parsed from run_info's scenario.text, or NULL */
    char *name;                       /* scenario name (never NULL after open) */
    struct dosah_report_key *keys;
    size_t key_count;
    double *thresholds;               /* the T of the K_within_T columns, ascending */
    size_t threshold_count;
    struct dosah_report_window *windows; /* run_info's window.* facts, else the scenario's */
    size_t window_count;
    const char *area_table;           /* "municipalities", else "demand" */
    int has_regions, has_region_code, has_localities, has_locality_municipality;
    int has_services, has_proposals, has_changes, has_gaps, has_diagnostics;
    int has_catchments, has_scope;
};

/* Opens the GeoPackage read-only with SpatiaLite and finds what it holds, after checking
 * every table (dosah_report_validate) unless own_output says the file is the run's own. On
 * failure the doc is closed. */
enum dosah_status dosah_report_doc_open(struct dosah_ctx *ctx, const char *path, int own_output,
                                        struct dosah_report_doc *doc);
void dosah_report_doc_close(struct dosah_report_doc *doc);
/* Reads every table of the open GeoPackage once and fails (DOSAH_EINVAL, with the table,
 * feature and column) on text that is not UTF-8, a malformed or invalid geometry or a view,
 * before any GEOS or SpatiaLite geometry function is called (validate.c). */
enum dosah_status dosah_report_validate(struct dosah_report_doc *doc);
int dosah_report_db_has_table(const struct dosah_report_doc *doc, const char *table);
/* The column of per-question field f (core/fields.h) for key: K_<suffix> with {T} as minutes
 * and {W} as window (may be NULL), into buf (of size n, cut to fit); returns buf. */
const char *dosah_report_key_col(const char *key, enum dosah_key_field f, double minutes,
                                 const char *window, char *buf, size_t n);
int dosah_report_db_has_column(const struct dosah_report_doc *doc, const char *table,
                               const char *column);
/* Prepares SQL built with sqlite3_mprintf's format (%w quotes identifiers, %Q literals). */
enum dosah_status dosah_report_db_prepare(struct dosah_report_doc *doc,
                                          struct sqlite3_stmt **stmt, const char *fmt, ...);
/* Steps: *row = 1 with a row, 0 when done; the caller finalizes the statement. */
enum dosah_status dosah_report_db_step(struct dosah_report_doc *doc, struct sqlite3_stmt *stmt,
                                       int *row);
/* The first column of the first row as a number (NaN when NULL or no row). */
enum dosah_status dosah_report_db_number(struct dosah_report_doc *doc, double *out,
                                         const char *fmt, ...);
/* A run_info value (copy, caller frees), NULL when absent. */
enum dosah_status dosah_report_db_info(struct dosah_report_doc *doc, const char *key,
                                       char **out);
/* Column accessors that copy text (NULL for SQL NULL) and read numbers (NaN for NULL). */
char *dosah_report_col_text(struct dosah_ctx *ctx, struct sqlite3_stmt *stmt, int col);
double dosah_report_col_number(struct sqlite3_stmt *stmt, int col);
/* Discovers the service keys, thresholds and time windows (keys.c): labels and parameters
 * from run_info's question.<key>.* facts, else from the scenario text. */
enum dosah_status dosah_report_doc_keys(struct dosah_report_doc *doc);

/* ---- the report being written (report.c) ---------------------------------------------- */

struct dosah_report {
    struct dosah_ctx *ctx;
    struct dosah_report_doc doc;
    enum dosah_report_lang lang;
    double png_scale;
    char *outdir;           /* where the files are written: the staging directory */
    const char *shown_path; /* the GeoPackage's path as the report names it */
    struct dosah_strbuf html;
    unsigned figure_count;
    struct dosah_report_mapdata *maps;  /* geometry, loaded once for all maps */
    struct dosah_report_png_job *png_job; /* the oldest PNG being encoded (figure.c) */
    struct dosah_report_hash *hash;       /* the GeoPackage's SHA-256, being computed */
};

/* Starts computing the SHA-256 of the GeoPackage on a thread of its own (at once when no
 * thread can be made), for the provenance table at the end of the report. */
enum dosah_status dosah_report_hash_start(struct dosah_report *r);
/* Waits for the hash: hex gets it (with hex non-NULL), else the failure is set on r->ctx.
 * With hex NULL it only waits and frees (every way out of the report). */
enum dosah_status dosah_report_hash_finish(struct dosah_report *r, char hex[65]);

/* The report's style sheet (css.c). */
extern const char dosah_report_css[];

const char *dosah_report_t(const struct dosah_report *r, enum dosah_report_msg_id id);
/* printf into the HTML (no escaping) / escaped text into the HTML. */
enum dosah_status dosah_report_out(struct dosah_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum dosah_status dosah_report_out_text(struct dosah_report *r, const char *s);
/* Writes data to outdir/relpath through a temporary file renamed into place. */
enum dosah_status dosah_report_save(struct dosah_report *r, const char *relpath,
                                    const void *data, size_t size);
/* Writes the table to tables/<name>.csv only. */
enum dosah_status dosah_report_save_csv(struct dosah_report *r,
                                       const struct dosah_report_table *t);
/* Writes the table to tables/<name>.csv and into the HTML with a caption and a CSV link. */
enum dosah_status dosah_report_emit_table(struct dosah_report *r,
                                          const struct dosah_report_table *t,
                                          const char *caption);
/* A paragraph with a note (escaped), class "note". */
enum dosah_status dosah_report_note(struct dosah_report *r, const char *text);
/* Opens a section: <section id=..><h2>title</h2>; close with dosah_report_section_end. */
enum dosah_status dosah_report_section(struct dosah_report *r, const char *id,
                                       enum dosah_report_msg_id title);
enum dosah_status dosah_report_section_end(struct dosah_report *r);

/* The sections, in the order of the report. */
enum dosah_status dosah_report_summary(struct dosah_report *r);
enum dosah_status dosah_report_maps(struct dosah_report *r);
enum dosah_status dosah_report_coverage(struct dosah_report *r);
enum dosah_status dosah_report_capacity(struct dosah_report *r);
enum dosah_status dosah_report_hours(struct dosah_report *r);
enum dosah_status dosah_report_gaps(struct dosah_report *r);
enum dosah_status dosah_report_localities(struct dosah_report *r);
enum dosah_status dosah_report_catchments(struct dosah_report *r);
enum dosah_status dosah_report_proposals(struct dosah_report *r);
enum dosah_status dosah_report_changes(struct dosah_report *r);
enum dosah_status dosah_report_diagnostics(struct dosah_report *r);
enum dosah_status dosah_report_method(struct dosah_report *r);

/* A whole table of the GeoPackage (no geometry) as a report table (sections.c). */
enum dosah_status dosah_report_generic_table(struct dosah_report *r, const char *table,
                                             const char *name, struct dosah_report_table *t);
/* Map geometry, freed with the report (map_data.c). */
void dosah_report_mapdata_destroy(struct dosah_report_mapdata *md);

#endif
