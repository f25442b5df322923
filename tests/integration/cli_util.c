/* SPDX-License-Identifier: MIT */
/* Helpers for the integration tests: fixtures in temporary directories and running dosah. */
#include "integration/cli_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *tu_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (size)
            *size = (size_t)n;
    }
    return buf;
}

int tu_write_file(const char *path, const char *text, size_t size)
{
    FILE *f = fopen(path, "wb");
    int ok;
    if (!f)
        return -1;
    ok = fwrite(text, 1, size, f) == size;
    return fclose(f) == 0 && ok ? 0 : -1;
}

int tu_replace_in_file(const char *path, const char *find, const char *replace)
{
    size_t n, fl = strlen(find), rl = strlen(replace);
    char *text = tu_read_file(path, &n), *hit, *out;
    int rc = -1;
    if (!text)
        return -1;
    hit = strstr(text, find);
    if (hit && (out = malloc(n - fl + rl + 1)) != NULL) {
        size_t pre = (size_t)(hit - text);
        memcpy(out, text, pre);
        memcpy(out + pre, replace, rl);
        memcpy(out + pre + rl, hit + fl, n - pre - fl + 1);
        rc = tu_write_file(path, out, n - fl + rl);
        free(out);
    }
    free(text);
    return rc;
}

int tu_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

int tu_count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

int tu_count_hidden(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* Copies the files of src into dst, and its subdirectories (a GTFS feed's folder) likewise. */
static void copy_dir(const char *src_dir, const char *dst_dir)
{
    char src[4096], dst[4096];
    DIR *d;
    struct dirent *e;
    struct stat sb;
    if (!(d = opendir(src_dir)))
        return;
    while ((e = readdir(d)) != NULL) {
        size_t n;
        char *text;
        if (e->d_name[0] == '.')
            continue;
        snprintf(src, sizeof src, "%s/%s", src_dir, e->d_name);
        snprintf(dst, sizeof dst, "%s/%s", dst_dir, e->d_name);
        if (stat(src, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            if (mkdir(dst, 0755) == 0)
                copy_dir(src, dst);
        } else if ((text = tu_read_file(src, &n)) != NULL) {
            tu_write_file(dst, text, n);
            free(text);
        }
    }
    closedir(d);
}

char *tu_copy_fixture(const char *src_dir)
{
    char tmpl[] = "/tmp/dosah-test-XXXXXX";
    char *dir;
    if (!mkdtemp(tmpl) || !(dir = strdup(tmpl)))
        return NULL;
    copy_dir(src_dir, dir);
    return dir;
}

void tu_remove_tree(const char *dir)
{
    pid_t pid;
    if (!dir || strncmp(dir, "/tmp/dosah-test-", 16) != 0)
        return;
    pid = fork();
    if (pid == 0) {
        execlp("rm", "rm", "-rf", dir, (char *)NULL);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

/* Reads everything from fd into a new string. */
static char *slurp(int fd)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    ssize_t r;
    while (buf && (r = read(fd, buf + n, cap - n - 1)) > 0) {
        n += (size_t)r;
        if (cap - n < 2) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                return NULL;
            }
            buf = p;
            cap *= 2;
        }
    }
    if (buf)
        buf[n] = '\0';
    return buf;
}

int tu_run_dosah(char **out, char **err, const char *const *args)
{
    char out_path[] = "/tmp/dosah-out-XXXXXX", err_path[] = "/tmp/dosah-err-XXXXXX";
    int ofd = mkstemp(out_path), efd = mkstemp(err_path), status = -1, n = 0;
    const char *argv[64];
    pid_t pid;
    if (ofd < 0 || efd < 0)
        return -1;
    argv[n++] = DOSAH_BINARY;
    while (args[n - 1] && n < 63) {
        argv[n] = args[n - 1];
        n++;
    }
    argv[n] = NULL;
    pid = fork();
    if (pid == 0) {
        dup2(ofd, STDOUT_FILENO);
        dup2(efd, STDERR_FILENO);
        execv(DOSAH_BINARY, (char *const *)argv);
        _exit(127);
    }
    if (pid > 0 && waitpid(pid, &status, 0) == pid)
        status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    lseek(ofd, 0, SEEK_SET);
    lseek(efd, 0, SEEK_SET);
    if (out)
        *out = slurp(ofd);
    if (err)
        *err = slurp(efd);
    close(ofd);
    close(efd);
    unlink(out_path);
    unlink(err_path);
    return status;
}
