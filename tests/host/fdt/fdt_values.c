/*
 * lib/fdt's value helpers as tables of cases (cells, strings, string
 * lists; libfdt's fdt_stringlist_contains is the oracle where it has an
 * equivalent), and the node shorthands and lookups on the sample tree,
 * whose answers are known by construction.
 */
#include <stdlib.h>
#include <string.h>

#include "fdt_oracle.h"
#include "fdt_test.h"

static const uint8_t tf_cells[] = {
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
	0x80, 0x00, 0x00, 0x03, 0xff, 0xff, 0xff, 0xff,
};

typedef struct tf_cell_case {
	const char *what;
	uint32_t len, first, cells;
	bool ok;
	uint64_t value;
} tf_cell_case_t;

static const tf_cell_case_t tf_cell_cases[] = {
	{ "0 cells read as 0", 16, 0, 0, true, 0 },
	{ "0 cells at the end", 16, 4, 0, true, 0 },
	{ "0 cells past the end", 16, 5, 0, false, 0 },
	{ "1 cell, first", 16, 0, 1, true, 1 },
	{ "1 cell, last", 16, 3, 1, true, 0xffffffffu },
	{ "1 cell past the end", 16, 4, 1, false, 0 },
	{ "2 cells", 16, 0, 2, true, 0x0000000100000002ull },
	{ "2 cells, high bit", 16, 2, 2, true, 0x80000003ffffffffull },
	{ "2 cells straddling the end", 16, 3, 2, false, 0 },
	{ "3 cells refused", 16, 0, 3, false, 0 },
	{ "huge first cell", 16, 0xffffffffu, 1, false, 0 },
	{ "first cell wrapping 32 bits", 16, 0x3fffffffu, 2, false, 0 },
	{ "first cell * 4 wrapping", 16, 0x40000000u, 1, false, 0 },
	{ "7 bytes, 2 cells", 7, 0, 2, false, 0 },
	{ "7 bytes, 1 cell", 7, 0, 1, true, 1 },
	{ "7 bytes, second cell", 7, 1, 1, false, 0 },
	{ "empty, 1 cell", 0, 0, 1, false, 0 },
	{ "empty, 0 cells", 0, 0, 0, true, 0 },
};

static void test_prop_cells(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tf_cell_cases) / sizeof(tf_cell_cases[0]); i++) {
		const tf_cell_case_t *c = &tf_cell_cases[i];
		uint8_t *copy = tf_dup(tf_cells, c->len);   /* exact size: ASan bounds */
		fdt_prop_t p = { copy, c->len };
		uint64_t v = 0x5a5a5a5a5a5a5a5aull;
		uint32_t u = 0x5a5a5a5a;
		bool ok = fdt_prop_cells(&p, c->first, c->cells, &v);

		if (ok != c->ok || (ok && v != c->value))
			fail_msg("fdt_prop_cells: %s: got %d 0x%llx", c->what, ok,
				 (unsigned long long)v);
		if (c->cells == 1) {
			ok = fdt_prop_u32(&p, c->first, &u);
			if (ok != c->ok || (ok && u != c->value))
				fail_msg("fdt_prop_u32: %s: got %d 0x%x", c->what, ok, u);
		}
		assert_int_equal(fdt_prop_cells(&p, c->first, c->cells, NULL), c->ok);
		free(copy);
	}
}

static void test_prop_bad_handles(void **state)
{
	fdt_prop_t nodata = { NULL, 8 }, empty = { NULL, 0 };
	uint64_t v;
	uint32_t u;
	const char *s;

	(void)state;
	assert_false(fdt_prop_u32(NULL, 0, &u));
	assert_false(fdt_prop_cells(NULL, 0, 0, &v));
	assert_false(fdt_prop_string(NULL, &s));
	assert_null(fdt_prop_string_at(NULL, 0));
	assert_false(fdt_prop_has_string(NULL, "x"));
	assert_false(fdt_prop_u32(&nodata, 0, &u));
	assert_false(fdt_prop_cells(&nodata, 0, 2, &v));
	assert_false(fdt_prop_string(&nodata, &s));
	assert_null(fdt_prop_string_at(&nodata, 0));
	assert_false(fdt_prop_has_string(&nodata, ""));
	assert_true(fdt_prop_cells(&empty, 0, 0, &v));
	assert_int_equal(v, 0);
	assert_false(fdt_prop_string(&empty, &s));
	assert_null(fdt_prop_string_at(&empty, 0));
	assert_false(fdt_prop_has_string(&empty, ""));
}

typedef struct tf_str_case {
	const char *what;
	const char *data;
	uint32_t len;
	bool one_string;
	const char *list[4];     /* the complete strings, NULL-terminated */
	const char *absent[3];   /* must not be found */
} tf_str_case_t;

static const tf_str_case_t tf_str_cases[] = {
	{ "one string", "okay", 5, true, { "okay" }, { "ok", "okayy", "" } },
	{ "empty string", "", 1, true, { "" }, { "a" } },
	{ "empty property", "", 0, false, { NULL }, { "" } },
	{ "missing terminator", "okay", 4, false, { NULL }, { "okay", "oka", "" } },
	{ "two strings", "a\0bc", 5, false, { "a", "bc" }, { "b", "bcd", "" } },
	{ "empty in the middle", "a\0\0b", 5, false, { "a", "", "b" }, { "ab" } },
	{ "unterminated tail", "a\0bc", 4, false, { "a" }, { "bc", "b" } },
	{ "only NULs", "\0", 2, false, { "", "" }, { "a" } },
	{ "two, second unterminated", "riscv\0sifive", 12, false, { "riscv" }, { "sifive" } },
};

/* libfdt's fdt_stringlist_contains compares strlen(s) + 1 bytes, so it may
 * look one byte past `len`; give it a non-NUL byte there to find. */
static bool tf_oracle_contains(const tf_str_case_t *c, const char *s)
{
	char *pad = malloc(c->len + 1);
	int r;

	assert_non_null(pad);
	memcpy(pad, c->data, c->len);
	pad[c->len] = 'X';
	r = orc_stringlist_contains(pad, (int)c->len, s);
	free(pad);
	return r != 0;
}

static void tf_check_str_case(const tf_str_case_t *c)
{
	uint8_t *copy = tf_dup(c->data, c->len);
	fdt_prop_t p = { copy, c->len };
	const char *s = NULL;
	uint32_t i, n = 0;

	assert_int_equal(fdt_prop_string(&p, &s), c->one_string);
	if (c->one_string)
		assert_ptr_equal(s, (const char *)copy);
	while (c->list[n] != NULL) {
		const char *got = fdt_prop_string_at(&p, n);

		if (got == NULL || strcmp(got, c->list[n]) != 0)
			fail_msg("%s: string %u is %s, want \"%s\"", c->what, n,
				 got ? got : "NULL", c->list[n]);
		assert_true(fdt_prop_has_string(&p, c->list[n]));
		assert_true(tf_oracle_contains(c, c->list[n]));
		n++;
	}
	assert_null(fdt_prop_string_at(&p, n));
	assert_null(fdt_prop_string_at(&p, n + 1));
	assert_null(fdt_prop_string_at(&p, 0xffffffffu));
	for (i = 0; i < 3 && c->absent[i] != NULL; i++) {
		if (fdt_prop_has_string(&p, c->absent[i]))
			fail_msg("%s: \"%s\" found but absent", c->what, c->absent[i]);
		assert_false(tf_oracle_contains(c, c->absent[i]));
	}
	assert_false(fdt_prop_has_string(&p, NULL));
	free(copy);
}

static void test_prop_strings(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tf_str_cases) / sizeof(tf_str_cases[0]); i++)
		tf_check_str_case(&tf_str_cases[i]);
}

/* ------------------------------------------------------------ sample tree */

static int tf_at(const fdt_t *f, const char *path)
{
	return fdt_path_offset(f, path, strlen(path));
}

static void test_sample_lookups(void **state)
{
	size_t size;
	uint8_t *blob = tf_sample_blob(&size);
	int soc, serial, port, cpu0, intc;
	fdt_t f;

	(void)state;
	assert_int_equal(fdt_open(&f, blob, size, NULL), FDT_OK);
	soc = tf_at(&f, "/soc");
	serial = tf_at(&f, "/soc/serial@1000");
	port = tf_at(&f, "/soc/serial@1000/port");
	cpu0 = tf_at(&f, "/cpus/cpu@0");
	intc = tf_at(&f, "/cpus/cpu@0/interrupt-controller");
	assert_true(soc > 0 && serial > soc && port > serial && cpu0 > 0 && intc > cpu0);
	assert_int_equal(fdt_parent(&f, port), serial);
	assert_string_equal(fdt_node_name(&f, serial), "serial@1000");
	assert_string_equal(fdt_node_name(&f, 0), "");

	/* unit-address-less components: first node with that base name */
	assert_int_equal(tf_at(&f, "/soc/serial"), serial);
	assert_int_equal(tf_at(&f, "/memory"), tf_at(&f, "/memory@80000000"));
	assert_int_equal(tf_at(&f, "/soc/serial@10"), -1);
	assert_int_equal(tf_at(&f, "/soc/serial@1000x"), -1);
	assert_int_equal(tf_at(&f, "/soc/seria"), -1);
	assert_int_equal(tf_at(&f, "//soc///serial@1000/"), serial);
	assert_int_equal(fdt_path_offset(&f, "/soc/serial@1000/port", 5), soc);   /* len only */

	/* aliases */
	assert_int_equal(tf_at(&f, "serial0"), serial);
	assert_int_equal(tf_at(&f, "serial0/port"), port);
	assert_int_equal(tf_at(&f, "serial0/port/"), port);
	assert_int_equal(tf_at(&f, "serial0/nope"), -1);
	assert_int_equal(tf_at(&f, "serial1"), tf_at(&f, "/soc/serial@2000"));
	assert_int_equal(tf_at(&f, "cpu0/interrupt-controller"), intc);
	assert_int_equal(fdt_path_offset(&f, "serial0:115200n8", 7), serial);
	assert_int_equal(tf_at(&f, "serial"), -1);      /* alias names match exactly */
	assert_int_equal(tf_at(&f, "relative"), -1);    /* value not absolute */
	assert_int_equal(tf_at(&f, "unterminated"), -1);

	/* phandles, "phandle" and legacy "linux,phandle" */
	assert_int_equal(fdt_node_by_phandle(&f, 1), cpu0);
	assert_int_equal(fdt_node_by_phandle(&f, 2), intc);
	assert_int_equal(fdt_node_by_phandle(&f, 3), tf_at(&f, "/cpus/cpu@1"));
	assert_int_equal(fdt_node_by_phandle(&f, 4), -1);
	free(blob);
}

static void test_sample_shorthands(void **state)
{
	size_t size;
	uint8_t *blob = tf_sample_blob(&size);
	uint64_t base, len;
	uint32_t u;
	fdt_prop_t p;
	const char *s;
	fdt_t f;

	(void)state;
	assert_int_equal(fdt_open(&f, blob, size, NULL), FDT_OK);
	assert_int_equal(f.memreserve_count, 2);
	assert_true(fdt_memreserve(&f, 0, &base, &len));
	assert_int_equal(base, 0x80000000u);
	assert_int_equal(len, 0x200000);
	assert_true(fdt_memreserve(&f, 1, &base, &len));
	assert_int_equal(base, 0x1000);

	assert_true(fdt_node_is_compatible(&f, 0, "basalt,base"));
	assert_true(fdt_node_is_compatible(&f, tf_at(&f, "serial0"), "ns16550a"));
	assert_false(fdt_node_is_compatible(&f, tf_at(&f, "serial0"), "ns16550"));
	assert_false(fdt_node_is_compatible(&f, tf_at(&f, "/cpus"), "riscv"));

	assert_true(fdt_node_is_enabled(&f, tf_at(&f, "/cpus/cpu@0")));      /* "okay" */
	assert_false(fdt_node_is_enabled(&f, tf_at(&f, "/cpus/cpu@1")));     /* "disabled" */
	assert_true(fdt_node_is_enabled(&f, tf_at(&f, "serial0")));          /* "ok" */
	assert_false(fdt_node_is_enabled(&f, tf_at(&f, "serial1")));         /* "fail" */
	assert_true(fdt_node_is_enabled(&f, tf_at(&f, "/soc")));             /* absent */
	assert_false(fdt_node_is_enabled(&f, -1));

	assert_int_equal(fdt_address_cells(&f, 0), 2);
	assert_int_equal(fdt_size_cells(&f, 0), 2);
	assert_int_equal(fdt_address_cells(&f, tf_at(&f, "/cpus")), 1);
	assert_int_equal(fdt_size_cells(&f, tf_at(&f, "/cpus")), 0);
	assert_int_equal(fdt_address_cells(&f, tf_at(&f, "/chosen")), 2);   /* defaults */
	assert_int_equal(fdt_size_cells(&f, tf_at(&f, "/chosen")), 1);

	assert_true(fdt_node_u32(&f, tf_at(&f, "/cpus/cpu@1"), "reg", &u));
	assert_int_equal(u, 1);
	assert_false(fdt_node_u32(&f, tf_at(&f, "serial0"), "reg", &u));   /* 16 bytes */
	assert_false(fdt_node_u32(&f, 0, "absent", &u));

	assert_true(fdt_get_prop(&f, tf_at(&f, "serial0"), "reg", &p));
	assert_true(fdt_prop_cells(&p, 0, 2, &base));
	assert_true(fdt_prop_cells(&p, 2, 2, &len));
	assert_int_equal(base, 0x1000);
	assert_int_equal(len, 0x100);
	assert_true(fdt_get_prop(&f, tf_at(&f, "/chosen"), "stdout-path", &p));
	assert_true(fdt_prop_string(&p, &s));
	assert_string_equal(s, "serial0:115200n8");
	assert_true(fdt_get_prop(&f, tf_at(&f, "/soc"), "ranges", &p));
	assert_int_equal(p.len, 0);
	assert_false(fdt_get_prop(&f, 0, NULL, &p));
	assert_true(fdt_get_prop(&f, 0, "model", NULL));
	free(blob);
}

const struct CMUnitTest tf_value_tests[] = {
	cmocka_unit_test(test_prop_cells),
	cmocka_unit_test(test_prop_bad_handles),
	cmocka_unit_test(test_prop_strings),
	cmocka_unit_test(test_sample_lookups),
	cmocka_unit_test(test_sample_shorthands),
};
const size_t tf_value_test_count = sizeof(tf_value_tests) / sizeof(tf_value_tests[0]);
