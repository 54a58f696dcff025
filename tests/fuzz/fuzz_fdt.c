/*
 * Fuzz target "fdt": the device-tree reader (lib/fdt) on arbitrary bytes.
 *
 * The input is the blob itself, copied into an exactly-sized heap buffer so
 * that ASan catches a read even one byte past it. fdt_open() must refuse it
 * cleanly or accept it; an accepted blob is then walked with every accessor
 * and each answer is checked against another way of getting it:
 *
 *  - the depth-first walk (fdt_walk_next) is the reference for depth,
 *    parent, first child and next sibling of every node;
 *  - every node's path (fdt_get_path, also into exactly-sized buffers)
 *    leads back to it through fdt_path_offset when no earlier sibling
 *    shares a name on the way, and below the root no name is empty or
 *    holds '/' (fdt_open refuses those);
 *  - every property is found again by name, and its value goes through the
 *    value helpers twice: in the blob and as an exact heap copy, where even
 *    a one-byte overread of the value (harmless inside the blob) is caught,
 *    and the answers are compared with a direct decoding of the bytes;
 *  - aliases resolve to what their value resolves to; phandles lead back to
 *    a node carrying them;
 *  - offsets that are not nodes or properties (unaligned, in the middle of a
 *    value, past the block, negative) get answers inside the structure
 *    block, never a read outside the blob;
 *  - after fdt_rebase() to a fresh copy and freeing the first buffer, the
 *    same walk gives the same nodes (a stale pointer is a use-after-free).
 *
 * Value helper oracles live in fuzz_fdt_values.c.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fdt/fdt.h"
#include "fuzz.h"
#include "fuzz_fdt.h"

const char fuzz_target_name[] = "fdt";

/* Bounds on the work done per input, so that libFuzzer stays fast on big
 * inputs; the walk itself is never cut short. */
#define MAX_NODES        2048   /* nodes whose offsets are remembered */
#define MAX_COSTLY       48     /* phandle and path lookups (each O(size)) */
#define PATH_BUF         4096

typedef struct walk {
	const fdt_t *fdt;
	int nodes[MAX_NODES];
	size_t count;          /* nodes seen, even past MAX_NODES */
	unsigned costly;       /* O(size) lookups done so far */
	int stack[FDT_MAX_DEPTH + 1];   /* stack[d]: the open node at depth d */
	int last[FDT_MAX_DEPTH + 2];    /* last[d]: previous node at depth d with the same parent, or -1 */
} walk_t;

static bool fdt_inside(const fdt_t *fdt, const void *p, size_t n)
{
	return fuzz_inside(p, n, fdt->blob, fdt->totalsize);
}

/* A C string that must end inside [base, base + size). */
static void check_string_in(const char *s, const void *base, size_t size, const char *what)
{
	FUZZ_CHECK(fuzz_inside(s, 1, base, size), "%s starts outside its block", what);
	FUZZ_CHECK(memchr(s, '\0', size - (size_t)((const uint8_t *)s - (const uint8_t *)base)) != NULL,
		   "%s is not terminated inside its block", what);
}

/* ---- paths ---- */

/* fdt_get_path() into exactly-sized buffers: too small fails without
 * writing past the end, big enough gives `path`. */
static void check_path_buffers(const fdt_t *fdt, int node, const char *path)
{
	size_t len = strlen(path), sizes[4] = { 0, 1, len, len + 1 };
	unsigned i;

	for (i = 0; i < 4; i++) {
		char *buf = fuzz_alloc(sizes[i]);
		bool ok = fdt_get_path(fdt, node, buf, sizes[i]);

		FUZZ_CHECK(ok == (sizes[i] > len), "fdt_get_path into %zu bytes for a %zu-char path",
			   sizes[i], len);
		if (ok)
			FUZZ_CHECK(strcmp(buf, path) == 0, "path differs with an exact buffer");
		else if (sizes[i] > 0)
			FUZZ_CHECK(buf[0] == '\0', "a failed fdt_get_path leaves a non-empty string");
		free(buf);
	}
}

/* Would path component `comp` select the node named `name`? The rule of
 * libfdt and lib/fdt, written again: the same name, or `name` with a unit
 * address when `comp` gives none. */
static bool component_selects(const char *name, const char *comp)
{
	size_t n = strlen(comp);

	return strcmp(name, comp) == 0 ||
	       (strchr(comp, '@') == NULL && strncmp(name, comp, n) == 0 && name[n] == '@');
}

/* Does the path of `node` name it alone? Not when a node on the way has
 * an earlier sibling its component also selects (duplicate names;
 * "memory" after "memory@1"). Empty names and names with '/' would spoil
 * it too, but fdt_open refuses them (check_node asserts it). */
static bool path_is_unique(const fdt_t *fdt, int node)
{
	int parent, sib;

	for (; (parent = fdt_parent(fdt, node)) >= 0; node = parent) {
		const char *name = fdt_node_name(fdt, node);

		for (sib = fdt_first_child(fdt, parent); sib >= 0 && sib != node;
		     sib = fdt_next_sibling(fdt, sib))
			if (component_selects(fdt_node_name(fdt, sib), name))
				return false;
	}
	return true;
}

/* The path of `node` leads back to it when it names it alone, and to a
 * node with the same path or nowhere when it does not. */
static void check_path(walk_t *w, int node, int depth)
{
	char path[PATH_BUF], again[PATH_BUF];
	int found;

	if (!fdt_get_path(w->fdt, node, path, sizeof(path)))
		return;   /* longer than PATH_BUF: the small-buffer cases cover it */
	FUZZ_CHECK(path[0] == '/', "path \"%s\" is not absolute", path);
	FUZZ_CHECK((depth == 0) == (strcmp(path, "/") == 0), "node at depth %d has path \"%s\"",
		   depth, path);
	if (w->costly >= MAX_COSTLY)
		return;
	w->costly++;
	check_path_buffers(w->fdt, node, path);
	found = fdt_path_offset(w->fdt, path, strlen(path));
	if (path_is_unique(w->fdt, node))
		FUZZ_CHECK(found == node, "path \"%s\" of node 0x%x leads to %d", path, node, found);
	else
		FUZZ_CHECK(found < 0 || fdt_get_path(w->fdt, found, again, sizeof(again)),
			   "path \"%s\" leads to a non-node %d", path, found);
}

/* ---- properties ---- */

static void check_props(walk_t *w, int node)
{
	const fdt_t *fdt = w->fdt;
	const uint8_t *strings = fdt->blob + fdt->strings_off;
	int prop;

	for (prop = fdt_first_prop(fdt, node); prop >= 0; prop = fdt_next_prop(fdt, prop)) {
		const char *name;
		fdt_prop_t value, again;

		FUZZ_CHECK((uint32_t)prop < fdt->struct_size && (prop & 3) == 0,
			   "property offset 0x%x outside the structure block", prop);
		FUZZ_CHECK(fdt_prop_at(fdt, prop, &name, &value), "listed property 0x%x unreadable", prop);
		check_string_in(name, strings, fdt->strings_size, "property name");
		FUZZ_CHECK(fuzz_inside(value.data, value.len, fdt->blob + fdt->struct_off,
				       fdt->struct_size), "property value outside the structure block");
		/* By name: the first property so named, so at or before this one. */
		FUZZ_CHECK(fdt_get_prop(fdt, node, name, &again), "property \"%s\" not found by name", name);
		FUZZ_CHECK(again.data <= value.data, "fdt_get_prop(\"%s\") skipped the first match", name);
		fuzz_fdt_check_value(fdt, &value);
		if (w->costly < MAX_COSTLY) {
			w->costly++;
			fuzz_fdt_check_lookups(fdt, &value);
		}
	}
	/* Accessors on a property offset that is a node: refused. */
	FUZZ_CHECK(!fdt_prop_at(fdt, node, NULL, NULL), "node 0x%x read as a property", node);
	FUZZ_CHECK(fdt_next_prop(fdt, node) < 0, "node 0x%x iterated as a property", node);
}

/* ---- nodes ---- */

static void check_phandle(walk_t *w, int node)
{
	uint32_t ph;
	int found;

	if (!fdt_node_u32(w->fdt, node, "phandle", &ph) || ph == 0 || ph == 0xffffffffu ||
	    w->costly >= MAX_COSTLY)
		return;
	w->costly++;
	found = fdt_node_by_phandle(w->fdt, ph);
	/* The first node in document order that carries it: this one or before. */
	FUZZ_CHECK(found >= 0 && found <= node, "phandle 0x%x of node 0x%x found at %d", ph, node, found);
}

static void check_node(walk_t *w, int node, int depth)
{
	const fdt_t *fdt = w->fdt;
	const char *name = fdt_node_name(fdt, node);
	uint32_t cells;

	FUZZ_CHECK(name != NULL, "walked node 0x%x has no name", node);
	check_string_in(name, fdt->blob + fdt->struct_off, fdt->struct_size, "node name");
	/* fdt_open's promise: below the root, a name is one path component. */
	FUZZ_CHECK(depth == 0 || (name[0] != '\0' && strchr(name, '/') == NULL),
		   "node 0x%x at depth %d is named \"%s\"", node, depth, name);
	FUZZ_CHECK(fdt_depth(fdt, node) == depth, "node 0x%x: fdt_depth %d, walk depth %d", node,
		   fdt_depth(fdt, node), depth);
	FUZZ_CHECK(fdt_parent(fdt, node) == (depth == 0 ? -1 : w->stack[depth - 1]),
		   "node 0x%x: fdt_parent %d, walk says %d", node, fdt_parent(fdt, node),
		   depth == 0 ? -1 : w->stack[depth - 1]);
	(void)fdt_node_is_enabled(fdt, node);
	(void)fdt_node_is_compatible(fdt, node, "riscv,plic0");
	(void)fdt_node_u32(fdt, node, "#address-cells", &cells);
	(void)fdt_address_cells(fdt, node);
	(void)fdt_size_cells(fdt, node);
	check_path(w, node, depth);
	check_props(w, node);
	check_phandle(w, node);
}

/* Feeds one walk step to the sibling/child bookkeeping: `node` at `depth`
 * follows `prev` at `prev_depth` in document order. */
static void check_links(walk_t *w, int prev, int prev_depth, int node, int depth)
{
	const fdt_t *fdt = w->fdt;
	int d;

	if (prev >= 0) {
		int child = fdt_first_child(fdt, prev);

		FUZZ_CHECK(child == (depth == prev_depth + 1 ? node : -1),
			   "node 0x%x: first child %d, walk says %d", prev, child,
			   depth == prev_depth + 1 ? node : -1);
	}
	/* Nodes deeper than `depth` are closed: they had no later sibling. */
	for (d = depth + 1; d <= FDT_MAX_DEPTH + 1 && w->last[d] >= 0; d++) {
		FUZZ_CHECK(fdt_next_sibling(fdt, w->last[d]) < 0, "last child 0x%x has a next sibling",
			   w->last[d]);
		w->last[d] = -1;
	}
	if (node < 0)
		return;
	if (w->last[depth] >= 0)
		FUZZ_CHECK(fdt_next_sibling(fdt, w->last[depth]) == node,
			   "node 0x%x: next sibling %d, walk says 0x%x", w->last[depth],
			   fdt_next_sibling(fdt, w->last[depth]), node);
	w->last[depth] = node;
}

static void walk_tree(walk_t *w)
{
	const fdt_t *fdt = w->fdt;
	int node = fdt_root(fdt), prev = -1, depth = 0, prev_depth = -1, d;

	FUZZ_CHECK(node == 0, "fdt_root of an accepted blob is %d", node);
	for (d = 0; d <= FDT_MAX_DEPTH + 1; d++)
		w->last[d] = -1;
	w->count = 0;
	while (node >= 0) {
		FUZZ_CHECK(depth >= 0 && depth <= FDT_MAX_DEPTH, "walk depth %d", depth);
		FUZZ_CHECK((uint32_t)node < fdt->struct_size && (node & 3) == 0,
			   "walk reached offset 0x%x", node);
		FUZZ_CHECK(node > prev, "the walk went backwards: 0x%x after 0x%x", node, prev);
		w->stack[depth] = node;
		check_links(w, prev, prev_depth, node, depth);
		check_node(w, node, depth);
		if (w->count < MAX_NODES)
			w->nodes[w->count] = node;
		w->count++;
		prev = node;
		prev_depth = depth;
		node = fdt_walk_next(fdt, node, &depth);
	}
	check_links(w, prev, prev_depth, -1, -1);
}

/* ---- offsets that are not nodes ---- */

/* Every accessor on an offset that may be garbage: no crash, and whatever
 * comes back is inside the structure block. */
static void probe_offset(const fdt_t *fdt, int off)
{
	char path[64];
	const char *name;
	fdt_prop_t value;
	int r, depth = 0;

	r = fdt_first_child(fdt, off);
	FUZZ_CHECK(r < 0 || (uint32_t)r < fdt->struct_size, "first child of %d is 0x%x", off, r);
	r = fdt_next_sibling(fdt, off);
	FUZZ_CHECK(r < 0 || (uint32_t)r < fdt->struct_size, "next sibling of %d is 0x%x", off, r);
	r = fdt_walk_next(fdt, off, &depth);
	FUZZ_CHECK(r < 0 || (uint32_t)r < fdt->struct_size, "walk from %d gives 0x%x", off, r);
	r = fdt_parent(fdt, off);
	FUZZ_CHECK(r < 0 || (uint32_t)r < fdt->struct_size, "parent of %d is 0x%x", off, r);
	(void)fdt_depth(fdt, off);
	name = fdt_node_name(fdt, off);
	if (name != NULL)
		FUZZ_CHECK(fdt_inside(fdt, name, strlen(name) + 1), "name at %d outside the blob", off);
	(void)fdt_get_path(fdt, off, path, sizeof(path));
	r = fdt_first_prop(fdt, off);
	FUZZ_CHECK(r < 0 || (uint32_t)r < fdt->struct_size, "first property of %d is 0x%x", off, r);
	r = fdt_next_prop(fdt, off);
	FUZZ_CHECK(r < 0 || (uint32_t)r < fdt->struct_size, "next property of %d is 0x%x", off, r);
	if (fdt_prop_at(fdt, off, &name, &value))
		FUZZ_CHECK(fdt_inside(fdt, value.data, value.len) &&
			   fdt_inside(fdt, name, strlen(name) + 1), "property at %d outside the blob", off);
	(void)fdt_node_is_enabled(fdt, off);
	(void)fdt_address_cells(fdt, off);
	(void)fdt_get_prop(fdt, off, "reg", &value);
}

static void probe_offsets(const fdt_t *fdt)
{
	static const int odd[] = { -1, -4, INT_MIN, INT_MAX, 1, 2, 3, 5 };
	uint32_t off, end = fdt->struct_size + 8;
	unsigned i;

	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		probe_offset(fdt, odd[i]);
	/* Every word of a small block, the first 256 bytes and the tail of a
	 * big one: enough to land inside values and names. */
	for (off = 0; off < end; off += 4) {
		if (end > 512 && off == 256)
			off = end - 256;
		probe_offset(fdt, (int)off);
	}
}

/* ---- memory reservation block ---- */

static void check_memreserve(const fdt_t *fdt)
{
	uint32_t i;

	for (i = 0; i < fdt->memreserve_count + 2; i++) {
		uint64_t base, size;
		bool ok = fdt_memreserve(fdt, i, &base, &size);

		FUZZ_CHECK(ok == (i < fdt->memreserve_count), "fdt_memreserve(%u) of %u entries",
			   i, fdt->memreserve_count);
	}
}

/* ---- opening ---- */

/* What any accessor must say about a refused (cleared) fdt_t. */
static void check_refused(const fdt_t *fdt, fdt_status_t st, const diag_t *diag)
{
	FUZZ_CHECK(st != FDT_OK, "status");
	FUZZ_CHECK(memchr(diag->msg, '\0', sizeof(diag->msg)) != NULL && diag->msg[0] != '\0',
		   "refusal (%s) without a message", fdt_status_name(st));
	FUZZ_CHECK(fdt->blob == NULL && fdt->totalsize == 0, "a refused blob left state behind");
	FUZZ_CHECK(fdt_root(fdt) < 0 && fdt_first_child(fdt, 0) < 0 &&
		   fdt_path_offset(fdt, "/", 1) < 0 && !fdt_memreserve(fdt, 0, NULL, NULL),
		   "accessors answer on a refused blob");
}

static void check_layout(const fdt_t *fdt, size_t size)
{
	FUZZ_CHECK(fdt->totalsize <= size, "totalsize %u > buffer %zu", fdt->totalsize, size);
	FUZZ_CHECK((uint64_t)fdt->struct_off + fdt->struct_size <= fdt->totalsize &&
		   (uint64_t)fdt->strings_off + fdt->strings_size <= fdt->totalsize &&
		   fdt->rsvmap_off + 16ull * (fdt->memreserve_count + 1) <= fdt->totalsize,
		   "a block lies outside totalsize");
}

/* The same blob in a fresh buffer via fdt_rebase(), the old one freed:
 * the walk finds the same nodes at the same offsets. */
static void check_rebase(walk_t *w, const fdt_t *fdt, uint8_t *old)
{
	uint8_t *copy = fuzz_dup(old, fdt->totalsize);
	fdt_t moved = *fdt;
	size_t n = 0;
	int node, depth = 0;

	free(old);
	fdt_rebase(&moved, copy);
	for (node = fdt_root(&moved); node >= 0; node = fdt_walk_next(&moved, node, &depth)) {
		const char *name = fdt_node_name(&moved, node);

		FUZZ_CHECK(name != NULL && fuzz_inside(name, 1, copy, moved.totalsize),
			   "after rebase, node 0x%x's name is not in the new buffer", node);
		if (n < MAX_NODES && n < w->count)
			FUZZ_CHECK(w->nodes[n] == node, "after rebase, node %zu moved", n);
		n++;
	}
	FUZZ_CHECK(n == w->count, "after rebase %zu nodes, before %zu", n, w->count);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static walk_t w;
	uint8_t *buf = fuzz_dup(data, size);
	fdt_t fdt;
	diag_t diag;
	fdt_status_t st;
	uint32_t peek = fdt_peek_totalsize(buf, size);

	FUZZ_CHECK(peek == (size >= 40 && fuzz_be32(buf) == 0xd00dfeedu ? fuzz_be32(buf + 4) : 0),
		   "fdt_peek_totalsize says %u", peek);
	diag.msg[0] = '\0';
	st = fdt_open(&fdt, buf, size, &diag);
	if (st != FDT_OK) {
		check_refused(&fdt, st, &diag);
		free(buf);
		return 0;
	}
	check_layout(&fdt, size);
	/* One byte short of totalsize is a truncated blob. */
	{
		fdt_t shorter;

		FUZZ_CHECK(fdt_open(&shorter, buf, fdt.totalsize - 1, NULL) == FDT_ERR_TRUNCATED,
			   "a blob one byte short of totalsize is not refused as truncated");
	}
	w.fdt = &fdt;
	w.costly = 0;
	walk_tree(&w);
	check_memreserve(&fdt);
	fuzz_fdt_check_aliases(&fdt);
	probe_offsets(&fdt);
	check_rebase(&w, &fdt, buf);
	return 0;
}
