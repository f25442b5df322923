/* SPDX-License-Identifier: MIT */
/*
 * Progress on stderr, in the familiar style of GDAL's command-line tools. A progress call
 * after Ctrl-C asks the library to stop (it also checks its cancellation callback itself).
 */
#include <stdio.h>
#include <string.h>

#include "cli/interrupt.h"
#include "cli/progress.h"

void cli_progress_init(struct cli_progress *p, enum cli_progress_mode mode)
{
    memset(p, 0, sizeof *p);
    p->printed = -1;
    p->mode = mode;
}

void cli_progress_finish(struct cli_progress *p)
{
    if (p->mode == CLI_PROGRESS_TERMINAL && p->printed >= 0 && p->printed < 10)
        fputs("\n", stderr);
    p->printed = -1;
    p->stage[0] = '\0';
}

int cli_progress_fn(double fraction, const char *stage, void *user)
{
    struct cli_progress *p = user;
    int tenth = (int)(fraction * 10.0 + 1e-9), t;
    if (cli_interrupt_signal())
        return 1;
    if (p->mode == CLI_PROGRESS_OFF)
        return 0;
    if (strncmp(p->stage, stage, sizeof p->stage - 1) != 0) {
        cli_progress_finish(p);
        snprintf(p->stage, sizeof p->stage, "%s", stage);
        if (p->mode == CLI_PROGRESS_TERMINAL)
            fprintf(stderr, "%s: ", stage);
    }
    if (p->mode == CLI_PROGRESS_LINES) {
        for (t = p->printed + 1; t <= tenth; t++)
            fprintf(stderr, "progress: %s %d\n", p->stage, t * 10);
        if (tenth > p->printed)
            p->printed = tenth;
        fflush(stderr);
        return 0;
    }
    for (t = p->printed + 1; t <= tenth; t++) {
        if (t == 10)
            fputs("...100 - done.\n", stderr);
        else
            fprintf(stderr, "%s%d", t ? "..." : "", t * 10);
    }
    if (tenth > p->printed)
        p->printed = tenth;
    fflush(stderr);
    return 0;
}
