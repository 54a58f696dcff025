/*
 * Internals shared by the FDT reader's source files (fdt.c: open and
 * validation; fdt_nav.c: nodes, paths and properties; fdt_value.c: value
 * helpers). Not part of the API: nothing outside lib/fdt includes this.
 *
 * It owns the one token decoder every walk goes through. The decoder checks
 * each token against the block bounds by itself, so the accessors stay safe
 * even when a caller hands them an offset that is not a real token boundary:
 * garbage decodes as an error, never as an out-of-bounds read.
 *
 * Freestanding: no libc, so the few string helpers needed live here.
 */
#ifndef BASALT_LIB_FDT_PRIV_H
#define BASALT_LIB_FDT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fdt/fdt.h"

#define FDT_MAGIC        0xd00dfeedu
#define FDT_HEADER_SIZE  40u
#define FDT_RSV_ENTRY    16u

/* Structure block tokens (DT spec 5.4.1). */
#define FDT_TOKEN_BEGIN_NODE 1u
#define FDT_TOKEN_END_NODE   2u
#define FDT_TOKEN_PROP       3u
#define FDT_TOKEN_NOP        4u
#define FDT_TOKEN_END        9u

/* Why a token could not be decoded. */
typedef enum fdt_tok_err {
	FDT_TOK_OK = 0,
	FDT_TOK_BAD_ARGS,          /* no blob, misaligned or negative offset */
	FDT_TOK_PAST_END,          /* the token word is not inside the block */
	FDT_TOK_UNKNOWN,           /* not one of the five tokens */
	FDT_TOK_NAME_UNTERMINATED, /* node name runs to the block end */
	FDT_TOK_PROP_HEADER,       /* len/nameoff words past the block end */
	FDT_TOK_PROP_VALUE,        /* value runs past the block end */
	FDT_TOK_NAMEOFF_RANGE,     /* nameoff not inside the strings block */
	FDT_TOK_NAMEOFF_UNTERM,    /* property name runs to the strings end */
} fdt_tok_err_t;

/* One decoded token. Offsets are relative to the structure block. */
typedef struct fdt_token {
	uint32_t tag;
	uint32_t off;        /* where the token word is */
	uint64_t next;       /* where the following token starts (aligned) */
	const char *name;    /* BEGIN_NODE: node name; PROP: property name */
	uint32_t len;        /* PROP: value length */
	uint32_t nameoff;    /* PROP: offset into the strings block */
	uint32_t value_off;  /* PROP: where the value starts */
} fdt_token_t;

/* Decodes the token at `off` with every bound checked (fdt.c). */
fdt_tok_err_t fdt_tok_decode(const fdt_t *fdt, uint64_t off, fdt_token_t *t);

/* The structure block's first byte. */
static inline const uint8_t *fdt_struct_base(const fdt_t *fdt)
{
	return fdt->blob + fdt->struct_off;
}

/* Big-endian loads through bytes: the blob may be unaligned in a host
 * buffer and the kernel is built with -mstrict-align. */
static inline uint32_t fdt_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t fdt_be64(const uint8_t *p)
{
	return (uint64_t)fdt_be32(p) << 32 | fdt_be32(p + 4);
}

/* Length of the NUL-terminated string at `s`, looking at no more than
 * `max` bytes; returns `max` when there is no NUL in range. */
static inline size_t fdt_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

/* Does the NUL-terminated `s` equal the `n` bytes at `b` exactly? `s` is
 * never read past its terminator. */
static inline bool fdt_str_eq_n(const char *s, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || s[i] != b[i])
			return false;
	return s[n] == '\0';
}

/* Unbounded strlen: only for strings the caller vouches for (API
 * arguments documented as C strings). */
static inline size_t fdt_strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

#endif
