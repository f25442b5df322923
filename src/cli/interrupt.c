/* SPDX-License-Identifier: MIT */
/*
 * SIGINT/SIGTERM handling of the dosah command (see interrupt.h). Only async-signal-safe
 * calls in the handlers: write, sem_post, unlink/rmdir through dosah_outset_remove_now, _exit.
 *
 * A watchdog thread wakes at the first signal. Every 100 ms it sends SIGUSR1 (a handler that
 * does nothing, without SA_RESTART) to the main thread, so that a system call that waits
 * there (GDAL opening a FIFO, once per driver it tries) returns with EINTR and the library
 * sees the cancellation. Should the library not even have asked for it within a second (a
 * third-party call with no interruption point), or not have finished 10 s after the signal,
 * the watchdog has the main thread end the process as a second signal would.
 */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/interrupt.h"
#include "dosah/outset.h"

#define NOTICE_DEADLINE_MS 1000
#define FINISH_DEADLINE_MS 10000

static volatile sig_atomic_t first_signal, holding, registered, noticed, forced, finished;
static char staging[4096], outdir[4096], created[4096];
static volatile sig_atomic_t has_created;
static sem_t wake;
static pthread_t main_thread;

static void say(const char *text)
{
    ssize_t n = write(STDERR_FILENO, text, strlen(text));
    (void)n;
}

static void stop_at_once(const char *why)
{
    if (registered)
        dosah_outset_remove_now(staging, outdir, has_created ? created : NULL);
    say(why);
    _exit(128 + first_signal);
}

static void on_signal(int sig)
{
    if (!first_signal) {
        first_signal = sig;
        sem_post(&wake);
        return;
    }
    if (!holding)
        stop_at_once("\ndosah: interrupted again: stopped at once; the previous outputs are "
                     "unchanged\n");
}

/* SIGUSR1 from the watchdog: breaks a waiting system call; ends the process when forced. */
static void on_nudge(int sig)
{
    (void)sig;
    if (forced && !holding)
        stop_at_once("\ndosah: interrupted: stopped at once (the work in progress did not "
                     "stop by itself); the previous outputs are unchanged\n");
}

static long elapsed_ms(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)(t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void *watchdog(void *arg)
{
    struct timespec t0, step = {0, 100000000L};
    (void)arg;
    while (sem_wait(&wake) != 0)
        ;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (!finished) {
        long ms = elapsed_ms(&t0);
        if ((!noticed && ms > NOTICE_DEADLINE_MS) || ms > FINISH_DEADLINE_MS)
            forced = 1;
        pthread_kill(main_thread, SIGUSR1);
        nanosleep(&step, NULL);
    }
    return NULL;
}

void cli_interrupt_install(void)
{
    struct sigaction sa;
    sigset_t all, before;
    pthread_t tid;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a waiting open or read returns with EINTR */
    sa.sa_handler = on_nudge;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    main_thread = pthread_self();
    sem_init(&wake, 0, 0);
    /* The watchdog takes no signal: SIGINT and SIGTERM go to the main thread. */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &before);
    if (pthread_create(&tid, NULL, watchdog, NULL) == 0)
        pthread_detach(tid);
    pthread_sigmask(SIG_SETMASK, &before, NULL);
}

int cli_interrupt_cancel(void *user)
{
    (void)user;
    if (!first_signal)
        return 0;
    noticed = 1;
    return 1;
}

void cli_interrupt_finished(void)
{
    finished = 1;
}

int cli_interrupt_signal(void)
{
    return first_signal;
}

void cli_interrupt_register(const char *path, const char *dir, const char *made)
{
    registered = 0;
    has_created = 0;
    if (path && dir && strlen(path) < sizeof staging && strlen(dir) < sizeof outdir) {
        memcpy(staging, path, strlen(path) + 1);
        memcpy(outdir, dir, strlen(dir) + 1);
        if (made && strlen(made) < sizeof created) {
            memcpy(created, made, strlen(made) + 1);
            has_created = 1;
        }
        registered = 1;
    }
}

void cli_interrupt_hold(int on)
{
    holding = on;
}
