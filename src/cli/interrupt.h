/* SPDX-License-Identifier: MIT */
/*
 * Ctrl-C and SIGTERM. The first one sets a flag that the library's cancellation callback
 * reads (every long loop, GEOS, SQLite and GDAL's SQL consult it), so the run stops within a
 * second and cleans up as on any failure. A second one ends the process at once: the handler
 * removes the registered staging directory and the output directories the run created, when
 * empty (async-signal-safe), and exits with 128 + the
 * first signal's number. The handlers do not restart system calls, and a watchdog thread
 * keeps interrupting a system call that waits (GDAL opening a FIFO given as input); should
 * the library not stop within a second, the watchdog ends the process as a second signal.
 */
#ifndef DOSAH_CLI_INTERRUPT_H
#define DOSAH_CLI_INTERRUPT_H

/* Installs the SIGINT and SIGTERM handlers. */
void cli_interrupt_install(void);
/* The dosah_cancel_fn: non-zero once a signal came. */
int cli_interrupt_cancel(void *user);
/* The library has returned: the watchdog stops nudging the main thread. */
void cli_interrupt_finished(void);
/* The first signal's number, 0 when none came. */
int cli_interrupt_signal(void);
/* The staging directory a second signal removes, with the output directory dir and the
 * top-most directory the run created for it (made, NULL when dir existed; the empty ones
 * from dir up to made go too). Copied; staging NULL forgets them. Call with the signals
 * held or before any can matter: it is not atomic against the handler. */
void cli_interrupt_register(const char *staging, const char *dir, const char *made);
/* While on, a second signal does not end the process (the outputs are being put in place,
 * a matter of microseconds; the run then ends by itself). */
void cli_interrupt_hold(int on);

#endif
