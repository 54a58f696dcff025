/*
 * The synthetic blob writer (see dtb_build.h). Big-endian throughout; every
 * structure-block item is padded to 4 bytes as the format requires.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtb_build.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void need(const tdtb_t *t, uint32_t more)
{
	if (t->st_len + more > TDTB_STRUCT_MAX) {
		fprintf(stderr, "dtb_build: structure block full\n");
		abort();
	}
}

static void emit32(tdtb_t *t, uint32_t v)
{
	need(t, 4);
	put32(t->st + t->st_len, v);
	t->st_len += 4;
}

static void emit_bytes(tdtb_t *t, const void *data, uint32_t len)
{
	need(t, len + 4);
	memcpy(t->st + t->st_len, data, len);
	t->st_len += len;
	while (t->st_len % 4 != 0)
		t->st[t->st_len++] = 0;
}

static uint32_t string_offset(tdtb_t *t, const char *name)
{
	uint32_t off = 0, len = (uint32_t)strlen(name) + 1;

	while (off < t->strs_len) {
		if (strcmp(t->strs + off, name) == 0)
			return off;
		off += (uint32_t)strlen(t->strs + off) + 1;
	}
	if (t->strs_len + len > TDTB_STRINGS_MAX) {
		fprintf(stderr, "dtb_build: strings block full\n");
		abort();
	}
	memcpy(t->strs + t->strs_len, name, len);
	t->strs_len += len;
	return off;
}

void tdtb_init(tdtb_t *t)
{
	t->st_len = 0;
	t->strs_len = 0;
	t->rsv_count = 0;
	t->boot_cpuid = 0;
	tdtb_begin(t, "");
}

void tdtb_memreserve(tdtb_t *t, uint64_t base, uint64_t size)
{
	if (t->rsv_count == TDTB_RSV_MAX)
		abort();
	t->rsv[t->rsv_count][0] = base;
	t->rsv[t->rsv_count][1] = size;
	t->rsv_count++;
}

void tdtb_begin(tdtb_t *t, const char *name)
{
	emit32(t, 1);                               /* FDT_BEGIN_NODE */
	emit_bytes(t, name, (uint32_t)strlen(name) + 1);
}

void tdtb_end(tdtb_t *t)
{
	emit32(t, 2);                               /* FDT_END_NODE */
}

void tdtb_prop(tdtb_t *t, const char *name, const void *data, uint32_t len)
{
	emit32(t, 3);                               /* FDT_PROP */
	emit32(t, len);
	emit32(t, string_offset(t, name));
	emit_bytes(t, data, len);
}

void tdtb_prop_empty(tdtb_t *t, const char *name)
{
	tdtb_prop(t, name, "", 0);
}

void tdtb_prop_str(tdtb_t *t, const char *name, const char *s)
{
	tdtb_prop(t, name, s, (uint32_t)strlen(s) + 1);
}

void tdtb_prop_cells(tdtb_t *t, const char *name, unsigned n, ...)
{
	uint8_t buf[4 * 64];
	va_list ap;
	unsigned i;

	if (n > 64)
		abort();
	va_start(ap, n);
	for (i = 0; i < n; i++)
		put32(buf + 4 * i, va_arg(ap, unsigned));
	va_end(ap);
	tdtb_prop(t, name, buf, 4 * n);
}

const void *tdtb_finish(tdtb_t *t, size_t *size)
{
	uint32_t rsv_off = 40, st_off, str_off, total, i;

	tdtb_end(t);                                /* the root */
	emit32(t, 9);                               /* FDT_END */
	st_off = rsv_off + 16 * (t->rsv_count + 1);
	str_off = st_off + t->st_len;
	total = str_off + t->strs_len;
	memset(t->blob, 0, st_off);
	put32(t->blob + 0, 0xd00dfeed);
	put32(t->blob + 4, total);
	put32(t->blob + 8, st_off);
	put32(t->blob + 12, str_off);
	put32(t->blob + 16, rsv_off);
	put32(t->blob + 20, 17);
	put32(t->blob + 24, 16);
	put32(t->blob + 28, t->boot_cpuid);
	put32(t->blob + 32, t->strs_len);
	put32(t->blob + 36, t->st_len);
	for (i = 0; i < t->rsv_count; i++) {
		uint8_t *e = t->blob + rsv_off + 16 * i;

		put32(e, (uint32_t)(t->rsv[i][0] >> 32));
		put32(e + 4, (uint32_t)t->rsv[i][0]);
		put32(e + 8, (uint32_t)(t->rsv[i][1] >> 32));
		put32(e + 12, (uint32_t)t->rsv[i][1]);
	}
	memcpy(t->blob + st_off, t->st, t->st_len);
	memcpy(t->blob + str_off, t->strs, t->strs_len);
	*size = total;
	return t->blob;
}
