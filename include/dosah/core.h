/* SPDX-License-Identifier: MIT */
/*
 * dosah core: status codes, the per-thread context, allocation and diagnostics.
 *
 * Every fallible function of dosah returns an enum dosah_status and leaves the detail of a
 * failure on the context (dosah_ctx_errmsg). A context belongs to one thread at a time.
 */
#ifndef DOSAH_CORE_H
#define DOSAH_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum dosah_status {
    DOSAH_OK = 0,
    DOSAH_ENOMEM,     /* an allocation failed */
    DOSAH_EINVAL,     /* bad input: scenario, data or arguments; the CLI exits with 2 */
    DOSAH_EIO,        /* a file could not be read or written */
    DOSAH_EGDAL,      /* GDAL/OGR failed on something that was not the user's input */
    DOSAH_EGEOS,      /* GEOS failed */
    DOSAH_EPROJ,      /* PROJ failed */
    DOSAH_ENOTFOUND,  /* something asked for does not exist */
    DOSAH_EINTERRUPT  /* the progress or the cancellation callback asked to stop */
};

/* Marks "no index" in uint32_t index arrays (no facility, no region, unreachable...). */
#define DOSAH_NONE UINT32_MAX

struct dosah_ctx;
struct dosah_diagnostics;

/*
 * Progress callback: fraction in [0, 1], a short label of the stage. Return 0 to go on,
 * non-zero to stop the work (the function then fails with DOSAH_EINTERRUPT).
 */
typedef int (*dosah_progress_fn)(double fraction, const char *stage, void *user);

/* Creates a context; NULL when memory is short. Free with dosah_ctx_destroy. */
struct dosah_ctx *dosah_ctx_create(void);
/* Frees the context and everything it owns; returns NULL. NULL does nothing. */
struct dosah_ctx *dosah_ctx_destroy(struct dosah_ctx *ctx);

/* The message of the last failure, never NULL ("" when none). Borrowed from the context. */
const char *dosah_ctx_errmsg(const struct dosah_ctx *ctx);
/* The status of the last failure (DOSAH_OK when none). */
enum dosah_status dosah_ctx_status(const struct dosah_ctx *ctx);
/* Forgets the last failure. */
void dosah_ctx_clear_error(struct dosah_ctx *ctx);

/*
 * Cancellation callback: asked often, from the thread running a dosah function and from the
 * worker threads it starts, whether to stop. Return non-zero to stop: the work then fails
 * with DOSAH_EINTERRUPT ("interrupted during <stage>") and, as on any failure, leaves no
 * output. It must be cheap and thread-safe (read an atomic or sig_atomic_t flag, never block).
 */
typedef int (*dosah_cancel_fn)(void *user);

/* Installs the cancellation callback (NULL for none). Worker contexts made by the library
 * for this context use it too. */
void dosah_ctx_set_cancel(struct dosah_ctx *ctx, dosah_cancel_fn fn, void *user);

/* Installs the progress callback (NULL for none). */
void dosah_ctx_set_progress(struct dosah_ctx *ctx, dosah_progress_fn fn, void *user);

/* The run's diagnostics (warnings), owned by the context; never NULL after create. */
struct dosah_diagnostics *dosah_ctx_diagnostics(struct dosah_ctx *ctx);

/*
 * Allocation. Every allocation of dosah goes through these, and so must the memory a caller
 * hands over for the library to free (the arrays of a model built by hand, which
 * dosah_model_destroy frees). On failure they set DOSAH_ENOMEM on the context and return
 * NULL. Free with dosah_free, which also frees what the library returns as "caller frees".
 */
void *dosah_malloc(struct dosah_ctx *ctx, size_t size);
void *dosah_calloc(struct dosah_ctx *ctx, size_t count, size_t size);
void *dosah_realloc(struct dosah_ctx *ctx, void *ptr, size_t size);
/* Like realloc of count*size with overflow checking. */
void *dosah_reallocarray(struct dosah_ctx *ctx, void *ptr, size_t count, size_t size);
char *dosah_strdup(struct dosah_ctx *ctx, const char *s);
/* printf into a new string; free with dosah_free. */
char *dosah_asprintf(struct dosah_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void dosah_free(void *ptr);

/* Severity of a diagnostic. */
enum dosah_severity { DOSAH_INFO = 0, DOSAH_WARNING = 1 };

/* One diagnostic: a warning about the data, kept for stderr and the GeoPackage. */
struct dosah_diagnostic {
    enum dosah_severity severity;
    char *stage;    /* "load", "network", "route", ... */
    char *file;     /* input file or NULL */
    char *layer;    /* input layer or NULL */
    char *feature;  /* feature id or NULL */
    char *field;    /* field or NULL */
    char *message;  /* what is wrong and what to do, in English */
    char *message_cs; /* the same in Czech, from the catalogue; NULL when it has none */
};

/* Number of diagnostics and access by index (borrowed). */
size_t dosah_diagnostics_count(const struct dosah_diagnostics *d);
const struct dosah_diagnostic *dosah_diagnostics_get(const struct dosah_diagnostics *d,
                                                     size_t i);
/*
 * Diagnostic callback: called with each diagnostic as it joins the context's list (in the
 * list's order), from the thread that added it, the one running the dosah function; d is
 * borrowed for the call. A repeated computation's diagnostics (what-if) are announced when
 * it ends, as the list then keeps them (repeats dropped, message prefixed).
 */
typedef void (*dosah_diagnostic_fn)(const struct dosah_diagnostic *d, void *user);
/* Installs the diagnostic callback (NULL for none). */
void dosah_ctx_set_diagnostic(struct dosah_ctx *ctx, dosah_diagnostic_fn fn, void *user);

/* The engine's version, e.g. "0.1.0". */
const char *dosah_version(void);

#ifdef __cplusplus
}
#endif
#endif
