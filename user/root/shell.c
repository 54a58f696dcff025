/*
 * The shell `make run` ends in: a prompt on the console, served by the
 * console driver. The root task is the driver's client like any other: it
 * reads lines with CONSOLE_READ_LINE (the driver echoes and edits them)
 * and prints through the driver (console_attach_printf). Commands are a
 * table (shell_cmds.c); this file reads, splits and dispatches.
 */
#include "shell.h"

#include "console.h"
#include "print.h"

#define SHELL_PROMPT "basalt> "
#define SHELL_LINE_MAX 256

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Split "  name  args  " into the name and the rest (both trimmed), in
 * place. */
static void split(char *line, char **name, char **args)
{
	char *end;

	while (is_space(*line))
		line++;
	*name = line;
	while (*line != '\0' && !is_space(*line))
		line++;
	if (*line != '\0')
		*line++ = '\0';
	while (is_space(*line))
		line++;
	*args = line;
	end = line;
	while (*end != '\0')
		end++;
	while (end > line && is_space(end[-1]))
		*--end = '\0';
}

static bool same(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static const shell_cmd_t *find(const char *name)
{
	for (const shell_cmd_t *c = shell_cmds; c->name != (void *)0; c++) {
		if (same(c->name, name))
			return c;
	}
	return (void *)0;
}

int run_shell(root_system_t *s)
{
	char line[SHELL_LINE_MAX];

	printf("shell: Basalt's shell on the console; type 'help' for the commands\n");
	for (;;) {
		const shell_cmd_t *cmd;
		char *name, *args;
		unsigned len;
		console_status_t st;

		/* The prompt has no newline: printf sends it at once all the same. */
		printf(SHELL_PROMPT);
		st = console_read_line(s->console, line, sizeof(line), &len);
		if (st != CONSOLE_OK) {
			printf("shell: reading from the console failed (%d): stopping\n", st);
			return 1;
		}
		split(line, &name, &args);
		if (*name == '\0')
			continue;
		cmd = find(name);
		if (cmd == (void *)0) {
			printf("%s: unknown command (type 'help' for the list)\n", name);
			continue;
		}
		cmd->run(s, args);
	}
}
