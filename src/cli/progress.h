/* SPDX-License-Identifier: MIT */
/* Progress on stderr in GDAL's style ("stage: 0...10...20...100 - done."). */
#ifndef DOSAH_CLI_PROGRESS_H
#define DOSAH_CLI_PROGRESS_H

/* How progress is shown: not at all (-q, or stderr is no terminal), in GDAL's style on a
 * terminal, or as whole lines "progress: STAGE PERCENT" for a program reading stderr
 * (--progress). */
enum cli_progress_mode { CLI_PROGRESS_OFF = 0, CLI_PROGRESS_TERMINAL, CLI_PROGRESS_LINES };

struct cli_progress {
    char stage[64];
    int printed;   /* last tenth printed, -1 none */
    enum cli_progress_mode mode;
};

void cli_progress_init(struct cli_progress *p, enum cli_progress_mode mode);
/* The dosah_progress_fn: prints, and asks to stop after SIGINT/SIGTERM (cli/interrupt.h). */
int cli_progress_fn(double fraction, const char *stage, void *user);
/* Ends an unfinished line. */
void cli_progress_finish(struct cli_progress *p);

#endif
