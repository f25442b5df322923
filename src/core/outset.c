/* SPDX-License-Identifier: MIT */
/*
 * Output sets (dosah/outset.h): a staging directory beside the outputs, a check of the output
 * directory before any work, and a commit that swaps each staged file with its predecessor
 * and can undo itself. The swap uses renameat2(RENAME_EXCHANGE), so the previous file stays
 * whole in the staging directory until the set is in place; where the file system has no
 * exchange, the previous file is first moved aside into the staging directory.
 */
#define _GNU_SOURCE /* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/core_internal.h"
#include "dosah/outset.h"

struct dosah_outset {
    char *dir;
    char *created; /* the top-most directory begin created, NULL when dir existed */
    struct dosah_tempdir stage;
    int committed;
};

/* One step of a commit, undone in reverse order on failure. */
enum step_kind { STEP_EXCHANGED, STEP_MOVED, STEP_ASIDE };
struct step {
    char *rel;
    enum step_kind kind;
    char *aside; /* STEP_ASIDE: where the previous file waits (in the staging directory) */
};
struct journal {
    struct step *steps;
    size_t count, cap, asides;
};

static enum dosah_status obstacle(struct dosah_ctx *ctx, const char *path, int err)
{
    return dosah_error_set(ctx, DOSAH_EINVAL, "%s: cannot write the output there: %s. Choose "
                           "another output directory (-o DIR) or remove what is in the way.",
                           path, strerror(err));
}

/* dir, or when it does not exist the nearest existing ancestor, must be a writable dir. */
static enum dosah_status check_dir(struct dosah_ctx *ctx, const char *dir)
{
    char path[4096];
    struct stat sb;
    size_t n = strlen(dir);
    if (n == 0)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "the output directory is empty; give one with -o DIR");
    if (n >= sizeof path)
        return dosah_error_set(ctx, DOSAH_EINVAL, "%s: output directory path too long", dir);
    memcpy(path, dir, n + 1);
    while (stat(path, &sb) != 0) {
        char *slash;
        if (errno != ENOENT)
            return obstacle(ctx, path, errno);
        while (n > 1 && path[n - 1] == '/')
            path[--n] = '\0';
        if (!(slash = strrchr(path, '/'))) {
            memcpy(path, ".", 2);
        } else {
            slash[slash == path ? 1 : 0] = '\0';
        }
        n = strlen(path);
    }
    if (!S_ISDIR(sb.st_mode))
        return obstacle(ctx, path, ENOTDIR);
    if (access(path, W_OK | X_OK) != 0)
        return obstacle(ctx, path, errno);
    return DOSAH_OK;
}

enum dosah_status dosah_outset_check(struct dosah_ctx *ctx, const char *dir,
                                     const char *const *names, size_t count)
{
    enum dosah_status st = check_dir(ctx, dir);
    size_t i;
    for (i = 0; i < count && !st; i++) {
        size_t len = strlen(names[i]);
        int want_dir = len > 0 && names[i][len - 1] == '/';
        char *path = dosah_asprintf(ctx, "%s/%.*s", dir, (int)(len - (size_t)want_dir),
                                    names[i]);
        struct stat sb;
        if (!path)
            return DOSAH_ENOMEM;
        if (lstat(path, &sb) == 0 && !S_ISLNK(sb.st_mode) && !S_ISDIR(sb.st_mode) != !want_dir)
            st = obstacle(ctx, path, want_dir ? ENOTDIR : EISDIR);
        dosah_free(path);
    }
    return st;
}

/* mkdir -p that notes the first directory it had to create. */
static enum dosah_status make_dir(struct dosah_ctx *ctx, struct dosah_outset *set)
{
    char path[4096];
    size_t i, n = strlen(set->dir);
    memcpy(path, set->dir, n + 1);
    for (i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0777) == 0) {
            if (!set->created && !(set->created = dosah_strdup(ctx, path)))
                return DOSAH_ENOMEM;
        } else if (errno != EEXIST) {
            return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot create the directory: %s", path,
                                   strerror(errno));
        }
        path[i] = set->dir[i];
    }
    return DOSAH_OK;
}

/* Removes the (empty) directories from dir up to the one begin created. */
static void unmake_dir(const struct dosah_outset *set)
{
    char path[4096];
    size_t stop = strlen(set->created);
    snprintf(path, sizeof path, "%s", set->dir);
    while (strlen(path) >= stop && rmdir(path) == 0) {
        char *slash = strrchr(path, '/');
        if (!slash)
            break;
        *slash = '\0';
    }
}

enum dosah_status dosah_outset_begin(struct dosah_ctx *ctx, const char *dir,
                                     const char *const *names, size_t count,
                                     struct dosah_outset **out)
{
    struct dosah_outset *set;
    enum dosah_status st;
    *out = NULL;
    if ((st = dosah_outset_check(ctx, dir, names, count)))
        return st;
    if (!(set = dosah_calloc(ctx, 1, sizeof *set)))
        return DOSAH_ENOMEM;
    set->stage.lock_fd = -1;
    if (!(set->dir = dosah_strdup(ctx, dir)))
        st = DOSAH_ENOMEM;
    if (!st && !(st = make_dir(ctx, set)))
        st = dosah_tempdir_create(ctx, dir, &set->stage);
    if (st) {
        dosah_outset_destroy(set);
        return st;
    }
    *out = set;
    return DOSAH_OK;
}

const char *dosah_outset_staging(const struct dosah_outset *set)
{
    return set->stage.path;
}

const char *dosah_outset_dir(const struct dosah_outset *set)
{
    return set->dir;
}

const char *dosah_outset_created(const struct dosah_outset *set)
{
    return set->created;
}

static enum dosah_status journal_add(struct dosah_ctx *ctx, struct journal *j, const char *rel,
                                     enum step_kind kind, char *aside)
{
    struct step *s;
    if (dosah_array_reserve(ctx, (void **)&j->steps, &j->cap, j->count + 1, sizeof *j->steps))
        return DOSAH_ENOMEM;
    s = &j->steps[j->count];
    if (!(s->rel = dosah_strdup(ctx, rel)))
        return DOSAH_ENOMEM;
    s->kind = kind;
    s->aside = aside;
    j->count++;
    return DOSAH_OK;
}

/* Puts one staged entry (file, or directory absent from dir) in place. */
static enum dosah_status place(struct dosah_ctx *ctx, struct dosah_outset *set,
                               struct journal *j, const char *rel, int exists)
{
    char *src = dosah_asprintf(ctx, "%s/%s", set->stage.path, rel);
    char *dst = dosah_asprintf(ctx, "%s/%s", set->dir, rel);
    char *aside = NULL;
    enum dosah_status st = DOSAH_ENOMEM;
    if (!src || !dst)
        goto done;
    if (!exists && rename(src, dst) == 0) {
        st = journal_add(ctx, j, rel, STEP_MOVED, NULL);
    } else if (exists && renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_EXCHANGE) == 0) {
        st = journal_add(ctx, j, rel, STEP_EXCHANGED, NULL);
    } else if (exists && (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
        /* No exchange on this file system: the previous file waits in the staging dir. */
        if (!(aside = dosah_asprintf(ctx, "%s/.dosah-old-%zu", set->stage.path, j->asides++)))
            goto done;
        if (rename(dst, aside) != 0) {
            st = dosah_error_set(ctx, DOSAH_EIO, "%s: cannot move the previous file aside: %s",
                                 dst, strerror(errno));
        } else if (rename(src, dst) != 0) {
            st = dosah_error_set(ctx, DOSAH_EIO, "%s: cannot move into place: %s", dst,
                                 strerror(errno));
            rename(aside, dst);
        } else if (!(st = journal_add(ctx, j, rel, STEP_ASIDE, aside))) {
            aside = NULL;
        }
    } else {
        st = dosah_error_set(ctx, DOSAH_EIO, "%s: cannot move into place: %s", dst,
                             strerror(errno));
    }
done:
    dosah_free(aside);
    dosah_free(src);
    dosah_free(dst);
    return st;
}

static enum dosah_status commit_dir(struct dosah_ctx *ctx, struct dosah_outset *set,
                                    struct journal *j, const char *rel_dir);

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a staged directory (its own temporaries left out), read before any move,
 * in byte order (a commit moves files in the same order every time). */
static enum dosah_status list_dir(struct dosah_ctx *ctx, const char *path, char ***names,
                                  size_t *count)
{
    size_t cap = 0;
    DIR *d = opendir(path);
    struct dirent *e;
    enum dosah_status st = DOSAH_OK;
    *names = NULL;
    *count = 0;
    if (!d)
        return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot read: %s", path, strerror(errno));
    while (!st && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strncmp(e->d_name, ".dosah-", 7))
            continue;
        if (dosah_array_reserve(ctx, (void **)names, &cap, *count + 1, sizeof **names) ||
            !((*names)[*count] = dosah_strdup(ctx, e->d_name)))
            st = DOSAH_ENOMEM;
        else
            ++*count;
    }
    closedir(d);
    if (!st && *count > 1)
        qsort(*names, *count, sizeof **names, by_name);
    return st;
}

static enum dosah_status commit_entry(struct dosah_ctx *ctx, struct dosah_outset *set,
                                      struct journal *j, const char *rel)
{
    char *src = dosah_asprintf(ctx, "%s/%s", set->stage.path, rel);
    char *dst = dosah_asprintf(ctx, "%s/%s", set->dir, rel);
    struct stat ss, ds;
    enum dosah_status st = DOSAH_ENOMEM;
    int exists;
    if (!src || !dst)
        goto done;
    if (lstat(src, &ss) != 0) {
        st = dosah_error_set(ctx, DOSAH_EIO, "%s: %s", src, strerror(errno));
        goto done;
    }
    exists = lstat(dst, &ds) == 0;
    if (exists && S_ISDIR(ss.st_mode) && S_ISDIR(ds.st_mode))
        st = commit_dir(ctx, set, j, rel);
    else if (exists && !S_ISLNK(ds.st_mode) && !S_ISDIR(ss.st_mode) != !S_ISDIR(ds.st_mode))
        st = obstacle(ctx, dst, S_ISDIR(ds.st_mode) ? EISDIR : ENOTDIR);
    else
        st = place(ctx, set, j, rel, exists);
done:
    dosah_free(src);
    dosah_free(dst);
    return st;
}

static enum dosah_status commit_dir(struct dosah_ctx *ctx, struct dosah_outset *set,
                                    struct journal *j, const char *rel_dir)
{
    char *path = rel_dir ? dosah_asprintf(ctx, "%s/%s", set->stage.path, rel_dir)
                         : dosah_strdup(ctx, set->stage.path);
    char **names = NULL;
    size_t i, count = 0;
    enum dosah_status st = path ? list_dir(ctx, path, &names, &count) : DOSAH_ENOMEM;
    for (i = 0; i < count && !st; i++) {
        char *rel = rel_dir ? dosah_asprintf(ctx, "%s/%s", rel_dir, names[i])
                            : dosah_strdup(ctx, names[i]);
        st = rel ? commit_entry(ctx, set, j, rel) : DOSAH_ENOMEM;
        dosah_free(rel);
    }
    for (i = 0; i < count; i++)
        dosah_free(names[i]);
    dosah_free(names);
    dosah_free(path);
    return st;
}

/* Undoes the steps in reverse order; best effort (each undo is a rename back). */
static void roll_back(struct dosah_outset *set, struct journal *j)
{
    char src[4096], dst[4096];
    size_t i;
    for (i = j->count; i-- > 0;) {
        const struct step *s = &j->steps[i];
        snprintf(src, sizeof src, "%s/%s", set->stage.path, s->rel);
        snprintf(dst, sizeof dst, "%s/%s", set->dir, s->rel);
        if (s->kind == STEP_EXCHANGED)
            renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_EXCHANGE);
        else if (rename(dst, src) == 0 && s->kind == STEP_ASIDE)
            rename(s->aside, dst);
    }
}

enum dosah_status dosah_outset_commit(struct dosah_ctx *ctx, struct dosah_outset *set)
{
    struct journal j;
    sigset_t hold, before;
    enum dosah_status st;
    size_t i;
    memset(&j, 0, sizeof j);
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigaddset(&hold, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &hold, &before);
    st = commit_dir(ctx, set, &j, NULL);
    if (st)
        roll_back(set, &j);
    else
        set->committed = 1;
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    for (i = 0; i < j.count; i++) {
        dosah_free(j.steps[i].rel);
        dosah_free(j.steps[i].aside);
    }
    dosah_free(j.steps);
    return st;
}

struct dosah_outset *dosah_outset_destroy(struct dosah_outset *set)
{
    if (!set)
        return NULL;
    dosah_tempdir_remove(&set->stage);
    if (!set->committed && set->created)
        unmake_dir(set);
    dosah_free(set->created);
    dosah_free(set->dir);
    dosah_free(set);
    return NULL;
}

int dosah_outset_remove_now(const char *staging, const char *dir, const char *created)
{
    char path[4096];
    size_t n, stop;
    int rc = dosah_remove_tree(staging);
    if (!created || !dir || (n = strlen(dir)) >= sizeof path)
        return rc;
    memcpy(path, dir, n + 1);
    stop = strlen(created);
    while (strlen(path) >= stop && rmdir(path) == 0) { /* the empty ones, deepest first */
        char *slash = strrchr(path, '/');
        if (!slash)
            break;
        *slash = '\0';
    }
    return rc;
}
