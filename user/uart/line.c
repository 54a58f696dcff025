/* The console driver's line discipline (see line.h). */
#include "line.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 0x1b
#define DEL 0x7f

/* Escape sequence states: after ESC; inside "ESC [" (until a final byte
 * 0x40..0x7e); after "ESC O" (one more byte). */
enum { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

void line_init(line_editor_t *ed, line_echo_fn echo, void *ctx)
{
	ed->edit_len = 0;
	ed->head = 0;
	ed->count = 0;
	ed->lines = 0;
	ed->esc = ESC_NONE;
	ed->last_cr = false;
	ed->echo = echo;
	ed->echo_ctx = ctx;
}

static void echo(line_editor_t *ed, const char *s, unsigned n)
{
	ed->echo(ed->echo_ctx, s, n);
}

static void enqueue(line_editor_t *ed, char c)
{
	ed->queue[(ed->head + ed->count) % LINE_QUEUE_SIZE] = c;
	ed->count++;
}

/* Move the typed line (possibly empty) to the queue; false if no room. */
static bool complete(line_editor_t *ed)
{
	if (LINE_QUEUE_SIZE - ed->count < ed->edit_len + 1)
		return false;
	for (unsigned i = 0; i < ed->edit_len; i++)
		enqueue(ed, ed->edit[i]);
	enqueue(ed, '\n');
	ed->lines++;
	ed->edit_len = 0;
	return true;
}

static void erase(line_editor_t *ed, unsigned n)
{
	for (; n > 0 && ed->edit_len > 0; n--) {
		ed->edit_len--;
		echo(ed, "\b \b", 3);
	}
}

/* Swallow escape sequences; true if `c` was part of one. */
static bool escape(line_editor_t *ed, uint8_t c)
{
	switch (ed->esc) {
	case ESC_START:
		ed->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
		return true;
	case ESC_CSI:
		/* Parameters and intermediates 0x20..0x3f, then a final byte;
		 * anything else ends the sequence and counts on its own. */
		if (c >= 0x20 && c <= 0x3f)
			return true;
		ed->esc = ESC_NONE;
		return c >= 0x40 && c <= 0x7e;
	case ESC_SS3:
		ed->esc = ESC_NONE;
		return true;
	default:
		if (c != ESC)
			return false;
		ed->esc = ESC_START;
		return true;
	}
}

void line_feed(line_editor_t *ed, uint8_t c)
{
	bool after_cr = ed->last_cr;

	ed->last_cr = c == '\r';
	if (escape(ed, c))
		return;
	switch (c) {
	case '\n':
		if (after_cr)
			return;     /* the LF of CR LF */
		/* fall through */
	case '\r':
		if (complete(ed))
			echo(ed, "\r\n", 2);
		else
			echo(ed, "\a", 1);
		return;
	case DEL:
	case '\b':
		erase(ed, 1);
		return;
	case CTRL('U'):
		erase(ed, LINE_EDIT_MAX);
		return;
	case CTRL('C'):
		ed->edit_len = 0;
		echo(ed, "^C\r\n", 4);
		if (!complete(ed))
			echo(ed, "\a", 1);
		return;
	case '\t':
		c = ' ';
		break;
	default:
		if (c < 0x20 || c > 0x7e)
			return;
		break;
	}
	if (ed->edit_len == LINE_EDIT_MAX) {
		echo(ed, "\a", 1);
		return;
	}
	ed->edit[ed->edit_len++] = (char)c;
	echo(ed, (const char *)&c, 1);
}

unsigned line_peek(const line_editor_t *ed, char *out, unsigned max, bool *ended)
{
	unsigned n = 0;

	*ended = false;
	if (ed->lines == 0)
		return 0;
	/* A complete line is queued, so a newline comes before the end. */
	for (;;) {
		char c = ed->queue[(ed->head + n) % LINE_QUEUE_SIZE];

		if (c == '\n') {
			*ended = true;
			return n;
		}
		if (n == max)
			return n;
		out[n++] = c;
	}
}

void line_consume(line_editor_t *ed, unsigned n, bool ended)
{
	unsigned k = n + (ended ? 1 : 0);

	if (k > ed->count)
		k = ed->count;
	ed->head = (ed->head + k) % LINE_QUEUE_SIZE;
	ed->count -= k;
	if (ended && ed->lines > 0)
		ed->lines--;
}

unsigned line_take(line_editor_t *ed, char *out, unsigned max, bool *ended)
{
	unsigned n = line_peek(ed, out, max, ended);

	line_consume(ed, n, *ended);
	return n;
}
