/* SPDX-License-Identifier: MIT */
/*
 * Helpers for integration tests that run the dosah command: temporary copies of fixtures with
 * edits, running the binary with its stderr captured, and file checks.
 */
#ifndef DOSAH_TEST_CLI_UTIL_H
#define DOSAH_TEST_CLI_UTIL_H

#include <stddef.h>

/* Creates a new temporary directory and copies every file of src_dir into it. Returns a path
 * the caller frees, or NULL. */
char *tu_copy_fixture(const char *src_dir);
/* Removes a directory tree made by the tests (rm -rf). */
void tu_remove_tree(const char *dir);
/* Reads a whole file (NUL-terminated; *size without the NUL). NULL when unreadable. */
char *tu_read_file(const char *path, size_t *size);
/* Writes text to a file; returns 0 on success. */
int tu_write_file(const char *path, const char *text, size_t size);
/* Replaces the first occurrence of `find` in the file by `replace`; returns 0 when found. */
int tu_replace_in_file(const char *path, const char *find, const char *replace);
/* 1 when the path exists. */
int tu_exists(const char *path);
/* Number of entries in a directory other than . and .. (-1 when it does not exist). */
int tu_count_entries(const char *dir);
/* Number of entries whose name starts with '.' (temporary files), . and .. excepted. */
int tu_count_hidden(const char *dir);
/* Runs DOSAH_BINARY with the arguments (NULL-terminated); stdout and stderr are captured into
 * *out and *err (caller frees; may be NULL to discard). Returns the exit status, or -1. */
int tu_run_dosah(char **out, char **err, const char *const *args);

#endif
