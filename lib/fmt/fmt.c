/*
 * printf-style formatting for freestanding code (see fmt.h for the
 * conversions). One pass over the format: each conversion is parsed into a
 * spec_t and then emitted through the caller's sink, so the same code serves
 * the kernel console (character at a time to a UART) and snprintf.
 */
#include <stdbool.h>
#include <stdint.h>

#include "fmt/fmt.h"

typedef struct spec {
	bool left;        /* '-' */
	bool zero;        /* '0' */
	bool alt;         /* '#' */
	bool plus;        /* '+' */
	bool space;       /* ' ' */
	int width;        /* -1: none */
	int precision;    /* -1: none */
	int length;       /* in bytes of the argument: 1, 2, 4, 8 */
} spec_t;

typedef struct out {
	fmt_sink_t sink;
	void *ctx;
	size_t count;
} out_t;

static void put(out_t *o, char c)
{
	o->sink(o->ctx, c);
	o->count++;
}

static void pad(out_t *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static size_t str_len_max(const char *s, int max)
{
	size_t n = 0;

	while ((max < 0 || n < (size_t)max) && s[n] != '\0')
		n++;
	return n;
}

static void emit_string(out_t *o, const spec_t *sp, const char *s)
{
	size_t len;
	int fill;

	if (s == NULL)
		s = "(null)";
	len = str_len_max(s, sp->precision);
	fill = sp->width > (int)len ? sp->width - (int)len : 0;
	if (!sp->left)
		pad(o, ' ', fill);
	for (size_t i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', fill);
}

/*
 * Integers: digits are produced right to left into a small buffer, then
 * sign/prefix, precision zeros and field padding are laid out around them.
 */
static void emit_integer(out_t *o, const spec_t *sp, uint64_t magnitude,
			 bool negative, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int ndigits = 0;
	char sign = 0;
	const char *prefix = "";
	int prefix_len, zeros, total, fill;

	while (magnitude != 0) {
		buf[ndigits++] = digits[magnitude % base];
		magnitude /= base;
	}
	/* Precision 0 with value 0 prints no digits, as in C. */
	if (ndigits == 0 && sp->precision != 0)
		buf[ndigits++] = '0';

	if (negative)
		sign = '-';
	else if (sp->plus && base == 10)
		sign = '+';
	else if (sp->space && base == 10)
		sign = ' ';
	if (sp->alt && base == 16 && !(ndigits == 1 && buf[0] == '0'))
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && (ndigits == 0 || buf[ndigits - 1] != '0'))
		prefix = "0";
	prefix_len = (int)str_len_max(prefix, -1) + (sign ? 1 : 0);

	zeros = sp->precision > ndigits ? sp->precision - ndigits : 0;
	total = prefix_len + zeros + ndigits;
	fill = sp->width > total ? sp->width - total : 0;
	/* '0' pads with zeros after the sign unless a precision is given. */
	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += fill;
		fill = 0;
	}

	if (!sp->left)
		pad(o, ' ', fill);
	if (sign)
		put(o, sign);
	for (const char *p = prefix; *p; p++)
		put(o, *p);
	pad(o, '0', zeros);
	while (ndigits > 0)
		put(o, buf[--ndigits]);
	if (sp->left)
		pad(o, ' ', fill);
}

static int parse_number(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (n < 100000)
			n = n * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return n;
}

static void parse_flags(const char **fmt, spec_t *sp)
{
	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-': sp->left = true; break;
		case '0': sp->zero = true; break;
		case '#': sp->alt = true; break;
		case '+': sp->plus = true; break;
		case ' ': sp->space = true; break;
		default: return;
		}
	}
}

static void parse_length(const char **fmt, spec_t *sp)
{
	const char *f = *fmt;

	sp->length = (int)sizeof(int);
	if (f[0] == 'h' && f[1] == 'h') {
		sp->length = 1;
		f += 2;
	} else if (f[0] == 'h') {
		sp->length = 2;
		f += 1;
	} else if (f[0] == 'l' && f[1] == 'l') {
		sp->length = (int)sizeof(long long);
		f += 2;
	} else if (f[0] == 'l') {
		sp->length = (int)sizeof(long);
		f += 1;
	} else if (f[0] == 'z' || f[0] == 't' || f[0] == 'j') {
		sp->length = f[0] == 'j' ? (int)sizeof(intmax_t) : (int)sizeof(size_t);
		f += 1;
	}
	*fmt = f;
}

/* Fetch an integer argument of the spec's length, sign-extended or not. */
static uint64_t fetch_unsigned(va_list *ap, int length)
{
	uint64_t v = length == 8 ? va_arg(*ap, unsigned long long) : va_arg(*ap, unsigned int);

	if (length == 1)
		v = (uint8_t)v;
	else if (length == 2)
		v = (uint16_t)v;
	return v;
}

static int64_t fetch_signed(va_list *ap, int length)
{
	int64_t v = length == 8 ? va_arg(*ap, long long) : va_arg(*ap, int);

	if (length == 1)
		v = (int8_t)v;
	else if (length == 2)
		v = (int16_t)v;
	return v;
}

size_t fmt_vformat(fmt_sink_t sink, void *ctx, const char *format, va_list ap_in)
{
	out_t o = { sink, ctx, 0 };
	va_list ap;

	va_copy(ap, ap_in);
	for (const char *f = format; *f; f++) {
		const char *start = f;
		spec_t sp = { .width = -1, .precision = -1 };

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f++;
		parse_flags(&f, &sp);
		if (*f == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			f++;
		} else if (*f >= '1' && *f <= '9') {
			sp.width = parse_number(&f);
		}
		if (*f == '.') {
			f++;
			if (*f == '*') {
				sp.precision = va_arg(ap, int);
				f++;
			} else {
				sp.precision = parse_number(&f);
			}
		}
		parse_length(&f, &sp);

		switch (*f) {
		case 'd':
		case 'i': {
			int64_t v = fetch_signed(&ap, sp.length);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

			emit_integer(&o, &sp, mag, v < 0, 10, false);
			break;
		}
		case 'u':
			emit_integer(&o, &sp, fetch_unsigned(&ap, sp.length), false, 10, false);
			break;
		case 'x':
		case 'X':
			emit_integer(&o, &sp, fetch_unsigned(&ap, sp.length), false, 16, *f == 'X');
			break;
		case 'o':
			emit_integer(&o, &sp, fetch_unsigned(&ap, sp.length), false, 8, false);
			break;
		case 'p': {
			spec_t ps = { .alt = true, .zero = true, .width = 18, .precision = -1 };

			emit_integer(&o, &ps, (uint64_t)(uintptr_t)va_arg(ap, void *), false, 16, false);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			char s[2] = { c, '\0' };

			sp.precision = 1;
			if (c == '\0') {   /* a NUL character still counts as one */
				if (!sp.left)
					pad(&o, ' ', sp.width - 1);
				put(&o, '\0');
				if (sp.left)
					pad(&o, ' ', sp.width - 1);
			} else {
				emit_string(&o, &sp, s);
			}
			break;
		}
		case 's':
			emit_string(&o, &sp, va_arg(ap, const char *));
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			/* Unknown or truncated conversion: print it as written. */
			for (const char *p = start; p <= f && *p; p++)
				put(&o, *p);
			if (*f == '\0')
				f--;
			break;
		}
	}
	va_end(ap);
	return o.count;
}

typedef struct buf_ctx {
	char *buf;
	size_t size;
	size_t pos;
} buf_ctx_t;

static void buf_sink(void *ctx, char c)
{
	buf_ctx_t *b = ctx;

	if (b->size != 0 && b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

size_t fmt_vsnprintf(char *buf, size_t size, const char *format, va_list ap)
{
	buf_ctx_t b = { buf, size, 0 };
	size_t n = fmt_vformat(buf_sink, &b, format, ap);

	if (size != 0)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

size_t fmt_snprintf(char *buf, size_t size, const char *format, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, format);
	n = fmt_vsnprintf(buf, size, format, ap);
	va_end(ap);
	return n;
}
