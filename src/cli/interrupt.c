/* SPDX-License-Identifier: MIT */
/*
 * SIGINT/SIGTERM handling of the dosah command (see interrupt.h). Only async-signal-safe
 * calls in the handler: write, unlink/rmdir through dosah_outset_remove_now, _exit.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/interrupt.h"
#include "dosah/outset.h"

static volatile sig_atomic_t first_signal, holding, registered;
static char staging[4096];

static void say(const char *text)
{
    ssize_t n = write(STDERR_FILENO, text, strlen(text));
    (void)n;
}

static void on_signal(int sig)
{
    if (!first_signal) {
        first_signal = sig;
        return;
    }
    if (holding)
        return;
    if (registered)
        dosah_outset_remove_now(staging);
    say("\ndosah: interrupted again: stopped at once; the previous outputs are unchanged\n");
    _exit(128 + first_signal);
}

void cli_interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a waiting open or read returns with EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int cli_interrupt_cancel(void *user)
{
    (void)user;
    return first_signal != 0;
}

int cli_interrupt_signal(void)
{
    return first_signal;
}

void cli_interrupt_register(const char *path)
{
    registered = 0;
    if (path && strlen(path) < sizeof staging) {
        memcpy(staging, path, strlen(path) + 1);
        registered = 1;
    }
}

void cli_interrupt_hold(int on)
{
    holding = on;
}
