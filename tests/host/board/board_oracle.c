/*
 * The board oracle (see board_oracle.h): the device-tree rules Basalt
 * follows, re-derived with libfdt. Nodes are visited with libfdt's
 * fdt_next_node() and a stack of ancestor offsets; every question about an
 * ancestor (cells, ranges, device_type) is asked of libfdt again rather than
 * remembered, and paths come from libfdt's fdt_get_path().
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "board_oracle.h"
#include "../fdt/fdt_oracle.h"

#define ORB_DEPTH 80

typedef struct orb_ctx {
	const void *blob;
	orb_board_t *out;
	int stack[ORB_DEPTH];     /* stack[d] = the ancestor at depth d */
	int dev_node[ORB_MAX];    /* node of out->devices[i] */
	bool ok;
} orb_ctx_t;

static uint64_t be_cells(const uint8_t *p, int cells)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < cells * 4; i++)
		v = (v << 8) | p[i];
	return v;
}

static const char *prop_str(const void *blob, int node, const char *name)
{
	int len;
	const char *s = orc_getprop(blob, node, name, &len);

	if (s == NULL || len <= 0 || s[len - 1] != '\0')
		return NULL;
	return s;
}

static bool has_prop(const void *blob, int node, const char *name)
{
	int len;

	return orc_getprop(blob, node, name, &len) != NULL;
}

static bool is_enabled(const void *blob, int node)
{
	const char *s = prop_str(blob, node, "status");

	return s == NULL || strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}

static bool has_type(const void *blob, int node, const char *type)
{
	const char *s = prop_str(blob, node, "device_type");

	return s != NULL && strcmp(s, type) == 0;
}

static bool compatible(const void *blob, int node, const char *c)
{
	return orc_node_check_compatible(blob, node, c) == 0;
}

static void path_of(const void *blob, int node, char *buf)
{
	if (orc_get_path(blob, node, buf, ORB_PATH) < 0)
		snprintf(buf, ORB_PATH, "?");
}

/* Cell counts of `node`'s children; 99 when libfdt refuses the value. */
static int acells(const void *blob, int node)
{
	int n = orc_address_cells(blob, node);

	return n < 0 ? 99 : n;
}

static int scells(const void *blob, int node)
{
	int n = orc_size_cells(blob, node);

	return n < 0 ? 99 : n;
}

/* Addresses of the children of stack[level] are CPU addresses when every
 * bus from there to the root has ranges and numbers of at most 2 cells. */
static bool mapped(const orb_ctx_t *c, int level)
{
	int l;

	if (acells(c->blob, c->stack[0]) > 2 || scells(c->blob, c->stack[0]) > 2)
		return false;
	for (l = 1; l <= level; l++) {
		int n = c->stack[l];

		if (!has_prop(c->blob, n, "ranges") || acells(c->blob, n) > 2 || scells(c->blob, n) > 2)
			return false;
	}
	return true;
}

static bool translate(const orb_ctx_t *c, int level, uint64_t *addr)
{
	int l;

	for (l = level; l >= 1; l--) {
		int bus = c->stack[l];
		int ca = acells(c->blob, bus), pa = acells(c->blob, c->stack[l - 1]);
		int sc = scells(c->blob, bus);
		int len, entry = (ca + pa + sc) * 4, i;
		const uint8_t *r = orc_getprop(c->blob, bus, "ranges", &len);
		bool found = false;

		if (r == NULL)
			return false;
		if (len == 0)
			continue;
		for (i = 0; i + entry <= len && !found; i += entry) {
			uint64_t child = be_cells(r + i, ca);
			uint64_t parent = be_cells(r + i + ca * 4, pa);
			uint64_t size = be_cells(r + i + (ca + pa) * 4, sc);

			if (*addr >= child && *addr - child < size) {
				*addr = parent + (*addr - child);
				found = true;
			}
		}
		if (!found)
			return false;
	}
	return true;
}

/* ---- what the walk collects ---- */

static void add_memory(orb_ctx_t *c, int node, int depth)
{
	int parent = c->stack[depth - 1];
	int ac = acells(c->blob, parent), sc = scells(c->blob, parent), len, i;
	const uint8_t *reg = orc_getprop(c->blob, node, "reg", &len);

	if (reg == NULL || !is_enabled(c->blob, node))
		return;
	for (i = 0; i + (ac + sc) * 4 <= len; i += (ac + sc) * 4) {
		uint64_t base = be_cells(reg + i, ac), size = be_cells(reg + i + ac * 4, sc);

		if (size != 0 && translate(c, depth - 1, &base) && c->out->memory_count < ORB_MAX) {
			c->out->memory[c->out->memory_count].base = base;
			c->out->memory[c->out->memory_count++].size = size;
		}
	}
}

static void add_reserved_child(orb_ctx_t *c, int node, int depth)
{
	int parent = c->stack[depth - 1];
	int ac = acells(c->blob, parent), sc = scells(c->blob, parent), len, i;
	const uint8_t *reg = orc_getprop(c->blob, node, "reg", &len);
	char path[ORB_PATH];

	if (reg == NULL || !is_enabled(c->blob, node))
		return;
	path_of(c->blob, node, path);
	for (i = 0; i + (ac + sc) * 4 <= len; i += (ac + sc) * 4) {
		orb_reserved_t *r;
		uint64_t size = be_cells(reg + i + ac * 4, sc);

		if (size == 0 || c->out->reserved_count >= ORB_MAX)
			continue;
		r = &c->out->reserved[c->out->reserved_count++];
		r->base = be_cells(reg + i, ac);
		r->size = size;
		memcpy(r->path, path, sizeof(r->path));
		r->no_map = has_prop(c->blob, node, "no-map");
	}
}

static void add_devices(orb_ctx_t *c, int node, int depth)
{
	int parent = c->stack[depth - 1];
	int ac = acells(c->blob, parent), sc = scells(c->blob, parent), len, i;
	const uint8_t *reg = orc_getprop(c->blob, node, "reg", &len);
	char path[ORB_PATH];

	if (reg == NULL || sc == 0 || !mapped(c, depth - 1))
		return;
	path_of(c->blob, node, path);
	for (i = 0; i + (ac + sc) * 4 <= len; i += (ac + sc) * 4) {
		uint64_t base = be_cells(reg + i, ac), size = be_cells(reg + i + ac * 4, sc);
		orb_device_t *d;

		if (!translate(c, depth - 1, &base) || c->out->device_count >= ORB_MAX)
			continue;
		c->dev_node[c->out->device_count] = node;
		d = &c->out->devices[c->out->device_count++];
		memcpy(d->path, path, sizeof(d->path));
		d->base = base;
		d->size = size;
	}
}

static void visit(orb_ctx_t *c, int node, int depth)
{
	const char *top = orc_get_name(c->blob, c->stack[1]);
	int l;

	if (strcmp(top, "cpus") == 0)
		return;
	if (strcmp(top, "reserved-memory") == 0) {
		if (depth == 2)
			add_reserved_child(c, node, depth);
		return;
	}
	for (l = 1; l < depth; l++) {
		if (has_type(c->blob, c->stack[l], "memory"))
			return;
	}
	if (has_type(c->blob, node, "memory"))
		add_memory(c, node, depth);
	else
		add_devices(c, node, depth);
}

/* ---- harts ---- */

static int mmu_of(const void *blob, int node)
{
	const char *s = prop_str(blob, node, "mmu-type");

	if (s == NULL)
		return 0;
	if (strcmp(s, "riscv,sv39") == 0)
		return 39;
	if (strcmp(s, "riscv,sv48") == 0)
		return 48;
	if (strcmp(s, "riscv,sv57") == 0)
		return 57;
	return 0;
}

static bool rv64(const void *blob, int node)
{
	const char *s = prop_str(blob, node, "riscv,isa");

	if (s == NULL)
		s = prop_str(blob, node, "riscv,isa-base");
	return s != NULL && strncasecmp(s, "rv64", 4) == 0;
}

static uint64_t freq_of(const void *blob, int node)
{
	int len;
	const uint8_t *p = orc_getprop(blob, node, "timebase-frequency", &len);

	if (p == NULL || (len != 4 && len != 8))
		return 0;
	return be_cells(p, len / 4);
}

static void read_harts(orb_ctx_t *c)
{
	const void *blob = c->blob;
	orb_board_t *o = c->out;
	int cpus = orc_path_offset(blob, "/cpus"), node, ac;
	orc_header_t h;

	if (cpus < 0)
		return;
	ac = acells(blob, cpus);
	for (node = orc_first_subnode(blob, cpus); node >= 0; node = orc_next_subnode(blob, node)) {
		const char *name = orc_get_name(blob, node);
		const uint8_t *reg;
		int len;
		orb_hart_t *hart;

		if (!has_type(blob, node, "cpu") && strcmp(name, "cpu") != 0 &&
		    strncmp(name, "cpu@", 4) != 0)
			continue;
		reg = orc_getprop(blob, node, "reg", &len);
		if (reg == NULL || len < ac * 4 || o->hart_count >= ORB_MAX)
			continue;
		hart = &o->harts[o->hart_count++];
		hart->id = be_cells(reg, ac);
		hart->mmu = mmu_of(blob, node);
		hart->enabled = is_enabled(blob, node);
		hart->usable = hart->enabled && hart->mmu != 0 && rv64(blob, node);
		if (hart->usable && (o->best_mmu == 0 || hart->mmu < o->best_mmu))
			o->best_mmu = hart->mmu;
	}
	o->timebase = freq_of(blob, cpus);
	orc_header(blob, &h);
	/* Fallbacks: the boot hart's cpu node, then any cpu node. */
	for (node = orc_first_subnode(blob, cpus); o->timebase == 0 && node >= 0;
	     node = orc_next_subnode(blob, node)) {
		int len;
		const uint8_t *reg = orc_getprop(blob, node, "reg", &len);

		if (reg != NULL && len >= ac * 4 && be_cells(reg, ac) == h.boot_cpuid_phys)
			o->timebase = freq_of(blob, node);
	}
	for (node = orc_first_subnode(blob, cpus); o->timebase == 0 && node >= 0;
	     node = orc_next_subnode(blob, node))
		o->timebase = freq_of(blob, node);
}

/* ---- chosen, interrupt controller, timer ---- */

static void read_console(orb_ctx_t *c)
{
	orb_board_t *o = c->out;
	int chosen = orc_path_offset(c->blob, "/chosen"), node, len;
	const char *sp;
	unsigned i;

	o->chosen = chosen >= 0;
	if (chosen < 0)
		return;
	sp = prop_str(c->blob, chosen, "stdout-path");
	if (sp == NULL)
		sp = prop_str(c->blob, chosen, "linux,stdout-path");
	if (sp == NULL)
		return;
	len = (int)strcspn(sp, ":");
	node = len > 0 ? orc_path_offset_namelen(c->blob, sp, len) : -1;
	if (node < 0) {
		o->console_unresolved = true;
		return;
	}
	o->console_present = true;
	path_of(c->blob, node, o->console_path);
	for (i = 0; i < o->device_count; i++) {
		if (c->dev_node[i] == node) {
			o->console_base = o->devices[i].base;
			break;
		}
	}
}

static void set_block(orb_ctx_t *c, orb_block_t *b, unsigned i, const char *compat)
{
	int node = c->dev_node[i];
	int len;
	const uint8_t *p;

	b->present = true;
	b->compatible = compat;
	memcpy(b->path, c->out->devices[i].path, ORB_PATH);
	b->base = c->out->devices[i].base;
	b->size = c->out->devices[i].size;
	p = orc_getprop(c->blob, node, "riscv,ndev", &len);
	if (p == NULL)
		p = orc_getprop(c->blob, node, "riscv,num-sources", &len);
	b->ndev = p != NULL && len == 4 ? (uint32_t)be_cells(p, 1) : 0;
}

/* The first device (node in document order, enabled) compatible with any
 * of `table`; `leaf` also requires no riscv,children. */
static bool pick(orb_ctx_t *c, orb_block_t *b, const char *const *table, unsigned n, bool leaf)
{
	unsigned i, k;

	for (i = 0; i < c->out->device_count; i++) {
		int node = c->dev_node[i];

		if (!is_enabled(c->blob, node) || (leaf && has_prop(c->blob, node, "riscv,children")))
			continue;
		if (i > 0 && c->dev_node[i - 1] == node)
			continue;
		for (k = 0; k < n; k++) {
			if (compatible(c->blob, node, table[k])) {
				set_block(c, b, i, table[k]);
				return true;
			}
		}
	}
	return false;
}

static void read_blocks(orb_ctx_t *c)
{
	static const char *const plic[] = { "riscv,plic0", "sifive,plic-1.0.0" };
	static const char *const aplic[] = { "riscv,aplic" };
	static const char *const timer[] = { "riscv,clint0", "sifive,clint0", "riscv,aclint-mtimer" };

	if (!pick(c, &c->out->intc, plic, 2, false) && !pick(c, &c->out->intc, aplic, 1, true))
		pick(c, &c->out->intc, aplic, 1, false);
	pick(c, &c->out->timer, timer, 3, false);
}

bool orb_read(const void *blob, orb_board_t *out)
{
	static orb_ctx_t c;   /* large; the tests run one at a time */
	int node = 0, depth = 0, n, i;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.blob = blob;
	c.out = out;
	c.stack[0] = 0;
	n = orc_num_mem_rsv(blob);
	for (i = 0; i < n; i++) {
		uint64_t base, size;

		if (orc_get_mem_rsv(blob, i, &base, &size) == 0 && size != 0) {
			out->reserved[out->reserved_count].base = base;
			out->reserved[out->reserved_count++].size = size;
		}
	}
	for (;;) {
		node = orc_next_node(blob, node, &depth);
		if (node < 0 || depth < 1)     /* past the root's end */
			break;
		if (depth >= ORB_DEPTH) {
			fprintf(stderr, "oracle: nesting too deep\n");
			return false;
		}
		c.stack[depth] = node;
		visit(&c, node, depth);
	}
	read_harts(&c);
	read_console(&c);
	read_blocks(&c);
	return true;
}
