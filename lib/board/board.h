/*
 * board_t: the facts about a board that Basalt takes from its device tree.
 *
 * board_from_fdt() walks a validated blob once and records RAM, reserved
 * memory, harts, the console, the interrupt controller, the timer, the
 * timebase and every memory-mapped device range. Generic code never knows a
 * board address: everything it needs is here, read at boot (and by dtinfo on
 * the host, from the same code).
 *
 * Addresses are CPU physical addresses: `reg` values are translated through
 * every ancestor bus's `ranges` (an empty `ranges` is the identity; a bus
 * without `ranges` is not memory-mapped and its children are skipped as
 * devices). Cell counts come from the parent node at every level.
 *
 * The tables are fixed-size (the kernel cannot allocate); a board that
 * overflows one is refused with a message naming the table, never silently
 * cut short. board_t holds node offsets, not pointers into the blob, so it
 * stays valid when the blob is re-mapped (fdt_rebase()).
 */
#ifndef BASALT_LIB_BOARD_H
#define BASALT_LIB_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"
#include "fdt/fdt.h"

#define BOARD_MAX_MEMORY   32   /* RAM ranges, over all memory nodes */
#define BOARD_MAX_RESERVED 64   /* /memreserve/ entries + /reserved-memory ranges */
#define BOARD_MAX_HARTS    64
#define BOARD_MAX_DEVICES  256  /* memory-mapped ranges (a node may have several) */

/* Paging modes by their number of virtual-address bits. */
typedef enum paging_mode {
	PAGING_NONE = 0,
	PAGING_SV39 = 39,
	PAGING_SV48 = 48,
	PAGING_SV57 = 57,
} paging_mode_t;

/* "sv39", "sv48", "sv57" or "none". */
const char *paging_mode_name(paging_mode_t mode);

/* Parses "sv39"/"sv48"/"sv57" (exactly `len` bytes); PAGING_NONE otherwise. */
paging_mode_t paging_mode_parse(const char *s, uint32_t len);

typedef struct phys_range {
	uint64_t base;
	uint64_t size;
} phys_range_t;

typedef struct board_reserved {
	uint64_t base, size;
	int node;          /* the /reserved-memory child, or -1 for a /memreserve/ entry */
	bool no_map;       /* the node says no-map (reserved either way) */
} board_reserved_t;

typedef struct board_hart {
	uint64_t id;          /* hart id: the cpu node's reg */
	paging_mode_t mmu;    /* from mmu-type; PAGING_NONE if absent or "riscv,none" */
	bool enabled;         /* status absent, "okay" or "ok" */
	bool usable;          /* enabled, rv64 and has an MMU Basalt can drive */
	int node;
} board_hart_t;

typedef struct board_device {
	uint64_t base, size;  /* one reg entry, CPU physical */
	int node;
} board_device_t;

/* The console named by /chosen/stdout-path; node < 0 when there is none. */
typedef struct board_console {
	int node;
	uint64_t base, size;  /* first reg entry */
	uint32_t reg_shift;   /* ns16550 "reg-shift", default 0 */
	uint32_t reg_io_width;/* "reg-io-width", default 1 */
	uint32_t clock_hz;    /* "clock-frequency", 0 when absent */
	bool unresolved;      /* stdout-path was given but names no node (alias missing ...) */
} board_console_t;

/* A memory-mapped block found by compatible (interrupt controller, timer);
 * node < 0 when absent. */
typedef struct board_block {
	int node;
	uint64_t base, size;
	uint32_t ndev;        /* interrupt controller: "riscv,ndev" (PLIC) or
	                       * "riscv,num-sources" (APLIC), else 0 */
	const char *compatible; /* the compatible string it was matched by (a
	                         * constant, not a pointer into the blob); NULL
	                         * when node < 0 */
} board_block_t;

typedef struct board {
	phys_range_t memory[BOARD_MAX_MEMORY];      /* in device-tree order */
	uint32_t memory_count;
	board_reserved_t reserved[BOARD_MAX_RESERVED];  /* /memreserve/ first, then nodes */
	uint32_t reserved_count;
	board_hart_t harts[BOARD_MAX_HARTS];        /* in device-tree order */
	uint32_t hart_count;
	board_device_t devices[BOARD_MAX_DEVICES];  /* in device-tree order */
	uint32_t device_count;
	board_console_t console;
	board_block_t intc;       /* the platform interrupt controller (PLIC or APLIC) */
	board_block_t timer;      /* CLINT / ACLINT mtimer, when described */
	uint64_t timebase_hz;     /* /cpus timebase-frequency (or the boot cpu's);
	                           * 0 when no node gives a usable one */
	int chosen;               /* /chosen node or -1 */
	paging_mode_t best_mmu;   /* the lowest mode every usable hart supports */
} board_t;

typedef enum board_status {
	BOARD_OK = 0,
	BOARD_ERR_CELLS,          /* #address-cells/#size-cells out of range (> 2 for an address we need) */
	BOARD_ERR_REG,            /* a reg property's length is not a multiple of its entry size */
	BOARD_ERR_NO_MEMORY,      /* no enabled device_type="memory" node with a non-empty range */
	BOARD_ERR_MEMORY_OVERLAP, /* two RAM ranges overlap */
	BOARD_ERR_RANGE,          /* a range, or a translation through `ranges`, wraps around the 64-bit address space */
	BOARD_ERR_NO_CPUS,        /* no /cpus node or no cpu nodes */
	BOARD_ERR_CPU_NO_REG,     /* a cpu node without a usable reg (hart id unknown) */
	BOARD_ERR_HART_TWICE,     /* two cpu nodes with the same hart id */
	BOARD_ERR_NO_MMU_HART,    /* no usable hart with an MMU Basalt can use */
	BOARD_ERR_TOO_MANY,       /* a fixed table overflowed */
} board_status_t;

/* Fills `out` from `fdt`. On failure returns why and writes a one-line
 * message to `diag` (if not NULL) naming the node or table concerned. */
board_status_t board_from_fdt(board_t *out, const fdt_t *fdt, diag_t *diag);

/* The hart's ISA (riscv,isa-extensions, or the multi-letter part of
 * riscv,isa) names the extension `ext` ("sstc", "svpbmt", ...). */
bool board_hart_has_extension(const fdt_t *fdt, const board_hart_t *hart, const char *ext);

/* The context of the platform interrupt controller (PLIC) that delivers
 * supervisor external interrupts to hart `hartid`; false if the tree does
 * not say. */
bool board_intc_context(const fdt_t *fdt, const board_t *board, uint64_t hartid,
			uint32_t *context);

/* The controller input (interrupt number) of device `node`, when its
 * interrupt goes to the platform interrupt controller. */
bool board_device_irq(const fdt_t *fdt, const board_t *board, int node, uint32_t *irq);

/* Timebase ticks in `us` microseconds (the timer's period): 0 when the
 * board has no usable timebase-frequency, else at least 1, and UINT64_MAX
 * instead of a wrapped-around product for an absurd frequency. The kernel
 * runs without a tick when this is 0; nothing ever divides by the
 * timebase. */
uint64_t board_timebase_ticks(const board_t *board, uint32_t us);

/* The hart with this id, or NULL. Ids are unique: board_from_fdt()
 * refuses a tree that gives one twice. */
const board_hart_t *board_find_hart(const board_t *board, uint64_t hartid);

/* The value of "key=value" in /chosen/bootargs (space-separated words).
 * Returns false when there are no bootargs or the key is absent; a bare
 * "key" gives an empty value. */
bool board_bootarg(const fdt_t *fdt, const board_t *board, const char *key,
		   const char **value, uint32_t *len);

/* The paging mode Basalt will use: board->best_mmu, lowered (never raised)
 * by a "paging=sv39|sv48|sv57" boot argument. */
paging_mode_t board_paging_mode(const fdt_t *fdt, const board_t *board);

/* Entry `index` of `node`'s reg as a CPU physical range, translated
 * through every ancestor's `ranges`, without reading the whole board: for
 * boot code that needs one device (a failure power-off) before, or
 * without, a successful board_from_fdt(). False when the node has no such
 * entry or some bus on the way is not memory-mapped. O(blob size) per
 * ancestor (fdt_parent). */
bool board_node_reg(const fdt_t *fdt, int node, uint32_t index, uint64_t *base, uint64_t *size);

const char *board_status_name(board_status_t status);

#endif
