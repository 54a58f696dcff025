/*
 * What the kernel tells the root task at boot.
 *
 * The root task starts with a0 = the virtual address of its boot info (and
 * the same address in bootinfo->self). Its CSpace is one CNode of
 * 2^init_cnode_bits slots with guard 64 - init_cnode_bits, so capability
 * pointers are plain slot numbers. The fixed slots are BASALT_INIT_*; the
 * rest are listed here as [start, end) ranges. The boot info occupies
 * BASALT_BOOTINFO_PAGES 4 KiB frames mapped read-only, consecutively.
 */
#ifndef BASALT_ABI_BOOTINFO_H
#define BASALT_ABI_BOOTINFO_H

#include "basalt/types.h"

/* Fixed slots of the root task's CNode. */
enum basalt_init_slot {
	BASALT_INIT_NULL = 0,
	BASALT_INIT_TCB = 1,          /* the root task's thread */
	BASALT_INIT_CNODE = 2,        /* its CNode (this CSpace) */
	BASALT_INIT_VSPACE = 3,       /* its top-level page table */
	BASALT_INIT_IRQ_CONTROL = 4,
	BASALT_INIT_ASID_CONTROL = 5,
	BASALT_INIT_ASID_POOL = 6,    /* the pool holding the root task's ASID */
	BASALT_INIT_IPC_BUFFER = 7,   /* the frame of its IPC buffer */
	BASALT_INIT_BOOTINFO_FRAME = 8, /* the first boot info frame (the others: bootinfo_frames) */
	BASALT_INIT_FIRST_FREE = 9,   /* first slot of the ranges below */
};

#define BASALT_BOOTINFO_MAGIC   0x4f464e49544c5342ull   /* "BSLTINFO" little-endian */
#define BASALT_BOOTINFO_VERSION 1
#define BASALT_BOOTINFO_PAGES   2
#define BASALT_CMDLINE_MAX      256

typedef struct basalt_slot_range {
	basalt_word_t start, end;     /* slots [start, end) */
} basalt_slot_range_t;

typedef struct basalt_untyped_desc {
	basalt_word_t paddr;
	uint8_t size_bits;
	uint8_t is_device;            /* MMIO: can only become frames */
	uint8_t pad[6];
} basalt_untyped_desc_t;

typedef struct basalt_bootinfo_header {
	basalt_word_t magic;
	basalt_word_t version;
	basalt_word_t self;           /* virtual address of this structure */
	basalt_word_t size;           /* bytes, BASALT_BOOTINFO_PAGES pages */
	basalt_word_t node_id, num_nodes;   /* harts the kernel runs on (1 for now) */
	basalt_word_t ipc_buffer;     /* virtual address of the root task's IPC buffer */
	basalt_word_t init_cnode_bits;
	basalt_slot_range_t empty;    /* empty slots of the root CNode */
	basalt_slot_range_t bootinfo_frames;  /* boot info frames after the first */
	basalt_slot_range_t image_frames;     /* frames holding the root task's ELF image */
	basalt_slot_range_t image_paging;     /* page tables of its VSpace (the root is INIT_VSPACE) */
	basalt_slot_range_t dtb_frames;       /* frames of the device tree copy */
	basalt_slot_range_t untyped;          /* untyped caps, in untyped_list order */
	basalt_word_t paging_levels;  /* 3 (Sv39), 4 (Sv48), 5 (Sv57) */
	basalt_word_t paging_bits;    /* 39, 48 or 57 */
	basalt_word_t user_top;       /* first address above the user range */
	basalt_word_t hw_asid_bits;   /* ASID bits satp implements (maybe 0) */
	basalt_word_t timebase_hz;    /* timer ticks per second */
	basalt_word_t tick_us;        /* scheduler tick */
	basalt_word_t dtb_vaddr;      /* where the device tree copy is mapped (read-only) */
	basalt_word_t dtb_size;
	basalt_word_t image_vbase, image_vend;  /* the root task's image as mapped */
	basalt_word_t debug_build;    /* 1: debug system calls and the audit exist */
	char cmdline[BASALT_CMDLINE_MAX];   /* /chosen/bootargs, NUL-terminated */
	basalt_word_t untyped_count;
} basalt_bootinfo_header_t;

#define BASALT_BOOTINFO_MAX_UNTYPED \
	((BASALT_BOOTINFO_PAGES * 4096 - sizeof(basalt_bootinfo_header_t)) / sizeof(basalt_untyped_desc_t))

typedef struct basalt_bootinfo {
	basalt_bootinfo_header_t h;
	basalt_untyped_desc_t untyped_list[BASALT_BOOTINFO_MAX_UNTYPED];
} basalt_bootinfo_t;

_Static_assert(sizeof(basalt_bootinfo_t) <= BASALT_BOOTINFO_PAGES * 4096, "boot info fits its pages");

#endif
