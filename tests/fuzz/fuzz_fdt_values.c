/*
 * The "fdt" target's value checks (see fuzz_fdt.h). The oracles decode the
 * bytes directly, with the C library, so they share no code with
 * lib/fdt/fdt_value.c. Loops are bounded so a 64 KiB property costs no more
 * than a small one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_fdt.h"

#define MAX_CELLS   64   /* cell indices tried per property */
#define MAX_STRINGS 16   /* strings of a list tried per property */

/* ---- numbers ---- */

static void check_numbers(const fdt_prop_t *p)
{
	uint32_t i, cells, n = p->len / 4 + 2;
	uint64_t got;
	uint32_t got32;

	if (n > MAX_CELLS)
		n = MAX_CELLS;
	for (i = 0; i < n; i++) {
		bool ok = fdt_prop_u32(p, i, &got32);

		FUZZ_CHECK(ok == ((uint64_t)i * 4 + 4 <= p->len), "fdt_prop_u32(%u) of %u bytes", i, p->len);
		if (ok)
			FUZZ_CHECK(got32 == fuzz_be32(p->data + i * 4), "fdt_prop_u32(%u) value", i);
		for (cells = 0; cells <= 3; cells++) {
			bool fits = cells <= 2 && ((uint64_t)i + cells) * 4 <= p->len;
			uint64_t want = 0;
			uint32_t c;

			ok = fdt_prop_cells(p, i, cells, &got);
			FUZZ_CHECK(ok == fits, "fdt_prop_cells(%u, %u) of %u bytes", i, cells, p->len);
			for (c = 0; fits && c < cells; c++)
				want = want << 32 | fuzz_be32(p->data + (i + c) * 4);
			if (ok)
				FUZZ_CHECK(got == want, "fdt_prop_cells(%u, %u) value", i, cells);
		}
	}
	FUZZ_CHECK(!fdt_prop_u32(p, 0xffffffffu, NULL) && !fdt_prop_cells(p, 0xfffffffeu, 2, NULL),
		   "a huge cell index is accepted");
}

/* ---- strings ---- */

/* The start of complete string number `index`, or NULL: the oracle for
 * fdt_prop_string_at. */
static const char *nth_string(const fdt_prop_t *p, uint32_t index)
{
	uint32_t pos = 0, i = 0;

	while (pos < p->len) {
		const uint8_t *nul = memchr(p->data + pos, '\0', p->len - pos);

		if (nul == NULL)
			return NULL;
		if (i++ == index)
			return (const char *)p->data + pos;
		pos = (uint32_t)(nul - p->data) + 1;
	}
	return NULL;
}

static bool list_has(const fdt_prop_t *p, const char *s)
{
	const char *t;
	uint32_t i;

	for (i = 0; (t = nth_string(p, i)) != NULL; i++)
		if (strcmp(t, s) == 0)
			return true;
	return false;
}

static void check_strings(const fdt_prop_t *p)
{
	static const char *const probes[] = { "", "okay", "memory", "riscv,plic0", "ns16550a" };
	const uint8_t *nul = p->len != 0 ? memchr(p->data, '\0', p->len) : NULL;
	const char *s = NULL;
	uint32_t i;
	bool one = p->len != 0 && nul == p->data + p->len - 1;

	FUZZ_CHECK(fdt_prop_string(p, &s) == one, "fdt_prop_string on %u bytes", p->len);
	if (one)
		FUZZ_CHECK(s == (const char *)p->data, "fdt_prop_string value");
	for (i = 0; i < MAX_STRINGS; i++) {
		const char *want = nth_string(p, i), *got = fdt_prop_string_at(p, i);

		FUZZ_CHECK(got == want, "fdt_prop_string_at(%u)", i);
		if (want == NULL)
			break;
		FUZZ_CHECK(fdt_prop_has_string(p, want), "string %u \"%s\" not in its own list", i, want);
	}
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		FUZZ_CHECK(fdt_prop_has_string(p, probes[i]) == list_has(p, probes[i]),
			   "fdt_prop_has_string(\"%s\")", probes[i]);
	FUZZ_CHECK(fdt_prop_string_at(p, 0xffffffffu) == NULL, "string number 2^32-1 exists");
}

void fuzz_fdt_check_value(const fdt_t *fdt, const fdt_prop_t *value)
{
	/* In the blob a small overread lands on the next token and goes
	 * unnoticed; in an exact copy ASan sees it. */
	fdt_prop_t copy = { fuzz_dup(value->data, value->len), value->len };

	(void)fdt;
	check_numbers(value);
	check_strings(value);
	check_numbers(&copy);
	check_strings(&copy);
	free((void *)copy.data);
}

/* ---- lookups ---- */

static uint32_t node_phandle(const fdt_t *fdt, int node)
{
	fdt_prop_t p;

	if (fdt_get_prop(fdt, node, "phandle", &p) && p.len == 4)
		return fuzz_be32(p.data);
	if (fdt_get_prop(fdt, node, "linux,phandle", &p) && p.len == 4)
		return fuzz_be32(p.data);
	return 0;
}

void fuzz_fdt_check_lookups(const fdt_t *fdt, const fdt_prop_t *value)
{
	char *path = (char *)fuzz_dup(value->data, value->len);
	int in_blob = fdt_path_offset(fdt, (const char *)value->data, value->len);
	int in_copy = fdt_path_offset(fdt, path, value->len);

	FUZZ_CHECK(in_blob == in_copy, "path lookup: %d in the blob, %d from a copy", in_blob, in_copy);
	FUZZ_CHECK(in_blob < 0 || fdt_node_name(fdt, in_blob) != NULL, "path led to non-node %d", in_blob);
	free(path);
	if (value->len >= 4) {
		uint32_t ph = fuzz_be32(value->data);
		int node = fdt_node_by_phandle(fdt, ph);

		FUZZ_CHECK(node < 0 || node_phandle(fdt, node) == ph,
			   "phandle 0x%x led to node %d whose phandle is 0x%x", ph, node,
			   node_phandle(fdt, node));
	}
}

/* ---- aliases ---- */

/* What alias `name` must resolve to: its value as an absolute path. */
static int alias_target(const fdt_t *fdt, const fdt_prop_t *value)
{
	const uint8_t *nul = value->len != 0 ? memchr(value->data, '\0', value->len) : NULL;

	if (nul == NULL || nul == value->data || value->data[0] != '/')
		return -1;
	return fdt_path_offset(fdt, (const char *)value->data, value->len);
}

/* "alias/child" resolves like "value/child". */
static void check_alias_child(const fdt_t *fdt, const char *name, const fdt_prop_t *value,
			      int target)
{
	int child = fdt_first_child(fdt, target);
	const char *cname = child >= 0 ? fdt_node_name(fdt, child) : NULL;
	char via_alias[512], via_path[512];
	int a, b;

	if (cname == NULL || value->len > 200 ||
	    snprintf(via_alias, sizeof(via_alias), "%s/%s", name, cname) >= (int)sizeof(via_alias))
		return;
	if (snprintf(via_path, sizeof(via_path), "%s/%s", (const char *)value->data, cname) >=
	    (int)sizeof(via_path))
		return;
	a = fdt_path_offset(fdt, via_alias, strlen(via_alias));
	b = fdt_path_offset(fdt, via_path, strlen(via_path));
	FUZZ_CHECK(a == b, "\"%s\" gives %d, \"%s\" gives %d", via_alias, a, via_path, b);
}

void fuzz_fdt_check_aliases(const fdt_t *fdt)
{
	int aliases = fdt_path_offset(fdt, "/aliases", 8);
	int prop, n = 0;

	for (prop = fdt_first_prop(fdt, aliases); prop >= 0 && n < 32;
	     prop = fdt_next_prop(fdt, prop), n++) {
		const char *name;
		fdt_prop_t value, first;
		int got, want;

		if (!fdt_prop_at(fdt, prop, &name, &value) || name[0] == '\0' ||
		    strchr(name, '/') != NULL)
			continue;
		/* A repeated name: only the first one counts as the alias. */
		if (!fdt_get_prop(fdt, aliases, name, &first) || first.data != value.data)
			continue;
		got = fdt_path_offset(fdt, name, strlen(name));
		want = alias_target(fdt, &value);
		FUZZ_CHECK(got == want, "alias \"%s\" resolves to %d, its value to %d", name, got, want);
		if (want >= 0)
			check_alias_child(fdt, name, &value, want);
	}
}
