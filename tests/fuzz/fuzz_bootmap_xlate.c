/*
 * The "bootmap" target's reference for `reg` translation: entry k of a
 * node's reg as a CPU physical range, found by climbing fdt_parent() and
 * reading each bus's `ranges` bytes directly. It shares no code with
 * lib/board/board_reg.c (which climbs the walk's frame stack), so the two
 * can be compared: every device and RAM range the board lists must be some
 * entry this reference translates to the very same range.
 *
 * Its one rule the DT spec leaves implicit: a translation whose result
 * would pass the end of the 64-bit address space (a `ranges` parent
 * window that wraps around) has no result. Wrapping to a low address would
 * make up a device or RAM where the device tree put none.
 */
#include "fuzz.h"
#include "fuzz_bootmap.h"

/* #address-cells / #size-cells for the children of `node`: exactly 4
 * bytes, else the spec's defaults 2 and 1. */
static uint32_t cells_of(const fdt_t *fdt, int node, const char *name, uint32_t dflt)
{
	fdt_prop_t p;

	return fdt_get_prop(fdt, node, name, &p) && p.len == 4 ? fuzz_be32(p.data) : dflt;
}

/* `n` cells (0..2) at cell index `at` of a value known to hold them. */
static uint64_t read_cells(const uint8_t *v, uint32_t at, uint32_t n)
{
	uint64_t x = 0;
	uint32_t i;

	for (i = 0; i < n; i++)
		x = x << 32 | fuzz_be32(v + 4 * (at + i));
	return x;
}

/* One bus up: `*addr` seen by the children of `bus` becomes the address
 * its parent `up` sees. */
static bool climb(const fdt_t *fdt, int bus, int up, uint64_t *addr)
{
	uint32_t ca = cells_of(fdt, bus, "#address-cells", 2);
	uint32_t cs = cells_of(fdt, bus, "#size-cells", 1);
	uint32_t pa = cells_of(fdt, up, "#address-cells", 2);
	uint32_t width, i;
	fdt_prop_t r;

	if (ca > 2 || cs > 2 || pa > 2 || !fdt_get_prop(fdt, bus, "ranges", &r))
		return false;
	if (r.len == 0)
		return true;   /* identity */
	width = ca + pa + cs;
	if (width == 0 || r.len % (4 * width) != 0)
		return false;
	for (i = 0; i < r.len / (4 * width); i++) {
		uint64_t child = read_cells(r.data, i * width, ca);
		uint64_t parent = read_cells(r.data, i * width + ca, pa);
		uint64_t len = read_cells(r.data, i * width + ca + pa, cs);

		if (*addr < child || *addr - child >= len)
			continue;
		if (*addr - child > UINT64_MAX - parent)
			return false;   /* the parent window wraps around */
		*addr = parent + (*addr - child);
		return true;
	}
	return false;
}

bool fuzz_reg_translate(const fdt_t *fdt, int node, uint32_t k, uint64_t *base, uint64_t *size)
{
	int bus = fdt_parent(fdt, node), up;
	uint32_t ac, sc;
	fdt_prop_t reg;

	if (bus < 0 || !fdt_get_prop(fdt, node, "reg", &reg))
		return false;
	ac = cells_of(fdt, bus, "#address-cells", 2);
	sc = cells_of(fdt, bus, "#size-cells", 1);
	if (ac > 2 || sc > 2 || ac + sc == 0 || ((uint64_t)k + 1) * 4 * (ac + sc) > reg.len)
		return false;
	*base = read_cells(reg.data, k * (ac + sc), ac);
	*size = read_cells(reg.data, k * (ac + sc) + ac, sc);
	/* The root's children already see CPU physical addresses. */
	for (; (up = fdt_parent(fdt, bus)) >= 0; bus = up)
		if (!climb(fdt, bus, up, base))
			return false;
	return *size <= UINT64_MAX - *base;
}
