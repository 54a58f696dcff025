/* printf (see print.h). Output is collected per line so concurrent
 * threads interleave whole lines. */
#include "print.h"

#include "fmt/fmt.h"
#include "sys.h"

typedef struct line {
	char buf[BASALT_PRINT_CHUNK];
	unsigned len;
} line_t;

static basalt_print_output_t output;

void basalt_print_set_output(basalt_print_output_t out)
{
	output = out;
}

void basalt_print_debug(const char *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		basalt_debug_putchar(s[i]);
}

static void flush(line_t *l)
{
	basalt_print_output_t out = output;

	if (l->len == 0)
		return;
	if (out != (void *)0)
		out(l->buf, l->len);
	else
		basalt_print_debug(l->buf, l->len);
	l->len = 0;
}

static void sink(void *ctx, char c)
{
	line_t *l = ctx;

	l->buf[l->len++] = c;
	if (c == '\n' || l->len == sizeof(l->buf))
		flush(l);
}

int vprintf(const char *format, va_list ap)
{
	line_t l = { .len = 0 };
	size_t n = fmt_vformat(sink, &l, format, ap);

	flush(&l);
	return (int)n;
}

int printf(const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vprintf(format, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	return printf("%s\n", s);
}
