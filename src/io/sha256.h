/* SPDX-License-Identifier: MIT */
/* SHA-256 of files and memory as 64 lowercase hex digits (io's, by Nettle). */
#ifndef DOSAH_IO_SHA256_H
#define DOSAH_IO_SHA256_H

#include <stddef.h>

#include "dosah/core.h"

/* SHA-256 of a file as 64 lowercase hex digits plus NUL into hex[65] (empty on failure). */
enum dosah_status dosah_sha256_file(struct dosah_ctx *ctx, const char *path, char hex[65]);
/* SHA-256 of a memory block. */
void dosah_sha256(const void *data, size_t size, char hex[65]);

#endif
