/*
 * Harts: /cpus children, their ids, MMUs and usability; the timebase; the
 * paging mode every usable hart supports.
 *
 * A hart is usable by Basalt when it is enabled, is RV64 (riscv,isa, or the
 * newer riscv,isa-base, begins with "rv64") and has an MMU mode Basalt
 * drives (mmu-type riscv,sv39/sv48/sv57). A cpu node without a hart id is a
 * hard error even if disabled: the other harts' ids could not be trusted to
 * be complete, and firmware that lost one is broken. So is a hart id given
 * twice, disabled or not: the kernel finds its harts by id (the boot hart
 * by the id in a0, SBI HSM calls by id), and with two nodes for one id it
 * could not know which node's MMU and status describe the hart it runs on.
 */
#include "board/board_internal.h"
#include "base/str.h"

static const struct {
	const char *name;      /* as in mmu-type, after "riscv," */
	paging_mode_t mode;
} board_paging_names[] = {
	{ "sv39", PAGING_SV39 },
	{ "sv48", PAGING_SV48 },
	{ "sv57", PAGING_SV57 },
};

#define BOARD_PAGING_COUNT (sizeof(board_paging_names) / sizeof(board_paging_names[0]))

const char *paging_mode_name(paging_mode_t mode)
{
	uint32_t i;

	for (i = 0; i < BOARD_PAGING_COUNT; i++) {
		if (board_paging_names[i].mode == mode)
			return board_paging_names[i].name;
	}
	return "none";
}

paging_mode_t paging_mode_parse(const char *s, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < BOARD_PAGING_COUNT; i++) {
		if (str_eq_n(s, len, board_paging_names[i].name))
			return board_paging_names[i].mode;
	}
	return PAGING_NONE;
}

const board_hart_t *board_find_hart(const board_t *board, uint64_t hartid)
{
	uint32_t i;

	for (i = 0; i < board->hart_count; i++) {
		if (board->harts[i].id == hartid)
			return &board->harts[i];
	}
	return NULL;
}

/* mmu-type "riscv,svNN"; absent, "riscv,none" or unknown: no MMU. */
static paging_mode_t board_hart_mmu(const fdt_t *fdt, int node)
{
	fdt_prop_t prop;
	const char *s;

	if (!fdt_get_prop(fdt, node, "mmu-type", &prop) || !fdt_prop_string(&prop, &s) ||
	    !str_starts_with(s, "riscv,"))
		return PAGING_NONE;
	s += 6;
	return paging_mode_parse(s, (uint32_t)str_len(s));
}

static bool board_hart_rv64(const fdt_t *fdt, int node)
{
	fdt_prop_t prop;
	const char *s;

	if ((fdt_get_prop(fdt, node, "riscv,isa", &prop) ||
	     fdt_get_prop(fdt, node, "riscv,isa-base", &prop)) &&
	    fdt_prop_string(&prop, &s))
		return str_starts_with_nocase(s, "rv64");
	return false;
}

/* A /cpus child describes a hart: device_type "cpu", or (older trees) a
 * node named "cpu" or "cpu@..." — the same test Linux uses. */
static bool board_is_cpu_node(const fdt_t *fdt, int node)
{
	const char *name;

	if (board_node_has_type(fdt, node, "cpu"))
		return true;
	name = fdt_node_name(fdt, node);
	return name != NULL && (str_eq(name, "cpu") || str_starts_with(name, "cpu@"));
}

static board_status_t board_hart_id(const fdt_t *fdt, int node, uint32_t cells,
				    uint64_t *id, diag_t *diag)
{
	char path[BOARD_PATH_MAX];
	fdt_prop_t reg;

	if (!fdt_get_prop(fdt, node, "reg", &reg) || reg.len == 0) {
		diag_set(diag, "cpu node %s has no reg (hart id unknown)",
			 board_node_path(fdt, node, path, sizeof(path)));
		return BOARD_ERR_CPU_NO_REG;
	}
	if (reg.len % (cells * 4u) != 0) {
		diag_set(diag, "reg of cpu node %s is %u bytes, not a multiple of #address-cells %u * 4",
			 board_node_path(fdt, node, path, sizeof(path)),
			 (unsigned)reg.len, (unsigned)cells);
		return BOARD_ERR_REG;
	}
	(void)fdt_prop_cells(&reg, 0, cells, id);
	return BOARD_OK;
}

/* The hart id is not already some earlier cpu node's. */
static board_status_t board_hart_id_unique(const fdt_t *fdt, const board_t *board, int node,
					   uint64_t id, diag_t *diag)
{
	const board_hart_t *first = board_find_hart(board, id);
	char path[BOARD_PATH_MAX], other[BOARD_PATH_MAX];

	if (first == NULL)
		return BOARD_OK;
	diag_set(diag, "hart id %llu given twice: cpu nodes %s and %s",
		 (unsigned long long)id, board_node_path(fdt, first->node, other, sizeof(other)),
		 board_node_path(fdt, node, path, sizeof(path)));
	return BOARD_ERR_HART_TWICE;
}

static board_status_t board_add_hart(const fdt_t *fdt, board_t *board, int node,
				     uint32_t cells, diag_t *diag)
{
	board_hart_t *h;
	uint64_t id = 0;
	board_status_t st;

	st = board_hart_id(fdt, node, cells, &id, diag);
	if (st == BOARD_OK)
		st = board_hart_id_unique(fdt, board, node, id, diag);
	if (st != BOARD_OK)
		return st;
	if (board->hart_count == BOARD_MAX_HARTS) {
		diag_set(diag, "too many harts (hart table holds %u)", (unsigned)BOARD_MAX_HARTS);
		return BOARD_ERR_TOO_MANY;
	}
	h = &board->harts[board->hart_count++];
	h->id = id;
	h->node = node;
	h->mmu = board_hart_mmu(fdt, node);
	h->enabled = fdt_node_is_enabled(fdt, node);
	h->usable = h->enabled && h->mmu != PAGING_NONE && board_hart_rv64(fdt, node);
	return BOARD_OK;
}

/* timebase-frequency is a u32 or, on some boards, a u64. */
static bool board_read_frequency(const fdt_t *fdt, int node, uint64_t *hz)
{
	fdt_prop_t prop;

	if (!fdt_get_prop(fdt, node, "timebase-frequency", &prop))
		return false;
	if (prop.len == 4)
		return fdt_prop_cells(&prop, 0, 1, hz) && *hz != 0;
	if (prop.len == 8)
		return fdt_prop_cells(&prop, 0, 2, hz) && *hz != 0;
	return false;
}

/* /cpus's value, else the boot hart's, else the first hart that has one.
 * A value of 0, or of another length than 4 or 8 bytes, counts as none:
 * the kernel then runs without a tick ("tick: none"). */
static uint64_t board_timebase(const fdt_t *fdt, const board_t *board, int cpus)
{
	const board_hart_t *boot = board_find_hart(board, fdt->boot_cpuid);
	uint64_t hz = 0;
	uint32_t i;

	if (board_read_frequency(fdt, cpus, &hz))
		return hz;
	if (boot != NULL && board_read_frequency(fdt, boot->node, &hz))
		return hz;
	for (i = 0; i < board->hart_count; i++) {
		if (board_read_frequency(fdt, board->harts[i].node, &hz))
			return hz;
	}
	return 0;
}

uint64_t board_timebase_ticks(const board_t *board, uint32_t us)
{
	/* hz * us / 10^6 without overflowing: whole megahertz times us, plus
	 * the remainder's share (below 10^6 * 2^32, so it cannot overflow). */
	uint64_t mhz = board->timebase_hz / 1000000, rest = board->timebase_hz % 1000000;
	uint64_t ticks;

	if (board->timebase_hz == 0)
		return 0;
	if (us != 0 && mhz > UINT64_MAX / us)
		return UINT64_MAX;
	ticks = mhz * us;
	if (ticks > UINT64_MAX - rest * us / 1000000)
		return UINT64_MAX;
	ticks += rest * us / 1000000;
	return ticks != 0 ? ticks : 1;
}

static board_status_t board_pick_mmu(board_t *board, diag_t *diag)
{
	uint32_t i;

	board->best_mmu = PAGING_NONE;
	for (i = 0; i < board->hart_count; i++) {
		const board_hart_t *h = &board->harts[i];

		if (h->usable && (board->best_mmu == PAGING_NONE || h->mmu < board->best_mmu))
			board->best_mmu = h->mmu;
	}
	if (board->best_mmu == PAGING_NONE) {
		diag_set(diag, "no usable hart with an MMU (needs an enabled rv64 hart with mmu-type sv39/sv48/sv57; %u hart(s) found)",
			 (unsigned)board->hart_count);
		return BOARD_ERR_NO_MMU_HART;
	}
	return BOARD_OK;
}

board_status_t board_read_cpus(const fdt_t *fdt, board_t *board, diag_t *diag)
{
	int cpus = fdt_path_offset(fdt, "/cpus", 5);
	uint32_t cells;
	int node;
	board_status_t st;

	if (cpus < 0) {
		diag_set(diag, "no /cpus node");
		return BOARD_ERR_NO_CPUS;
	}
	cells = fdt_address_cells(fdt, cpus);
	if (cells == 0 || cells > 2) {
		diag_set(diag, "/cpus has #address-cells %u: hart ids need 1 or 2", (unsigned)cells);
		return BOARD_ERR_CELLS;
	}
	for (node = fdt_first_child(fdt, cpus); node >= 0; node = fdt_next_sibling(fdt, node)) {
		if (!board_is_cpu_node(fdt, node))
			continue;
		st = board_add_hart(fdt, board, node, cells, diag);
		if (st != BOARD_OK)
			return st;
	}
	if (board->hart_count == 0) {
		diag_set(diag, "no cpu nodes under /cpus");
		return BOARD_ERR_NO_CPUS;
	}
	board->timebase_hz = board_timebase(fdt, board, cpus);
	return board_pick_mmu(board, diag);
}

/* One '_'-separated token of the ISA string equals `ext`, ignoring case
 * (the string is "rv64imafdc_zicsr_..._sstc"). */
static bool isa_has_token(const char *isa, uint32_t len, const char *ext)
{
	uint32_t i = 0;

	/* Skip the base and single-letter part up to the first '_'. */
	while (i < len && isa[i] != '_' && isa[i] != '\0')
		i++;
	while (i < len && isa[i] == '_') {
		uint32_t start = ++i, n;

		while (i < len && isa[i] != '_' && isa[i] != '\0')
			i++;
		n = i - start;
		if (n == str_len(ext)) {
			uint32_t k = 0;

			while (k < n && (isa[start + k] | 0x20) == (ext[k] | 0x20))
				k++;
			if (k == n)
				return true;
		}
	}
	return false;
}

bool board_hart_has_extension(const fdt_t *fdt, const board_hart_t *hart, const char *ext)
{
	fdt_prop_t prop;
	const char *s;

	if (hart == NULL)
		return false;
	/* The newer binding lists extensions one string each. */
	if (fdt_get_prop(fdt, hart->node, "riscv,isa-extensions", &prop))
		return fdt_prop_has_string(&prop, ext);
	if (!fdt_get_prop(fdt, hart->node, "riscv,isa", &prop) || !fdt_prop_string(&prop, &s))
		return false;
	return isa_has_token(s, prop.len, ext);
}
