/* Console protocol helpers and client stubs (see console.h). */
#include "console.h"

#include "print.h"

unsigned console_put_bytes(unsigned first_mr, const char *s, unsigned n)
{
	unsigned words = (n + 7) / 8;

	for (unsigned w = 0; w < words; w++) {
		basalt_word_t v = 0;

		for (unsigned b = 0; b < 8 && w * 8 + b < n; b++)
			v |= (basalt_word_t)(unsigned char)s[w * 8 + b] << (8 * b);
		basalt_set_mr(first_mr + w, v);
	}
	return words;
}

void console_get_bytes(unsigned first_mr, char *out, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		out[i] = (char)(basalt_get_mr(first_mr + i / 8) >> (8 * (i % 8)));
}

/* The Call itself; CONSOLE_IPC_FAILED when the kernel could not do it. */
static console_status_t call(basalt_cptr_t ep, unsigned label, unsigned length,
			     basalt_msginfo_t *reply)
{
	*reply = basalt_call(ep, basalt_msginfo(label, 0, 0, length));
	if (basalt_status() != BASALT_OK)
		return CONSOLE_IPC_FAILED;
	return (console_status_t)basalt_msginfo_label(*reply);
}

console_status_t console_write(basalt_cptr_t ep, const char *buf, basalt_word_t len)
{
	basalt_msginfo_t reply;

	do {
		unsigned n = len > CONSOLE_WRITE_MAX ? CONSOLE_WRITE_MAX : (unsigned)len;
		unsigned words = console_put_bytes(1, buf, n);
		console_status_t s;

		basalt_set_mr(0, n);
		s = call(ep, CONSOLE_WRITE, 1 + words, &reply);
		if (s != CONSOLE_OK)
			return s;
		buf += n;
		len -= n;
	} while (len > 0);
	return CONSOLE_OK;
}

console_status_t console_read(basalt_cptr_t ep, char *buf, unsigned max, unsigned *n,
			      bool *ended)
{
	basalt_msginfo_t reply;
	console_status_t s;
	unsigned got;

	basalt_set_mr(0, max);
	s = call(ep, CONSOLE_READ_LINE, 1, &reply);
	if (s != CONSOLE_OK)
		return s;
	got = (unsigned)basalt_get_mr(0);
	/* Trust the driver no further than the reply's length and our max. */
	if (got > max || basalt_msginfo_length(reply) < 2 + (got + 7) / 8)
		return CONSOLE_TRUNCATED;
	console_get_bytes(2, buf, got);
	*n = got;
	*ended = basalt_get_mr(1) != 0;
	return CONSOLE_OK;
}

console_status_t console_read_line(basalt_cptr_t ep, char *buf, unsigned size, unsigned *len)
{
	unsigned total = 0;
	bool ended = false;

	if (size == 0)
		return CONSOLE_RANGE;
	while (!ended) {
		char drop[64];
		unsigned room = size - 1 - total, n = 0;
		bool full = room == 0;
		console_status_t s;

		if (room > CONSOLE_READ_MAX)
			room = CONSOLE_READ_MAX;
		s = console_read(ep, full ? drop : buf + total, full ? sizeof(drop) : room, &n, &ended);
		if (s != CONSOLE_OK)
			return s;
		if (!full)
			total += n;
	}
	buf[total] = '\0';
	*len = total;
	return CONSOLE_OK;
}

console_status_t console_info(basalt_cptr_t ep, console_info_t *out)
{
	basalt_msginfo_t reply;
	console_status_t s = call(ep, CONSOLE_INFO, 0, &reply);

	if (s != CONSOLE_OK)
		return s;
	if (basalt_msginfo_length(reply) < 5)
		return CONSOLE_TRUNCATED;
	out->kind = (unsigned)basalt_get_mr(0);
	out->paddr = basalt_get_mr(1);
	out->irq = basalt_get_mr(2);
	out->interrupts = basalt_get_mr(3);
	out->received = basalt_get_mr(4);
	return CONSOLE_OK;
}

/* ---- printf through the driver ---- */

static basalt_cptr_t printf_ep;

static void printf_output(const char *s, unsigned n)
{
	/* printf never touched the message registers before (the debug
	 * console takes its byte in a register): keep it so. */
	enum { SAVED = 1 + (BASALT_PRINT_CHUNK + 7) / 8 };
	basalt_word_t saved[SAVED], status = basalt_tls()->status;

	for (unsigned i = 0; i < SAVED; i++)
		saved[i] = basalt_get_mr(i);
	if (console_write(printf_ep, s, n) != CONSOLE_OK)
		basalt_print_debug(s, n);
	for (unsigned i = 0; i < SAVED; i++)
		basalt_set_mr(i, saved[i]);
	basalt_tls()->status = status;
}

void console_attach_printf(basalt_cptr_t ep)
{
	printf_ep = ep;
	basalt_print_set_output(ep != 0 ? printf_output : (basalt_print_output_t)0);
}
