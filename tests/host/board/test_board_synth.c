/*
 * board_from_fdt() on synthetic blobs (dtb_build.c): the rules the shared
 * corpus never exercises. Non-identity and nested `ranges`, buses that are
 * not memory-mapped (no ranges, #size-cells 0, PCI's 3 address cells),
 * addresses outside every ranges window, dynamic and disabled
 * reservations, harts that are rv32, disabled or MMU-less, the timebase
 * fallback, the APLIC domain choice, stdout-path options and aliases, boot
 * arguments, and each rejection with its status and message.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_test.h"
#include "board/board.h"
#include "dtb_build.h"
#include "synth.h"

/* ---- the rich board ---- */

static void build_rich(tdtb_t *t)
{
	t->boot_cpuid = 1;
	tdtb_memreserve(t, 0x9f000000, 0x1000);
	tdtb_memreserve(t, 0x9e000000, 0);          /* empty: ignored */
	root_cells(t, 2, 2);
	tdtb_prop_str(t, "model", "synthetic");

	tdtb_begin(t, "aliases");
	tdtb_prop_str(t, "serial0", "/soc/uart@1000");
	tdtb_end(t);
	tdtb_begin(t, "chosen");
	tdtb_prop_str(t, "stdout-path", "serial0:115200n8");
	tdtb_prop_str(t, "bootargs", "console=hvc0 paging=sv39  quiet paging=sv39 flag");
	tdtb_end(t);

	/* Two memory nodes, one with two ranges, and a disabled one. */
	tdtb_begin(t, "memory@80000000");
	tdtb_prop_str(t, "device_type", "memory");
	tdtb_prop_cells(t, "reg", 8, 0, 0x80000000, 0, 0x10000000, 0, 0xa0000000, 0, 0x10000000);
	tdtb_end(t);
	add_memory(t, "memory@100000000", 0x100000000ull, 0x40000000);
	tdtb_begin(t, "memory@200000000");
	tdtb_prop_str(t, "device_type", "memory");
	tdtb_prop_str(t, "status", "disabled");
	tdtb_prop_cells(t, "reg", 4, 2, 0, 0, 0x1000);
	tdtb_end(t);

	tdtb_begin(t, "reserved-memory");
	root_cells(t, 2, 2);
	tdtb_prop_empty(t, "ranges");
	tdtb_begin(t, "fw@80000000");
	tdtb_prop_cells(t, "reg", 4, 0, 0x80000000, 0, 0x80000);
	tdtb_prop_empty(t, "no-map");
	tdtb_end(t);
	tdtb_begin(t, "pool");                      /* dynamic: size only */
	tdtb_prop_cells(t, "size", 2, 0, 0x100000);
	tdtb_end(t);
	tdtb_begin(t, "off@81000000");
	tdtb_prop_str(t, "status", "disabled");
	tdtb_prop_cells(t, "reg", 4, 0, 0x81000000, 0, 0x1000);
	tdtb_end(t);
	tdtb_begin(t, "two@82000000");
	tdtb_prop_cells(t, "reg", 8, 0, 0x82000000, 0, 0x2000, 0, 0x83000000, 0, 0x3000);
	tdtb_end(t);
	tdtb_end(t);

	tdtb_begin(t, "cpus");
	tdtb_prop_cells(t, "#address-cells", 1, 1);
	tdtb_prop_cells(t, "#size-cells", 1, 0);
	tdtb_begin(t, "cpu@0");
	tdtb_prop_str(t, "device_type", "cpu");
	tdtb_prop_cells(t, "reg", 1, 0);
	tdtb_prop_str(t, "riscv,isa", "rv64imafdc");
	tdtb_prop_str(t, "mmu-type", "riscv,sv57");
	tdtb_end(t);
	tdtb_begin(t, "cpu@1");
	tdtb_prop_str(t, "device_type", "cpu");
	tdtb_prop_cells(t, "reg", 1, 1);
	tdtb_prop_str(t, "riscv,isa-base", "RV64I");
	tdtb_prop_str(t, "mmu-type", "riscv,sv48");
	tdtb_prop_cells(t, "timebase-frequency", 2, 0x1, 0x0);   /* u64: 2^32 Hz */
	tdtb_end(t);
	tdtb_begin(t, "cpu@2");
	tdtb_prop_str(t, "device_type", "cpu");
	tdtb_prop_cells(t, "reg", 1, 2);
	tdtb_prop_str(t, "riscv,isa", "rv32imac");
	tdtb_prop_str(t, "mmu-type", "riscv,sv39");
	tdtb_end(t);
	tdtb_begin(t, "cpu@3");
	tdtb_prop_str(t, "device_type", "cpu");
	tdtb_prop_str(t, "status", "disabled");
	tdtb_prop_cells(t, "reg", 1, 3);
	tdtb_prop_str(t, "riscv,isa", "rv64imac");
	tdtb_prop_str(t, "mmu-type", "riscv,sv39");
	tdtb_end(t);
	tdtb_begin(t, "cpu@4");                     /* no device_type: named cpu@ */
	tdtb_prop_cells(t, "reg", 1, 4);
	tdtb_prop_str(t, "riscv,isa", "rv64imac");
	tdtb_prop_str(t, "mmu-type", "riscv,none");
	tdtb_end(t);
	tdtb_begin(t, "cpu-map");                   /* not a hart */
	tdtb_end(t);
	tdtb_end(t);

	tdtb_begin(t, "soc");
	tdtb_prop_cells(t, "#address-cells", 1, 1);
	tdtb_prop_cells(t, "#size-cells", 1, 1);
	/* child 0x0 -> CPU 0x40000000, 256 MiB */
	tdtb_prop_cells(t, "ranges", 4, 0x0, 0x0, 0x40000000, 0x10000000);
	tdtb_begin(t, "uart@1000");
	tdtb_prop_str(t, "compatible", "ns16550a");
	tdtb_prop_cells(t, "reg", 2, 0x1000, 0x100);
	tdtb_prop_cells(t, "reg-shift", 1, 2);
	tdtb_prop_cells(t, "reg-io-width", 1, 4);
	tdtb_prop_cells(t, "clock-frequency", 1, 3686400);
	tdtb_end(t);
	tdtb_begin(t, "aplic@c000000");             /* M-level: delegates */
	tdtb_prop_str(t, "compatible", "riscv,aplic");
	tdtb_prop_cells(t, "reg", 2, 0xc000000, 0x8000);
	tdtb_prop_cells(t, "riscv,children", 1, 7);
	tdtb_prop_cells(t, "riscv,num-sources", 1, 96);
	tdtb_end(t);
	tdtb_begin(t, "aplic@d000000");             /* S-level leaf */
	tdtb_prop_str(t, "compatible", "riscv,aplic");
	tdtb_prop_cells(t, "reg", 2, 0xd000000, 0x8000);
	tdtb_prop_cells(t, "riscv,num-sources", 1, 96);
	tdtb_end(t);
	tdtb_begin(t, "timer@2000000");
	tdtb_prop_str(t, "compatible", "riscv,aclint-mtimer");
	tdtb_prop_cells(t, "reg", 4, 0x200bff8, 0x8, 0x2004000, 0x7ff8);
	tdtb_end(t);
	tdtb_begin(t, "far@20000000");              /* outside the ranges window */
	tdtb_prop_cells(t, "reg", 2, 0x20000000, 0x10);
	tdtb_end(t);
	tdtb_begin(t, "bus@3000000");               /* nested: -> 0x43000000 */
	tdtb_prop_cells(t, "#address-cells", 1, 1);
	tdtb_prop_cells(t, "#size-cells", 1, 1);
	tdtb_prop_cells(t, "ranges", 3, 0x0, 0x3000000, 0x100000);
	tdtb_begin(t, "dev@10");
	tdtb_prop_str(t, "compatible", "vendor,dev");
	tdtb_prop_str(t, "status", "disabled");     /* listed all the same */
	tdtb_prop_cells(t, "reg", 4, 0x10, 0x20, 0x800, 0x10);
	tdtb_end(t);
	tdtb_end(t);
	tdtb_begin(t, "opaque@4000000");            /* no ranges: not mapped */
	tdtb_prop_cells(t, "#address-cells", 1, 1);
	tdtb_prop_cells(t, "#size-cells", 1, 1);
	tdtb_prop_cells(t, "reg", 2, 0x4000000, 0x1000);
	tdtb_begin(t, "hidden@0");
	tdtb_prop_cells(t, "reg", 2, 0x0, 0x100);
	tdtb_end(t);
	tdtb_end(t);
	tdtb_begin(t, "i2c@5000000");               /* #size-cells 0 */
	tdtb_prop_cells(t, "#address-cells", 1, 1);
	tdtb_prop_cells(t, "#size-cells", 1, 0);
	tdtb_prop_cells(t, "reg", 2, 0x5000000, 0x1000);
	tdtb_begin(t, "eeprom@50");
	tdtb_prop_cells(t, "reg", 1, 0x50);
	tdtb_end(t);
	tdtb_end(t);
	tdtb_begin(t, "cpu-cluster");               /* mapped, but #size-cells 0 */
	tdtb_prop_cells(t, "#address-cells", 1, 1);
	tdtb_prop_cells(t, "#size-cells", 1, 0);
	tdtb_prop_empty(t, "ranges");
	tdtb_begin(t, "core@5");
	tdtb_prop_cells(t, "reg", 1, 5);
	tdtb_end(t);
	tdtb_end(t);
	tdtb_begin(t, "pci@6000000");               /* 3 address cells */
	tdtb_prop_cells(t, "#address-cells", 1, 3);
	tdtb_prop_cells(t, "#size-cells", 1, 2);
	tdtb_prop_cells(t, "reg", 2, 0x6000000, 0x100000);
	tdtb_prop_cells(t, "ranges", 6, 0x02000000, 0, 0, 0x7000000, 0, 0x1000000);
	tdtb_begin(t, "ep@0");
	tdtb_prop_cells(t, "reg", 5, 0, 0, 0, 0, 0);
	tdtb_end(t);
	tdtb_end(t);
	tdtb_end(t);

	/* A 1-cell bus straight under the root, identity-mapped. */
	tdtb_begin(t, "plat");
	tdtb_prop_cells(t, "#address-cells", 1, 1);
	tdtb_prop_cells(t, "#size-cells", 1, 1);
	tdtb_prop_empty(t, "ranges");
	tdtb_begin(t, "plic@c000000");              /* disabled: not the intc */
	tdtb_prop_str(t, "compatible", "riscv,plic0");
	tdtb_prop_str(t, "status", "disabled");
	tdtb_prop_cells(t, "reg", 2, 0xc000000, 0x4000000);
	tdtb_prop_cells(t, "riscv,ndev", 1, 53);
	tdtb_end(t);
	tdtb_end(t);
}

typedef struct want_dev {
	const char *path;
	uint64_t base, size;
} want_dev_t;

static void test_synth_rich(void **state)
{
	static const want_dev_t devs[] = {
		{ "/soc/uart@1000", 0x40001000, 0x100 },
		{ "/soc/aplic@c000000", 0x4c000000, 0x8000 },
		{ "/soc/aplic@d000000", 0x4d000000, 0x8000 },
		{ "/soc/timer@2000000", 0x4200bff8, 0x8 },
		{ "/soc/timer@2000000", 0x42004000, 0x7ff8 },
		{ "/soc/bus@3000000/dev@10", 0x43000010, 0x20 },
		{ "/soc/bus@3000000/dev@10", 0x43000800, 0x10 },
		{ "/soc/opaque@4000000", 0x44000000, 0x1000 },
		{ "/soc/i2c@5000000", 0x45000000, 0x1000 },
		{ "/soc/pci@6000000", 0x46000000, 0x100000 },
		{ "/plat/plic@c000000", 0xc000000, 0x4000000 },
	};
	synth_t *s = synth_new();
	board_t *b = &s->board;
	const char *v;
	uint32_t len, i;

	(void)state;
	build_rich(s->t);
	if (synth_run(s) != BOARD_OK)
		fail_msg("rich board refused: %s", s->diag.msg);

	assert_int_equal(b->memory_count, 3);
	assert_int_equal(b->memory[0].base, 0x80000000);
	assert_int_equal(b->memory[1].base, 0xa0000000);
	assert_int_equal(b->memory[2].base, 0x100000000ull);
	assert_int_equal(b->memory[2].size, 0x40000000);

	assert_int_equal(b->reserved_count, 4);
	assert_int_equal(b->reserved[0].base, 0x9f000000);
	assert_int_equal(b->reserved[0].node, -1);
	assert_string_equal(path_of(s, b->reserved[1].node), "/reserved-memory/fw@80000000");
	assert_true(b->reserved[1].no_map);
	assert_int_equal(b->reserved[1].size, 0x80000);
	assert_string_equal(path_of(s, b->reserved[2].node), "/reserved-memory/two@82000000");
	assert_false(b->reserved[2].no_map);
	assert_int_equal(b->reserved[3].base, 0x83000000);
	assert_int_equal(b->reserved[3].size, 0x3000);

	assert_int_equal(b->hart_count, 5);
	assert_int_equal(b->harts[0].mmu, PAGING_SV57);
	assert_true(b->harts[0].usable);
	assert_int_equal(b->harts[1].mmu, PAGING_SV48);
	assert_true(b->harts[1].usable);               /* isa-base, upper case */
	assert_false(b->harts[2].usable);              /* rv32 */
	assert_true(b->harts[2].enabled);
	assert_false(b->harts[3].usable);              /* disabled */
	assert_false(b->harts[3].enabled);
	assert_int_equal(b->harts[4].id, 4);
	assert_int_equal(b->harts[4].mmu, PAGING_NONE);
	assert_false(b->harts[4].usable);
	assert_int_equal(b->best_mmu, PAGING_SV48);
	assert_int_equal(b->timebase_hz, 0x100000000ull);   /* boot hart's, as a u64 */
	assert_non_null(board_find_hart(b, 3));
	assert_null(board_find_hart(b, 5));

	if (b->device_count != sizeof(devs) / sizeof(devs[0]))
		fail_msg("%u devices, expected %zu", (unsigned)b->device_count,
			 sizeof(devs) / sizeof(devs[0]));
	for (i = 0; i < b->device_count; i++) {
		if (strcmp(path_of(s, b->devices[i].node), devs[i].path) != 0 ||
		    b->devices[i].base != devs[i].base || b->devices[i].size != devs[i].size)
			fail_msg("device %u: %s [0x%llx, +0x%llx), expected %s [0x%llx, +0x%llx)",
				 (unsigned)i, path_of(s, b->devices[i].node),
				 (unsigned long long)b->devices[i].base,
				 (unsigned long long)b->devices[i].size, devs[i].path,
				 (unsigned long long)devs[i].base, (unsigned long long)devs[i].size);
	}

	assert_string_equal(path_of(s, b->console.node), "/soc/uart@1000");
	assert_false(b->console.unresolved);
	assert_int_equal(b->console.base, 0x40001000);
	assert_int_equal(b->console.size, 0x100);
	assert_int_equal(b->console.reg_shift, 2);
	assert_int_equal(b->console.reg_io_width, 4);
	assert_int_equal(b->console.clock_hz, 3686400);

	assert_string_equal(path_of(s, b->intc.node), "/soc/aplic@d000000");
	assert_string_equal(b->intc.compatible, "riscv,aplic");
	assert_int_equal(b->intc.base, 0x4d000000);
	assert_int_equal(b->intc.ndev, 96);
	assert_string_equal(path_of(s, b->timer.node), "/soc/timer@2000000");
	assert_string_equal(b->timer.compatible, "riscv,aclint-mtimer");
	assert_int_equal(b->timer.base, 0x4200bff8);

	/* Boot arguments: the last paging= wins, bare words have no value. */
	assert_true(board_bootarg(&s->fdt, b, "paging", &v, &len));
	assert_int_equal(len, 4);
	assert_memory_equal(v, "sv39", 4);
	assert_true(board_bootarg(&s->fdt, b, "flag", &v, &len));
	assert_int_equal(len, 0);
	assert_true(board_bootarg(&s->fdt, b, "console", &v, &len));
	assert_int_equal(len, 4);
	assert_memory_equal(v, "hvc0", 4);
	assert_false(board_bootarg(&s->fdt, b, "quie", &v, &len));
	assert_false(board_bootarg(&s->fdt, b, "absent", &v, &len));
	assert_int_equal(board_paging_mode(&s->fdt, b), PAGING_SV39);
	synth_free(s);
}

/* paging= lowers the mode, never raises it, and nonsense is ignored. */
static void test_synth_paging_arg(void **state)
{
	static const struct { const char *args; paging_mode_t want; } cases[] = {
		{ "paging=sv39", PAGING_SV39 },
		{ "paging=sv57", PAGING_SV48 },
		{ "paging=sv48", PAGING_SV48 },
		{ "paging=bogus", PAGING_SV48 },
		{ "paging", PAGING_SV48 },
		{ "xpaging=sv39 paging_x=sv39", PAGING_SV48 },
		{ "", PAGING_SV48 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		synth_t *s = synth_new();

		root_cells(s->t, 2, 2);
		add_memory(s->t, "memory@80000000", 0x80000000, 0x40000000);
		add_cpus(s->t, 2, "riscv,sv48");
		tdtb_begin(s->t, "chosen");
		tdtb_prop_str(s->t, "bootargs", cases[i].args);
		tdtb_end(s->t);
		assert_int_equal(synth_run(s), BOARD_OK);
		if (board_paging_mode(&s->fdt, &s->board) != cases[i].want)
			fail_msg("bootargs \"%s\": %s, expected %s", cases[i].args,
				 paging_mode_name(board_paging_mode(&s->fdt, &s->board)),
				 paging_mode_name(cases[i].want));
		synth_free(s);
	}
}

/* stdout-path forms: absolute with options, alias, missing, empty. */
static void test_synth_console(void **state)
{
	static const struct {
		const char *stdout_path;   /* NULL: no property */
		const char *want;          /* NULL: no console */
		bool unresolved;
	} cases[] = {
		{ "/soc/serial@10000000:115200n8", "/soc/serial@10000000", false },
		{ "/soc/serial@10000000", "/soc/serial@10000000", false },
		{ "console", "/soc/serial@10000000", false },
		{ "console:9600", "/soc/serial@10000000", false },
		{ "serial9", NULL, true },
		{ "/soc/nothing@0", NULL, true },
		{ "", NULL, true },
		{ ":115200", NULL, true },
		{ NULL, NULL, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		synth_t *s = synth_new();

		minimal_board(s->t);
		tdtb_begin(s->t, "aliases");
		tdtb_prop_str(s->t, "console", "/soc/serial@10000000");
		tdtb_end(s->t);
		tdtb_begin(s->t, "chosen");
		if (cases[i].stdout_path != NULL)
			tdtb_prop_str(s->t, "stdout-path", cases[i].stdout_path);
		tdtb_end(s->t);
		tdtb_begin(s->t, "soc");
		root_cells(s->t, 2, 2);
		tdtb_prop_empty(s->t, "ranges");
		tdtb_begin(s->t, "serial@10000000");
		tdtb_prop_cells(s->t, "reg", 4, 0, 0x10000000, 0, 0x100);
		tdtb_end(s->t);
		tdtb_end(s->t);
		assert_int_equal(synth_run(s), BOARD_OK);
		if (cases[i].want == NULL) {
			if (s->board.console.node >= 0)
				fail_msg("stdout-path \"%s\": console %s, expected none",
					 cases[i].stdout_path, path_of(s, s->board.console.node));
		} else {
			assert_string_equal(path_of(s, s->board.console.node), cases[i].want);
			assert_int_equal(s->board.console.base, 0x10000000);
			assert_int_equal(s->board.console.reg_io_width, 1);
		}
		if (s->board.console.unresolved != cases[i].unresolved)
			fail_msg("stdout-path \"%s\": unresolved %d", cases[i].stdout_path,
				 s->board.console.unresolved);
		synth_free(s);
	}
}

/* /cpus has no timebase: the boot hart's, else any hart's. */
static void test_synth_timebase_fallback(void **state)
{
	synth_t *s = synth_new();

	(void)state;
	root_cells(s->t, 2, 2);
	add_memory(s->t, "memory@80000000", 0x80000000, 0x40000000);
	tdtb_begin(s->t, "cpus");
	tdtb_prop_cells(s->t, "#address-cells", 1, 1);
	tdtb_prop_cells(s->t, "#size-cells", 1, 0);
	tdtb_begin(s->t, "cpu@0");
	tdtb_prop_str(s->t, "device_type", "cpu");
	tdtb_prop_cells(s->t, "reg", 1, 0);
	tdtb_prop_str(s->t, "riscv,isa", "rv64imac");
	tdtb_prop_str(s->t, "mmu-type", "riscv,sv39");
	tdtb_end(s->t);
	tdtb_begin(s->t, "cpu@1");
	tdtb_prop_str(s->t, "device_type", "cpu");
	tdtb_prop_cells(s->t, "reg", 1, 1);
	tdtb_prop_cells(s->t, "timebase-frequency", 1, 1000000);
	tdtb_end(s->t);
	tdtb_end(s->t);
	assert_int_equal(synth_run(s), BOARD_OK);
	assert_int_equal(s->board.timebase_hz, 1000000);
	assert_int_equal(s->board.best_mmu, PAGING_SV39);
	synth_free(s);
}

/* ---- rejections ---- */

typedef void (*builder_fn)(tdtb_t *t);

static void b_no_memory_zero_size(tdtb_t *t)
{
	root_cells(t, 2, 2);
	add_memory(t, "memory@80000000", 0x80000000, 0);
	add_cpus(t, 1, "riscv,sv39");
}

static void b_disabled_memory(tdtb_t *t)
{
	root_cells(t, 2, 2);
	tdtb_begin(t, "memory@80000000");
	tdtb_prop_str(t, "device_type", "memory");
	tdtb_prop_str(t, "status", "disabled");
	tdtb_prop_cells(t, "reg", 4, 0, 0x80000000, 0, 0x1000000);
	tdtb_end(t);
	add_cpus(t, 1, "riscv,sv39");
}

static void b_overlap_same_node(tdtb_t *t)
{
	root_cells(t, 2, 2);
	tdtb_begin(t, "memory@80000000");
	tdtb_prop_str(t, "device_type", "memory");
	tdtb_prop_cells(t, "reg", 8, 0, 0x80000000, 0, 0x2000, 0, 0x80001000, 0, 0x2000);
	tdtb_end(t);
	add_cpus(t, 1, "riscv,sv39");
}

static void b_memory_wraps(tdtb_t *t)
{
	root_cells(t, 2, 2);
	add_memory(t, "memory@fffffffffffff000", 0xfffffffffffff000ull, 0x2000);
	add_cpus(t, 1, "riscv,sv39");
}

static void b_root_cells_3(tdtb_t *t)
{
	root_cells(t, 3, 2);
	tdtb_begin(t, "memory@80000000");
	tdtb_prop_str(t, "device_type", "memory");
	tdtb_prop_cells(t, "reg", 5, 0, 0, 0x80000000, 0, 0x1000000);
	tdtb_end(t);
	add_cpus(t, 1, "riscv,sv39");
}

static void b_device_reg_not_multiple(tdtb_t *t)
{
	minimal_board(t);
	tdtb_begin(t, "uart@10000000");
	tdtb_prop_cells(t, "reg", 3, 0, 0x10000000, 0x100);
	tdtb_end(t);
}

static void b_device_wraps(tdtb_t *t)
{
	minimal_board(t);
	tdtb_begin(t, "dev@ffffffffffffff00");
	tdtb_prop_cells(t, "reg", 4, 0xffffffff, 0xffffff00, 0, 0x1000);
	tdtb_end(t);
}

static void b_bad_ranges(tdtb_t *t)
{
	minimal_board(t);
	tdtb_begin(t, "soc");
	root_cells(t, 1, 1);
	tdtb_prop_cells(t, "ranges", 3, 0, 0, 0);     /* entries are 4 cells */
	tdtb_begin(t, "dev@0");
	tdtb_prop_cells(t, "reg", 2, 0, 0x10);
	tdtb_end(t);
	tdtb_end(t);
}

/* A ranges entry whose parent window runs past 2^64: the device at 0x2000
 * on the bus would translate to 0xfffffffffffff000 + 0x2000, which wraps
 * to 0x1000. Found by the fuzzer's reference translator. */
static void b_ranges_wraps(tdtb_t *t)
{
	minimal_board(t);
	tdtb_begin(t, "bus");
	root_cells(t, 1, 1);
	tdtb_prop_cells(t, "ranges", 4, 0, 0xffffffff, 0xfffff000, 0x10000);
	tdtb_begin(t, "dev@2000");
	tdtb_prop_cells(t, "reg", 2, 0x2000, 0x100);
	tdtb_end(t);
	tdtb_end(t);
}

static void b_cpu_no_reg_disabled(tdtb_t *t)
{
	root_cells(t, 2, 2);
	add_memory(t, "memory@80000000", 0x80000000, 0x40000000);
	tdtb_begin(t, "cpus");
	tdtb_prop_cells(t, "#address-cells", 1, 1);
	tdtb_prop_cells(t, "#size-cells", 1, 0);
	tdtb_begin(t, "cpu@0");
	tdtb_prop_str(t, "device_type", "cpu");
	tdtb_prop_cells(t, "reg", 1, 0);
	tdtb_prop_str(t, "riscv,isa", "rv64imac");
	tdtb_prop_str(t, "mmu-type", "riscv,sv39");
	tdtb_end(t);
	tdtb_begin(t, "cpu@1");
	tdtb_prop_str(t, "device_type", "cpu");
	tdtb_prop_str(t, "status", "disabled");
	tdtb_end(t);
	tdtb_end(t);
}

static void b_cpu_reg_odd(tdtb_t *t)
{
	root_cells(t, 2, 2);
	add_memory(t, "memory@80000000", 0x80000000, 0x40000000);
	tdtb_begin(t, "cpus");
	tdtb_prop_cells(t, "#address-cells", 1, 2);
	tdtb_prop_cells(t, "#size-cells", 1, 0);
	tdtb_begin(t, "cpu@0");
	tdtb_prop_str(t, "device_type", "cpu");
	tdtb_prop_cells(t, "reg", 3, 0, 0, 0);
	tdtb_end(t);
	tdtb_end(t);
}

static void b_no_cpus(tdtb_t *t)
{
	root_cells(t, 2, 2);
	add_memory(t, "memory@80000000", 0x80000000, 0x40000000);
}

static void b_empty_cpus(tdtb_t *t)
{
	root_cells(t, 2, 2);
	add_memory(t, "memory@80000000", 0x80000000, 0x40000000);
	tdtb_begin(t, "cpus");
	tdtb_prop_cells(t, "#address-cells", 1, 1);
	tdtb_begin(t, "cpu-map");
	tdtb_end(t);
	tdtb_end(t);
}

static void b_no_mmu(tdtb_t *t)
{
	root_cells(t, 2, 2);
	add_memory(t, "memory@80000000", 0x80000000, 0x40000000);
	add_cpus(t, 2, "riscv,none");
}

static void b_too_many_devices(tdtb_t *t)
{
	char name[32];
	unsigned i;

	minimal_board(t);
	for (i = 0; i <= BOARD_MAX_DEVICES; i++) {
		snprintf(name, sizeof(name), "dev@%x", 0x10000000 + i * 0x1000);
		tdtb_begin(t, name);
		tdtb_prop_cells(t, "reg", 4, 0, 0x10000000 + i * 0x1000, 0, 0x1000);
		tdtb_end(t);
	}
}

static void b_too_many_memory(tdtb_t *t)
{
	char name[32];
	unsigned i;

	root_cells(t, 2, 2);
	for (i = 0; i <= BOARD_MAX_MEMORY; i++) {
		snprintf(name, sizeof(name), "memory@%x", 0x80000000 + i * 0x100000);
		add_memory(t, name, 0x80000000 + i * 0x100000, 0x100000);
	}
	add_cpus(t, 1, "riscv,sv39");
}

static void b_too_many_reserved(tdtb_t *t)
{
	unsigned i;

	for (i = 0; i <= BOARD_MAX_RESERVED; i++)
		tdtb_memreserve(t, 0x80000000 + i * 0x1000, 0x1000);
	minimal_board(t);
}

static void b_too_many_harts(tdtb_t *t)
{
	root_cells(t, 2, 2);
	add_memory(t, "memory@80000000", 0x80000000, 0x40000000);
	add_cpus(t, BOARD_MAX_HARTS + 1, "riscv,sv39");
}

static void b_memreserve_wraps(tdtb_t *t)
{
	tdtb_memreserve(t, 0xfffffffffffff000ull, 0x2000);
	minimal_board(t);
}

typedef struct reject_case {
	const char *name;
	builder_fn build;
	board_status_t status;
	const char *words;     /* must appear in the diagnostic */
} reject_case_t;

static const reject_case_t reject_cases[] = {
	{ "zero-size memory", b_no_memory_zero_size, BOARD_ERR_NO_MEMORY, "no memory" },
	{ "disabled memory", b_disabled_memory, BOARD_ERR_NO_MEMORY, "no memory" },
	{ "overlap inside one node", b_overlap_same_node, BOARD_ERR_MEMORY_OVERLAP, "/memory@80000000" },
	{ "memory wraps", b_memory_wraps, BOARD_ERR_RANGE, "wraps" },
	{ "root #address-cells 3", b_root_cells_3, BOARD_ERR_CELLS, "/memory@80000000" },
	{ "device reg not a multiple", b_device_reg_not_multiple, BOARD_ERR_REG, "/uart@10000000" },
	{ "device reg wraps", b_device_wraps, BOARD_ERR_RANGE, "/dev@ffffffffffffff00" },
	{ "ranges not a multiple", b_bad_ranges, BOARD_ERR_REG, "ranges of /soc" },
	{ "ranges window wraps", b_ranges_wraps, BOARD_ERR_RANGE, "ranges of /bus maps 0x2000 past the end" },
	{ "disabled cpu without reg", b_cpu_no_reg_disabled, BOARD_ERR_CPU_NO_REG,
	  "cpu node /cpus/cpu@1 has no reg (hart id unknown)" },
	{ "cpu reg not a multiple", b_cpu_reg_odd, BOARD_ERR_REG, "/cpus/cpu@0" },
	{ "no /cpus", b_no_cpus, BOARD_ERR_NO_CPUS, "/cpus" },
	{ "no cpu nodes", b_empty_cpus, BOARD_ERR_NO_CPUS, "cpu" },
	{ "no MMU", b_no_mmu, BOARD_ERR_NO_MMU_HART, "MMU" },
	{ "too many devices", b_too_many_devices, BOARD_ERR_TOO_MANY, "device table" },
	{ "too many RAM ranges", b_too_many_memory, BOARD_ERR_TOO_MANY, "memory table" },
	{ "too many reservations", b_too_many_reserved, BOARD_ERR_TOO_MANY, "reserved table" },
	{ "too many harts", b_too_many_harts, BOARD_ERR_TOO_MANY, "hart table" },
	{ "memreserve wraps", b_memreserve_wraps, BOARD_ERR_RANGE, "memreserve" },
};

static void test_synth_rejections(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(reject_cases) / sizeof(reject_cases[0]); i++) {
		const reject_case_t *c = &reject_cases[i];
		synth_t *s = synth_new();
		board_status_t st;

		c->build(s->t);
		st = synth_run(s);
		if (st != c->status)
			fail_msg("%s: %s (%s), expected %s", c->name, board_status_name(st),
				 s->diag.msg, board_status_name(c->status));
		if (strstr(s->diag.msg, c->words) == NULL)
			fail_msg("%s: diagnostic \"%s\" does not mention \"%s\"", c->name,
				 s->diag.msg, c->words);
		if (strchr(s->diag.msg, '\n') != NULL)
			fail_msg("%s: diagnostic is not one line", c->name);
		synth_free(s);
	}
}

/* Exactly full tables are fine: the limit is the table size, not one less. */
static void test_synth_tables_exactly_full(void **state)
{
	synth_t *s = synth_new();
	char name[32];
	unsigned i;

	(void)state;
	root_cells(s->t, 2, 2);
	for (i = 0; i < BOARD_MAX_RESERVED; i++)
		tdtb_memreserve(s->t, 0x80000000 + i * 0x1000, 0x1000);
	for (i = 0; i < BOARD_MAX_MEMORY; i++) {
		snprintf(name, sizeof(name), "memory@%x", 0x80000000 + i * 0x100000);
		add_memory(s->t, name, 0x80000000 + i * 0x100000, 0x100000);
	}
	add_cpus(s->t, BOARD_MAX_HARTS, "riscv,sv39");
	for (i = 0; i < BOARD_MAX_DEVICES; i++) {
		snprintf(name, sizeof(name), "dev@%x", 0x10000000 + i * 0x1000);
		tdtb_begin(s->t, name);
		tdtb_prop_cells(s->t, "reg", 4, 0, 0x10000000 + i * 0x1000, 0, 0x1000);
		tdtb_end(s->t);
	}
	if (synth_run(s) != BOARD_OK)
		fail_msg("full tables refused: %s", s->diag.msg);
	assert_int_equal(s->board.reserved_count, BOARD_MAX_RESERVED);
	assert_int_equal(s->board.memory_count, BOARD_MAX_MEMORY);
	assert_int_equal(s->board.hart_count, BOARD_MAX_HARTS);
	assert_int_equal(s->board.device_count, BOARD_MAX_DEVICES);
	synth_free(s);
}

static void test_paging_names(void **state)
{
	(void)state;
	assert_string_equal(paging_mode_name(PAGING_SV39), "sv39");
	assert_string_equal(paging_mode_name(PAGING_SV48), "sv48");
	assert_string_equal(paging_mode_name(PAGING_SV57), "sv57");
	assert_string_equal(paging_mode_name(PAGING_NONE), "none");
	assert_int_equal(paging_mode_parse("sv48", 4), PAGING_SV48);
	assert_int_equal(paging_mode_parse("sv48x", 4), PAGING_SV48);  /* only len bytes */
	assert_int_equal(paging_mode_parse("sv48", 3), PAGING_NONE);
	assert_int_equal(paging_mode_parse("sv32", 4), PAGING_NONE);
	assert_int_equal(paging_mode_parse("", 0), PAGING_NONE);
	assert_string_equal(board_status_name(BOARD_ERR_CPU_NO_REG), "cpu without reg");
	assert_string_equal(board_status_name((board_status_t)77), "unknown board status");
}

const struct CMUnitTest board_synth_tests[] = {
	cmocka_unit_test(test_synth_rich),
	cmocka_unit_test(test_synth_paging_arg),
	cmocka_unit_test(test_synth_console),
	cmocka_unit_test(test_synth_timebase_fallback),
	cmocka_unit_test(test_synth_rejections),
	cmocka_unit_test(test_synth_tables_exactly_full),
	cmocka_unit_test(test_paging_names),
};
const size_t board_synth_test_count = sizeof(board_synth_tests) / sizeof(board_synth_tests[0]);
