/* SPDX-License-Identifier: MIT */
/*
 * The scenario file: reading it, checking that it is UTF-8 text YAML accepts, turning
 * libyaml's event stream into a small tree that remembers where every value was written
 * (rejecting anchors, aliases, tags, duplicate keys and further documents on the way), and the
 * public lifecycle and name tables. Which keys exist, their types, ranges and defaults is the
 * business of scenario_schema.c. Every message of a bad scenario starts "FILE:LINE:COLUMN: "
 * with 1-based lines and columns counted in characters, as libyaml counts them.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "core/text.h"
#include "io/scenario_internal.h"

#define SCN_MAX_DEPTH 32             /* a scenario needs 4; deeper is a mistake */
#define SCN_MAX_BYTES (16ul << 20)   /* a scenario is a page of text */

enum dosah_status scn_error(const struct scn_parser *p, struct dosah_yaml_mark mark,
                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dosah_error_setv(p->ctx, DOSAH_EINVAL, fmt, ap);
    va_end(ap);
    dosah_error_prefix(p->ctx, "%s:%u:%u", p->path, mark.line, mark.column);
    return DOSAH_EINVAL;
}

/* Bytes in the UTF-8 sequence that starts with byte b (text already validated). */
static size_t utf8_len(unsigned char b)
{
    return b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}

/* Length of the line break at t[i..size), 0 when none; breaks as libyaml knows them. */
static size_t break_len(const unsigned char *t, size_t i, size_t size)
{
    if (t[i] == '\n')
        return 1;
    if (t[i] == '\r')
        return i + 1 < size && t[i + 1] == '\n' ? 2 : 1;
    if (t[i] == 0xc2 && i + 1 < size && t[i + 1] == 0x85) /* NEL */
        return 2;
    if (t[i] == 0xe2 && i + 2 < size && t[i + 1] == 0x80 &&
        (t[i + 2] == 0xa8 || t[i + 2] == 0xa9)) /* LS, PS */
        return 3;
    return 0;
}

/* The 1-based line and column (in characters) of a byte offset of valid UTF-8 text. */
static struct dosah_yaml_mark mark_at(const char *text, size_t size, size_t offset)
{
    const unsigned char *t = (const unsigned char *)text;
    struct dosah_yaml_mark m = {1, 1};
    size_t i = 0;
    if (size >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0 && offset >= 3)
        i = 3; /* libyaml drops a byte order mark before counting */
    while (i < offset && i < size) {
        size_t brk = break_len(t, i, size);
        if (brk) {
            m.line++;
            m.column = 1;
            i += brk;
        } else {
            m.column++;
            i += utf8_len(t[i]);
        }
    }
    return m;
}

/* The byte offset of a 1-based line and column of valid UTF-8 text (size when past the end). */
static size_t offset_at(const char *text, size_t size, struct dosah_yaml_mark want)
{
    const unsigned char *t = (const unsigned char *)text;
    struct dosah_yaml_mark m = {1, 1};
    size_t i = size >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    while (i < size && (m.line < want.line || (m.line == want.line && m.column < want.column))) {
        size_t brk = break_len(t, i, size);
        if (brk && m.line == want.line)
            return size; /* the column is past the end of the line */
        if (brk) {
            m.line++;
            m.column = 1;
            i += brk;
        } else {
            m.column++;
            i += utf8_len(t[i]);
        }
    }
    return i;
}

/* The code point of a character YAML forbids at t[i], or -1 when the character is allowed. */
static long forbidden_char(const unsigned char *t, size_t i)
{
    if ((t[i] < 0x20 && t[i] != '\t' && t[i] != '\n' && t[i] != '\r') || t[i] == 0x7f)
        return t[i];
    if (t[i] == 0xc2 && t[i + 1] >= 0x80 && t[i + 1] <= 0x9f && t[i + 1] != 0x85)
        return t[i + 1]; /* C1 controls */
    if (t[i] == 0xef && t[i + 1] == 0xbf && t[i + 2] >= 0xbe)
        return 0xfffe + (t[i + 2] - 0xbe);
    return -1;
}

/*
 * Checks that text is valid UTF-8 without the characters YAML does not allow, so that such
 * a file fails with its line and column rather than libyaml's byte offset.
 */
static enum dosah_status check_text(const struct scn_parser *p, const char *text, size_t size)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t bad = 0, i;
    if (!dosah_utf8_valid(text, size, &bad))
        return scn_error(p, mark_at(text, size, bad),
                         "the scenario is not valid UTF-8 (byte 0x%02X here); save the file "
                         "with the UTF-8 encoding",
                         t[bad]);
    for (i = 0; i < size; i += utf8_len(t[i])) {
        long cp = forbidden_char(t, i);
        if (cp >= 0)
            return scn_error(p, mark_at(text, size, i),
                             "the character U+%04lX is not allowed in YAML; remove it", cp);
    }
    return DOSAH_OK;
}

void scn_node_free(struct scn_node *n)
{
    size_t i;
    if (!n)
        return;
    for (i = 0; i < n->nitems; i++)
        scn_node_free(n->items[i]);
    dosah_free(n->items);
    dosah_free(n->text);
    dosah_free(n);
}

int scn_is_null(const struct scn_node *n)
{
    return n->kind == SCN_SCALAR && !n->quoted &&
           (n->text[0] == '\0' || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
            strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0);
}

/* Builds the tree from the events of one document. */
struct builder {
    const struct scn_parser *p;
    struct scn_node *root;
    struct scn_node *open[SCN_MAX_DEPTH]; /* the mappings and sequences being filled */
    size_t depth;
    int documents;
    int done;
};

static struct dosah_yaml_mark mark_of(yaml_mark_t m)
{
    struct dosah_yaml_mark r;
    r.line = (unsigned)m.line + 1;
    r.column = (unsigned)m.column + 1;
    return r;
}

/* Checks a new key of a mapping: a scalar not yet used in the mapping. */
static enum dosah_status check_key(const struct scn_parser *p, const struct scn_node *map,
                                   const struct scn_node *key)
{
    size_t i;
    if (key->kind != SCN_SCALAR)
        return scn_error(p, key->mark, "a key must be a name, not %s; check the indentation",
                         key->kind == SCN_MAPPING ? "a mapping" : "a list");
    for (i = 0; i < map->nitems; i += 2) {
        const struct scn_node *k = map->items[i];
        if (strcmp(k->text, key->text) == 0)
            return scn_error(p, key->mark,
                             "duplicate key '%s' (first written at line %u, column %u); "
                             "keep only one of them",
                             key->text, k->mark.line, k->mark.column);
    }
    return DOSAH_OK;
}

/* Hangs n under the innermost open node (or makes it the root); takes ownership of n. */
static enum dosah_status attach(struct builder *b, struct scn_node *n)
{
    struct scn_node *parent;
    enum dosah_status st;
    void *items;
    if (b->depth == 0) {
        b->root = n;
        return DOSAH_OK;
    }
    parent = b->open[b->depth - 1];
    if (parent->kind == SCN_MAPPING && parent->nitems % 2 == 0) {
        st = check_key(b->p, parent, n);
        if (st != DOSAH_OK)
            goto fail;
    }
    items = parent->items;
    st = dosah_array_reserve(b->p->ctx, &items, &parent->cap, parent->nitems + 1,
                             sizeof *parent->items);
    if (st != DOSAH_OK)
        goto fail;
    parent->items = items;
    parent->items[parent->nitems++] = n;
    return DOSAH_OK;
fail:
    scn_node_free(n);
    return st;
}

/* Rejects anchors and explicit tags, which a scenario has no use for. */
static enum dosah_status check_props(const struct builder *b, struct dosah_yaml_mark m,
                                     const yaml_char_t *anchor, const yaml_char_t *tag)
{
    static const char core[] = "tag:yaml.org,2002:";
    const char *t = (const char *)tag;
    if (anchor)
        return scn_error(b->p, m,
                         "YAML anchors (&%s) are not supported in a scenario; write the values "
                         "out in full",
                         (const char *)anchor);
    if (t)
        return scn_error(b->p, m,
                         "YAML tags (%s%s) are not supported in a scenario; remove the tag "
                         "(quote a value to make it a string)",
                         strncmp(t, core, sizeof core - 1) == 0 ? "!!" : "",
                         strncmp(t, core, sizeof core - 1) == 0 ? t + sizeof core - 1 : t);
    return DOSAH_OK;
}

static enum dosah_status on_scalar(struct builder *b, const yaml_event_t *e,
                                   struct dosah_yaml_mark m)
{
    struct scn_node *n;
    size_t len = e->data.scalar.length;
    enum dosah_status st = check_props(b, m, e->data.scalar.anchor, e->data.scalar.tag);
    if (st != DOSAH_OK)
        return st;
    if (memchr(e->data.scalar.value, '\0', len))
        return scn_error(b->p, m, "a value contains the NUL character (\\0); remove it");
    n = dosah_calloc(b->p->ctx, 1, sizeof *n);
    if (!n)
        return DOSAH_ENOMEM;
    n->kind = SCN_SCALAR;
    n->mark = m;
    n->quoted = e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    n->text = dosah_malloc(b->p->ctx, len + 1);
    if (!n->text) {
        dosah_free(n);
        return DOSAH_ENOMEM;
    }
    memcpy(n->text, e->data.scalar.value, len);
    n->text[len] = '\0';
    return attach(b, n);
}

static enum dosah_status on_open(struct builder *b, enum scn_kind kind, struct dosah_yaml_mark m,
                                 const yaml_char_t *anchor, const yaml_char_t *tag)
{
    struct scn_node *n;
    enum dosah_status st = check_props(b, m, anchor, tag);
    if (st != DOSAH_OK)
        return st;
    if (b->depth == SCN_MAX_DEPTH)
        return scn_error(b->p, m, "the scenario nests deeper than %d levels; check the indentation",
                         SCN_MAX_DEPTH);
    n = dosah_calloc(b->p->ctx, 1, sizeof *n);
    if (!n)
        return DOSAH_ENOMEM;
    n->kind = kind;
    n->mark = m;
    st = attach(b, n);
    if (st == DOSAH_OK)
        b->open[b->depth++] = n;
    return st;
}

static enum dosah_status on_event(struct builder *b, const yaml_event_t *e)
{
    struct dosah_yaml_mark m = mark_of(e->start_mark);
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->documents++ > 0)
            return scn_error(b->p, m,
                             "a second YAML document starts here, but a scenario is one "
                             "document; remove the '---' line and what follows, or split the "
                             "file");
        return DOSAH_OK;
    case YAML_ALIAS_EVENT:
        return scn_error(b->p, m,
                         "YAML aliases (*%s) are not supported in a scenario; write the value "
                         "out in full",
                         (const char *)e->data.alias.anchor);
    case YAML_SCALAR_EVENT:
        return on_scalar(b, e, m);
    case YAML_SEQUENCE_START_EVENT:
        return on_open(b, SCN_SEQUENCE, m, e->data.sequence_start.anchor,
                       e->data.sequence_start.tag);
    case YAML_MAPPING_START_EVENT:
        return on_open(b, SCN_MAPPING, m, e->data.mapping_start.anchor,
                       e->data.mapping_start.tag);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        b->depth--;
        return DOSAH_OK;
    case YAML_STREAM_END_EVENT:
        b->done = 1;
        return DOSAH_OK;
    default:
        return DOSAH_OK;
    }
}

/* Turns libyaml's failure into a message at the problem's mark. */
static enum dosah_status syntax_error(const struct scn_parser *p, const yaml_parser_t *yp,
                                      const char *text, size_t size)
{
    struct dosah_yaml_mark m, cm;
    const char *problem = yp->problem ? yp->problem : "unknown problem";
    size_t at;
    if (yp->error == YAML_MEMORY_ERROR)
        return dosah_error_set(p->ctx, DOSAH_ENOMEM, "%s: out of memory while reading YAML",
                               p->path);
    m = yp->error == YAML_READER_ERROR ? mark_at(text, size, yp->problem_offset)
                                       : mark_of(yp->problem_mark);
    at = offset_at(text, size, m);
    if (at < size && text[at] == '\t')
        return scn_error(p, m,
                         "YAML syntax error: a tab character; YAML indents with spaces only, "
                         "so replace the tab with spaces");
    if (!yp->context)
        return scn_error(p, m,
                         "YAML syntax error: %s; check the indentation, quotes and brackets",
                         problem);
    cm = mark_of(yp->context_mark);
    return scn_error(p, m,
                     "YAML syntax error: %s (%s at line %u, column %u); check the "
                     "indentation, quotes and brackets",
                     problem, yp->context, cm.line, cm.column);
}

enum dosah_status scn_tree_parse(const struct scn_parser *p, const char *text, size_t size,
                                 struct scn_node **root)
{
    yaml_parser_t yp;
    struct builder b;
    enum dosah_status st;
    *root = NULL;
    st = check_text(p, text, size);
    if (st != DOSAH_OK)
        return st;
    memset(&b, 0, sizeof b);
    b.p = p;
    if (!yaml_parser_initialize(&yp))
        return dosah_error_set(p->ctx, DOSAH_ENOMEM, "out of memory starting the YAML parser");
    yaml_parser_set_input_string(&yp, (const unsigned char *)text, size);
    while (!b.done) {
        yaml_event_t e;
        if (!yaml_parser_parse(&yp, &e)) {
            st = syntax_error(p, &yp, text, size);
            goto fail;
        }
        st = on_event(&b, &e);
        yaml_event_delete(&e);
        if (st != DOSAH_OK)
            goto fail;
    }
    yaml_parser_delete(&yp);
    if (!b.root || scn_is_null(b.root)) {
        struct dosah_yaml_mark first = {1, 1};
        scn_node_free(b.root);
        return scn_error(p, first,
                         "the scenario is empty; it needs at least 'name', 'crs', 'inputs' "
                         "and 'services'");
    }
    *root = b.root;
    return DOSAH_OK;
fail:
    yaml_parser_delete(&yp);
    scn_node_free(b.root);
    return st;
}

/* Reads a whole file into a new buffer (NULL and 0 for an empty file). */
static enum dosah_status read_file(struct dosah_ctx *ctx, const char *path, char **text,
                                   size_t *size)
{
    struct dosah_strbuf b;
    char chunk[8192];
    enum dosah_status st = DOSAH_OK;
    size_t n;
    FILE *f = fopen(path, "rb");
    dosah_strbuf_init(&b, 0);
    if (!f)
        return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot open the scenario: %s", path,
                               strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > SCN_MAX_BYTES) {
            st = dosah_error_set(ctx, DOSAH_EINVAL,
                                 "%s: the file is larger than 16 MiB, too large for a "
                                 "scenario; is it the right file?",
                                 path);
            goto fail;
        }
        st = dosah_strbuf_append(ctx, &b, chunk, n);
        if (st != DOSAH_OK)
            goto fail;
    }
    if (ferror(f)) {
        st = dosah_error_set(ctx, DOSAH_EIO, "%s: cannot read the scenario: %s", path,
                             strerror(errno));
        goto fail;
    }
    fclose(f);
    *text = b.data;
    *size = b.len;
    return DOSAH_OK;
fail:
    fclose(f);
    dosah_strbuf_clear(&b);
    return st;
}

enum dosah_status dosah_scenario_load(struct dosah_ctx *ctx, const char *path,
                                      struct dosah_scenario **out)
{
    char *text = NULL;
    size_t size = 0;
    enum dosah_status st;
    assert(ctx && path && out);
    *out = NULL;
    st = read_file(ctx, path, &text, &size);
    if (st != DOSAH_OK)
        return st;
    st = dosah_scenario_parse(ctx, path, text ? text : "", size, out);
    dosah_free(text);
    return st;
}

/* The directory part of path: "." when it has none, "/" for a file in the root. */
static char *dir_of(struct dosah_ctx *ctx, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    size_t n;
    if (!slash)
        return dosah_strdup(ctx, ".");
    n = slash == path ? 1 : (size_t)(slash - path);
    dir = dosah_malloc(ctx, n + 1);
    if (dir) {
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    return dir;
}

/* Sets the scenario's path, directory and a NUL-terminated copy of its text. */
static enum dosah_status keep_source(struct dosah_ctx *ctx, struct dosah_scenario *s,
                                     const char *path, const char *text, size_t size)
{
    s->path = dosah_strdup(ctx, path);
    s->dir = s->path ? dir_of(ctx, path) : NULL;
    s->text = s->dir ? dosah_malloc(ctx, size + 1) : NULL;
    if (!s->text)
        return DOSAH_ENOMEM;
    if (size)
        memcpy(s->text, text, size);
    s->text[size] = '\0';
    return DOSAH_OK;
}

enum dosah_status dosah_scenario_parse(struct dosah_ctx *ctx, const char *path,
                                       const char *text, size_t size,
                                       struct dosah_scenario **out)
{
    struct scn_parser p;
    struct dosah_scenario *s;
    struct scn_node *root = NULL;
    enum dosah_status st;
    assert(ctx && path && out && (text || size == 0));
    *out = NULL;
    p.ctx = ctx;
    p.path = path;
    if (!text)
        text = "";
    s = dosah_calloc(ctx, 1, sizeof *s);
    if (!s)
        return DOSAH_ENOMEM;
    st = keep_source(ctx, s, path, text, size);
    if (st != DOSAH_OK)
        goto fail;
    st = scn_tree_parse(&p, text, size, &root);
    if (st != DOSAH_OK)
        goto fail;
    st = scn_schema_apply(&p, root, s);
    if (st != DOSAH_OK)
        goto fail;
    scn_node_free(root);
    *out = s;
    return DOSAH_OK;
fail:
    scn_node_free(root);
    dosah_scenario_destroy(s);
    return st;
}

static void input_clear(struct dosah_input_spec *in)
{
    size_t f;
    dosah_free(in->path);
    dosah_free(in->path_as_written);
    dosah_free(in->layer);
    dosah_free(in->crs);
    dosah_free(in->encoding);
    dosah_free(in->geometry);
    dosah_free(in->where);
    for (f = 0; f < DOSAH_FIELD_COUNT; f++)
        dosah_free(in->fields[f]);
    for (f = 0; f < in->group_count; f++) {
        dosah_free(in->groups[f]);
        dosah_free(in->group_columns[f]);
    }
    dosah_free(in->groups);
    dosah_free(in->group_columns);
}

struct dosah_scenario *dosah_scenario_destroy(struct dosah_scenario *s)
{
    size_t i;
    if (!s)
        return NULL;
    for (i = 0; i < DOSAH_INPUT_KIND_COUNT; i++)
        input_clear(&s->inputs[i]);
    for (i = 0; i < s->network.speed_count; i++)
        dosah_free(s->network.speeds[i].road_class);
    dosah_free(s->network.speeds);
    for (i = 0; i < s->service_count; i++) {
        dosah_free(s->services[i].key);
        dosah_free(s->services[i].label);
        dosah_free(s->services[i].types);
        dosah_free(s->services[i].target_group);
        dosah_free(s->services[i].when.day_text);
        dosah_free(s->services[i].when.depart_text);
    }
    dosah_free(s->services);
    dosah_free(s->thresholds_min);
    for (i = 0; i < s->plan_count; i++) {
        dosah_free(s->plans[i].service);
        input_clear(&s->plans[i].candidates);
    }
    dosah_free(s->plans);
    for (i = 0; i < s->window_count; i++) {
        dosah_free(s->windows[i].name);
        dosah_free(s->windows[i].text);
    }
    dosah_free(s->windows);
    for (i = 0; i < s->change_count; i++) {
        dosah_free(s->changes[i].id);
        dosah_free(s->changes[i].name);
        dosah_free(s->changes[i].hours);
        dosah_free(s->changes[i].municipality);
    }
    dosah_free(s->changes);
    dosah_free(s->name);
    dosah_free(s->crs);
    dosah_free(s->text);
    dosah_free(s->dir);
    dosah_free(s->path);
    dosah_free(s);
    return NULL;
}

const char *dosah_input_kind_name(enum dosah_input_kind kind)
{
    static const char *const names[DOSAH_INPUT_KIND_COUNT] = {
        "municipalities", "regions",  "population",          "demand",
        "roads",          "services", "excluded_localities", "od_matrix",
        "buildings",      "addresses", "transit",
    };
    return (unsigned)kind < DOSAH_INPUT_KIND_COUNT ? names[kind] : "unknown";
}

const char *dosah_field_name(enum dosah_field field)
{
    static const char *const names[DOSAH_FIELD_COUNT] = {
        "id",       "name",  "population", "region",   "municipality", "class",
        "speed",    "oneway", "type",      "form",     "capacity",     "hours",
        "scope",    "origin", "destination", "minutes", "x",           "y",
        "priority", "building", "flats",     "address", "provider",     "unit",
        "point",
    };
    return (unsigned)field < DOSAH_FIELD_COUNT ? names[field] : "unknown";
}

long dosah_scenario_find_service(const struct dosah_scenario *s, const char *key)
{
    size_t i;
    if (!s || !key)
        return -1;
    for (i = 0; i < s->service_count; i++)
        if (s->services[i].key && strcmp(s->services[i].key, key) == 0)
            return (long)i;
    return -1;
}
