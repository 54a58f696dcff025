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
 * there with basalt_process_give() / _give_untyped() from slot
 * BASALT_INIT_FIRST_FREE on, in that order.
 *
 * The boot info page is written when the child starts, so it tells the
 * child what it was given by then: `empty` is every slot after the last
 * cap given, `untyped` the untyped given with basalt_process_give_untyped()
 * (their untyped_list entries have paddr 0: the parent does not learn
 * where an untyped it retyped lies), `dtb_vaddr`/`dtb_size` the device
 * tree shared with basalt_process_share_dtb() (0 otherwise), the command
 * line and debug_build (the parent's). Other fields are 0.
 */
#ifndef LIBBASALT_PROCESS_H
#define LIBBASALT_PROCESS_H

#include "vmem.h"

#define BASALT_PROCESS_MAX_UNTYPED 8

typedef struct basalt_process {
	basalt_cptr_t tcb, cnode, vspace;
	basalt_word_t next_slot;     /* the next free slot in its CNode */
	basalt_word_t entry;
	unsigned cnode_bits;
	basalt_alloc_t *alloc;
	basalt_vmem_t *window;       /* the parent's window, for writing the boot info */
	basalt_vmem_t vmem;          /* free addresses of the child's VSpace */
	basalt_cptr_t info_frame;    /* its boot info page, written at start */
	basalt_word_t ipc_buffer, info_vaddr;
	basalt_slot_range_t untyped; /* what give_untyped gave (consecutive slots) */
	uint8_t untyped_bits[BASALT_PROCESS_MAX_UNTYPED];
	basalt_word_t dtb_vaddr, dtb_size;
	char cmdline[BASALT_CMDLINE_MAX];
} basalt_process_t;

basalt_error_t basalt_process_load(basalt_process_t *p, basalt_alloc_t *alloc,
				   basalt_vmem_t *window, basalt_cptr_t asid_pool,
				   const void *elf, basalt_word_t elf_size, unsigned cnode_bits,
				   unsigned priority, basalt_cptr_t authority, const char *cmdline);

/* Copy (with `rights`, minting `badge` when not 0) a cap of ours into the
 * child's next free slot; its slot number in *child_slot. */
basalt_error_t basalt_process_give(basalt_process_t *p, basalt_cptr_t cap, unsigned rights,
				   basalt_word_t badge, basalt_word_t *child_slot);

/* A fresh untyped of 2^size_bits bytes, retyped from the parent's
 * allocator straight into the child's next free slot (untyped caps cannot
 * be copied). Untyped given this way must follow each other: giving
 * anything else in between ends the run (RANGE_ERROR for a later one). */
basalt_error_t basalt_process_give_untyped(basalt_process_t *p, unsigned size_bits,
					   basalt_word_t *child_slot);

/* Map the parent's device tree copy (its boot info's dtb_frames, at
 * parent_bi) read-only into the child, and tell the child where. */
basalt_error_t basalt_process_share_dtb(basalt_process_t *p, const basalt_bootinfo_t *parent_bi);

/* Make the cap in the child's slot `child_slot` (an endpoint the parent
 * gave it) the child's fault handler. */
basalt_error_t basalt_process_set_fault_handler(basalt_process_t *p, basalt_word_t child_slot);

/* Write its boot info and let it run. */
basalt_error_t basalt_process_start(basalt_process_t *p);

#endif
