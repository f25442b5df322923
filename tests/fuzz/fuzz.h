/* SPDX-License-Identifier: MIT */
/* The entry point every fuzz target defines (libFuzzer's) and the replay program calls. */
#ifndef DOSAH_FUZZ_H
#define DOSAH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LeakSanitizer's hook for the suppressions built into a program (see fuzz_load.c). */
const char *__lsan_default_suppressions(void);

#endif
