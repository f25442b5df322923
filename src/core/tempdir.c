/* SPDX-License-Identifier: MIT */
/*
 * Temporary files that cannot be attacked and cannot outlive their run. Every temporary of
 * dosah lives in a private directory `.dosah-tmp-XXXXXX` made by mkdtemp (mode 0700) beside
 * its final place, and the run holds an flock on that directory while it lives. The kernel
 * drops the lock when the process dies, however it dies (SIGKILL, the OOM killer; a power
 * loss drops every lock), so the next run that makes a temporary directory in the same place
 * removes those no process holds. Single temporary files are created with
 * O_CREAT|O_EXCL|O_NOFOLLOW, which neither follows nor reuses a name planted in advance.
 */
#define _GNU_SOURCE /* getdents64: the tree removal must be async-signal-safe */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_internal.h"

#define TEMP_PREFIX ".dosah-tmp-"

/* Removes name (in the directory parent_fd) with everything under it; uses only
 * async-signal-safe system calls and the stack. Returns 0, or -1 when something stayed. */
static int remove_at(int parent_fd, const char *name, int depth)
{
    char buf[2048];
    int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int pass, removed;
    if (fd < 0) /* a file or a symbolic link: unlink it, never follow it */
        return unlinkat(parent_fd, name, 0) == 0 || errno == ENOENT ? 0 : -1;
    /* Removing entries while reading a directory may hide others: read again until a pass
     * removes nothing. */
    for (pass = 0, removed = 1; removed && pass < 64 && depth < 16; pass++) {
        ssize_t n;
        removed = 0;
        lseek(fd, 0, SEEK_SET);
        while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
            ssize_t off;
            for (off = 0; off < n;) {
                const struct dirent64 *d = (const struct dirent64 *)(void *)(buf + off);
                off += d->d_reclen;
                if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
                    continue;
                if (remove_at(fd, d->d_name, depth + 1) == 0)
                    removed = 1;
            }
        }
    }
    close(fd);
    return unlinkat(parent_fd, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? 0 : -1;
}

int dosah_remove_tree(const char *path)
{
    return path && *path ? remove_at(AT_FDCWD, path, 0) : 0;
}

/* A leftover of version 0.1: `.<name>.<pid>.tmp.gpkg` (and its journals) of a dead process. */
static void sweep_legacy(int dfd, const char *name)
{
    const char *p = strstr(name, ".tmp.gpkg");
    const char *dot;
    long pid;
    char *end;
    if (name[0] != '.' || !p)
        return;
    for (dot = p - 1; dot > name && *dot != '.'; dot--)
        ;
    if (dot <= name)
        return;
    pid = strtol(dot + 1, &end, 10);
    if (end != p || pid <= 0 || (strcmp(p, ".tmp.gpkg") && strcmp(p, ".tmp.gpkg-journal") &&
                                 strcmp(p, ".tmp.gpkg-wal") && strcmp(p, ".tmp.gpkg-shm")))
        return;
    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        unlinkat(dfd, name, 0);
}

void dosah_tempdir_sweep(const char *parent)
{
    DIR *d = opendir(parent);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        int fd;
        if (strncmp(e->d_name, TEMP_PREFIX, strlen(TEMP_PREFIX)) != 0) {
            sweep_legacy(dirfd(d), e->d_name);
            continue;
        }
        fd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) /* nobody holds it: its run is dead */
            remove_at(dirfd(d), e->d_name, 0);
        close(fd);
    }
    closedir(d);
}

/* Does path still name the directory open as fd (a sweeper may have removed it)? */
static int still_there(const char *path, int fd)
{
    struct stat a, b;
    return stat(path, &a) == 0 && fstat(fd, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

enum dosah_status dosah_tempdir_create(struct dosah_ctx *ctx, const char *parent,
                                       struct dosah_tempdir *td)
{
    int attempt, err = 0;
    td->path = NULL;
    td->lock_fd = -1;
    dosah_tempdir_sweep(parent);
    for (attempt = 0; attempt < 8; attempt++) {
        char *path = dosah_asprintf(ctx, "%s/" TEMP_PREFIX "XXXXXX", parent);
        int fd;
        if (!path)
            return DOSAH_ENOMEM;
        if (!mkdtemp(path)) {
            err = errno;
            dosah_free(path);
            return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot write in this directory: %s",
                                   parent, strerror(err));
        }
        fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && still_there(path, fd)) {
            td->path = path;
            td->lock_fd = fd;
            return DOSAH_OK;
        }
        /* Another run's sweep took it between mkdtemp and flock; it removes it. */
        if (fd >= 0)
            close(fd);
        dosah_free(path);
    }
    return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot make a temporary directory: another "
                           "process keeps removing it", parent);
}

void dosah_tempdir_remove(struct dosah_tempdir *td)
{
    if (td->path)
        dosah_remove_tree(td->path);
    if (td->lock_fd >= 0)
        close(td->lock_fd);
    dosah_free(td->path);
    td->path = NULL;
    td->lock_fd = -1;
}

enum dosah_status dosah_temp_file(struct dosah_ctx *ctx, const char *final_path, char **tmp,
                                  int *fd)
{
    const char *slash = strrchr(final_path, '/');
    int dirlen = slash ? (int)(slash - final_path) + 1 : 0, attempt;
    *tmp = NULL;
    *fd = -1;
    for (attempt = 0; attempt < 16; attempt++) {
        unsigned char r[6];
        char *path;
        if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
            return dosah_error_set(ctx, DOSAH_EIO, "no random numbers for a temporary name");
        path = dosah_asprintf(ctx, "%.*s.%s.%02x%02x%02x%02x%02x%02x.tmp", dirlen, final_path,
                              final_path + dirlen, r[0], r[1], r[2], r[3], r[4], r[5]);
        if (!path)
            return DOSAH_ENOMEM;
        *fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (*fd >= 0) {
            *tmp = path;
            return DOSAH_OK;
        }
        if (errno != EEXIST) {
            int err = errno;
            dosah_free(path);
            return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot write: %s", final_path,
                                   strerror(err));
        }
        dosah_free(path);
    }
    return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot make a temporary file", final_path);
}
