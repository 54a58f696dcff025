/*
 * Shared pieces of the lib/fdt host test: the in-memory blob builder,
 * file loading, the oracle comparison and the accessor exerciser, and the
 * static test tables each file contributes to main().
 */
#ifndef BASALT_TEST_FDT_TEST_H
#define BASALT_TEST_FDT_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fdt/fdt.h"

/* ---- files (fdt_blob.c) ---- */

/* Reads a whole file into a buffer of exactly its size (so ASan sees any
 * read past it); NULL on error. */
uint8_t *tf_load_file(const char *path, size_t *size);

/* Copies `size` bytes into a fresh buffer of exactly that size. */
uint8_t *tf_dup(const void *data, size_t size);

static inline void tf_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static inline uint32_t tf_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Header word offsets. */
enum {
	TF_H_MAGIC = 0, TF_H_TOTALSIZE = 4, TF_H_OFF_STRUCT = 8, TF_H_OFF_STRINGS = 12,
	TF_H_OFF_RSVMAP = 16, TF_H_VERSION = 20, TF_H_LAST_COMP = 24, TF_H_BOOT_CPU = 28,
	TF_H_SIZE_STRINGS = 32, TF_H_SIZE_STRUCT = 36,
};

/* ---- blob builder (fdt_blob.c): writes tokens by hand, so it can also
 * write malformed ones ---- */
typedef struct tf_builder {
	uint8_t *st;            /* structure block */
	size_t st_len, st_cap;
	char *strs;             /* strings block */
	size_t str_len, str_cap;
	uint64_t rsv[8][2];
	unsigned int nrsv;
} tf_builder_t;

void tb_init(tf_builder_t *b);
void tb_free(tf_builder_t *b);
void tb_word(tf_builder_t *b, uint32_t v);            /* any raw word/token */
void tb_bytes(tf_builder_t *b, const void *p, size_t n); /* raw, then pad to 4 */
void tb_begin(tf_builder_t *b, const char *name);
void tb_end(tf_builder_t *b);                         /* END_NODE */
void tb_nop(tf_builder_t *b);
void tb_finish(tf_builder_t *b);                      /* END */
uint32_t tb_string(tf_builder_t *b, const char *name); /* strings offset, deduplicated */
void tb_prop(tf_builder_t *b, const char *name, const void *val, uint32_t len);
void tb_prop_u32(tf_builder_t *b, const char *name, uint32_t v);
void tb_prop_str(tf_builder_t *b, const char *name, const char *s);
void tb_rsv(tf_builder_t *b, uint64_t base, uint64_t size);
/* Assembles header (v17), rsvmap, structure and strings blocks. */
uint8_t *tb_blob(const tf_builder_t *b, size_t *size);

/* A small but varied valid tree (aliases, phandles, NOPs, memreserve). */
uint8_t *tf_sample_blob(size_t *size);
/* A chain of `levels` nested nodes below the root (deepest depth = levels). */
uint8_t *tf_deep_blob(unsigned int levels, size_t *size);

/* ---- checks (fdt_compare.c) ---- */
typedef struct tf_stats {
	bool unique_paths;   /* in: every node's path leads back to it (real blobs) */
	bool slash_names;    /* out: some node name holds a '/' (corrupted blob) */
	unsigned int nodes, props, aliases, phandles, paths;
} tf_stats_t;

/* Opens the blob with lib/fdt, requires libfdt to accept it too, and
 * compares everything both readers can say about it. */
void tf_compare_with_oracle(const uint8_t *buf, size_t size, tf_stats_t *stats);

/* Calls every accessor on every node and property of an opened blob and
 * checks the answers are self-consistent; under ASan this also proves no
 * read leaves the blob. */
void tf_exercise(const fdt_t *f);

/* ---- static test tables ---- */
extern const struct CMUnitTest tf_value_tests[];
extern const size_t tf_value_test_count;
extern const struct CMUnitTest tf_mutate_tests[];
extern const size_t tf_mutate_test_count;

/* Run per real blob from test_fdt.c: truncations and patched totalsize. */
void tf_check_truncations(const uint8_t *buf, size_t size);
/* Every single-byte/bit corruption of `buf`'s first `limit` bytes. */
void tf_check_corruptions(const uint8_t *buf, size_t size, size_t limit);
/* Garbage node/property offsets on an opened blob. */
void tf_check_garbage_offsets(const fdt_t *f);

#endif
