/*
 * lib/fdt on hostile input: hand-built malformed blobs (one per rule that
 * fdt_open() enforces, each with the status and a word its message must
 * carry), patched headers, every truncation, every single-byte and
 * single-bit corruption, nesting past FDT_MAX_DEPTH, garbage node and
 * property offsets, and the blob-placement cases (v16, unaligned buffer,
 * buffer larger than totalsize, fdt_rebase). ASan and UBSan watch all of it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_oracle.h"
#include "fdt_test.h"

/* Opens a private exact-size copy and checks the verdict and message. */
static void tf_expect(const char *what, const uint8_t *blob, size_t size,
		      fdt_status_t want, const char *keyword)
{
	uint8_t *copy = tf_dup(blob, size);
	diag_t d = { { 0 } };
	fdt_t f;
	fdt_status_t got = fdt_open(&f, copy, size, &d);

	if (got != want)
		fail_msg("%s: got %s (%s), want %s", what, fdt_status_name(got), d.msg,
			 fdt_status_name(want));
	if (want == FDT_OK) {
		tf_exercise(&f);
	} else {
		if (keyword != NULL && strstr(d.msg, keyword) == NULL)
			fail_msg("%s: message \"%s\" lacks \"%s\"", what, d.msg, keyword);
		assert_null(f.blob);   /* a refused blob leaves nothing usable */
		assert_int_equal(fdt_root(&f), -1);
		assert_true(strlen(d.msg) > 10 && strchr(d.msg, '\n') == NULL);
	}
	free(copy);
}

/* ------------------------------------------------------------ malformed tokens */

typedef struct tf_bad_tokens {
	const char *what;
	void (*body)(tf_builder_t *b);
	fdt_status_t status;
	const char *keyword;
} tf_bad_tokens_t;

static void bt_no_end(tf_builder_t *b) { tb_begin(b, ""); tb_end(b); }
static void bt_unknown(tf_builder_t *b) { tb_begin(b, ""); tb_word(b, 5); tb_end(b); tb_finish(b); }
static void bt_stray_end_node(tf_builder_t *b) { tb_begin(b, ""); tb_end(b); tb_end(b); tb_finish(b); }
static void bt_left_open(tf_builder_t *b) { tb_begin(b, ""); tb_begin(b, "a"); tb_end(b); tb_finish(b); }
static void bt_two_roots(tf_builder_t *b) { bt_no_end(b); bt_no_end(b); tb_finish(b); }
static void bt_root_named(tf_builder_t *b) { tb_begin(b, "root"); tb_end(b); tb_finish(b); }
static void bt_leading_nop(tf_builder_t *b) { tb_nop(b); bt_no_end(b); tb_finish(b); }
static void bt_empty(tf_builder_t *b) { (void)b; }
static void bt_end_only(tf_builder_t *b) { tb_finish(b); }
static void bt_prop_outside(tf_builder_t *b) { bt_no_end(b); tb_prop_u32(b, "x", 1); tb_finish(b); }
static void bt_nop_after_root(tf_builder_t *b) { bt_no_end(b); tb_nop(b); tb_finish(b); }

static void bt_prop_after_child(tf_builder_t *b)
{
	tb_begin(b, "");
	tb_begin(b, "a");
	tb_end(b);
	tb_prop_u32(b, "x", 1);
	tb_end(b);
	tb_finish(b);
}

/* A subnode named "" (its path would be its parent's) or "a/b" (its path
 * would name a grandchild): fdt_open refuses both. */
static void bt_child_named(tf_builder_t *b, const char *name)
{
	tb_begin(b, "");
	tb_begin(b, name);
	tb_end(b);
	tb_end(b);
	tb_finish(b);
}

static void bt_empty_child_name(tf_builder_t *b) { bt_child_named(b, ""); }
static void bt_slash_in_name(tf_builder_t *b) { bt_child_named(b, "soc/uart@1"); }

static void bt_name_unterminated(tf_builder_t *b)
{
	tb_begin(b, "");
	tb_word(b, 1);
	tb_bytes(b, "abcd", 4);   /* no NUL before the block ends */
}

static void bt_prop_header_cut(tf_builder_t *b) { tb_begin(b, ""); tb_word(b, 3); tb_word(b, 0); }

static void bt_prop_value_past_end(tf_builder_t *b)
{
	tb_begin(b, "");
	tb_word(b, 3);
	tb_word(b, 1000);
	tb_word(b, tb_string(b, "x"));
	tb_end(b);
	tb_finish(b);
}

static void bt_nameoff_huge(tf_builder_t *b)
{
	tb_string(b, "x");
	tb_begin(b, "");
	tb_word(b, 3);
	tb_word(b, 0);
	tb_word(b, 0x00fffff0);
	tb_end(b);
	tb_finish(b);
}

static void bt_nameoff_at_end(tf_builder_t *b)
{
	tb_string(b, "x");   /* strings block is "x\0": offset 2 is just past it */
	tb_begin(b, "");
	tb_word(b, 3);
	tb_word(b, 0);
	tb_word(b, 2);
	tb_end(b);
	tb_finish(b);
}

static const tf_bad_tokens_t tf_bad_tokens[] = {
	{ "no END token", bt_no_end, FDT_ERR_BAD_STRUCTURE, "END" },
	{ "unknown token", bt_unknown, FDT_ERR_BAD_STRUCTURE, "unknown token 0x00000005" },
	{ "stray END_NODE", bt_stray_end_node, FDT_ERR_BAD_STRUCTURE, "after the root node ended" },
	{ "node left open", bt_left_open, FDT_ERR_BAD_STRUCTURE, "still open" },
	{ "two roots", bt_two_roots, FDT_ERR_BAD_STRUCTURE, "second root" },
	{ "named root", bt_root_named, FDT_ERR_BAD_STRUCTURE, "non-empty name" },
	{ "NOP before the root", bt_leading_nop, FDT_ERR_BAD_STRUCTURE, "root" },
	{ "empty structure block", bt_empty, FDT_ERR_BAD_STRUCTURE, "END" },
	{ "END only", bt_end_only, FDT_ERR_BAD_STRUCTURE, "root" },
	{ "property after the root", bt_prop_outside, FDT_ERR_BAD_STRUCTURE, "token 0x3 at struct offset 0xc after the root node ended" },
	{ "NOP after the root", bt_nop_after_root, FDT_ERR_BAD_STRUCTURE, "expected END" },
	{ "property after a subnode", bt_prop_after_child, FDT_ERR_BAD_STRUCTURE, "after a subnode" },
	{ "subnode with an empty name", bt_empty_child_name, FDT_ERR_BAD_STRUCTURE, "an empty name" },
	{ "subnode with '/' in its name", bt_slash_in_name, FDT_ERR_BAD_STRUCTURE, "'/' in its name" },
	{ "unterminated node name", bt_name_unterminated, FDT_ERR_BAD_STRUCTURE, "NUL-terminated" },
	{ "property header cut", bt_prop_header_cut, FDT_ERR_BAD_STRUCTURE, "property header" },
	{ "property value past end", bt_prop_value_past_end, FDT_ERR_BAD_STRUCTURE, "1000-byte value" },
	{ "name offset far out", bt_nameoff_huge, FDT_ERR_BAD_STRING, "name offset 0xfffff0" },
	{ "name offset at strings end", bt_nameoff_at_end, FDT_ERR_BAD_STRING, "strings block" },
};

static void test_malformed_tokens(void **state)
{
	size_t i, size;

	(void)state;
	for (i = 0; i < sizeof(tf_bad_tokens) / sizeof(tf_bad_tokens[0]); i++) {
		tf_builder_t b;
		uint8_t *blob;

		tb_init(&b);
		tf_bad_tokens[i].body(&b);
		blob = tb_blob(&b, &size);
		tf_expect(tf_bad_tokens[i].what, blob, size, tf_bad_tokens[i].status,
			  tf_bad_tokens[i].keyword);
		free(blob);
		tb_free(&b);
	}
}

/* The strings block's last NUL replaced: the last name runs off the end. */
static void test_unterminated_strings_block(void **state)
{
	size_t size;
	uint8_t *blob = tf_sample_blob(&size);

	(void)state;
	blob[size - 1] = 'x';
	tf_expect("strings block without final NUL", blob, size, FDT_ERR_BAD_STRING,
		  "not NUL-terminated");
	free(blob);
}

/* ------------------------------------------------------------ header patches */

/* How a header word is rewritten: absolute value, or relative to a field. */
typedef struct tf_patch {
	const char *what;
	unsigned int field;
	int base_field;        /* -1: `value` is absolute; else added to that field */
	int64_t value;
	fdt_status_t status;
	const char *keyword;
} tf_patch_t;

static const tf_patch_t tf_patches[] = {
	{ "magic byte-swapped", TF_H_MAGIC, -1, 0xedfe0dd0, FDT_ERR_BAD_MAGIC, "magic 0xedfe0dd0" },
	{ "version 15", TF_H_VERSION, -1, 15, FDT_ERR_BAD_VERSION, "version 15" },
	{ "version 1", TF_H_VERSION, -1, 1, FDT_ERR_BAD_VERSION, "version" },
	{ "last_comp_version 18", TF_H_LAST_COMP, -1, 18, FDT_ERR_BAD_VERSION, "18" },
	{ "totalsize one past buffer", TF_H_TOTALSIZE, TF_H_TOTALSIZE, 1, FDT_ERR_TRUNCATED, "truncated" },
	{ "totalsize 4 GiB - 1", TF_H_TOTALSIZE, -1, 0xffffffff, FDT_ERR_TRUNCATED, "4294967295" },
	{ "totalsize inside header", TF_H_TOTALSIZE, -1, 39, FDT_ERR_BAD_LAYOUT, "totalsize 39" },
	{ "struct offset 0", TF_H_OFF_STRUCT, -1, 0, FDT_ERR_BAD_LAYOUT, "header" },
	{ "struct offset past end", TF_H_OFF_STRUCT, TF_H_TOTALSIZE, 4, FDT_ERR_BAD_LAYOUT, "structure block offset" },
	{ "struct offset misaligned", TF_H_OFF_STRUCT, TF_H_OFF_STRUCT, 2, FDT_ERR_BAD_LAYOUT, "aligned" },
	{ "struct size 0xfffffff0", TF_H_SIZE_STRUCT, -1, 0xfffffff0, FDT_ERR_BAD_LAYOUT, "extends past" },
	{ "struct size + 1", TF_H_SIZE_STRUCT, TF_H_SIZE_STRUCT, 1, FDT_ERR_BAD_LAYOUT, "overlap" },
	{ "struct size 0", TF_H_SIZE_STRUCT, -1, 0, FDT_ERR_BAD_STRUCTURE, "END" },
	{ "struct size cuts END", TF_H_SIZE_STRUCT, TF_H_SIZE_STRUCT, -4, FDT_ERR_BAD_STRUCTURE, "END" },
	{ "strings over struct", TF_H_OFF_STRINGS, TF_H_OFF_STRUCT, 0, FDT_ERR_BAD_LAYOUT, "overlap" },
	{ "strings size 0xffffffff", TF_H_SIZE_STRINGS, -1, 0xffffffff, FDT_ERR_BAD_LAYOUT, "strings" },
	{ "strings offset past end", TF_H_OFF_STRINGS, TF_H_TOTALSIZE, 1, FDT_ERR_BAD_LAYOUT, "strings" },
	{ "strings size short", TF_H_SIZE_STRINGS, TF_H_SIZE_STRINGS, -1, FDT_ERR_BAD_STRING, "strings" },
	{ "rsvmap misaligned", TF_H_OFF_RSVMAP, -1, 44, FDT_ERR_BAD_LAYOUT, "memory reservation" },
	{ "rsvmap in header", TF_H_OFF_RSVMAP, -1, 0, FDT_ERR_BAD_LAYOUT, "memory reservation" },
	{ "rsvmap past end", TF_H_OFF_RSVMAP, TF_H_TOTALSIZE, 64, FDT_ERR_BAD_LAYOUT, "memory reservation" },
	{ "rsvmap at struct", TF_H_OFF_RSVMAP, TF_H_OFF_STRUCT, 0, FDT_ERR_BAD_RSVMAP, "memory reservation" },
};

static void test_header_patches(void **state)
{
	size_t size, i;
	uint8_t *blob = tf_sample_blob(&size);

	(void)state;
	for (i = 0; i < sizeof(tf_patches) / sizeof(tf_patches[0]); i++) {
		const tf_patch_t *p = &tf_patches[i];
		uint8_t *copy = tf_dup(blob, size);
		int64_t v = p->value;

		if (p->base_field >= 0)
			v += tf_get32(blob + p->base_field);
		tf_put32(copy + p->field, (uint32_t)v);
		tf_expect(p->what, copy, size, p->status, p->keyword);
		free(copy);
	}
	free(blob);
}

/* The (0, 0) terminator overwritten: the map runs into the structure block. */
static void test_rsvmap_unterminated(void **state)
{
	size_t size;
	uint8_t *blob = tf_sample_blob(&size);
	uint32_t rsv = tf_get32(blob + TF_H_OFF_RSVMAP);

	(void)state;
	blob[rsv + 16 * 2 + 15] = 1;   /* sample has two entries */
	tf_expect("rsvmap without terminator", blob, size, FDT_ERR_BAD_RSVMAP,
		  "memory reservation");
	free(blob);
}

static void test_short_buffers(void **state)
{
	size_t size, n;
	uint8_t *blob = tf_sample_blob(&size);
	diag_t d;
	fdt_t f;

	(void)state;
	assert_int_equal(fdt_open(&f, NULL, 100, &d), FDT_ERR_TRUNCATED);
	assert_int_equal(fdt_open(NULL, NULL, 0, NULL), FDT_ERR_TRUNCATED);
	for (n = 0; n < 40; n++)
		tf_expect("short header", blob, n, FDT_ERR_TRUNCATED, "header");
	/* peek needs only the header and a good magic */
	assert_int_equal(fdt_peek_totalsize(NULL, 40), 0);
	assert_int_equal(fdt_peek_totalsize(blob, 39), 0);
	assert_int_equal(fdt_peek_totalsize(blob, 40), size);
	blob[3] ^= 1;
	assert_int_equal(fdt_peek_totalsize(blob, size), 0);
	blob[3] ^= 1;
	/* no out, no diag: still just a verdict */
	assert_int_equal(fdt_open(NULL, blob, size, NULL), FDT_OK);
	assert_int_equal(fdt_open(NULL, blob, size - 1, NULL), FDT_ERR_TRUNCATED);
	free(blob);
}

/* ------------------------------------------------------------ accepted shapes */

static void test_sample_against_oracle(void **state)
{
	tf_stats_t st = { 0 };
	size_t size;
	uint8_t *blob = tf_sample_blob(&size);

	(void)state;
	/* not unique_paths: "/soc/serial" finds serial@1000 before "serial" */
	tf_compare_with_oracle(blob, size, &st);
	assert_int_equal(st.nodes, 13);
	assert_int_equal(st.phandles, 3);
	assert_int_equal(st.aliases, 5);
	free(blob);
}

static void test_deep_nesting(void **state)
{
	tf_stats_t st = { 0 };
	size_t size;
	uint8_t *blob = tf_deep_blob(FDT_MAX_DEPTH, &size);
	char path[4 * FDT_MAX_DEPTH + 2];
	int node, depth = 0, deepest = -1;
	fdt_t f;

	(void)state;
	assert_int_equal(fdt_open(&f, blob, size, NULL), FDT_OK);
	for (node = 0; node >= 0; node = fdt_walk_next(&f, node, &depth))
		deepest = node;
	assert_int_equal(depth, FDT_MAX_DEPTH);
	assert_int_equal(fdt_depth(&f, deepest), FDT_MAX_DEPTH);
	assert_true(fdt_get_path(&f, deepest, path, sizeof(path)));
	assert_int_equal(strlen(path), 2 * FDT_MAX_DEPTH);
	assert_int_equal(fdt_path_offset(&f, path, strlen(path)), deepest);
	assert_int_equal(fdt_depth(&f, fdt_parent(&f, deepest)), FDT_MAX_DEPTH - 1);
	st.unique_paths = true;
	tf_compare_with_oracle(blob, size, &st);
	assert_int_equal(st.nodes, FDT_MAX_DEPTH + 1);
	free(blob);

	blob = tf_deep_blob(FDT_MAX_DEPTH + 1, &size);
	tf_expect("one level too deep", blob, size, FDT_ERR_TOO_DEEP, "too deep");
	free(blob);
	blob = tf_deep_blob(1000, &size);
	tf_expect("far too deep", blob, size, FDT_ERR_TOO_DEEP, "limit 64");
	free(blob);
}

/* v16 has no size_dt_struct: whatever is in that word must be ignored. */
static void test_version_16(void **state)
{
	tf_stats_t st = { 0 };
	size_t size;
	uint8_t *blob = tf_sample_blob(&size);
	uint32_t real = tf_get32(blob + TF_H_SIZE_STRUCT);
	fdt_t f;

	(void)state;
	tf_put32(blob + TF_H_VERSION, 16);
	tf_put32(blob + TF_H_SIZE_STRUCT, 0xdeadbeef);
	assert_int_equal(fdt_open(&f, blob, size, NULL), FDT_OK);
	assert_int_equal(f.version, 16);
	assert_int_equal(f.struct_size, real);
	tf_compare_with_oracle(blob, size, &st);
	free(blob);
}

/* Bytes after END inside size_dt_struct are never looked at. */
static void test_padding_after_end(void **state)
{
	tf_builder_t b;
	size_t size;
	uint8_t *blob;
	fdt_t f;

	(void)state;
	tb_init(&b);
	tb_begin(&b, "");
	tb_prop_str(&b, "model", "x");
	tb_end(&b);
	tb_finish(&b);
	tb_word(&b, 0x12345678);
	blob = tb_blob(&b, &size);
	assert_int_equal(fdt_open(&f, blob, size, NULL), FDT_OK);
	assert_int_equal(fdt_first_child(&f, 0), -1);
	assert_int_equal(fdt_walk_next(&f, 0, NULL), -1);
	tf_exercise(&f);
	free(blob);
	tb_free(&b);
}

/* Odd addresses, a buffer longer than the blob, and moving the blob. */
static void test_placement(void **state)
{
	size_t size;
	uint8_t *blob = tf_sample_blob(&size), *odd = malloc(size + 1), *big = calloc(1, size + 4096);
	uint8_t *moved;
	char p1[256], p2[256];
	fdt_t a, b;
	int node;

	(void)state;
	assert_non_null(odd);
	assert_non_null(big);
	memcpy(odd + 1, blob, size);
	memcpy(big, blob, size);
	assert_int_equal(fdt_open(&a, blob, size, NULL), FDT_OK);
	assert_int_equal(fdt_open(&b, odd + 1, size, NULL), FDT_OK);
	tf_exercise(&b);
	for (node = 0; node >= 0; node = fdt_walk_next(&a, node, NULL)) {
		assert_true(fdt_get_path(&a, node, p1, sizeof(p1)));
		assert_true(fdt_get_path(&b, node, p2, sizeof(p2)));
		assert_string_equal(p1, p2);
	}
	assert_int_equal(fdt_open(&b, big, size + 4096, NULL), FDT_OK);
	assert_int_equal(b.totalsize, size);
	tf_exercise(&b);

	/* rebase onto a copy and free the original: ASan catches stale use */
	moved = tf_dup(blob, size);
	free(blob);
	fdt_rebase(&a, moved);
	tf_exercise(&a);
	node = fdt_path_offset(&a, "serial0", 7);
	assert_true(node > 0);
	assert_true((const uint8_t *)fdt_node_name(&a, node) > moved &&
		    (const uint8_t *)fdt_node_name(&a, node) < moved + size);
	fdt_rebase(NULL, moved);
	free(moved);
	free(odd);
	free(big);
}

/* ------------------------------------------------------------ sweeps */

void tf_check_truncations(const uint8_t *buf, size_t size)
{
	uint32_t total = fdt_peek_totalsize(buf, size);
	uint32_t blocks_end = tf_get32(buf + TF_H_OFF_STRINGS) + tf_get32(buf + TF_H_SIZE_STRINGS);
	size_t n;

	assert_true(total >= 40 && total <= size);
	for (n = 0; n <= total; n++) {
		uint8_t *p = tf_dup(buf, n);
		diag_t d = { { 0 } };
		fdt_t f;
		fdt_status_t st = fdt_open(&f, p, n, &d);

		if (n < total) {
			assert_int_equal(st, FDT_ERR_TRUNCATED);
			assert_non_null(strstr(d.msg, "truncated"));
		} else {
			assert_int_equal(st, FDT_OK);
		}
		/* the same prefix claiming to be the whole blob */
		if (n >= 40 && n < total) {
			tf_put32(p + TF_H_TOTALSIZE, (uint32_t)n);
			st = fdt_open(&f, p, n, &d);
			if (n < blocks_end)
				assert_int_not_equal(st, FDT_OK);
			if (st == FDT_OK)
				tf_exercise(&f);
		}
		free(p);
	}
}

/* Mutated byte number `k` of the patterns tried at each position. */
static uint8_t tf_mutation(uint8_t orig, unsigned int k)
{
	static const uint8_t fixed[] = { 0x00, 0xff, 0x01, 0x09, 0x7f, 0x80 };

	if (k < 8)
		return (uint8_t)(orig ^ (1u << k));
	if (k < 8 + sizeof(fixed))
		return fixed[k - 8];
	return (uint8_t)(k == 14 ? orig + 1 : orig - 1);
}

void tf_check_corruptions(const uint8_t *buf, size_t size, size_t limit)
{
	uint8_t *m = tf_dup(buf, size);
	unsigned int accepted = 0, rejected = 0, k;
	size_t pos;

	for (pos = 0; pos < limit && pos < size; pos++) {
		for (k = 0; k < 16; k++) {
			uint8_t orig = m[pos];
			diag_t d = { { 0 } };
			fdt_t f;
			fdt_status_t st;

			m[pos] = tf_mutation(orig, k);
			if (m[pos] == orig)
				continue;
			st = fdt_open(&f, m, size, &d);
			if (st == FDT_OK) {
				accepted++;
				tf_exercise(&f);
				/* where libfdt agrees the blob is sound, the answers agree too */
				if (orc_check_full(m, size) == 0) {
					tf_stats_t s = { 0 };

					if (getenv("TF_TRACE") != NULL)
						fprintf(stderr, "# byte %zu: 0x%02x -> 0x%02x\n", pos,
							orig, m[pos]);
					tf_compare_with_oracle(m, size, &s);
				}
			} else {
				rejected++;
				assert_true(st > FDT_OK && st <= FDT_ERR_TOO_DEEP);
				assert_true(d.msg[0] != '\0');
			}
			m[pos] = orig;
		}
	}
	assert_true(accepted > 0);
	assert_true(rejected > 0);
	free(m);
}

static void test_sample_truncations(void **state)
{
	size_t size;
	uint8_t *blob = tf_sample_blob(&size);

	(void)state;
	tf_check_truncations(blob, size);
	free(blob);
}

static void test_sample_corruptions(void **state)
{
	size_t size;
	uint8_t *blob = tf_sample_blob(&size);

	(void)state;
	tf_check_corruptions(blob, size, size);
	free(blob);
}

/* ------------------------------------------------------------ garbage offsets */

/* Marks the real node and property offsets (bitmaps indexed by offset/4). */
static void tf_mark_real(const fdt_t *f, uint8_t *nodes, uint8_t *props)
{
	int node, prop;

	for (node = fdt_root(f); node >= 0; node = fdt_walk_next(f, node, NULL)) {
		nodes[node / 4] = 1;
		for (prop = fdt_first_prop(f, node); prop >= 0; prop = fdt_next_prop(f, prop))
			props[prop / 4] = 1;
	}
}

static bool tf_is_real(const uint8_t *map, const fdt_t *f, int off)
{
	return off >= 0 && off % 4 == 0 && (uint32_t)off < f->struct_size && map[off / 4];
}

/* Any answer must be "none" or an offset inside the structure block. */
static void tf_check_offset_result(const fdt_t *f, int r)
{
	assert_true(r == -1 || (r >= 0 && r % 4 == 0 && (uint32_t)r < f->struct_size));
}

static void tf_check_one_offset(const fdt_t *f, int off, const uint8_t *nodes, const uint8_t *props)
{
	bool is_node = tf_is_real(nodes, f, off), is_prop = tf_is_real(props, f, off);
	bool aligned = off >= 0 && off % 4 == 0;
	char path[512];
	const char *name;
	fdt_prop_t v;
	uint32_t u;
	int d = 0;

	assert_int_equal(fdt_depth(f, off) >= 0, is_node);
	assert_int_equal(fdt_get_path(f, off, path, sizeof(path)), is_node);
	if (!is_node)
		assert_int_equal(fdt_parent(f, off), -1);
	if (!aligned) {
		assert_null(fdt_node_name(f, off));
		assert_int_equal(fdt_first_child(f, off), -1);
		assert_int_equal(fdt_next_sibling(f, off), -1);
		assert_int_equal(fdt_first_prop(f, off), -1);
		assert_int_equal(fdt_next_prop(f, off), -1);
		assert_int_equal(fdt_walk_next(f, off, &d), -1);
		assert_false(fdt_prop_at(f, off, &name, &v));
		assert_false(fdt_get_prop(f, off, "compatible", &v));
		assert_false(fdt_node_is_enabled(f, off));
	}
	if (is_node)
		assert_non_null(fdt_node_name(f, off));
	tf_check_offset_result(f, fdt_first_child(f, off));
	tf_check_offset_result(f, fdt_next_sibling(f, off));
	tf_check_offset_result(f, fdt_first_prop(f, off));
	tf_check_offset_result(f, fdt_next_prop(f, off));
	tf_check_offset_result(f, fdt_walk_next(f, off, &d));
	tf_check_offset_result(f, fdt_parent(f, off));
	assert_int_equal(fdt_prop_at(f, off, &name, &v) || !is_prop, true);
	if (fdt_prop_at(f, off, &name, &v))
		assert_true(v.data >= f->blob && v.data + v.len <= f->blob + f->totalsize);
	if (fdt_get_prop(f, off, "compatible", &v))
		assert_true(v.data >= f->blob && v.data + v.len <= f->blob + f->totalsize);
	(void)fdt_node_is_compatible(f, off, "riscv");
	(void)fdt_node_is_enabled(f, off);
	(void)fdt_node_u32(f, off, "reg", &u);
	(void)fdt_address_cells(f, off);
	(void)fdt_size_cells(f, off);
}

void tf_check_garbage_offsets(const fdt_t *f)
{
	static const int extremes[] = { -5, -4, -1, INT_MIN, INT_MAX, INT_MAX - 3, 1, 3 };
	size_t words = f->struct_size / 4 + 1, i;
	uint8_t *nodes = calloc(words, 1), *props = calloc(words, 1);
	int off;

	assert_non_null(nodes);
	assert_non_null(props);
	tf_mark_real(f, nodes, props);
	for (i = 0; i < sizeof(extremes) / sizeof(extremes[0]); i++)
		tf_check_one_offset(f, extremes[i], nodes, props);
	for (off = -8; off <= (int)f->totalsize + 8; off++)
		tf_check_one_offset(f, off, nodes, props);
	free(nodes);
	free(props);
}

static void test_sample_garbage_offsets(void **state)
{
	size_t size;
	uint8_t *blob = tf_sample_blob(&size);
	fdt_t f;

	(void)state;
	assert_int_equal(fdt_open(&f, blob, size, NULL), FDT_OK);
	tf_check_garbage_offsets(&f);
	free(blob);
}

/* A zeroed or refused fdt_t, and a NULL one, answer "none" everywhere. */
static void test_empty_handles(void **state)
{
	fdt_t zero, refused;
	const fdt_t *handles[3] = { &zero, &refused, NULL };
	uint8_t junk[64] = { 0 };
	char path[64];
	fdt_prop_t v;
	size_t i;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	assert_int_not_equal(fdt_open(&refused, junk, sizeof(junk), NULL), FDT_OK);
	for (i = 0; i < 3; i++) {
		const fdt_t *f = handles[i];

		assert_int_equal(fdt_root(f), -1);
		assert_int_equal(fdt_first_child(f, 0), -1);
		assert_int_equal(fdt_next_sibling(f, 0), -1);
		assert_int_equal(fdt_parent(f, 0), -1);
		assert_int_equal(fdt_depth(f, 0), -1);
		assert_int_equal(fdt_walk_next(f, 0, NULL), -1);
		assert_null(fdt_node_name(f, 0));
		assert_int_equal(fdt_path_offset(f, "/", 1), -1);
		assert_int_equal(fdt_path_offset(f, "serial0", 7), -1);
		assert_false(fdt_get_path(f, 0, path, sizeof(path)));
		assert_int_equal(fdt_node_by_phandle(f, 1), -1);
		assert_false(fdt_get_prop(f, 0, "compatible", &v));
		assert_int_equal(fdt_first_prop(f, 0), -1);
		assert_int_equal(fdt_next_prop(f, 0), -1);
		assert_false(fdt_prop_at(f, 0, NULL, &v));
		assert_false(fdt_memreserve(f, 0, NULL, NULL));
		assert_false(fdt_node_is_compatible(f, 0, "x"));
		assert_false(fdt_node_is_enabled(f, 0));
	}
}

static void test_status_names(void **state)
{
	const char *seen[FDT_ERR_TOO_DEEP + 1];
	int s, t;

	(void)state;
	for (s = FDT_OK; s <= FDT_ERR_TOO_DEEP; s++) {
		seen[s] = fdt_status_name((fdt_status_t)s);
		assert_non_null(seen[s]);
		assert_string_not_equal(seen[s], "unknown");
		for (t = 0; t < s; t++)
			assert_string_not_equal(seen[s], seen[t]);
	}
	assert_string_equal(fdt_status_name(FDT_OK), "ok");
	assert_string_equal(fdt_status_name((fdt_status_t)99), "unknown");
}

const struct CMUnitTest tf_mutate_tests[] = {
	cmocka_unit_test(test_malformed_tokens),
	cmocka_unit_test(test_unterminated_strings_block),
	cmocka_unit_test(test_header_patches),
	cmocka_unit_test(test_rsvmap_unterminated),
	cmocka_unit_test(test_short_buffers),
	cmocka_unit_test(test_sample_against_oracle),
	cmocka_unit_test(test_deep_nesting),
	cmocka_unit_test(test_version_16),
	cmocka_unit_test(test_padding_after_end),
	cmocka_unit_test(test_placement),
	cmocka_unit_test(test_sample_truncations),
	cmocka_unit_test(test_sample_corruptions),
	cmocka_unit_test(test_sample_garbage_offsets),
	cmocka_unit_test(test_empty_handles),
	cmocka_unit_test(test_status_names),
};
const size_t tf_mutate_test_count = sizeof(tf_mutate_tests) / sizeof(tf_mutate_tests[0]);
