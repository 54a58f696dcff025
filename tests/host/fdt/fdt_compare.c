/*
 * lib/fdt against libfdt: for one accepted blob, walk the whole tree with
 * both readers and compare every answer (header, memreserve, node order,
 * names, depth, parent/child/sibling links, paths both ways, properties
 * byte for byte, cells, phandles, aliases, compatible). Also the accessor
 * exerciser used on mutated blobs, where there is no oracle to trust.
 *
 * Node and property offsets are directly comparable: both readers number
 * them from the start of the structure block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_oracle.h"
#include "fdt_test.h"

#define TF_PATH_MAX 1024

/* libfdt's "not found" (any negative code) is our -1. */
static int tf_norm(int off)
{
	return off < 0 ? -1 : off;
}

static void tf_compare_header(const fdt_t *f, const uint8_t *buf)
{
	orc_header_t h;

	orc_header(buf, &h);
	assert_ptr_equal(f->blob, buf);
	assert_int_equal(f->totalsize, h.totalsize);
	assert_int_equal(f->struct_off, h.off_dt_struct);
	assert_int_equal(f->strings_off, h.off_dt_strings);
	assert_int_equal(f->strings_size, h.size_dt_strings);
	assert_int_equal(f->rsvmap_off, h.off_mem_rsvmap);
	assert_int_equal(f->version, h.version);
	assert_int_equal(f->boot_cpuid, h.boot_cpuid_phys);
	if (h.version >= 17)
		assert_int_equal(f->struct_size, h.size_dt_struct);
	assert_int_equal(fdt_peek_totalsize(buf, h.totalsize), h.totalsize);
}

static void tf_compare_memreserve(const fdt_t *f, const uint8_t *buf)
{
	int n = orc_num_mem_rsv(buf), i;
	uint64_t b1, s1, b2, s2;

	assert_true(n >= 0);
	/* libfdt ends the list at the first entry of size 0; the DT spec (and
	 * lib/fdt) only at address 0 and size 0, so a (base, 0) entry is
	 * the one place they differ */
	for (i = 0; i < (int)f->memreserve_count; i++)
		if (fdt_memreserve(f, (uint32_t)i, &b1, &s1) && s1 == 0)
			break;
	assert_int_equal(i, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(orc_get_mem_rsv(buf, i, &b2, &s2), 0);
		assert_true(fdt_memreserve(f, (uint32_t)i, &b1, &s1));
		assert_int_equal(b1, b2);
		assert_int_equal(s1, s2);
		assert_true(fdt_memreserve(f, (uint32_t)i, NULL, NULL));
	}
	assert_false(fdt_memreserve(f, f->memreserve_count, &b1, &s1));
	assert_false(fdt_memreserve(f, 0xffffffffu, &b1, &s1));
}

/* Properties in lockstep: same offsets, names, lengths, value bytes (the
 * very same pointers, in fact), and lookup by name agrees. */
static void tf_compare_props(const fdt_t *f, const uint8_t *buf, int node, tf_stats_t *st)
{
	int p = fdt_first_prop(f, node), op = tf_norm(orc_first_prop(buf, node));
	const char *name, *oname;
	fdt_prop_t v, byname;
	const void *ov;
	int olen;

	for (; p >= 0 || op >= 0; p = fdt_next_prop(f, p), op = tf_norm(orc_next_prop(buf, op))) {
		assert_int_equal(p, op);
		assert_true(fdt_prop_at(f, p, &name, &v));
		ov = orc_prop_by_offset(buf, op, &oname, &olen);
		assert_non_null(ov);
		assert_string_equal(name, oname);
		assert_int_equal(v.len, (uint32_t)olen);
		assert_ptr_equal(v.data, ov);
		assert_memory_equal(v.data, ov, v.len);

		assert_true(fdt_get_prop(f, node, name, &byname));
		ov = orc_getprop(buf, node, name, &olen);
		assert_ptr_equal(byname.data, ov);
		assert_int_equal(byname.len, (uint32_t)olen);
		st->props++;
	}
	assert_false(fdt_get_prop(f, node, "basalt,absent", &v));
	assert_null(orc_getprop(buf, node, "basalt,absent", &olen));
}

/* The path lookup agrees with libfdt for the node's own path and for
 * variants: not NUL-terminated, trailing '/', unit address dropped, the
 * parent's prefix by length. */
static void tf_compare_path_lookups(const fdt_t *f, const uint8_t *buf, int node,
				    const char *path, tf_stats_t *st)
{
	size_t len = strlen(path);
	char *exact = (char *)tf_dup(path, len), variant[TF_PATH_MAX + 2];
	const char *slash = strrchr(path, '/'), *at;
	int expect = tf_norm(orc_path_offset(buf, path));

	if (st->unique_paths)
		assert_int_equal(expect, node);
	assert_int_equal(fdt_path_offset(f, path, len), expect);
	assert_int_equal(fdt_path_offset(f, exact, len), expect);   /* no NUL in the buffer */
	free(exact);
	assert_int_equal(fdt_path_offset(f, path, len + 1), expect); /* NUL ends it */
	st->paths++;

	snprintf(variant, sizeof(variant), "%s/", path);
	assert_int_equal(fdt_path_offset(f, variant, strlen(variant)),
			 tf_norm(orc_path_offset(buf, variant)));

	at = strchr(slash, '@');
	if (at != NULL) {
		snprintf(variant, sizeof(variant), "%.*s", (int)(at - path), path);
		assert_int_equal(fdt_path_offset(f, variant, strlen(variant)),
				 tf_norm(orc_path_offset(buf, variant)));
	}
	if (slash != path) {
		int plen = (int)(slash - path);

		assert_int_equal(fdt_path_offset(f, path, (size_t)plen),
				 tf_norm(orc_path_offset_namelen(buf, path, plen)));
		if (st->unique_paths)
			assert_int_equal(fdt_path_offset(f, path, (size_t)plen), fdt_parent(f, node));
	}
}

/* Does any node name contain a '/'? Only corrupted blobs have such names,
 * and libfdt's fdt_get_path() mis-builds every later path after one (it
 * backtracks to the previous '/'). */
static bool tf_slash_in_names(const fdt_t *f)
{
	int node;

	for (node = fdt_root(f); node >= 0; node = fdt_walk_next(f, node, NULL))
		if (strchr(fdt_node_name(f, node), '/') != NULL)
			return true;
	return false;
}

static void tf_compare_path(const fdt_t *f, const uint8_t *buf, int node, tf_stats_t *st)
{
	char mine[TF_PATH_MAX], theirs[TF_PATH_MAX];
	size_t len;

	assert_true(fdt_get_path(f, node, mine, sizeof(mine)));
	if (st->slash_names) {
		assert_false(st->unique_paths);
		return;
	}
	assert_int_equal(orc_get_path(buf, node, theirs, sizeof(theirs)), 0);
	assert_string_equal(mine, theirs);
	len = strlen(mine);
	/* exactly enough room, then one byte short */
	assert_true(fdt_get_path(f, node, mine, len + 1));
	assert_string_equal(mine, theirs);
	assert_false(fdt_get_path(f, node, mine, len));
	assert_false(fdt_get_path(f, node, mine, 0));
	tf_compare_path_lookups(f, buf, node, theirs, st);
}

static void tf_compare_cells(const fdt_t *f, const uint8_t *buf, int node)
{
	int oa = orc_address_cells(buf, node), os = orc_size_cells(buf, node);
	uint32_t raw;

	/* libfdt refuses odd values (0 or > 4 address cells); ours returns
	 * what is there, so compare to the raw property then. */
	if (oa >= 0)
		assert_int_equal(fdt_address_cells(f, node), (uint32_t)oa);
	else if (fdt_node_u32(f, node, "#address-cells", &raw))
		assert_int_equal(fdt_address_cells(f, node), raw);
	if (os >= 0)
		assert_int_equal(fdt_size_cells(f, node), (uint32_t)os);
	else if (fdt_node_u32(f, node, "#size-cells", &raw))
		assert_int_equal(fdt_size_cells(f, node), raw);
}

static void tf_compare_compatible(const fdt_t *f, const uint8_t *buf, int node)
{
	int n = orc_stringlist_count(buf, node, "compatible"), i;
	fdt_prop_t p;

	for (i = 0; i < n; i++) {
		const char *s = orc_stringlist_get(buf, node, "compatible", i);

		assert_non_null(s);
		assert_true(fdt_node_is_compatible(f, node, s));
		assert_int_equal(orc_node_check_compatible(buf, node, s), 0);
		assert_true(fdt_get_prop(f, node, "compatible", &p));
		assert_string_equal(fdt_prop_string_at(&p, (uint32_t)i), s);
	}
	if (n > 0)
		assert_null(fdt_prop_string_at(&p, (uint32_t)n));
	assert_false(fdt_node_is_compatible(f, node, "basalt,no-such-device"));
	assert_int_not_equal(orc_node_check_compatible(buf, node, "basalt,no-such-device"), 0);
}

static void tf_compare_phandle_status(const fdt_t *f, const uint8_t *buf, int node,
				      tf_stats_t *st)
{
	uint32_t ph = orc_get_phandle(buf, node);
	const char *status;
	int len;
	bool enabled = true;

	if (ph != 0) {
		assert_int_equal(fdt_node_by_phandle(f, ph), tf_norm(orc_node_by_phandle(buf, ph)));
		st->phandles++;
	}
	status = orc_getprop(buf, node, "status", &len);
	if (status != NULL)
		enabled = len > 0 && memchr(status, 0, (size_t)len) != NULL &&
			  (strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0);
	assert_int_equal(fdt_node_is_enabled(f, node), enabled);
}

static void tf_compare_node(const fdt_t *f, const uint8_t *buf, int node, int depth,
			    tf_stats_t *st)
{
	assert_string_equal(fdt_node_name(f, node), orc_get_name(buf, node));
	assert_int_equal(fdt_depth(f, node), depth);
	assert_int_equal(orc_depth(buf, node), depth);
	assert_int_equal(fdt_parent(f, node), tf_norm(orc_parent(buf, node)));
	assert_int_equal(fdt_first_child(f, node), tf_norm(orc_first_subnode(buf, node)));
	assert_int_equal(fdt_next_sibling(f, node), tf_norm(orc_next_subnode(buf, node)));
	tf_compare_path(f, buf, node, st);
	tf_compare_props(f, buf, node, st);
	tf_compare_cells(f, buf, node);
	tf_compare_compatible(f, buf, node);
	tf_compare_phandle_status(f, buf, node, st);
	st->nodes++;
}

/* Every alias resolves as in libfdt, alone, with a trailing '/', and with
 * each child of its target appended. */
static void tf_compare_aliases(const fdt_t *f, const uint8_t *buf, tf_stats_t *st)
{
	int aliases = orc_path_offset(buf, "/aliases"), op, target, child;
	char path[TF_PATH_MAX];
	const char *name;
	int len;

	assert_int_equal(fdt_path_offset(f, "/aliases", 8), tf_norm(aliases));
	assert_int_equal(fdt_path_offset(f, "basalt-no-alias", 15), -1);
	assert_int_equal(fdt_path_offset(f, "basalt-no-alias/x", 17), -1);
	if (aliases < 0)
		return;
	for (op = orc_first_prop(buf, aliases); op >= 0; op = orc_next_prop(buf, op)) {
		const char *value = orc_prop_by_offset(buf, op, &name, &len);

		assert_non_null(value);
		st->aliases++;
		/* libfdt 1.6 follows an alias value with no terminator past its
		 * end; lib/fdt refuses it */
		if (len == 0 || memchr(value, 0, (size_t)len) == NULL || name[0] == '\0') {
			/* ... and libfdt takes an empty path for the alias "" */
			assert_int_equal(fdt_path_offset(f, name, strlen(name)), -1);
			continue;
		}
		target = tf_norm(orc_path_offset(buf, name));
		assert_int_equal(fdt_path_offset(f, name, strlen(name)), target);
		snprintf(path, sizeof(path), "%s/", name);
		assert_int_equal(fdt_path_offset(f, path, strlen(path)), target);
		for (child = fdt_first_child(f, target); child >= 0;
		     child = fdt_next_sibling(f, child)) {
			snprintf(path, sizeof(path), "%s/%s", name, fdt_node_name(f, child));
			assert_int_equal(fdt_path_offset(f, path, strlen(path)),
					 tf_norm(orc_path_offset(buf, path)));
		}
	}
}

/* /chosen/stdout-path is "path-or-alias[:options]": the part before ':'
 * resolves the same in both. */
static void tf_compare_stdout_path(const fdt_t *f, const uint8_t *buf)
{
	int chosen = orc_path_offset(buf, "/chosen"), len;
	const char *sp;
	const char *colon;
	int n;

	if (chosen < 0)
		return;
	sp = orc_getprop(buf, chosen, "stdout-path", &len);
	if (sp == NULL || len <= 0 || memchr(sp, 0, (size_t)len) == NULL)
		return;
	colon = strchr(sp, ':');
	n = colon != NULL ? (int)(colon - sp) : (int)strlen(sp);
	if (n > 0)
		assert_int_equal(fdt_path_offset(f, sp, (size_t)n),
				 tf_norm(orc_path_offset_namelen(buf, sp, n)));
}

static void tf_compare_misc(const fdt_t *f, const uint8_t *buf)
{
	assert_int_equal(fdt_root(f), 0);
	assert_int_equal(fdt_path_offset(f, "/", 1), 0);
	assert_int_equal(fdt_path_offset(f, "//", 2), tf_norm(orc_path_offset(buf, "//")));
	assert_int_equal(fdt_path_offset(f, "/basalt-none", 12), -1);
	assert_int_equal(fdt_path_offset(f, "/cpus/basalt-none", 17), -1);
	assert_int_equal(fdt_path_offset(f, "", 0), -1);
	assert_int_equal(fdt_path_offset(f, NULL, 5), -1);
	assert_int_equal(fdt_node_by_phandle(f, 0), -1);
	assert_int_equal(fdt_node_by_phandle(f, 0xffffffffu), -1);
	assert_int_equal(fdt_node_by_phandle(f, 0xfffffff0u),
			 tf_norm(orc_node_by_phandle(buf, 0xfffffff0u)));
}

/* libfdt's fdt_next_node() returns the offset after the root's END_NODE
 * (not a node) once the depth drops below zero: that is the end. */
static int tf_orc_next(const uint8_t *buf, int node, int *depth)
{
	int next = orc_next_node(buf, node, depth);

	return *depth < 0 ? -1 : tf_norm(next);
}

void tf_compare_with_oracle(const uint8_t *buf, size_t size, tf_stats_t *st)
{
	diag_t d = { { 0 } };
	fdt_t f;
	fdt_status_t s = fdt_open(&f, buf, size, &d);
	int node, onode, depth = 0, odepth = 0, orc;

	if (s != FDT_OK)
		fail_msg("fdt_open refused a blob: %s: %s", fdt_status_name(s), d.msg);
	orc = orc_check_full(buf, size);
	if (orc != 0)
		fail_msg("libfdt refuses a blob fdt_open accepted: %s", orc_strerror(orc));
	tf_compare_header(&f, buf);
	tf_compare_memreserve(&f, buf);
	st->slash_names = tf_slash_in_names(&f);

	/* Document order with depths, then everything about each node. */
	for (node = fdt_root(&f), onode = 0; node >= 0 || onode >= 0;
	     node = fdt_walk_next(&f, node, &depth), onode = tf_orc_next(buf, onode, &odepth)) {
		assert_int_equal(node, onode);
		assert_int_equal(depth, odepth);
		tf_compare_node(&f, buf, node, depth, st);
	}
	tf_compare_aliases(&f, buf, st);
	tf_compare_stdout_path(&f, buf);
	tf_compare_misc(&f, buf);
	tf_exercise(&f);
}

/* ------------------------------------------------------------ exerciser */

static void tf_exercise_value(const fdt_prop_t *p)
{
	uint32_t i, u;
	uint64_t c;
	const char *s;

	for (i = 0; i <= p->len / 4 + 1; i++) {
		assert_int_equal(fdt_prop_u32(p, i, &u), (uint64_t)i * 4 + 4 <= p->len);
		assert_int_equal(fdt_prop_cells(p, i, 2, &c), (uint64_t)i * 4 + 8 <= p->len);
		assert_int_equal(fdt_prop_cells(p, i, 1, &c), (uint64_t)i * 4 + 4 <= p->len);
	}
	for (i = 0; (s = fdt_prop_string_at(p, i)) != NULL; i++) {
		assert_true(s >= (const char *)p->data && s < (const char *)p->data + p->len);
		assert_true(fdt_prop_has_string(p, s));
	}
	if (fdt_prop_string(p, &s))
		assert_int_equal(strlen(s) + 1, p->len);
	(void)fdt_prop_has_string(p, "okay");
}

static void tf_exercise_node(const fdt_t *f, int node, int depth)
{
	char path[TF_PATH_MAX];
	const char *name;
	fdt_prop_t v;
	uint32_t u;
	int prop, found, child, n = 0;

	assert_non_null(fdt_node_name(f, node));
	assert_int_equal(fdt_depth(f, node), depth);
	assert_true(depth <= FDT_MAX_DEPTH);
	if (depth > 0)
		assert_int_equal(fdt_depth(f, fdt_parent(f, node)), depth - 1);
	else
		assert_int_equal(fdt_parent(f, node), -1);
	for (child = fdt_first_child(f, node); child >= 0; child = fdt_next_sibling(f, child)) {
		assert_int_equal(fdt_parent(f, child), node);
		assert_true(++n <= (int)(f->struct_size / 8));
	}
	if (fdt_get_path(f, node, path, sizeof(path))) {
		/* not always `node`: an earlier sibling may match first, and a
		 * corrupted name may hold a '/' */
		found = fdt_path_offset(f, path, strlen(path));
		assert_true(found == -1 || fdt_depth(f, found) >= 0);
	}
	for (prop = fdt_first_prop(f, node); prop >= 0; prop = fdt_next_prop(f, prop)) {
		assert_true(fdt_prop_at(f, prop, &name, &v));
		assert_true(v.data >= f->blob && v.data + v.len <= f->blob + f->totalsize);
		assert_true(fdt_get_prop(f, node, name, NULL));
		tf_exercise_value(&v);
		if (v.len == 4 && fdt_prop_u32(&v, 0, &u)) {
			found = fdt_node_by_phandle(f, u);
			assert_true(found == -1 || fdt_depth(f, found) >= 0);
		}
		if (fdt_prop_string(&v, &name)) {
			found = fdt_path_offset(f, name, v.len);
			assert_true(found == -1 || fdt_depth(f, found) >= 0);
		}
	}
	(void)fdt_node_is_compatible(f, node, "riscv");
	(void)fdt_node_is_enabled(f, node);
	(void)fdt_address_cells(f, node);
	(void)fdt_size_cells(f, node);
	(void)fdt_node_u32(f, node, "reg", &u);
}

void tf_exercise(const fdt_t *f)
{
	int node, depth = 0;
	unsigned int steps = 0;
	uint32_t i;
	uint64_t base, size;

	for (node = fdt_root(f); node >= 0; node = fdt_walk_next(f, node, &depth)) {
		assert_true(++steps <= f->struct_size / 8 + 1);
		tf_exercise_node(f, node, depth);
	}
	for (i = 0; i <= f->memreserve_count; i++)
		assert_int_equal(fdt_memreserve(f, i, &base, &size), i < f->memreserve_count);
	(void)fdt_path_offset(f, "serial0/port", 12);
	(void)fdt_path_offset(f, "/soc/serial/port", 16);
	(void)fdt_path_offset(f, "relative", 8);
	(void)fdt_path_offset(f, "unterminated", 12);
}
