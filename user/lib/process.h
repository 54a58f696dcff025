/*
 * Starting a program in its own address space and CSpace: the root task's
 * loader (for boot modules such as the demo server).
 *
 * The program is an ELF file linked with user/lib/user.ld (page-aligned
 * segments). The loader makes, from `alloc`: a VSpace (an ASID from
 * `asid_pool`), a CNode of 2^cnode_bits slots whose guard makes slot
 * numbers plain cptrs, a TCB, frames for every segment (filled through a
 * temporary window in the loader's own VSpace, `window`), a stack, an IPC
 * buffer and a boot info page. The child starts at its ELF entry with a0 =
 * its boot info, like the root task: its CNode holds its TCB, CNode and
 * VSpace at BASALT_INIT_TCB/CNODE/VSPACE, and whatever the parent puts
 * there with basalt_process_give() from slot BASALT_INIT_FIRST_FREE on.
 */
#ifndef LIBBASALT_PROCESS_H
#define LIBBASALT_PROCESS_H

#include "vmem.h"

typedef struct basalt_process {
	basalt_cptr_t tcb, cnode, vspace;
	basalt_word_t next_slot;     /* the next free slot in its CNode */
	basalt_word_t entry;
	unsigned cnode_bits;
	basalt_alloc_t *alloc;
} basalt_process_t;

basalt_error_t basalt_process_load(basalt_process_t *p, basalt_alloc_t *alloc,
				   basalt_vmem_t *window, basalt_cptr_t asid_pool,
				   const void *elf, basalt_word_t elf_size, unsigned cnode_bits,
				   unsigned priority, basalt_cptr_t authority, const char *cmdline);

/* Copy (with `rights`, minting `badge` when not 0) a cap of ours into the
 * child's next free slot; its slot number in *child_slot. */
basalt_error_t basalt_process_give(basalt_process_t *p, basalt_cptr_t cap, unsigned rights,
				   basalt_word_t badge, basalt_word_t *child_slot);

/* Let it run. */
basalt_error_t basalt_process_start(basalt_process_t *p);

#endif
