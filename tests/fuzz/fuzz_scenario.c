/* SPDX-License-Identifier: MIT */
/* Fuzz target: the scenario parser on any bytes (YAML, UTF-8 checks, schema, values). */
#include "dosah/dosah.h"
#include "fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dosah_ctx *ctx = dosah_ctx_create();
    struct dosah_scenario *s = NULL;
    if (!ctx)
        return 0;
    if (dosah_scenario_parse(ctx, "/fuzz/scenario.yaml", (const char *)data, size, &s) ==
        DOSAH_OK)
        dosah_scenario_destroy(s);
    dosah_ctx_destroy(ctx);
    return 0;
}
