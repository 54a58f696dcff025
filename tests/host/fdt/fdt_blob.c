/*
 * Blobs for the lib/fdt test: loading DTB files, and a tiny builder that
 * writes structure-block tokens word by word. The builder is deliberately
 * dumb (it writes whatever it is told, balanced or not) so the tests can
 * make both well-formed trees and precisely malformed ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_test.h"

uint8_t *tf_load_file(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	long len;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) > 0 && fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)len);
		if (buf != NULL && fread(buf, 1, (size_t)len, fp) != (size_t)len) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)len;
	}
	fclose(fp);
	return buf;
}

uint8_t *tf_dup(const void *data, size_t size)
{
	uint8_t *p = malloc(size ? size : 1);

	assert_non_null(p);
	if (size)
		memcpy(p, data, size);
	return p;
}

/* ------------------------------------------------------------ builder */

static void tb_grow(uint8_t **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	*cap = need * 2 + 64;
	*buf = realloc(*buf, *cap);
	assert_non_null(*buf);
}

void tb_init(tf_builder_t *b)
{
	memset(b, 0, sizeof(*b));
}

void tb_free(tf_builder_t *b)
{
	free(b->st);
	free(b->strs);
	memset(b, 0, sizeof(*b));
}

void tb_bytes(tf_builder_t *b, const void *p, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;

	tb_grow(&b->st, &b->st_cap, b->st_len + padded);
	if (n)
		memcpy(b->st + b->st_len, p, n);
	memset(b->st + b->st_len + n, 0, padded - n);
	b->st_len += padded;
}

void tb_word(tf_builder_t *b, uint32_t v)
{
	uint8_t w[4];

	tf_put32(w, v);
	tb_bytes(b, w, 4);
}

void tb_begin(tf_builder_t *b, const char *name)
{
	tb_word(b, 1);
	tb_bytes(b, name, strlen(name) + 1);
}

void tb_end(tf_builder_t *b) { tb_word(b, 2); }
void tb_nop(tf_builder_t *b) { tb_word(b, 4); }
void tb_finish(tf_builder_t *b) { tb_word(b, 9); }

uint32_t tb_string(tf_builder_t *b, const char *name)
{
	size_t n = strlen(name) + 1, i;

	for (i = 0; i < b->str_len; i += strlen(b->strs + i) + 1)
		if (strcmp(b->strs + i, name) == 0)
			return (uint32_t)i;
	tb_grow((uint8_t **)&b->strs, &b->str_cap, b->str_len + n);
	memcpy(b->strs + b->str_len, name, n);
	b->str_len += n;
	return (uint32_t)(b->str_len - n);
}

void tb_prop(tf_builder_t *b, const char *name, const void *val, uint32_t len)
{
	tb_word(b, 3);
	tb_word(b, len);
	tb_word(b, tb_string(b, name));
	tb_bytes(b, val, len);
}

void tb_prop_u32(tf_builder_t *b, const char *name, uint32_t v)
{
	uint8_t w[4];

	tf_put32(w, v);
	tb_prop(b, name, w, 4);
}

void tb_prop_str(tf_builder_t *b, const char *name, const char *s)
{
	tb_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

void tb_rsv(tf_builder_t *b, uint64_t base, uint64_t size)
{
	assert_true(b->nrsv < 8);
	b->rsv[b->nrsv][0] = base;
	b->rsv[b->nrsv][1] = size;
	b->nrsv++;
}

uint8_t *tb_blob(const tf_builder_t *b, size_t *size)
{
	size_t rsv_off = 40, st_off = rsv_off + 16 * (b->nrsv + 1);
	size_t str_off = st_off + b->st_len, total = str_off + b->str_len;
	uint8_t *p = calloc(1, total);
	unsigned int i;

	assert_non_null(p);
	tf_put32(p + TF_H_MAGIC, 0xd00dfeed);
	tf_put32(p + TF_H_TOTALSIZE, (uint32_t)total);
	tf_put32(p + TF_H_OFF_STRUCT, (uint32_t)st_off);
	tf_put32(p + TF_H_OFF_STRINGS, (uint32_t)str_off);
	tf_put32(p + TF_H_OFF_RSVMAP, (uint32_t)rsv_off);
	tf_put32(p + TF_H_VERSION, 17);
	tf_put32(p + TF_H_LAST_COMP, 16);
	tf_put32(p + TF_H_BOOT_CPU, 0);
	tf_put32(p + TF_H_SIZE_STRINGS, (uint32_t)b->str_len);
	tf_put32(p + TF_H_SIZE_STRUCT, (uint32_t)b->st_len);
	for (i = 0; i < b->nrsv; i++) {
		tf_put32(p + rsv_off + 16 * i, (uint32_t)(b->rsv[i][0] >> 32));
		tf_put32(p + rsv_off + 16 * i + 4, (uint32_t)b->rsv[i][0]);
		tf_put32(p + rsv_off + 16 * i + 8, (uint32_t)(b->rsv[i][1] >> 32));
		tf_put32(p + rsv_off + 16 * i + 12, (uint32_t)b->rsv[i][1]);
	}
	if (b->st_len)
		memcpy(p + st_off, b->st, b->st_len);
	if (b->str_len)
		memcpy(p + str_off, b->strs, b->str_len);
	*size = total;
	return p;
}

/* ------------------------------------------------------------ samples */

static void tb_reg(tf_builder_t *b, uint32_t hi, uint32_t lo, uint32_t shi, uint32_t slo)
{
	uint8_t v[16];

	tf_put32(v, hi); tf_put32(v + 4, lo); tf_put32(v + 8, shi); tf_put32(v + 12, slo);
	tb_prop(b, "reg", v, 16);
}

static void tf_sample_cpus(tf_builder_t *b)
{
	tb_begin(b, "cpus");
	tb_prop_u32(b, "#address-cells", 1);
	tb_prop_u32(b, "#size-cells", 0);
	tb_begin(b, "cpu@0");
	tb_prop_u32(b, "reg", 0);
	tb_prop_str(b, "status", "okay");
	tb_prop_str(b, "compatible", "riscv");
	tb_prop_u32(b, "phandle", 1);
	tb_begin(b, "interrupt-controller");
	tb_prop_u32(b, "phandle", 2);
	tb_prop(b, "interrupt-controller", NULL, 0);
	tb_end(b);
	tb_end(b);
	tb_begin(b, "cpu@1");
	tb_nop(b);
	tb_prop_u32(b, "reg", 1);
	tb_prop_str(b, "status", "disabled");
	tb_prop_u32(b, "linux,phandle", 3);
	tb_end(b);
	tb_end(b);
}

static void tf_sample_soc(tf_builder_t *b)
{
	static const char compat[] = "sifive,uart0\0ns16550a";

	tb_begin(b, "soc");
	tb_prop_u32(b, "#address-cells", 2);
	tb_prop_u32(b, "#size-cells", 2);
	tb_prop(b, "ranges", NULL, 0);
	tb_begin(b, "serial@1000");
	tb_prop(b, "compatible", compat, sizeof(compat));
	tb_reg(b, 0, 0x1000, 0, 0x100);
	tb_prop_u32(b, "interrupt-parent", 2);
	tb_prop_str(b, "status", "ok");
	tb_begin(b, "port");
	tb_end(b);
	tb_end(b);
	tb_begin(b, "serial@2000");
	tb_prop(b, "compatible", compat, sizeof(compat));
	tb_reg(b, 0, 0x2000, 0, 0x100);
	tb_prop_str(b, "status", "fail");
	tb_end(b);
	tb_begin(b, "serial");
	tb_end(b);
	tb_end(b);
}

uint8_t *tf_sample_blob(size_t *size)
{
	static const char model_compat[] = "basalt,test\0basalt,base";
	tf_builder_t b;
	uint8_t *blob;

	tb_init(&b);
	tb_rsv(&b, 0x80000000u, 0x200000);
	tb_rsv(&b, 0x1000, 0x1000);
	tb_begin(&b, "");
	tb_prop_u32(&b, "#address-cells", 2);
	tb_prop_u32(&b, "#size-cells", 2);
	tb_prop_str(&b, "model", "basalt,test");
	tb_prop(&b, "compatible", model_compat, sizeof(model_compat));
	tb_begin(&b, "aliases");
	tb_prop_str(&b, "serial0", "/soc/serial@1000");
	tb_prop_str(&b, "serial1", "/soc/serial@2000");
	tb_prop_str(&b, "cpu0", "/cpus/cpu@0");
	tb_prop_str(&b, "relative", "soc");
	tb_prop(&b, "unterminated", "/soc", 4);
	tb_end(&b);
	tb_begin(&b, "chosen");
	tb_prop_str(&b, "stdout-path", "serial0:115200n8");
	tb_end(&b);
	tb_nop(&b);
	tb_begin(&b, "memory@80000000");
	tb_prop_str(&b, "device_type", "memory");
	tb_reg(&b, 0, 0x80000000u, 0, 0x40000000u);
	tb_end(&b);
	tf_sample_cpus(&b);
	tb_nop(&b);
	tf_sample_soc(&b);
	tb_end(&b);
	tb_finish(&b);
	blob = tb_blob(&b, size);
	tb_free(&b);
	return blob;
}

uint8_t *tf_deep_blob(unsigned int levels, size_t *size)
{
	tf_builder_t b;
	uint8_t *blob;
	unsigned int i;

	tb_init(&b);
	tb_begin(&b, "");
	for (i = 0; i < levels; i++) {
		tb_begin(&b, "n");
		tb_prop_u32(&b, "level", i + 1);
	}
	for (i = 0; i <= levels; i++)
		tb_end(&b);
	tb_finish(&b);
	blob = tb_blob(&b, size);
	tb_free(&b);
	return blob;
}
