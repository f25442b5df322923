/* SPDX-License-Identifier: MIT */
/* Progress on stderr in GDAL's style ("stage: 0...10...20...100 - done."). */
#ifndef DOSAH_CLI_PROGRESS_H
#define DOSAH_CLI_PROGRESS_H

struct cli_progress {
    char stage[64];
    int printed;   /* last tenth printed, -1 none */
    int active;    /* 1 when printing (stderr is a terminal and not -q) */
};

void cli_progress_init(struct cli_progress *p, int active);
/* The dosah_progress_fn: prints, and asks to stop after SIGINT/SIGTERM (cli/interrupt.h). */
int cli_progress_fn(double fraction, const char *stage, void *user);
/* Ends an unfinished line. */
void cli_progress_finish(struct cli_progress *p);

#endif
