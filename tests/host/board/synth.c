/* Synthetic boards for the board suite (see synth.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "synth.h"

synth_t *synth_new(void)
{
	synth_t *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->t = malloc(sizeof(*s->t));
	assert_non_null(s->t);
	tdtb_init(s->t);
	return s;
}

void synth_free(synth_t *s)
{
	free(s->t);
	free(s);
}

board_status_t synth_run(synth_t *s)
{
	size_t size;
	const void *blob = tdtb_finish(s->t, &size);
	diag_t d;

	if (fdt_open(&s->fdt, blob, size, &d) != FDT_OK)
		fail_msg("synthetic blob refused by fdt_open: %s", d.msg);
	s->diag.msg[0] = '\0';
	s->status = board_from_fdt(&s->board, &s->fdt, &s->diag);
	return s->status;
}

const char *path_of(synth_t *s, int node)
{
	static char buf[256];

	if (node < 0)
		return "(none)";
	if (!fdt_get_path(&s->fdt, node, buf, sizeof(buf)))
		return "(path too long)";
	return buf;
}

void add_cpus(tdtb_t *t, unsigned n, const char *mmu)
{
	char name[32];
	unsigned i;

	tdtb_begin(t, "cpus");
	tdtb_prop_cells(t, "#address-cells", 1, 1);
	tdtb_prop_cells(t, "#size-cells", 1, 0);
	tdtb_prop_cells(t, "timebase-frequency", 1, 10000000);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "cpu@%x", i);
		tdtb_begin(t, name);
		tdtb_prop_str(t, "device_type", "cpu");
		tdtb_prop_cells(t, "reg", 1, i);
		tdtb_prop_str(t, "riscv,isa", "rv64imac");
		tdtb_prop_str(t, "mmu-type", mmu);
		tdtb_end(t);
	}
	tdtb_end(t);
}

void add_memory(tdtb_t *t, const char *name, uint64_t base, uint64_t size)
{
	tdtb_begin(t, name);
	tdtb_prop_str(t, "device_type", "memory");
	tdtb_prop_cells(t, "reg", 4, (unsigned)(base >> 32), (unsigned)base,
			(unsigned)(size >> 32), (unsigned)size);
	tdtb_end(t);
}

void root_cells(tdtb_t *t, unsigned ac, unsigned sc)
{
	tdtb_prop_cells(t, "#address-cells", 1, ac);
	tdtb_prop_cells(t, "#size-cells", 1, sc);
}

void minimal_board(tdtb_t *t)
{
	root_cells(t, 2, 2);
	add_memory(t, "memory@80000000", 0x80000000, 0x40000000);
	add_cpus(t, 1, "riscv,sv39");
}

