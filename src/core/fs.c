/* SPDX-License-Identifier: MIT */
/*
 * The one file-system helper the writers share: creating an output directory with its
 * missing parents.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core_internal.h"

enum dosah_status dosah_make_dirs(struct dosah_ctx *ctx, const char *dir)
{
    char path[4096];
    size_t i, n = strlen(dir);
    if (n == 0)
        return dosah_error_set(ctx, DOSAH_EINVAL,
                               "the output directory is empty; give one with -o DIR");
    if (n >= sizeof path)
        return dosah_error_set(ctx, DOSAH_EINVAL, "%s: output directory path too long", dir);
    memcpy(path, dir, n + 1);
    for (i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot create the directory: %s", path,
                                   strerror(errno));
        path[i] = dir[i];
    }
    return DOSAH_OK;
}
