/*
 * Synthetic boards for the board suite: a blob built with dtb_build.c,
 * opened with lib/fdt and read with board_from_fdt(), plus the pieces of
 * a plausible board (memory, harts) so that each test adds only what it
 * is about. Used by test_board_synth.c and test_board_edges.c.
 */
#ifndef BASALT_TEST_BOARD_SYNTH_H
#define BASALT_TEST_BOARD_SYNTH_H

#include "board/board.h"
#include "dtb_build.h"

typedef struct synth {
	tdtb_t *t;
	fdt_t fdt;
	board_t board;
	diag_t diag;
	board_status_t status;
} synth_t;

synth_t *synth_new(void);
void synth_free(synth_t *s);
/* Closes the blob, opens it with lib/fdt (a refusal fails the test) and
 * runs board_from_fdt; the status is also in s->status, the message in
 * s->diag. */
board_status_t synth_run(synth_t *s);
/* The node's path (a static buffer), "(none)" for a negative offset. */
const char *path_of(synth_t *s, int node);

/* /cpus with `n` rv64 harts, ids 0..n-1, this mmu-type, 10 MHz timebase. */
void add_cpus(tdtb_t *t, unsigned n, const char *mmu);
/* A memory node with one 2-cell range (the root must use 2 and 2 cells). */
void add_memory(tdtb_t *t, const char *name, uint64_t base, uint64_t size);
void root_cells(tdtb_t *t, unsigned ac, unsigned sc);
/* 2/2 cells, 1 GiB at 0x80000000, one Sv39 hart. */
void minimal_board(tdtb_t *t);

#endif
