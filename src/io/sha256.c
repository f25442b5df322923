/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 (FIPS 180-4) of files and memory, for the provenance of inputs in run_info and of
 * the GeoPackage in the report, by Nettle: its x86-64 build uses the processor's SHA
 * instructions where there are some, which hash a national case's 0.5 GB of inputs and
 * 0.7 GB GeoPackage about five times faster than the portable C this replaced.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>

#include "core/core_internal.h"
#include "io/sha256.h"

static void to_hex(struct sha256_ctx *s, char hex[65])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    int i;
    sha256_digest(s, sizeof digest, digest);
    for (i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

void dosah_sha256(const void *data, size_t size, char hex[65])
{
    struct sha256_ctx s;
    sha256_init(&s);
    sha256_update(&s, size, data);
    to_hex(&s, hex);
}

enum dosah_status dosah_sha256_file(struct dosah_ctx *ctx, const char *path, char hex[65])
{
    unsigned char buf[1 << 16];
    struct sha256_ctx s;
    size_t n;
    FILE *f = fopen(path, "rb");
    hex[0] = '\0';
    if (!f)
        return dosah_error_set(ctx, DOSAH_EIO, "%s: cannot open: %s", path, strerror(errno));
    sha256_init(&s);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sha256_update(&s, n, buf);
    if (ferror(f)) {
        fclose(f);
        return dosah_error_set(ctx, DOSAH_EIO, "%s: read error", path);
    }
    fclose(f);
    to_hex(&s, hex);
    return DOSAH_OK;
}
