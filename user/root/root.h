/*
 * The root task's parts, as main.c runs them: its services and resources
 * (system.h), the demo (demo.c), the shell (shell.c).
 */
#ifndef BASALT_ROOT_ROOT_H
#define BASALT_ROOT_ROOT_H

#include "system.h"

/* A second program answering us over IPC; 0 when it went as shown. */
int run_demo(root_system_t *s);

/* The interactive shell on the console; returns only if the console
 * fails (non-zero). */
int run_shell(root_system_t *s);

/* The system-call fuzzer (fuzz.c): `arg` is "CALLS[:SEED]" or ""; 0 when
 * it passed (no audit failure, all memory back). */
int run_fuzz(const char *arg, root_system_t *s);

#endif
