/* SPDX-License-Identifier: MIT */
/* Private to the GTFS reader: one CSV table in memory, an id index, time and date fields. */
#ifndef DOSAH_GTFS_INTERNAL_H
#define DOSAH_GTFS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dosah/core.h"

#define GTFS_MAX_COLS 64

/* One GTFS file read whole (BOM stripped); records are split in place. */
struct gtfs_table {
    const char *label; /* "feed.zip: stops.txt", for messages */
    const char *name;  /* "stops.txt" */
    char *data;
    size_t size, pos;
    unsigned long line;      /* line of the current record (1-based) */
    unsigned long next_line; /* line where the next record starts */
    char *header[GTFS_MAX_COLS];
    size_t ncols;
    char *field[GTFS_MAX_COLS];
    size_t nfields;
};

/* Reads prefix + name; *present = 0 (and DOSAH_OK) when the file does not exist and
 * `optional`; the header is read. Free with gtfs_table_clear; on failure nothing is held. */
enum dosah_status gtfs_table_open(struct dosah_ctx *ctx, const char *prefix, const char *label,
                                  const char *name, int optional, int *present,
                                  struct gtfs_table *t);
void gtfs_table_clear(struct gtfs_table *t);
/* The next record into t->field; 0 at the end, -1 on a quote error (message set). */
int gtfs_table_next(struct dosah_ctx *ctx, struct gtfs_table *t);
/* Column index of name, -1 when absent; gtfs_table_require fails with a message. */
int gtfs_column(const struct gtfs_table *t, const char *name);
enum dosah_status gtfs_table_require(struct dosah_ctx *ctx, const struct gtfs_table *t,
                                     const char *name, int *col);
/* The field of column col in the current record ("" when missing or col < 0). */
const char *gtfs_field(const struct gtfs_table *t, int col);
/* Fails with "LABEL line N: field 'col': what". */
enum dosah_status gtfs_bad(struct dosah_ctx *ctx, const struct gtfs_table *t, int col,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* "H:MM:SS" (hours may pass 24) into seconds; -1 when not a time. */
int32_t gtfs_parse_time(const char *s);
/* "YYYYMMDD" into days since 1970-01-01; 0 on success, -1 when not a date. */
int gtfs_parse_date(const char *s, int32_t *day);

/* A string -> index map (open addressing; keys borrowed). */
struct gtfs_index {
    const char **key;
    uint32_t *value;
    size_t cap, count;
};
enum dosah_status gtfs_index_put(struct dosah_ctx *ctx, struct gtfs_index *x, const char *key,
                                 uint32_t value, int *existed);
uint32_t gtfs_index_get(const struct gtfs_index *x, const char *key); /* DOSAH_NONE */
void gtfs_index_clear(struct gtfs_index *x);

/* The reader's state across the feed's files. */
struct dosah_feed;
struct gtfs_reader {
    struct dosah_ctx *ctx;
    const char *label;
    char prefix[4096];
    char file_label[4200];
    struct dosah_feed *f;
    struct gtfs_index stops, trips, services;
    char **trip_ids;       /* trips.txt ids, owned */
    size_t trip_id_count;
    uint32_t *trip_service; /* per trips.txt row: service or DOSAH_NONE */
    unsigned long *trip_line; /* per trips.txt row: its line */
    uint32_t *trip_feed;    /* per trips.txt row: index into f->trips or DOSAH_NONE */
    struct gtfs_idle {      /* calendar.txt rows with no weekday: run only on added dates */
        uint32_t service;
        unsigned long line;
    } *idle;
    size_t idle_count, idle_cap;
};

/* Opens one of the feed's files (labelled "LABEL: NAME" in messages). */
enum dosah_status gtfs_open_file(struct gtfs_reader *r, const char *name, int optional,
                                 int *present, struct gtfs_table *t);
/* Grows *v (of *cap elements of size) to hold index n. */
enum dosah_status gtfs_room(struct dosah_ctx *ctx, void **v, size_t *cap, size_t n,
                            size_t size);
/* gtfs_times.c: stop_times.txt into trips, frequencies.txt, transfers.txt. */
enum dosah_status gtfs_read_stop_times(struct gtfs_reader *r);
enum dosah_status gtfs_read_frequencies(struct gtfs_reader *r);
enum dosah_status gtfs_read_transfers(struct gtfs_reader *r);

#endif
