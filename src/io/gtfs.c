/* SPDX-License-Identifier: MIT */
/*
 * The GTFS reader: stops (in the working CRS), trips with their stop times in order, service
 * calendars, frequency-based trips expanded into single trips, and transfers. Each file is
 * read whole through GDAL's virtual file system, so a zip is read without unpacking it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogr_srs_api.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "dosah/gtfs.h"
#include "io/gtfs_internal.h"

enum dosah_status gtfs_open_file(struct gtfs_reader *r, const char *name, int optional,
                                   int *present, struct gtfs_table *t)
{
    snprintf(r->file_label, sizeof r->file_label, "%s: %s", r->label, name);
    return gtfs_table_open(r->ctx, r->prefix, r->file_label, name, optional, present, t);
}

enum dosah_status gtfs_room(struct dosah_ctx *ctx, void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return DOSAH_OK;
    size_t ncap = *cap ? 2 * *cap : 256;
    void *p = dosah_reallocarray(ctx, *v, ncap, size);
    if (!p)
        return DOSAH_ENOMEM;
    *v = p;
    *cap = ncap;
    return DOSAH_OK;
}

static enum dosah_status read_number(struct dosah_ctx *ctx, const struct gtfs_table *t, int col,
                                     double *out)
{
    const char *s = gtfs_field(t, col);
    char *end;
    *out = strtod(s, &end);
    if (!*s || *end || !isfinite(*out))
        return gtfs_bad(ctx, t, col, "'%s' is not a number", s);
    return DOSAH_OK;
}

/* Transforms n lon, lat pairs in place. */
static enum dosah_status to_working_crs(struct gtfs_reader *r, const char *crs, double *ll,
                                        size_t n)
{
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL), dst = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct = NULL;
    enum dosah_status st = DOSAH_OK;
    if (!wgs || !dst || OSRImportFromEPSG(wgs, 4326) != OGRERR_NONE ||
        OSRSetFromUserInput(dst, crs) != OGRERR_NONE)
        st = dosah_error_set(r->ctx, DOSAH_EPROJ, "%s: cannot set up the CRS of the stops",
                             r->label);
    if (!st) {
        OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
        OSRSetAxisMappingStrategy(dst, OAMS_TRADITIONAL_GIS_ORDER);
        if (!(ct = OCTNewCoordinateTransformation(wgs, dst)))
            st = dosah_error_set(r->ctx, DOSAH_EPROJ,
                                 "%s: cannot transform WGS84 into the working CRS", r->label);
    }
    for (size_t i = 0; i < n && !st; i++)
        if (!OCTTransform(ct, 1, &ll[2 * i], &ll[2 * i + 1], NULL))
            st = dosah_error_set(r->ctx, DOSAH_EPROJ,
                                 "%s: stops.txt: stop '%s' cannot be transformed into the "
                                 "working CRS; check its stop_lat and stop_lon",
                                 r->label, r->f->stops[i].id);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(wgs);
    OSRDestroySpatialReference(dst);
    return st;
}

/* stops.txt: the stops where vehicles stop (location_type 0 or empty). */
static enum dosah_status read_stops(struct gtfs_reader *r, const char *crs)
{
    struct gtfs_table t;
    struct dosah_feed *f = r->f;
    double *ll = NULL; /* lon, lat per stop, then x, y */
    size_t cap = 0, ccap = 0, i;
    int present, cid, clat, clon, ctype, existed;
    enum dosah_status st = gtfs_open_file(r, "stops.txt", 0, &present, &t);
    if (!st && !(st = gtfs_table_require(r->ctx, &t, "stop_id", &cid)) &&
        !(st = gtfs_table_require(r->ctx, &t, "stop_lat", &clat)))
        st = gtfs_table_require(r->ctx, &t, "stop_lon", &clon);
    ctype = gtfs_column(&t, "location_type");
    while (!st) {
        int k = gtfs_table_next(r->ctx, &t);
        const char *type;
        if (k <= 0) {
            st = k < 0 ? DOSAH_EINVAL : DOSAH_OK;
            break;
        }
        type = gtfs_field(&t, ctype);
        if (*type && strcmp(type, "0") != 0)
            continue; /* stations, entrances, nodes, boarding areas: no vehicle stops there */
        if (!*gtfs_field(&t, cid)) {
            st = gtfs_bad(r->ctx, &t, cid, "empty; every stop needs an id");
            break;
        }
        if (!*gtfs_field(&t, clat) || !*gtfs_field(&t, clon)) {
            st = gtfs_bad(r->ctx, &t, *gtfs_field(&t, clat) ? clon : clat,
                          "stop '%s' has no coordinates; a stop where vehicles stop "
                          "(location_type 0) needs stop_lat and stop_lon",
                          gtfs_field(&t, cid));
            break;
        }
        if ((st = gtfs_room(r->ctx, (void **)&f->stops, &cap, f->stop_count, sizeof *f->stops)) ||
            (st = gtfs_room(r->ctx, (void **)&ll, &ccap, 2 * f->stop_count + 1, sizeof *ll)))
            break;
        if ((st = read_number(r->ctx, &t, clon, &ll[2 * f->stop_count])) ||
            (st = read_number(r->ctx, &t, clat, &ll[2 * f->stop_count + 1])))
            break;
        if (fabs(ll[2 * f->stop_count + 1]) > 90 || fabs(ll[2 * f->stop_count]) > 180) {
            st = gtfs_bad(r->ctx, &t, clat,
                          "stop '%s' at latitude %g, longitude %g: not WGS84 degrees",
                          gtfs_field(&t, cid), ll[2 * f->stop_count + 1], ll[2 * f->stop_count]);
            break;
        }
        if (!(f->stops[f->stop_count].id = dosah_strdup(r->ctx, gtfs_field(&t, cid)))) {
            st = DOSAH_ENOMEM;
            break;
        }
        f->stop_count++;
        if ((st = gtfs_index_put(r->ctx, &r->stops, f->stops[f->stop_count - 1].id,
                                 (uint32_t)(f->stop_count - 1), &existed)))
            break;
        if (existed)
            st = gtfs_bad(r->ctx, &t, cid, "stop '%s' is listed twice; stop ids are unique",
                          gtfs_field(&t, cid));
    }
    if (!st && (st = to_working_crs(r, crs, ll, f->stop_count)) == DOSAH_OK)
        for (i = 0; i < f->stop_count; i++) {
            f->stops[i].x = ll[2 * i];
            f->stops[i].y = ll[2 * i + 1];
        }
    dosah_free(ll);
    gtfs_table_clear(&t);
    return st;
}

/* The service of id, created when new. */
static enum dosah_status service_of(struct gtfs_reader *r, const char *id, size_t *cap,
                                    uint32_t *out)
{
    struct dosah_feed *f = r->f;
    struct dosah_feed_service *sv;
    int existed;
    enum dosah_status st;
    if ((*out = gtfs_index_get(&r->services, id)) != DOSAH_NONE)
        return DOSAH_OK;
    if ((st = gtfs_room(r->ctx, (void **)&f->services, cap, f->service_count, sizeof *f->services)))
        return st;
    sv = &f->services[f->service_count];
    memset(sv, 0, sizeof *sv);
    sv->start_day = 1;
    sv->end_day = 0;
    if (!(sv->id = dosah_strdup(r->ctx, id)))
        return DOSAH_ENOMEM;
    *out = (uint32_t)f->service_count++;
    return gtfs_index_put(r->ctx, &r->services, sv->id, *out, &existed);
}

static enum dosah_status read_calendar(struct gtfs_reader *r, size_t *cap, int *present)
{
    static const char *const days[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
    struct gtfs_table t;
    int cid, cday[7], cstart, cend, d;
    enum dosah_status st = gtfs_open_file(r, "calendar.txt", 1, present, &t);
    if (st || !*present)
        return st;
    st = gtfs_table_require(r->ctx, &t, "service_id", &cid);
    for (d = 0; d < 7 && !st; d++)
        st = gtfs_table_require(r->ctx, &t, days[d], &cday[d]);
    if (!st && !(st = gtfs_table_require(r->ctx, &t, "start_date", &cstart)))
        st = gtfs_table_require(r->ctx, &t, "end_date", &cend);
    while (!st) {
        struct dosah_feed_service *sv;
        uint32_t k;
        int n = gtfs_table_next(r->ctx, &t);
        if (n <= 0) {
            st = n < 0 ? DOSAH_EINVAL : DOSAH_OK;
            break;
        }
        if ((st = service_of(r, gtfs_field(&t, cid), cap, &k)))
            break;
        sv = &r->f->services[k];
        for (d = 0; d < 7 && !st; d++) {
            const char *v = gtfs_field(&t, cday[d]);
            if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
                st = gtfs_bad(r->ctx, &t, cday[d], "'%s' is neither 0 nor 1", v);
            else if (*v == '1')
                sv->weekdays |= 1u << d;
        }
        if (!st && !sv->weekdays &&
            !(st = gtfs_room(r->ctx, (void **)&r->idle, &r->idle_cap, r->idle_count,
                             sizeof *r->idle))) {
            r->idle[r->idle_count].service = k;
            r->idle[r->idle_count++].line = t.line;
        }
        if (!st && gtfs_parse_date(gtfs_field(&t, cstart), &sv->start_day))
            st = gtfs_bad(r->ctx, &t, cstart, "'%s' is not a date YYYYMMDD",
                          gtfs_field(&t, cstart));
        if (!st && gtfs_parse_date(gtfs_field(&t, cend), &sv->end_day))
            st = gtfs_bad(r->ctx, &t, cend, "'%s' is not a date YYYYMMDD", gtfs_field(&t, cend));
    }
    gtfs_table_clear(&t);
    return st;
}

static enum dosah_status add_day(struct dosah_ctx *ctx, int32_t **v, size_t *n, int32_t day)
{
    int32_t *p = dosah_reallocarray(ctx, *v, *n + 1, sizeof **v);
    if (!p)
        return DOSAH_ENOMEM;
    p[(*n)++] = day;
    *v = p;
    return DOSAH_OK;
}

static enum dosah_status read_calendar_dates(struct gtfs_reader *r, size_t *cap, int *present)
{
    struct gtfs_table t;
    int cid, cdate, ctype;
    enum dosah_status st = gtfs_open_file(r, "calendar_dates.txt", 1, present, &t);
    if (st || !*present)
        return st;
    if (!(st = gtfs_table_require(r->ctx, &t, "service_id", &cid)) &&
        !(st = gtfs_table_require(r->ctx, &t, "date", &cdate)))
        st = gtfs_table_require(r->ctx, &t, "exception_type", &ctype);
    while (!st) {
        struct dosah_feed_service *sv;
        const char *type;
        uint32_t k;
        int32_t day;
        int n = gtfs_table_next(r->ctx, &t);
        if (n <= 0) {
            st = n < 0 ? DOSAH_EINVAL : DOSAH_OK;
            break;
        }
        if (gtfs_parse_date(gtfs_field(&t, cdate), &day)) {
            st = gtfs_bad(r->ctx, &t, cdate, "'%s' is not a date YYYYMMDD", gtfs_field(&t, cdate));
            break;
        }
        type = gtfs_field(&t, ctype);
        if (strcmp(type, "1") != 0 && strcmp(type, "2") != 0) {
            st = gtfs_bad(r->ctx, &t, ctype, "'%s' is neither 1 (added) nor 2 (removed)", type);
            break;
        }
        if ((st = service_of(r, gtfs_field(&t, cid), cap, &k)))
            break;
        sv = &r->f->services[k];
        st = *type == '1' ? add_day(r->ctx, &sv->added, &sv->added_count, day)
                          : add_day(r->ctx, &sv->removed, &sv->removed_count, day);
    }
    gtfs_table_clear(&t);
    return st;
}

/* Warns of calendar.txt services that run on no day: no weekday, no date added. */
static enum dosah_status warn_idle(struct gtfs_reader *r)
{
    size_t i, n = 0, first = 0;
    for (i = r->idle_count; i-- > 0;)
        if (r->f->services[r->idle[i].service].weekdays == 0 &&
            r->f->services[r->idle[i].service].added_count == 0) {
            n++;
            first = i;
        }
    if (!n)
        return DOSAH_OK;
    return dosah_diag_add(r->ctx, DOSAH_WARNING, "load", r->label, "calendar.txt", NULL,
                          "service_id",
                          "%zu %s on no day: no weekday is 1 and calendar_dates.txt adds no "
                          "date (first: line %lu, service_id '%s'); %s trips never run",
                          n, dosah_plural(n, "service runs", "services run"),
                          r->idle[first].line, r->f->services[r->idle[first].service].id,
                          dosah_plural(n, "its", "their"));
}

static int by_day(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* The added and removed dates of every service in ascending order (transit.h). */
static void sort_dates(struct dosah_feed *f)
{
    size_t k;
    for (k = 0; k < f->service_count; k++) {
        if (f->services[k].added_count)
            qsort(f->services[k].added, f->services[k].added_count, sizeof(int32_t), by_day);
        if (f->services[k].removed_count)
            qsort(f->services[k].removed, f->services[k].removed_count, sizeof(int32_t), by_day);
    }
}

static enum dosah_status count_routes(struct gtfs_reader *r)
{
    struct gtfs_table t;
    int present, n;
    enum dosah_status st = gtfs_open_file(r, "routes.txt", 0, &present, &t);
    while (!st && (n = gtfs_table_next(r->ctx, &t)) != 0) {
        if (n < 0)
            st = DOSAH_EINVAL;
        else
            r->f->route_count++;
    }
    gtfs_table_clear(&t);
    return st;
}

/* trips.txt: each trip's service (DOSAH_NONE when no calendar names it: a warning). */
static enum dosah_status read_trips(struct gtfs_reader *r)
{
    struct gtfs_table t;
    size_t cap = 0, scap = 0, lcap = 0, unknown = 0;
    char first[128] = "";
    int present, cid, csv, existed;
    enum dosah_status st = gtfs_open_file(r, "trips.txt", 0, &present, &t);
    if (!st && !(st = gtfs_table_require(r->ctx, &t, "trip_id", &cid)))
        st = gtfs_table_require(r->ctx, &t, "service_id", &csv);
    while (!st) {
        int n = gtfs_table_next(r->ctx, &t);
        uint32_t sv;
        if (n <= 0) {
            st = n < 0 ? DOSAH_EINVAL : DOSAH_OK;
            break;
        }
        if ((st = gtfs_room(r->ctx, (void **)&r->trip_ids, &cap, r->trip_id_count,
                       sizeof *r->trip_ids)) ||
            (st = gtfs_room(r->ctx, (void **)&r->trip_service, &scap, r->trip_id_count,
                       sizeof *r->trip_service)) ||
            (st = gtfs_room(r->ctx, (void **)&r->trip_line, &lcap, r->trip_id_count,
                            sizeof *r->trip_line)))
            break;
        r->trip_line[r->trip_id_count] = t.line;
        if (!(r->trip_ids[r->trip_id_count] = dosah_strdup(r->ctx, gtfs_field(&t, cid)))) {
            st = DOSAH_ENOMEM;
            break;
        }
        sv = gtfs_index_get(&r->services, gtfs_field(&t, csv));
        r->trip_service[r->trip_id_count++] = sv;
        if (sv == DOSAH_NONE && unknown++ == 0)
            snprintf(first, sizeof first, "line %lu, trip '%s', service_id '%s'", t.line,
                     gtfs_field(&t, cid), gtfs_field(&t, csv));
        if ((st = gtfs_index_put(r->ctx, &r->trips, r->trip_ids[r->trip_id_count - 1],
                                 (uint32_t)(r->trip_id_count - 1), &existed)))
            break;
        if (existed)
            st = gtfs_bad(r->ctx, &t, cid, "trip '%s' is listed twice; trip ids are unique",
                          gtfs_field(&t, cid));
    }
    gtfs_table_clear(&t);
    if (!st && unknown)
        st = dosah_diag_add(r->ctx, DOSAH_WARNING, "load", r->label, "trips.txt", NULL,
                            "service_id",
                            "%zu %s a service_id that neither calendar.txt nor "
                            "calendar_dates.txt lists (first: %s): %s on no day and %s left "
                            "out",
                            unknown, dosah_plural(unknown, "trip has", "trips have"), first,
                            dosah_plural(unknown, "it runs", "they run"),
                            dosah_plural(unknown, "is", "are"));
    return st;
}


/* The first folder of the feed's tree (prefix ending in '/') that holds stops.txt, into
 * sub ("" when none). */
static void find_stops(const char *prefix, char *sub, size_t size)
{
    char top[4200];
    char **names;
    size_t i, n = strlen(prefix);
    /* without the final '/': /vsizip/ lists only the first level of "feed.zip/" */
    snprintf(top, sizeof top, "%.*s", (int)(n - 1), prefix);
    names = VSIReadDirRecursive(top);
    sub[0] = '\0';
    for (i = 0; names && names[i] && !sub[0]; i++)
        if ((n = strlen(names[i])) > 10 && strcmp(names[i] + n - 10, "/stops.txt") == 0)
            snprintf(sub, size, "%.*s", (int)(n - 9), names[i]);
    CSLDestroy(names);
}

/* The folder or zip of the feed, as a prefix of its files' paths; fails when the path does
 * not exist, is neither a folder nor a zip, or has the GTFS files in a subfolder only. */
static enum dosah_status set_prefix(struct gtfs_reader *r, const char *path)
{
    struct stat sb;
    char probe[4200], sub[1024], **names;
    size_t n = strlen(path);
    int vsi = strncmp(path, "/vsi", 4) == 0, dir = vsi;
    VSILFILE *fp;
    if (!vsi) {
        if (stat(path, &sb) != 0)
            return dosah_error_set(r->ctx, DOSAH_EINVAL,
                                   "%s: no such file or folder; inputs.transit needs a GTFS "
                                   "feed, a folder or a .zip (a relative path is read from the "
                                   "scenario's folder)",
                                   r->label);
        dir = S_ISDIR(sb.st_mode);
    }
    snprintf(r->prefix, sizeof r->prefix, "%s%s%s", dir ? "" : "/vsizip/", path,
             n && path[n - 1] == '/' ? "" : "/");
    if (vsi)
        return DOSAH_OK;
    if (!dir) {
        /* a zip lists its entries; any other file lists nothing */
        if (!(names = VSIReadDir(r->prefix)))
            return dosah_error_set(r->ctx, DOSAH_EINVAL,
                                   "%s: neither a folder nor a zip file (or an empty zip); "
                                   "inputs.transit needs a GTFS feed, a folder or a .zip",
                                   r->label);
        CSLDestroy(names);
    }
    snprintf(probe, sizeof probe, "%sstops.txt", r->prefix);
    if ((fp = VSIFOpenL(probe, "rb")) != NULL) {
        VSIFCloseL(fp);
        return DOSAH_OK;
    }
    find_stops(r->prefix, sub, sizeof sub);
    if (sub[0])
        return dosah_error_set(r->ctx, DOSAH_EINVAL,
                               "%s: the GTFS files are in the subfolder '%s'; the .txt files "
                               "must be at the %s's root: %s",
                               r->label, sub, dir ? "folder" : "zip",
                               dir ? "give the subfolder as the path"
                                   : "zip the files themselves, not their folder");
    return DOSAH_OK; /* the missing stops.txt is reported by its reader */
}

enum dosah_status dosah_gtfs_load(struct dosah_ctx *ctx, const char *path, const char *label,
                                  const char *crs, struct dosah_feed *out)
{
    struct gtfs_reader r;
    size_t cap = 0, i;
    int cal = 0, dates = 0;
    enum dosah_status st;
    memset(out, 0, sizeof *out);
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.label = label;
    r.f = out;
    if ((st = set_prefix(&r, path)) || (st = read_stops(&r, crs)) || (st = count_routes(&r)) ||
        (st = read_calendar(&r, &cap, &cal)) || (st = read_calendar_dates(&r, &cap, &dates)))
        goto done;
    sort_dates(out);
    if ((st = warn_idle(&r)))
        goto done;
    if (!cal && !dates) {
        st = dosah_error_set(ctx, DOSAH_EINVAL,
                             "%s: the feed has neither calendar.txt nor calendar_dates.txt, so "
                             "no trip has service days; add one of them",
                             label);
        goto done;
    }
    if ((st = read_trips(&r)) || (st = gtfs_read_stop_times(&r)) ||
        (st = gtfs_read_frequencies(&r)) || (st = gtfs_read_transfers(&r)))
        goto done;
    if (out->trip_count == 0)
        st = dosah_error_set(ctx, DOSAH_EINVAL,
                             "%s: the feed has no trip with service days and two or more stops",
                             label);
done:
    for (i = 0; i < r.trip_id_count; i++)
        dosah_free(r.trip_ids[i]);
    dosah_free(r.trip_ids);
    dosah_free(r.trip_service);
    dosah_free(r.trip_line);
    dosah_free(r.trip_feed);
    dosah_free(r.idle);
    gtfs_index_clear(&r.stops);
    gtfs_index_clear(&r.trips);
    gtfs_index_clear(&r.services);
    if (st)
        dosah_feed_clear(out);
    return st;
}
