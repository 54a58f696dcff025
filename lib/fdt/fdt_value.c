/*
 * FDT reader, part 3: reading property values.
 *
 * Owns the value helpers (cells, strings, string lists) and the node
 * shorthands built on them (compatible, status, #address-cells...). A
 * fdt_prop_t may come from anywhere, so every read is checked against its
 * `len` and nothing assumes a terminator that is not there.
 */
#include "fdt/fdt.h"
#include "fdt/fdt_priv.h"

/* Is the property usable at all? (data may be NULL only when empty) */
static bool fdt_prop_ok(const fdt_prop_t *prop)
{
	return prop != NULL && (prop->data != NULL || prop->len == 0);
}

bool fdt_prop_u32(const fdt_prop_t *prop, uint32_t index, uint32_t *out)
{
	uint64_t off = (uint64_t)index * 4;

	if (!fdt_prop_ok(prop) || off + 4 > prop->len)
		return false;
	if (out != NULL)
		*out = fdt_be32(prop->data + off);
	return true;
}

bool fdt_prop_cells(const fdt_prop_t *prop, uint32_t first_cell, uint32_t cells, uint64_t *out)
{
	uint64_t end = ((uint64_t)first_cell + cells) * 4;
	uint64_t v = 0;
	uint32_t i;

	if (!fdt_prop_ok(prop) || cells > 2 || end > prop->len)
		return false;
	for (i = 0; i < cells; i++)
		v = v << 32 | fdt_be32(prop->data + ((uint64_t)first_cell + i) * 4);
	if (out != NULL)
		*out = v;
	return true;
}

/* Length of the string starting at byte `pos` of the value; false when it
 * has no terminator before the value ends. */
static bool fdt_prop_str_len(const fdt_prop_t *prop, uint32_t pos, uint32_t *len)
{
	uint32_t room = prop->len - pos;
	size_t n = fdt_strnlen((const char *)prop->data + pos, room);

	if (n == room)
		return false;
	*len = (uint32_t)n;
	return true;
}

bool fdt_prop_string(const fdt_prop_t *prop, const char **out)
{
	uint32_t n;

	/* exactly one string: its terminator is the last byte */
	if (!fdt_prop_ok(prop) || prop->len == 0 || !fdt_prop_str_len(prop, 0, &n) ||
	    n + 1 != prop->len)
		return false;
	if (out != NULL)
		*out = (const char *)prop->data;
	return true;
}

const char *fdt_prop_string_at(const fdt_prop_t *prop, uint32_t index)
{
	uint32_t pos = 0, n, i = 0;

	if (!fdt_prop_ok(prop))
		return NULL;
	while (pos < prop->len) {
		if (!fdt_prop_str_len(prop, pos, &n))
			return NULL;   /* unterminated tail */
		if (i == index)
			return (const char *)prop->data + pos;
		pos += n + 1;
		i++;
	}
	return NULL;
}

bool fdt_prop_has_string(const fdt_prop_t *prop, const char *s)
{
	uint32_t pos = 0, n;

	if (!fdt_prop_ok(prop) || s == NULL)
		return false;
	/* Complete strings before a malformed tail still count (as in libfdt). */
	while (pos < prop->len && fdt_prop_str_len(prop, pos, &n)) {
		if (fdt_str_eq_n(s, (const char *)prop->data + pos, n))
			return true;
		pos += n + 1;
	}
	return false;
}

bool fdt_node_is_compatible(const fdt_t *fdt, int node, const char *compatible)
{
	fdt_prop_t p;

	return fdt_get_prop(fdt, node, "compatible", &p) && fdt_prop_has_string(&p, compatible);
}

bool fdt_node_u32(const fdt_t *fdt, int node, const char *name, uint32_t *out)
{
	fdt_prop_t p;

	return fdt_get_prop(fdt, node, name, &p) && p.len == 4 && fdt_prop_u32(&p, 0, out);
}

bool fdt_node_is_enabled(const fdt_t *fdt, int node)
{
	fdt_prop_t p;
	const char *s;

	if (fdt_node_name(fdt, node) == NULL)
		return false;   /* not a node at all */
	if (!fdt_get_prop(fdt, node, "status", &p))
		return true;
	s = fdt_prop_string_at(&p, 0);
	return s != NULL && (fdt_str_eq_n(s, "okay", 4) || fdt_str_eq_n(s, "ok", 2));
}

uint32_t fdt_address_cells(const fdt_t *fdt, int node)
{
	uint32_t v;

	return fdt_node_u32(fdt, node, "#address-cells", &v) ? v : 2;
}

uint32_t fdt_size_cells(const fdt_t *fdt, int node)
{
	uint32_t v;

	return fdt_node_u32(fdt, node, "#size-cells", &v) ? v : 1;
}
