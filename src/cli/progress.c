/* SPDX-License-Identifier: MIT */
/*
 * Progress on stderr, in the familiar style of GDAL's command-line tools. A progress call
 * after Ctrl-C asks the library to stop (it also checks its cancellation callback itself).
 */
#include <stdio.h>
#include <string.h>

#include "cli/interrupt.h"
#include "cli/progress.h"

void cli_progress_init(struct cli_progress *p, int active)
{
    memset(p, 0, sizeof *p);
    p->printed = -1;
    p->active = active;
}

void cli_progress_finish(struct cli_progress *p)
{
    if (p->active && p->printed >= 0 && p->printed < 10)
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
    if (!p->active)
        return 0;
    if (strncmp(p->stage, stage, sizeof p->stage - 1) != 0) {
        cli_progress_finish(p);
        snprintf(p->stage, sizeof p->stage, "%s", stage);
        fprintf(stderr, "%s: ", stage);
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
