/* SPDX-License-Identifier: MIT */
/*
 * ČÚZK's national export of address points (adresní místa) as it comes: one CSV file per
 * municipality (20250131_OB_563889_ADR.csv), semicolon-separated, Windows-1250, with the
 * header "Kód ADM;Kód obce;Název obce;...;PSČ;Souřadnice Y;Souřadnice X;Platí Od"; read
 * from the file, from a zip holding one or all of them (20250131_OB_ADR_csv.zip), or from a
 * directory of them. The columns read are found by name: "Kód ADM" (the id), "Kód obce"
 * (the municipality) and "Souřadnice Y", "Souřadnice X": positive S-JTSK numbers (metres,
 * Y westward, X southward), so that EPSG:5514 has x = -Y, y = -X. The points become address
 * demand sharing their municipality's population (dosah_spread_population).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "core/core_internal.h"
#include "core/text.h"
#include "core/buf.h"
#include "io/io_internal.h"

/* "Kód ADM;" in Windows-1250 (ó = 0xF3) or in UTF-8. */
static int is_header(const char *line)
{
    return line && (strncmp(line, "K\xf3" "d ADM;", 8) == 0 ||
                    strncmp(line, "K\xc3\xb3" "d ADM;", 9) == 0);
}

/* The column of a header name, matched in either encoding by its ASCII parts. */
static int column(char **cols, const char *ascii_tail, const char *first)
{
    int i;
    for (i = 0; cols && cols[i]; i++)
        if (strncmp(cols[i], first, strlen(first)) == 0) {
            size_t n = strlen(cols[i]), t = strlen(ascii_tail);
            if (n >= t && strcmp(cols[i] + n - t, ascii_tail) == 0)
                return i;
        }
    return -1;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcasecmp(s + n - t, tail) == 0;
}

/* The directory-like path to list (CPLFree it): a zip behind /vsizip/, a directory; NULL
 * for a file. */
static char *container(const char *path)
{
    char **list;
    if (ends_with(path, ".zip"))
        return CPLStrdup(strncmp(path, "/vsizip/", 8) == 0 ? path
                                                            : CPLSPrintf("/vsizip/%s", path));
    if ((list = VSIReadDir(path)) != NULL) { /* a directory (a file lists nothing) */
        CSLDestroy(list);
        return CPLStrdup(path);
    }
    return NULL;
}

/* 1 when the file's first line is the header of ČÚZK's address CSV. */
static int file_is_cuzk(const char *file)
{
    VSILFILE *fp = VSIFOpenL(file, "rb");
    int yes;
    if (!fp)
        return 0;
    yes = is_header(CPLReadLineL(fp));
    VSIFCloseL(fp);
    return yes;
}

int dosah_demand_is_cuzk(const char *path)
{
    char **names;
    char *dir = container(path);
    int i, yes = 0;
    if (!dir)
        return file_is_cuzk(path);
    names = VSIReadDirRecursive(dir);
    for (i = 0; names && names[i] && !yes; i++)
        if (ends_with(names[i], ".csv")) {
            char *file = CPLStrdup(CPLFormFilename(dir, names[i], NULL));
            yes = file_is_cuzk(file);
            CPLFree(file);
            break; /* the first CSV decides */
        }
    CSLDestroy(names);
    CPLFree(dir);
    return yes;
}

struct cuzk_tally {
    size_t rows, no_xy, other_municipality, files;
};

static enum dosah_status add_point(struct dosah_ctx *ctx, struct dosah_loading *L, size_t *cap,
                                   const char *id, uint32_t mu, struct dosah_point pt)
{
    struct dosah_model *m = L->m;
    struct dosah_demand *d;
    char *end;
    if (dosah_array_reserve(ctx, (void **)&m->demand, cap, m->demand_count + 1,
                            sizeof *m->demand))
        return DOSAH_ENOMEM;
    d = &m->demand[m->demand_count];
    memset(d, 0, sizeof *d);
    if (!(d->id.text = dosah_strdup(ctx, id)))
        return DOSAH_ENOMEM;
    d->id.number = strtoll(id, &end, 10);
    d->id.is_number = *id && *end == '\0';
    d->municipality = mu;
    d->pt = pt;
    d->placement = DOSAH_PLACED_ADDRESS;
    d->fid = -1;
    m->demand_count++;
    return DOSAH_OK;
}

/* One CSV file; rows of municipalities outside the model are counted and skipped. */
static enum dosah_status read_file(struct dosah_ctx *ctx, const char *file, const char *shown,
                                   OGRCoordinateTransformationH ct, struct dosah_loading *L,
                                   size_t *cap, struct cuzk_tally *t)
{
    VSILFILE *fp = VSIFOpenL(file, "rb");
    char **head = NULL;
    const char *line;
    int cid, cmu, cy, cx;
    enum dosah_status st = DOSAH_OK;
    if (!fp)
        return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot open '%s'", shown, file);
    line = CPLReadLineL(fp);
    if (!is_header(line)) {
        VSIFCloseL(fp);
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "%s: '%s' is not a ČÚZK address-point CSV (its first line does "
                               "not start with 'Kód ADM;'). Remove it from the folder or zip.",
                               shown, file);
    }
    head = CSLTokenizeString2(line, ";", CSLT_ALLOWEMPTYTOKENS);
    cid = column(head, "d ADM", "K"), cmu = column(head, "d obce", "K");
    cy = column(head, " Y", "Sou"), cx = column(head, " X", "Sou");
    if (cid < 0 || cmu < 0 || cy < 0 || cx < 0)
        st = dosah_error_set(ctx, DOSAH_EINVAL,
                             "%s: '%s' lacks one of the columns 'Kód ADM', 'Kód obce', "
                             "'Souřadnice Y', 'Souřadnice X'. Use the file as ČÚZK publishes "
                             "it.",
                             shown, file);
    t->files++;
    while (!st && (line = CPLReadLineL(fp)) != NULL) {
        char **c = CSLTokenizeString2(line, ";", CSLT_ALLOWEMPTYTOKENS);
        int n = CSLCount(c);
        if (!*line) {
            CSLDestroy(c);
            continue;
        }
        t->rows++;
        if (n <= cid || n <= cmu || n <= cy || n <= cx || !*c[cy] || !*c[cx]) {
            t->no_xy++;
        } else {
            uint32_t mu = dosah_model_find_municipality(L->m, c[cmu]);
            double x = -CPLAtof(c[cy]), y = -CPLAtof(c[cx]);
            if (mu == DOSAH_NONE)
                t->other_municipality++;
            else if (ct && !OCTTransform(ct, 1, &x, &y, NULL))
                st = dosah_error_set(ctx, DOSAH_EINVAL,
                                     "%s: '%s': address point %s cannot be transformed into "
                                     "the working CRS",
                                     shown, file, c[cid]);
            else
                st = add_point(ctx, L, cap, c[cid], mu, (struct dosah_point){x, y});
        }
        CSLDestroy(c);
    }
    CSLDestroy(head);
    VSIFCloseL(fp);
    return st;
}

/* The files to read: every *.csv of a zip or directory (of the model's municipalities only
 * when the name carries the code, OB_<code>_ADR.csv), or the file itself. */
static enum dosah_status read_all(struct dosah_ctx *ctx, const char *path, const char *shown,
                                  OGRCoordinateTransformationH ct, struct dosah_loading *L,
                                  struct cuzk_tally *t)
{
    char *dir = container(path), **names;
    size_t cap = 0;
    int i;
    enum dosah_status st = DOSAH_OK;
    if (!dir)
        return read_file(ctx, path, shown, ct, L, &cap, t);
    names = VSIReadDirRecursive(dir);
    for (i = 0; names && names[i] && !st; i++) {
        const char *base = CPLGetFilename(names[i]), *ob = strstr(base, "_OB_");
        char code[16];
        if (!ends_with(base, ".csv"))
            continue;
        if (ob && sscanf(ob + 4, "%15[0-9]_", code) == 1 &&
            dosah_model_find_municipality(L->m, code) == DOSAH_NONE)
            continue; /* another region's municipality: not even opened */
        {
            char *file = CPLStrdup(CPLFormFilename(dir, names[i], NULL));
            st = read_file(ctx, file, shown, ct, L, &cap, t);
            CPLFree(file);
        }
    }
    CSLDestroy(names);
    CPLFree(dir);
    return st;
}

enum dosah_status dosah_load_demand_cuzk(struct dosah_ctx *ctx, const struct dosah_scenario *s,
                                         OGRSpatialReferenceH target, struct dosah_loading *L)
{
    const struct dosah_input_spec *d = &s->inputs[DOSAH_INPUT_DEMAND];
    OGRSpatialReferenceH sjtsk = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct = NULL;
    struct cuzk_tally t = {0, 0, 0, 0};
    enum dosah_status st = DOSAH_OK;
    if (!L->m->municipality_count)
        st = dosah_error_set(ctx, DOSAH_EINVAL,
                             "%s: ČÚZK's address points share their municipality's population; "
                             "give inputs.municipalities with population.",
                             d->path_as_written);
    if (!st && (!sjtsk || OSRImportFromEPSG(sjtsk, 5514) != OGRERR_NONE))
        st = dosah_error_set(ctx, DOSAH_EPROJ, "EPSG:5514 (S-JTSK) is not known to PROJ");
    if (!st) {
        OSRSetAxisMappingStrategy(sjtsk, OAMS_TRADITIONAL_GIS_ORDER);
        if (!OSRIsSame(sjtsk, target) && !(ct = OCTNewCoordinateTransformation(sjtsk, target)))
            st = dosah_error_set(ctx, DOSAH_EPROJ,
                                 "%s: no transformation from EPSG:5514 into the working CRS",
                                 d->path_as_written);
    }
    if (!st)
        st = read_all(ctx, d->path, d->path_as_written, ct, L, &t);
    if (!st && t.files == 0)
        st = dosah_error_set(ctx, DOSAH_EINVAL,
                             "%s: no ČÚZK address-point CSV of the scenario's municipalities "
                             "was found in it",
                             d->path_as_written);
    if (!st)
        st = dosah_diag_add(ctx, DOSAH_INFO, "load", d->path_as_written, NULL, NULL, NULL,
                            "ČÚZK address points: %zu file%s, %zu row%s; %zu without "
                            "coordinates and %zu of other municipalities skipped",
                            t.files, t.files == 1 ? "" : "s", t.rows, t.rows == 1 ? "" : "s",
                            t.no_xy, t.other_municipality);
    if (!st && t.no_xy)
        st = dosah_diag_add(ctx, DOSAH_WARNING, "load", d->path_as_written, NULL, NULL, NULL,
                            "%zu %s no coordinates and %s skipped", t.no_xy,
                            dosah_plural(t.no_xy, "address point has", "address points have"),
                            dosah_plural(t.no_xy, "is", "are"));
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (sjtsk)
        OSRRelease(sjtsk);
    L->m->demand_given = 1;
    return st ? st : dosah_spread_population(ctx, s, L);
}
