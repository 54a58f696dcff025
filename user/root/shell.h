/*
 * The shell's commands (shell_cmds.c): a table the shell (shell.c) looks
 * names up in. A command gets its arguments as one trimmed string.
 */
#ifndef BASALT_ROOT_SHELL_H
#define BASALT_ROOT_SHELL_H

#include "root.h"

typedef struct shell_cmd {
	const char *name;
	const char *args;      /* how its arguments look, for help ("" if none) */
	const char *help;      /* one line */
	void (*run)(root_system_t *s, const char *args);
} shell_cmd_t;

/* Ended by an entry with a NULL name. */
extern const shell_cmd_t shell_cmds[];

#endif
