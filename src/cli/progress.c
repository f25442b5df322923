/* SPDX-License-Identifier: MIT */
/*
 * Progress on stderr, in the familiar style of GDAL's command-line tools, and the interrupt
 * flag: Ctrl-C does not kill the process mid-write but stops it at the next progress call, so
 * that the writer removes its temporary file and the previous output stays as it was.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/progress.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

void cli_install_interrupt(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

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
    if (interrupted)
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
