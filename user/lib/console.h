/*
 * The console protocol: what the console driver (user/uart) serves over
 * IPC, and the client stubs. The driver and every client include this
 * header, so the two cannot disagree (docs/console.md tells the story).
 *
 * One endpoint. Every request is a Call; the client's cap needs the write
 * right and grant-reply (or grant), else the kernel turns the Call into a
 * Send and no reply can come. Requests, by label:
 *
 *   CONSOLE_WRITE (1)      MR0 = n, the number of bytes (0..CONSOLE_WRITE_MAX);
 *                          MR1.. = the bytes, 8 to a word: byte i is bits
 *                          8*(i%8)..8*(i%8)+7 of MR(1 + i/8)
 *                          reply: MR0 = n; the bytes were all sent (a
 *                          newline goes out as CR LF, as the kernel's do)
 *   CONSOLE_READ_LINE (2)  MR0 = max, the most bytes wanted (1..CONSOLE_READ_MAX)
 *                          reply, once a typed line is complete (waits for
 *                          one): MR0 = n bytes (1..max, or 0 for an empty
 *                          line), MR1 = 1 if they end the line, 0 if more of
 *                          the same line follows (the next read gets it);
 *                          MR2.. the bytes, packed as for WRITE. The newline
 *                          is not among them. The driver echoes and edits
 *                          (backspace, Ctrl-U) as the person types.
 *   CONSOLE_INFO (3)       reply: MR0 = device kind (CONSOLE_KIND_*), MR1 =
 *                          physical address of its registers, MR2 = its
 *                          interrupt line, MR3 = receive interrupts handled,
 *                          MR4 = bytes received
 *
 * The reply's label is a console_status_t. An error changes nothing:
 *
 *   CONSOLE_BAD_REQUEST    no such label
 *   CONSOLE_TRUNCATED      fewer message words than the label and the length
 *                          need (MR0 = the number needed)
 *   CONSOLE_RANGE          a length out of range (MR0 = least, MR1 = most)
 *   CONSOLE_BUSY           another reader is already waiting for a line
 *                          (one at a time; a waiting reader that goes away,
 *                          e.g. is deleted, frees the place)
 *
 * Interrupts reach the driver on the same endpoint, through a notification
 * bound to its thread, as an empty message (label 0) whose badge has
 * CONSOLE_BADGE_IRQ set: whoever mints client caps must leave that bit out
 * of their badges.
 */
#ifndef LIBBASALT_CONSOLE_H
#define LIBBASALT_CONSOLE_H

#include "basalt/bootinfo.h"
#include "sys.h"

enum console_label {
	CONSOLE_WRITE = 1,
	CONSOLE_READ_LINE = 2,
	CONSOLE_INFO = 3,
};

typedef enum console_status {
	CONSOLE_OK = 0,
	CONSOLE_BAD_REQUEST = 1,
	CONSOLE_TRUNCATED = 2,
	CONSOLE_RANGE = 3,
	CONSOLE_BUSY = 4,
	/* Never sent by the driver: the stub's IPC itself failed (no reply
	 * came); basalt_status() tells why. */
	CONSOLE_IPC_FAILED = 5,
} console_status_t;

enum console_kind {
	CONSOLE_KIND_NS16550A = 1,
	CONSOLE_KIND_SIFIVE = 2,
};

/* What the driver program (user/uart) is given when it starts, in its
 * CNode from BASALT_INIT_FIRST_FREE on: its endpoint (it receives on it),
 * then a cap to the resource service (resource.h; write and grant). Its
 * boot info names the device tree and an untyped for its own objects. */
enum console_driver_slot {
	CONSOLE_DRIVER_ENDPOINT = BASALT_INIT_FIRST_FREE,
	CONSOLE_DRIVER_RESOURCE = BASALT_INIT_FIRST_FREE + 1,
};

#define CONSOLE_WRITE_MAX ((BASALT_MSG_MAX_LENGTH - 1) * 8)
#define CONSOLE_READ_MAX  ((BASALT_MSG_MAX_LENGTH - 2) * 8)
#define CONSOLE_BADGE_IRQ (1ull << 63)

/* Bytes in and out of message registers from `first_mr` on (the packing
 * above); the number of registers used. */
unsigned console_put_bytes(unsigned first_mr, const char *s, unsigned n);
void console_get_bytes(unsigned first_mr, char *out, unsigned n);

/* ---- client stubs: ep is the caller's cap to the driver's endpoint ---- */

/* Write all `len` bytes (several requests when len > CONSOLE_WRITE_MAX). */
console_status_t console_write(basalt_cptr_t ep, const char *buf, basalt_word_t len);

/* One READ_LINE: up to `max` bytes in buf, the count in *n, whether they
 * end the line in *ended. Waits for a line. */
console_status_t console_read(basalt_cptr_t ep, char *buf, unsigned max, unsigned *n,
			      bool *ended);

/* A whole line, NUL-terminated, its length in *len; of a line longer than
 * size - 1 bytes the rest is read and dropped. */
console_status_t console_read_line(basalt_cptr_t ep, char *buf, unsigned size, unsigned *len);

typedef struct console_info {
	unsigned kind;
	basalt_word_t paddr, irq, interrupts, received;
} console_info_t;

console_status_t console_info(basalt_cptr_t ep, console_info_t *out);

/* From now on this program's printf goes through the driver (each line one
 * WRITE), leaving the caller's message registers and status as they were;
 * if a write fails, the text goes to the kernel's debug console instead. */
void console_attach_printf(basalt_cptr_t ep);

#endif
