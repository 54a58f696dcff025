/*
 * The demo server: a program of its own, loaded by the root task into its
 * own address space and CSpace. It serves one endpoint (the first cap its
 * parent gave it): each request is a short text in the message registers;
 * the reply is the same text in capitals, with a count of requests so far
 * as the label.
 */
#include "bootinfo.h"
#include "print.h"
#include "sys.h"

int main(const basalt_bootinfo_t *bi)
{
	basalt_cptr_t ep = BASALT_INIT_FIRST_FREE;
	basalt_word_t badge, served = 0;
	basalt_msginfo_t info;

	printf("server: running in its own address space, command line \"%s\"\n", bi->h.cmdline);
	info = basalt_recv(ep, &badge);
	for (;;) {
		unsigned n = basalt_msginfo_length(info);

		for (unsigned i = 0; i < n; i++) {
			basalt_word_t w = basalt_get_mr(i), out = 0;

			/* Capitalise each of the word's eight bytes. */
			for (unsigned b = 0; b < 8; b++) {
				unsigned char c = (unsigned char)(w >> (8 * b));

				if (c >= 'a' && c <= 'z')
					c = (unsigned char)(c - 'a' + 'A');
				out |= (basalt_word_t)c << (8 * b);
			}
			basalt_set_mr(i, out);
		}
		served++;
		info = basalt_reply_recv(ep, basalt_msginfo(served, 0, 0, n), &badge);
	}
}
