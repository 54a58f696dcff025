/*
 * FDT reader, part 2: finding things in an opened blob.
 *
 * Owns node navigation (root, children, siblings, parent, depth, names),
 * path and alias lookup, path construction, phandle lookup and property
 * iteration. Node and property numbers come from callers and may be
 * anything, so every step goes through fdt_tok_decode(), which bounds each
 * read; walks only move forward and stop at the block end, so they always
 * terminate. Walks that must know where a node really sits (parent, depth,
 * path) start from the root and so only ever see genuine token boundaries.
 */
#include "fdt/fdt.h"
#include "fdt/fdt_priv.h"

/* Decodes the BEGIN_NODE token at `node`; false when there is none. */
static bool fdt_node_token(const fdt_t *fdt, int node, fdt_token_t *t)
{
	if (node < 0)
		return false;
	return fdt_tok_decode(fdt, (uint64_t)node, t) == FDT_TOK_OK &&
	       t->tag == FDT_TOKEN_BEGIN_NODE;
}

/* Decodes the first token at or after `off` that is not a NOP. */
static bool fdt_skip_nops(const fdt_t *fdt, uint64_t off, fdt_token_t *t)
{
	for (;;) {
		if (fdt_tok_decode(fdt, off, t) != FDT_TOK_OK)
			return false;
		if (t->tag != FDT_TOKEN_NOP)
			return true;
		off = t->next;
	}
}

int fdt_root(const fdt_t *fdt)
{
	fdt_token_t t;

	/* fdt_open() only accepts blobs whose first token is the root */
	return fdt_node_token(fdt, 0, &t) ? 0 : -1;
}

int fdt_first_child(const fdt_t *fdt, int node)
{
	fdt_token_t t;
	uint64_t off;

	if (!fdt_node_token(fdt, node, &t))
		return -1;
	/* Properties come first, then the subnodes. */
	for (off = t.next;; off = t.next) {
		if (fdt_tok_decode(fdt, off, &t) != FDT_TOK_OK)
			return -1;
		if (t.tag == FDT_TOKEN_BEGIN_NODE)
			return (int)t.off;
		if (t.tag != FDT_TOKEN_PROP && t.tag != FDT_TOKEN_NOP)
			return -1;
	}
}

/* Offset just past the END_NODE that closes the node at `node`, or 0 when
 * the token stream from there is not a balanced subtree. */
static uint64_t fdt_subtree_end(const fdt_t *fdt, int node)
{
	fdt_token_t t;
	uint64_t off;
	uint32_t open = 0;

	if (!fdt_node_token(fdt, node, &t))
		return 0;
	for (off = (uint64_t)node;; off = t.next) {
		if (fdt_tok_decode(fdt, off, &t) != FDT_TOK_OK)
			return 0;
		if (t.tag == FDT_TOKEN_BEGIN_NODE) {
			/* deeper than fdt_open() allows: not a real node */
			if (++open > FDT_MAX_DEPTH + 1)
				return 0;
		} else if (t.tag == FDT_TOKEN_END_NODE) {
			if (--open == 0)
				return t.next;
		} else if (t.tag == FDT_TOKEN_END) {
			return 0;
		}
	}
}

int fdt_next_sibling(const fdt_t *fdt, int node)
{
	fdt_token_t t;
	uint64_t end = fdt_subtree_end(fdt, node);

	if (end == 0 || !fdt_skip_nops(fdt, end, &t) || t.tag != FDT_TOKEN_BEGIN_NODE)
		return -1;
	return (int)t.off;
}

int fdt_walk_next(const fdt_t *fdt, int node, int *depth)
{
	fdt_token_t t;
	uint64_t off;
	int d = 0;

	if (!fdt_node_token(fdt, node, &t))
		return -1;
	for (off = t.next;; off = t.next) {
		if (fdt_tok_decode(fdt, off, &t) != FDT_TOK_OK || t.tag == FDT_TOKEN_END)
			return -1;
		if (t.tag == FDT_TOKEN_BEGIN_NODE) {
			if (depth != NULL)
				*depth += d + 1;
			return (int)t.off;
		}
		if (t.tag == FDT_TOKEN_END_NODE && --d < -(FDT_MAX_DEPTH + 1))
			return -1;
	}
}

/*
 * Finds `node` by walking from the root. On success returns its depth and
 * fills chain[0..depth] with the offsets of the root, ..., node. Returns -1
 * when `node` is not the start of a node.
 */
static int fdt_locate(const fdt_t *fdt, int node, int chain[FDT_MAX_DEPTH + 1])
{
	fdt_token_t t;
	uint64_t off;
	int root = fdt_root(fdt);
	int open = 0;

	if (root < 0 || node < root)
		return -1;
	for (off = (uint64_t)root; off <= (uint64_t)node; off = t.next) {
		if (fdt_tok_decode(fdt, off, &t) != FDT_TOK_OK || t.tag == FDT_TOKEN_END)
			return -1;
		if (t.tag == FDT_TOKEN_BEGIN_NODE) {
			if (open > FDT_MAX_DEPTH)
				return -1;
			chain[open] = (int)t.off;
			if (t.off == (uint32_t)node)
				return open;
			open++;
		} else if (t.tag == FDT_TOKEN_END_NODE) {
			if (open == 0)
				return -1;
			open--;
		}
	}
	return -1;
}

int fdt_parent(const fdt_t *fdt, int node)
{
	int chain[FDT_MAX_DEPTH + 1];
	int depth = fdt_locate(fdt, node, chain);

	return depth > 0 ? chain[depth - 1] : -1;
}

int fdt_depth(const fdt_t *fdt, int node)
{
	int chain[FDT_MAX_DEPTH + 1];

	return fdt_locate(fdt, node, chain);
}

const char *fdt_node_name(const fdt_t *fdt, int node)
{
	fdt_token_t t;

	return fdt_node_token(fdt, node, &t) ? t.name : NULL;
}

/* Appends the NUL-terminated `s` at buf[*pos]; false when it (plus the
 * final NUL) does not fit. */
static bool fdt_append(char *buf, size_t bufsize, size_t *pos, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*pos + 1 >= bufsize)
			return false;
		buf[(*pos)++] = *s;
	}
	return true;
}

bool fdt_get_path(const fdt_t *fdt, int node, char *buf, size_t bufsize)
{
	int chain[FDT_MAX_DEPTH + 1];
	int depth, i;
	size_t pos = 0;
	bool ok;

	if (buf == NULL || bufsize == 0)
		return false;
	buf[0] = '\0';
	depth = fdt_locate(fdt, node, chain);
	if (depth < 0)
		return false;
	ok = depth > 0 || fdt_append(buf, bufsize, &pos, "/");
	for (i = 1; ok && i <= depth; i++)
		ok = fdt_append(buf, bufsize, &pos, "/") &&
		     fdt_append(buf, bufsize, &pos, fdt_node_name(fdt, chain[i]));
	buf[ok ? pos : 0] = '\0';
	return ok;
}

/* ------------------------------------------------------------ paths */

/* libfdt's rule: a component equals the node name, or, when the component
 * has no unit address, the node name's part before '@'. */
static bool fdt_component_matches(const char *name, const char *comp, size_t n)
{
	bool has_unit = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (name[i] == '\0' || name[i] != comp[i])
			return false;
		if (comp[i] == '@')
			has_unit = true;
	}
	/* a component that gives a unit address must match it exactly */
	return name[n] == '\0' || (name[n] == '@' && !has_unit);
}

/* The first child of `node` whose name matches the `n` bytes at `comp`. */
static int fdt_subnode(const fdt_t *fdt, int node, const char *comp, size_t n)
{
	int child;

	for (child = fdt_first_child(fdt, node); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		const char *name = fdt_node_name(fdt, child);

		if (name != NULL && fdt_component_matches(name, comp, n))
			return child;
	}
	return -1;
}

/* Follows the '/'-separated components of path[0..len) down from `node`;
 * empty components (leading, doubled or trailing '/') are skipped. */
static int fdt_descend(const fdt_t *fdt, int node, const char *path, size_t len)
{
	size_t pos = 0, end;

	while (node >= 0) {
		while (pos < len && path[pos] == '/')
			pos++;
		if (pos == len)
			return node;
		for (end = pos; end < len && path[end] != '/'; end++)
			;
		node = fdt_subnode(fdt, node, path + pos, end - pos);
		pos = end;
	}
	return -1;
}

/* Looks up property `name` (exactly `n` bytes) of `node`. */
static bool fdt_find_prop(const fdt_t *fdt, int node, const char *name, size_t n,
			  fdt_prop_t *out)
{
	const char *pname;
	int prop;

	for (prop = fdt_first_prop(fdt, node); prop >= 0; prop = fdt_next_prop(fdt, prop))
		if (fdt_prop_at(fdt, prop, &pname, out) && fdt_str_eq_n(pname, name, n))
			return true;
	return false;
}

/* The node an alias names. The alias value must be an absolute path (no
 * alias chains: that would need recursion and invites loops). */
static int fdt_alias_node(const fdt_t *fdt, const char *alias, size_t n)
{
	int root = fdt_root(fdt);
	int aliases = fdt_subnode(fdt, root, "aliases", 7);
	fdt_prop_t value;
	size_t vlen;

	if (aliases < 0 || !fdt_find_prop(fdt, aliases, alias, n, &value))
		return -1;
	vlen = fdt_strnlen((const char *)value.data, value.len);
	if (vlen == value.len || vlen == 0 || value.data[0] != '/')
		return -1;
	return fdt_descend(fdt, root, (const char *)value.data, vlen);
}

int fdt_path_offset(const fdt_t *fdt, const char *path, size_t len)
{
	size_t first;

	if (path == NULL)
		return -1;
	/* A NUL ends the path early: callers often pass a property's length,
	 * terminator included. */
	len = fdt_strnlen(path, len);
	if (len == 0)
		return -1;
	if (path[0] == '/')
		return fdt_descend(fdt, fdt_root(fdt), path, len);
	for (first = 0; first < len && path[first] != '/'; first++)
		;
	return fdt_descend(fdt, fdt_alias_node(fdt, path, first), path + first, len - first);
}

/* ------------------------------------------------------------ phandles */

static uint32_t fdt_node_phandle(const fdt_t *fdt, int node)
{
	fdt_prop_t p;

	if ((fdt_find_prop(fdt, node, "phandle", 7, &p) && p.len == 4) ||
	    (fdt_find_prop(fdt, node, "linux,phandle", 13, &p) && p.len == 4))
		return fdt_be32(p.data);
	return 0;
}

int fdt_node_by_phandle(const fdt_t *fdt, uint32_t phandle)
{
	int node;

	/* 0 and ~0 are never valid phandles (DT spec 2.3.3). */
	if (phandle == 0 || phandle == 0xffffffffu)
		return -1;
	for (node = fdt_root(fdt); node >= 0; node = fdt_walk_next(fdt, node, NULL))
		if (fdt_node_phandle(fdt, node) == phandle)
			return node;
	return -1;
}

/* ------------------------------------------------------------ properties */

bool fdt_get_prop(const fdt_t *fdt, int node, const char *name, fdt_prop_t *out)
{
	fdt_prop_t p;

	if (name == NULL || !fdt_find_prop(fdt, node, name, fdt_strlen(name), &p))
		return false;
	if (out != NULL)
		*out = p;
	return true;
}

/* The property token at or after `off` (NOPs skipped), or -1. */
static int fdt_prop_from(const fdt_t *fdt, uint64_t off)
{
	fdt_token_t t;

	if (!fdt_skip_nops(fdt, off, &t) || t.tag != FDT_TOKEN_PROP)
		return -1;
	return (int)t.off;
}

int fdt_first_prop(const fdt_t *fdt, int node)
{
	fdt_token_t t;

	return fdt_node_token(fdt, node, &t) ? fdt_prop_from(fdt, t.next) : -1;
}

int fdt_next_prop(const fdt_t *fdt, int prop)
{
	fdt_token_t t;

	if (prop < 0 || fdt_tok_decode(fdt, (uint64_t)prop, &t) != FDT_TOK_OK ||
	    t.tag != FDT_TOKEN_PROP)
		return -1;
	return fdt_prop_from(fdt, t.next);
}

bool fdt_prop_at(const fdt_t *fdt, int prop, const char **name, fdt_prop_t *out)
{
	fdt_token_t t;

	if (prop < 0 || fdt_tok_decode(fdt, (uint64_t)prop, &t) != FDT_TOK_OK ||
	    t.tag != FDT_TOKEN_PROP)
		return false;
	if (name != NULL)
		*name = t.name;
	if (out != NULL) {
		out->data = fdt_struct_base(fdt) + t.value_off;
		out->len = t.len;
	}
	return true;
}
