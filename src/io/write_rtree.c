/* SPDX-License-Identifier: MIT */
/*
 * The GeoPackage's spatial indexes (extension gpkg_rtree_index), built once per layer after
 * its features are written and packed in bulk. GDAL fills an index by inserting the
 * features one by one into SQLite's R*Tree, which rewrites a node for every feature (1.2 s
 * of the writing of a 200,000-node case); here the envelopes are read once, packed into
 * nodes by Sort-Tile-Recursive and each node is written once, in SQLite's own node format
 * (sqlite/ext/rtree/rtree.c: big-endian, the tree's depth in the root's first two bytes,
 * then the cell count and the cells, 8-byte id and 4 single-precision coordinates rounded
 * outwards as the R*Tree rounds them). The table, its triggers and its extension row are
 * the ones GDAL makes, so readers (GDAL, QGIS, SQLite's rtreecheck) see an ordinary index
 * holding the same envelopes.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "io/write_internal.h"

#define RTREE_MAX_CELLS 51   /* SQLite's RTREE_MAXCELLS: a node of 4 + 51 * 24 bytes */
#define RTREE_CELL_BYTES 24  /* id and 4 coordinates of 2-D REAL32 cells */
#define RTREE_NODE_BYTES (4 + RTREE_MAX_CELLS * RTREE_CELL_BYTES)

/* One cell: a feature (leaf) or a child node; box = minx, maxx, miny, maxy. */
struct cell {
    int64_t id;
    float box[4];
};

/* A level of the tree under construction: its cells, and where each node's cells start. */
struct level {
    struct cell *cell;
    size_t count;
};

/* The rounding of rtree.c's rtreeValueDown / rtreeValueUp (REAL32 coordinates). */
static float value_down(double d)
{
    float f = (float)d;
    if (f > d)
        f = (float)(d * (d < 0 ? (1.0 + 1.0 / 8388608.0) : (1.0 - 1.0 / 8388608.0)));
    return f;
}

static float value_up(double d)
{
    float f = (float)d;
    if (f < d)
        f = (float)(d * (d < 0 ? (1.0 - 1.0 / 8388608.0) : (1.0 + 1.0 / 8388608.0)));
    return f;
}

static int by_x(const void *a, const void *b)
{
    const struct cell *p = a, *q = b;
    float u = p->box[0] + p->box[1], v = q->box[0] + q->box[1];
    return u < v ? -1 : u > v ? 1 : (p->id > q->id) - (p->id < q->id);
}

static int by_y(const void *a, const void *b)
{
    const struct cell *p = a, *q = b;
    float u = p->box[2] + p->box[3], v = q->box[2] + q->box[3];
    return u < v ? -1 : u > v ? 1 : (p->id > q->id) - (p->id < q->id);
}

/* Sorts cells in Sort-Tile-Recursive order: vertical slices by x, each by y, so that every
 * run of RTREE_MAX_CELLS is one compact node. Checks the cancellation between the sorts
 * (the one by x of 4 million roads takes about half a second). */
static enum dosah_status str_order(struct dosah_ctx *ctx, struct cell *c, size_t n)
{
    size_t nodes = (n + RTREE_MAX_CELLS - 1) / RTREE_MAX_CELLS, slices, per, i;
    enum dosah_status st;
    slices = (size_t)ceil(sqrt((double)nodes));
    per = slices ? ((nodes + slices - 1) / slices) * RTREE_MAX_CELLS : n;
    qsort(c, n, sizeof *c, by_x);
    st = dosah_check_cancel(ctx, "write");
    for (i = 0; i < n && !st; i += per) {
        qsort(c + i, n - i < per ? n - i : per, sizeof *c, by_y);
        if ((i / per) % 64 == 63)
            st = dosah_check_cancel(ctx, "write");
    }
    return st;
}

static void put_u16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v;
}

static void put_i64(unsigned char *p, int64_t v)
{
    int i;
    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)((uint64_t)v >> (56 - 8 * i));
}

static void put_f32(unsigned char *p, float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    p[0] = (unsigned char)(u >> 24), p[1] = (unsigned char)(u >> 16);
    p[2] = (unsigned char)(u >> 8), p[3] = (unsigned char)u;
}

/* The failure of the last SQLite call: the interruption, or DOSAH_EIO with the table named. */
static enum dosah_status sql_fail(struct dosah_writer *w, sqlite3 *db, const char *table)
{
    if (dosah_ctx_cancelled(w->ctx))
        return dosah_check_cancel(w->ctx, "write");
    if (sqlite3_errcode(db) == SQLITE_NOMEM)
        return DOSAH_ENOMEM;
    return dosah_error_set(w->ctx, DOSAH_EIO, "%s: cannot build the spatial index of '%s': %s",
                           w->final_path, table, sqlite3_errmsg(db));
}

/* Runs one statement. */
static enum dosah_status exec(struct dosah_writer *w, sqlite3 *db, const char *sql,
                              const char *table)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? DOSAH_OK
                                                                 : sql_fail(w, db, table);
}

/* The envelopes of the layer's geometries, as GDAL's index triggers compute them. */
static enum dosah_status read_leaves(struct dosah_writer *w, sqlite3 *db, const char *table,
                                     struct level *out)
{
    char *sql = sqlite3_mprintf("SELECT fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), "
                                "ST_MaxY(geom) FROM \"%w\" WHERE geom NOT NULL AND NOT "
                                "ST_IsEmpty(geom)", table);
    sqlite3_stmt *st = NULL;
    size_t cap = 0;
    int rc;
    enum dosah_status s = sql ? DOSAH_OK : DOSAH_ENOMEM;
    if (!s && sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        s = sql_fail(w, db, table);
    while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct cell *c;
        if ((s = dosah_array_reserve(w->ctx, (void **)&out->cell, &cap, out->count + 1,
                                     sizeof *out->cell)))
            break;
        c = &out->cell[out->count++];
        c->id = sqlite3_column_int64(st, 0);
        c->box[0] = value_down(sqlite3_column_double(st, 1));
        c->box[1] = value_up(sqlite3_column_double(st, 2));
        c->box[2] = value_down(sqlite3_column_double(st, 3));
        c->box[3] = value_up(sqlite3_column_double(st, 4));
    }
    if (!s && rc != SQLITE_DONE)
        s = sql_fail(w, db, table);
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return s;
}

/* The parent level of lower: one cell per node of RTREE_MAX_CELLS of lower's cells (in
 * STR order), its box the union of theirs; ids are filled in when nodes are numbered. */
static enum dosah_status parent_level(struct dosah_ctx *ctx, struct level *lower,
                                      struct level *up)
{
    size_t i, k;
    enum dosah_status st = str_order(ctx, lower->cell, lower->count);
    if (st)
        return st;
    up->count = (lower->count + RTREE_MAX_CELLS - 1) / RTREE_MAX_CELLS;
    if (!(up->cell = dosah_calloc(ctx, up->count + 1, sizeof *up->cell)))
        return DOSAH_ENOMEM;
    for (k = 0; k < up->count; k++) {
        struct cell *p = &up->cell[k];
        size_t a = k * RTREE_MAX_CELLS, b = a + RTREE_MAX_CELLS;
        memcpy(p->box, lower->cell[a].box, sizeof p->box);
        for (i = a + 1; i < b && i < lower->count; i++) {
            const float *q = lower->cell[i].box;
            p->box[0] = fminf(p->box[0], q[0]), p->box[1] = fmaxf(p->box[1], q[1]);
            p->box[2] = fminf(p->box[2], q[2]), p->box[3] = fmaxf(p->box[3], q[3]);
        }
    }
    return DOSAH_OK;
}

/* The tree over the leaves: level[0] the features, level[top] the root's cells (at most
 * RTREE_MAX_CELLS). A cell above the leaves holds, as id, the index of its node on the level
 * below (numbered later). *top = 0 when the features fit in the root. */
static enum dosah_status build_levels(struct dosah_ctx *ctx, struct level level[16],
                                      size_t *top)
{
    enum dosah_status st = DOSAH_OK;
    size_t k;
    *top = 0;
    while (level[*top].count > RTREE_MAX_CELLS && !st) {
        if (*top + 1 >= 16) /* 51^15 cells: never */
            return dosah_error_set(ctx, DOSAH_EINVAL, "a spatial index deeper than 15 levels");
        st = parent_level(ctx, &level[*top], &level[*top + 1]);
        for (k = 0; !st && k < level[*top + 1].count; k++)
            level[*top + 1].cell[k].id = (int64_t)k;
        ++*top;
    }
    return st;
}

/* Node numbers: the root is 1, then level top - 1's nodes, and so on down to the leaves;
 * base[L] is the number of node 0 of level L (L < top), which has level[L + 1].count nodes. */
static void number_nodes(const struct level *level, size_t top, int64_t base[16])
{
    size_t l;
    int64_t next = 2;
    for (l = top; l-- > 0;) {
        base[l] = next;
        next += (int64_t)level[l + 1].count;
    }
}

/* A feature's row of the index's rowid table: the leaf node that holds it. */
struct leaf_row {
    int64_t fid, node;
};

/* Statements writing the three shadow tables of index `name`, and the features' rowid rows,
 * gathered while the leaves are written and inserted afterwards in fid order. */
struct shadow {
    sqlite3_stmt *node, *rowid, *parent;
    sqlite3_stmt *rowids; /* ROWS_AT_ONCE rows of the rowid table in one statement */
    struct leaf_row *row;
    size_t rows;
};

/* Rows of the rowid table one statement inserts (two parameters each: under the 999 that
 * SQLite allows at the least). One row a statement spent most of its time in the statement
 * itself: reset, bind and step per row. */
#define ROWS_AT_ONCE 256

static enum dosah_status put2(sqlite3_stmt *st, int64_t a, int64_t b)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    return sqlite3_step(st) == SQLITE_DONE ? DOSAH_OK : DOSAH_EIO;
}

/* Writes node k of level l (its cells, the parent and, for leaves, the features' rows). */
static enum dosah_status write_node(struct shadow *sh, const struct level *level,
                                    size_t top, const int64_t base[16], size_t l, size_t k,
                                    int64_t parent)
{
    unsigned char blob[RTREE_NODE_BYTES];
    size_t a = l == top ? 0 : k * RTREE_MAX_CELLS, i, n;
    int64_t self = l == top ? 1 : base[l] + (int64_t)k;
    enum dosah_status st = DOSAH_OK;
    n = level[l].count - a < RTREE_MAX_CELLS ? level[l].count - a : RTREE_MAX_CELLS;
    memset(blob, 0, sizeof blob);
    put_u16(blob, l == top ? (unsigned)top : 0);
    put_u16(blob + 2, (unsigned)n);
    for (i = 0; i < n && !st; i++) {
        const struct cell *c = &level[l].cell[a + i];
        unsigned char *p = blob + 4 + i * RTREE_CELL_BYTES;
        int64_t id = l ? base[l - 1] + c->id : c->id;
        put_i64(p, id);
        put_f32(p + 8, c->box[0]), put_f32(p + 12, c->box[1]);
        put_f32(p + 16, c->box[2]), put_f32(p + 20, c->box[3]);
        if (!l) {
            sh->row[sh->rows].fid = id;
            sh->row[sh->rows++].node = self;
        }
    }
    if (!st && l < top)
        st = put2(sh->parent, self, parent);
    if (!st) {
        sqlite3_reset(sh->node);
        sqlite3_bind_int64(sh->node, 1, self);
        sqlite3_bind_blob(sh->node, 2, blob, (int)sizeof blob, SQLITE_STATIC);
        st = sqlite3_step(sh->node) == SQLITE_DONE ? DOSAH_OK : DOSAH_EIO;
    }
    return st;
}

/* Every node, top down: a node's parent is the node of the level above holding its cell. */
static enum dosah_status write_nodes(struct dosah_writer *w, struct shadow *sh,
                                     const struct level *level, size_t top)
{
    int64_t base[16] = {0};
    size_t l, p;
    enum dosah_status st;
    number_nodes(level, top, base);
    st = write_node(sh, level, top, base, top, 0, 0);
    for (l = top; l-- > 0 && !st;)
        for (p = 0; p < level[l + 1].count && !st; p++) {
            int64_t parent = l + 1 == top ? 1 : base[l + 1] + (int64_t)(p / RTREE_MAX_CELLS);
            st = write_node(sh, level, top, base, l, (size_t)level[l + 1].cell[p].id, parent);
            if (!st && (p & 1023) == 0)
                st = dosah_check_cancel(w->ctx, "write");
        }
    return st;
}

static int by_fid(const void *a, const void *b)
{
    int64_t x = ((const struct leaf_row *)a)->fid, y = ((const struct leaf_row *)b)->fid;
    return (x > y) - (x < y);
}

/*
 * The rowid table's rows, in fid order: SQLite appends a row whose rowid is above all others
 * at the end of the table's B-tree, where the leaves' STR order would put each one at a
 * random place in it (over half the time of a national road layer's index, 1.7 million
 * rows). A layer's fids are dense (1 .. n as GDAL numbers them) and are placed directly;
 * other fids are sorted.
 */
static enum dosah_status write_rowids(struct dosah_writer *w, struct shadow *sh)
{
    size_t i, n = sh->rows;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    enum dosah_status st = DOSAH_OK;
    for (i = 0; i < n; i++) {
        lo = sh->row[i].fid < lo ? sh->row[i].fid : lo;
        hi = sh->row[i].fid > hi ? sh->row[i].fid : hi;
    }
    if (n && (uint64_t)hi - (uint64_t)lo == n - 1) { /* unique fids, so lo .. hi each once */
        struct leaf_row *by = dosah_malloc(w->ctx, n * sizeof *by);
        if (!by)
            return DOSAH_ENOMEM;
        for (i = 0; i < n; i++)
            by[(uint64_t)sh->row[i].fid - (uint64_t)lo] = sh->row[i];
        dosah_free(sh->row);
        sh->row = by;
    } else {
        qsort(sh->row, n, sizeof *sh->row, by_fid);
    }
    for (i = 0; i + ROWS_AT_ONCE <= n && !st; i += ROWS_AT_ONCE) {
        int k;
        sqlite3_reset(sh->rowids);
        for (k = 0; k < ROWS_AT_ONCE; k++) {
            sqlite3_bind_int64(sh->rowids, 2 * k + 1, sh->row[i + (size_t)k].fid);
            sqlite3_bind_int64(sh->rowids, 2 * k + 2, sh->row[i + (size_t)k].node);
        }
        st = sqlite3_step(sh->rowids) == SQLITE_DONE ? DOSAH_OK : DOSAH_EIO;
        if (!st && (i & 65535) == 0)
            st = dosah_check_cancel(w->ctx, "write");
    }
    for (; i < n && !st; i++)
        st = put2(sh->rowid, sh->row[i].fid, sh->row[i].node);
    return st;
}

/* The index table, its triggers (GDAL's, word for word) and its extension row. */
static enum dosah_status create_index(struct dosah_writer *w, sqlite3 *db, const char *t)
{
    static const char *const sql[] = {
        "CREATE VIRTUAL TABLE \"rtree_%w_geom\" USING rtree(id, minx, maxx, miny, maxy)",
        "CREATE TRIGGER \"rtree_%w_geom_insert\" AFTER INSERT ON \"%w\" WHEN (new.\"geom\" "
        "NOT NULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN INSERT OR REPLACE INTO "
        "\"rtree_%w_geom\" VALUES (NEW.\"fid\",ST_MinX(NEW.\"geom\"), ST_MaxX(NEW.\"geom\"),"
        "ST_MinY(NEW.\"geom\"), ST_MaxY(NEW.\"geom\")); END",
        "CREATE TRIGGER \"rtree_%w_geom_update1\" AFTER UPDATE OF \"geom\" ON \"%w\" WHEN "
        "OLD.\"fid\" = NEW.\"fid\" AND (NEW.\"geom\" NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\")) "
        "BEGIN INSERT OR REPLACE INTO \"rtree_%w_geom\" VALUES (NEW.\"fid\","
        "ST_MinX(NEW.\"geom\"), ST_MaxX(NEW.\"geom\"),ST_MinY(NEW.\"geom\"), "
        "ST_MaxY(NEW.\"geom\")); END",
        "CREATE TRIGGER \"rtree_%w_geom_update2\" AFTER UPDATE OF \"geom\" ON \"%w\" WHEN "
        "OLD.\"fid\" = NEW.\"fid\" AND (NEW.\"geom\" ISNULL OR ST_IsEmpty(NEW.\"geom\")) "
        "BEGIN DELETE FROM \"rtree_%w_geom\" WHERE id = OLD.\"fid\"; END",
        "CREATE TRIGGER \"rtree_%w_geom_update3\" AFTER UPDATE ON \"%w\" WHEN OLD.\"fid\" != "
        "NEW.\"fid\" AND (NEW.\"geom\" NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN "
        "DELETE FROM \"rtree_%w_geom\" WHERE id = OLD.\"fid\"; INSERT OR REPLACE INTO "
        "\"rtree_%w_geom\" VALUES (NEW.\"fid\",ST_MinX(NEW.\"geom\"), ST_MaxX(NEW.\"geom\"),"
        "ST_MinY(NEW.\"geom\"), ST_MaxY(NEW.\"geom\")); END",
        "CREATE TRIGGER \"rtree_%w_geom_update4\" AFTER UPDATE ON \"%w\" WHEN OLD.\"fid\" != "
        "NEW.\"fid\" AND (NEW.\"geom\" ISNULL OR ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM "
        "\"rtree_%w_geom\" WHERE id IN (OLD.\"fid\", NEW.\"fid\"); END",
        "CREATE TRIGGER \"rtree_%w_geom_delete\" AFTER DELETE ON \"%w\" WHEN old.\"geom\" "
        "NOT NULL BEGIN DELETE FROM \"rtree_%w_geom\" WHERE id = OLD.\"fid\"; END",
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
        "scope) VALUES (%Q, 'geom', 'gpkg_rtree_index', "
        "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
    };
    enum dosah_status st = DOSAH_OK;
    size_t i;
    for (i = 0; i < sizeof sql / sizeof *sql && !st; i++) {
        /* every %w and %Q of a statement takes the table's name */
        char *q = sqlite3_mprintf(sql[i], t, t, t, t, t, t);
        st = q ? exec(w, db, q, t) : DOSAH_ENOMEM;
        sqlite3_free(q);
    }
    return st;
}

static enum dosah_status prepare_shadow(struct dosah_writer *w, sqlite3 *db, const char *t,
                                        struct shadow *sh)
{
    static const char *const sql[] = {
        "INSERT OR REPLACE INTO \"rtree_%w_geom_node\" (nodeno, data) VALUES (?1, ?2)",
        "INSERT INTO \"rtree_%w_geom_rowid\" (rowid, nodeno) VALUES (?1, ?2)",
        "INSERT INTO \"rtree_%w_geom_parent\" (nodeno, parentnode) VALUES (?1, ?2)",
    };
    sqlite3_stmt **out[] = {&sh->node, &sh->rowid, &sh->parent};
    struct dosah_strbuf many;
    char *q;
    size_t i;
    int rc;
    for (i = 0; i < 3; i++) {
        q = sqlite3_mprintf(sql[i], t);
        rc = q ? sqlite3_prepare_v2(db, q, -1, out[i], NULL) : SQLITE_NOMEM;
        sqlite3_free(q);
        if (rc != SQLITE_OK)
            return q ? sql_fail(w, db, t) : DOSAH_ENOMEM;
    }
    /* the rowid table's statement, ROWS_AT_ONCE rows long */
    dosah_strbuf_init(&many, 0);
    q = sqlite3_mprintf("INSERT INTO \"rtree_%w_geom_rowid\" (rowid, nodeno) VALUES (?, ?)", t);
    rc = q && !dosah_strbuf_puts(w->ctx, &many, q) ? SQLITE_OK : SQLITE_NOMEM;
    sqlite3_free(q);
    for (i = 1; i < ROWS_AT_ONCE && rc == SQLITE_OK; i++)
        rc = dosah_strbuf_puts(w->ctx, &many, ", (?, ?)") ? SQLITE_NOMEM : SQLITE_OK;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, many.data, -1, &sh->rowids, NULL);
    dosah_strbuf_clear(&many);
    if (rc != SQLITE_OK)
        return rc == SQLITE_NOMEM ? DOSAH_ENOMEM : sql_fail(w, db, t);
    return DOSAH_OK;
}

/* The spatial index of one layer's table t. */
static enum dosah_status layer_index(struct dosah_writer *w, sqlite3 *db, const char *t)
{
    struct level level[16];
    struct shadow sh = {NULL, NULL, NULL, NULL, NULL, 0};
    size_t top = 0, l;
    enum dosah_status st;
    memset(level, 0, sizeof level);
    if (!(st = create_index(w, db, t)) && !(st = read_leaves(w, db, t, &level[0])) &&
        level[0].count && !(st = build_levels(w->ctx, level, &top)) &&
        !(st = prepare_shadow(w, db, t, &sh))) {
        if (!(sh.row = dosah_malloc(w->ctx, level[0].count * sizeof *sh.row)))
            st = DOSAH_ENOMEM;
        if (!st && !(st = write_nodes(w, &sh, level, top)))
            st = write_rowids(w, &sh);
    }
    if (st == DOSAH_EIO && !dosah_ctx_status(w->ctx)) /* a node, feature or parent row */
        st = sql_fail(w, db, t);
    sqlite3_finalize(sh.node);
    sqlite3_finalize(sh.rowid);
    sqlite3_finalize(sh.parent);
    sqlite3_finalize(sh.rowids);
    dosah_free(sh.row);
    for (l = 0; l < 16; l++)
        dosah_free(level[l].cell);
    return st;
}

enum dosah_status dosah_write_rtrees(struct dosah_writer *w)
{
    sqlite3 *db = GDALGetInternalHandle(w->ds, "SQLITE_HANDLE");
    enum dosah_status st = DOSAH_OK;
    int i, n = GDALDatasetGetLayerCount(w->ds);
    if (!db)
        return dosah_error_set(w->ctx, DOSAH_EGDAL, "GDAL gave no SQLite handle of the GeoPackage");
    /* GDAL's definition, made by GDAL when the first extension is registered */
    if ((st = exec(w, db, "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,"
                   "column_name TEXT,extension_name TEXT NOT NULL,definition TEXT NOT NULL,"
                   "scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, "
                   "extension_name))", "gpkg_extensions")))
        return st;
    for (i = 0; i < n && !st; i++) {
        OGRLayerH layer = GDALDatasetGetLayer(w->ds, i);
        if (OGR_L_GetGeomType(layer) == wkbNone)
            continue;
        /* GDAL creates a table when its first feature comes, an empty one only now */
        if (OGR_L_SyncToDisk(layer) != OGRERR_NONE)
            st = dosah_writer_gdal_fail(w, "cannot write a layer");
        if (!st && !(st = dosah_progress(w->ctx, 0.75 + 0.2 * i / n, "write")))
            st = layer_index(w, db, OGR_L_GetName(layer));
    }
    return st;
}
