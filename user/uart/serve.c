/*
 * The console driver's request loop: one thread, one endpoint. Requests
 * (console.h) arrive as Calls; receive interrupts arrive on the same
 * endpoint through the notification bound to our thread.
 *
 * Every request is answered at once except a READ_LINE that finds no
 * complete line: its reply cap is saved (CNode_SaveCaller) and answered by
 * a Send on it when a line is typed. One reader waits at a time. If the
 * waiting reader goes away (deleted, suspended), the kernel removes its
 * reply cap from our slot; we notice when we try to move that cap (a
 * second reader asks) or to answer it (the send finds the slot empty), and
 * the line stays for the next reader.
 */
#include "driver.h"

#include "invoke.h"
#include "print.h"

/* A reply: status in the label, `length` message registers. */
static basalt_msginfo_t reply(console_status_t status, unsigned length)
{
	return basalt_msginfo(status, 0, 0, length);
}

static basalt_msginfo_t error_truncated(unsigned needed)
{
	basalt_set_mr(0, needed);
	return reply(CONSOLE_TRUNCATED, 1);
}

static basalt_msginfo_t error_range(basalt_word_t least, basalt_word_t most)
{
	basalt_set_mr(0, least);
	basalt_set_mr(1, most);
	return reply(CONSOLE_RANGE, 2);
}

static void send_bytes(driver_t *d, const char *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (s[i] == '\n')
			d->hw->putc(&d->regs, '\r');
		d->hw->putc(&d->regs, (uint8_t)s[i]);
	}
}

static basalt_msginfo_t do_write(driver_t *d, basalt_msginfo_t info)
{
	unsigned length = basalt_msginfo_length(info), words;
	basalt_word_t n;
	char buf[CONSOLE_WRITE_MAX];

	if (length < 1)
		return error_truncated(1);
	n = basalt_get_mr(0);
	if (n > CONSOLE_WRITE_MAX)
		return error_range(0, CONSOLE_WRITE_MAX);
	words = (unsigned)(n + 7) / 8;
	if (length < 1 + words)
		return error_truncated(1 + words);
	console_get_bytes(1, buf, (unsigned)n);
	send_bytes(d, buf, (unsigned)n);
	basalt_set_mr(0, n);
	return reply(CONSOLE_OK, 1);
}

/* The reply to a reader: up to max bytes of the first complete line,
 * which must be there. Peeked, not taken: the caller consumes them once
 * the reply has gone. */
static basalt_msginfo_t line_reply(driver_t *d, unsigned max, unsigned *n, bool *ended)
{
	char buf[CONSOLE_READ_MAX];

	*n = line_peek(&d->line, buf, max, ended);
	basalt_set_mr(0, *n);
	basalt_set_mr(1, *ended ? 1 : 0);
	return reply(CONSOLE_OK, 2 + console_put_bytes(2, buf, *n));
}

/* Is the waiting reader still there? Moving its reply cap to the spare
 * slot fails if the kernel has removed it; if it works, the slots swap
 * names (the spare is empty again). */
static bool reader_alive(driver_t *d)
{
	basalt_cptr_t t;

	if (!d->reader_waiting)
		return false;
	if (basalt_cnode_move(BASALT_INIT_CNODE, d->spare, BASALT_WORD_BITS, BASALT_INIT_CNODE,
			      d->reader, BASALT_WORD_BITS) != BASALT_OK) {
		d->reader_waiting = false;
		return false;
	}
	t = d->reader;
	d->reader = d->spare;
	d->spare = t;
	return true;
}

/* READ_LINE: answered now (returns true, *out the reply) or saved. */
static bool do_read(driver_t *d, basalt_msginfo_t info, basalt_msginfo_t *out)
{
	basalt_word_t max;
	unsigned n;
	bool ended;

	if (basalt_msginfo_length(info) < 1) {
		*out = error_truncated(1);
		return true;
	}
	max = basalt_get_mr(0);
	if (max < 1 || max > CONSOLE_READ_MAX) {
		*out = error_range(1, CONSOLE_READ_MAX);
		return true;
	}
	if (reader_alive(d)) {
		*out = reply(CONSOLE_BUSY, 0);
		return true;
	}
	if (line_ready(&d->line)) {
		/* ReplyRecv cannot fail to deliver to a caller that is
		 * blocked on us right now: consume at once. */
		*out = line_reply(d, (unsigned)max, &n, &ended);
		line_consume(&d->line, n, ended);
		return true;
	}
	if (basalt_cnode_save_caller(BASALT_INIT_CNODE, d->reader, BASALT_WORD_BITS) == BASALT_OK) {
		d->reader_waiting = true;
		d->reader_max = (unsigned)max;
	}
	return false;
}

/* A line is there and a reader waits: answer it. */
static void answer_reader(driver_t *d)
{
	basalt_msginfo_t r;
	unsigned n;
	bool ended;

	if (!d->reader_waiting || !line_ready(&d->line))
		return;
	r = line_reply(d, d->reader_max, &n, &ended);
	basalt_send(d->reader, r);
	d->reader_waiting = false;
	/* An empty slot: the reader went away and the line stays. */
	if (basalt_status() == BASALT_OK)
		line_consume(&d->line, n, ended);
}

static basalt_msginfo_t do_info(driver_t *d)
{
	basalt_set_mr(0, d->hw->kind);
	basalt_set_mr(1, d->paddr);
	basalt_set_mr(2, d->irq);
	basalt_set_mr(3, d->interrupts);
	basalt_set_mr(4, d->received);
	return reply(CONSOLE_OK, 5);
}

/* A receive interrupt: take every waiting byte, then ack so the line can
 * interrupt again (a byte arriving in between keeps the line raised, and
 * the ack lets that through as a new interrupt). */
static void receive(driver_t *d)
{
	int c;

	while ((c = d->hw->getc(&d->regs)) >= 0) {
		d->received++;
		line_feed(&d->line, (uint8_t)c);
	}
	basalt_irq_handler_ack(d->handler);
	answer_reader(d);
}

static bool is_interrupt(basalt_msginfo_t info, basalt_word_t badge)
{
	return basalt_msginfo_label(info) == 0 && basalt_msginfo_length(info) == 0 &&
	       (badge & CONSOLE_BADGE_IRQ) != 0;
}

void driver_serve(driver_t *d)
{
	basalt_word_t badge;
	basalt_msginfo_t info, out;

	/* Bytes typed before we started wait in the FIFO: take them now. */
	receive(d);
	info = basalt_recv(d->ep, &badge);
	for (;;) {
		bool answered = true;

		if (basalt_status() != BASALT_OK) {
			printf("uart: receiving failed (%d): stopping\n", (int)basalt_status());
			driver_stop();
		}
		if (is_interrupt(info, badge)) {
			d->interrupts++;
			receive(d);
			info = basalt_recv(d->ep, &badge);
			continue;
		}
		switch (basalt_msginfo_label(info)) {
		case CONSOLE_WRITE:
			out = do_write(d, info);
			break;
		case CONSOLE_READ_LINE:
			answered = do_read(d, info, &out);
			break;
		case CONSOLE_INFO:
			out = do_info(d);
			break;
		default:
			out = reply(CONSOLE_BAD_REQUEST, 0);
			break;
		}
		if (answered)
			info = basalt_reply_recv(d->ep, out, &badge);
		else
			info = basalt_recv(d->ep, &badge);
	}
}
