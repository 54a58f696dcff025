/*
 * The console driver's line discipline: turns received bytes into echo and
 * complete lines, the way a terminal in canonical mode does. Plain C with
 * no system calls, so the host unit tests (tests/host/console_line) run
 * the very code the driver runs.
 *
 * Bytes are taken one at a time (line_feed):
 *   printable ASCII     added to the line being typed and echoed; a tab is
 *                       taken as a space; when the line is full
 *                       (LINE_EDIT_MAX) the byte is refused with a bell
 *   CR, LF, CR LF       end the line: "\r\n" is echoed and the line moves
 *                       to the queue of complete lines (when the queue has
 *                       no room, a bell, and the line stays being typed)
 *   DEL or BS           erase the last byte: "\b \b"
 *   Ctrl-U              erase the whole line
 *   Ctrl-C              drop the line: "^C\r\n", and an empty line completes
 *                       (so a reader waiting for a line gets one)
 *   ESC sequences       (arrow keys, ...: ESC [ params final, ESC O x)
 *                       swallowed whole
 *   anything else       other control bytes and bytes >= 0x80 are ignored
 *
 * Complete lines wait in a queue of LINE_QUEUE_SIZE bytes (typed ahead of
 * a reader) until line_take() hands them out.
 */
#ifndef BASALT_UART_LINE_H
#define BASALT_UART_LINE_H

#include <stdbool.h>
#include <stdint.h>

#define LINE_EDIT_MAX   200
#define LINE_QUEUE_SIZE 1024

typedef void (*line_echo_fn)(void *ctx, const char *s, unsigned n);

typedef struct line_editor {
	char edit[LINE_EDIT_MAX];
	unsigned edit_len;
	char queue[LINE_QUEUE_SIZE];   /* ring of complete lines, each ended by '\n' */
	unsigned head, count;          /* first byte, bytes queued */
	unsigned lines;                /* complete lines in the queue */
	uint8_t esc;                   /* escape sequence state */
	bool last_cr;                  /* the previous byte was CR (CR LF is one end) */
	line_echo_fn echo;
	void *echo_ctx;
} line_editor_t;

void line_init(line_editor_t *ed, line_echo_fn echo, void *ctx);

/* Take one received byte. */
void line_feed(line_editor_t *ed, uint8_t c);

/* A complete line is waiting. */
static inline bool line_ready(const line_editor_t *ed)
{
	return ed->lines > 0;
}

/* Up to `max` bytes of the first complete line copied to `out`; their
 * number. *ended: they finish the line (its newline is not copied).
 * Nothing is removed; nothing is copied when !line_ready. */
unsigned line_peek(const line_editor_t *ed, char *out, unsigned max, bool *ended);

/* Remove what line_peek() returned (n bytes, and the newline if ended). */
void line_consume(line_editor_t *ed, unsigned n, bool ended);

/* line_peek() then line_consume(). */
unsigned line_take(line_editor_t *ed, char *out, unsigned max, bool *ended);

#endif
