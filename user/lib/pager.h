/*
 * libbasalt's pager: a thread that backs regions of other threads' address
 * spaces on demand, out of untyped memory it owns (docs/pager.md is the
 * tutorial; fault messages are in docs/vm.md).
 *
 * Its clients are VSpaces. Their threads name, as fault handler, the
 * badged endpoint cap basalt_pager_add_client() returns; a page fault then
 * arrives at the pager as an IPC (badge = the client), the pager maps a
 * frame and replies, and the thread retries the access. Regions are:
 *
 *   zero-filled   each page a fresh frame on first touch (retype zeroes
 *                 it), mapped with the region's rights;
 *   copy-on-write a window onto a pager object, shared by any number of
 *                 regions (in one or several VSpaces): a read or fetch
 *                 maps the object's page read-only (a copy of its cap
 *                 with the read right only); a write copies the page into
 *                 a fresh frame that only the writer maps, writable.
 *
 * An access outside every region, or one the region does not allow (a
 * write to a read-only region, a fetch from a non-executable one), is a
 * segmentation fault: the pager prints one line ("pager: segmentation
 * fault: ..."), records it (last_segv, stats), calls on_segv and signals
 * segv_ntfn if configured, and does not reply: when it next receives, the
 * kernel drops the reply cap and the thread stays stopped (TCB_Resume
 * would retry the access). Other faults (exceptions, unknown system calls)
 * are reported the same way.
 *
 * Scale: a page needs a capability slot for its frame, more than a root
 * task's CNode holds (4096 slots), so the pager thread runs with a CSpace
 * of its own, two levels deep:
 *
 *   63 62 61                                                        0
 *  +-----+-----------------------------------------------------------+
 *  | top |           resolved in the CNode the top slot holds         |
 *  +-----+-----------------------------------------------------------+
 *
 *   top CNode: 2^2 slots, no guard; its cap is the pager's CSpace root
 *   top 0: the creator's CNode (2^R slots), minted with a guard of
 *          62 - R zero bits: a cptr below 2^R is that slot, so every
 *          cptr the creator uses (its endpoint, untyped, VSpaces, the
 *          pager's own caps) means the same in the pager's CSpace
 *   top 1: the frame CNode (2^F slots), guard 62 - F zero bits: slot i
 *          is cptr 1 << 62 | i (basalt_pager_frame_cptr); it holds every
 *          frame and page table the pager makes
 *   top 2, 3: empty
 *
 * Frame CNode slots: 0 is never used (0 means "none" in the tables), 1
 * and 2 are the copy windows' caps, the rest are handed out upwards:
 * a zero-filled page costs one, a copy-on-write page one per client that
 * touches it plus one for the object's page, a page table one. Choose F
 * so 2^F - 3 covers that (F = 14: 16381). The bookkeeping (4 bytes a
 * page of every region and object) lives in pages the creator's
 * allocator maps into its own address space, which the pager thread
 * shares: max_pages says how many.
 *
 * Memory: frames and page tables come from `untyped` as the pager needs
 * them and are never given back while the pager lives; revoking the
 * untyped (and deleting the creator's caps) takes everything back.
 *
 * Set up everything (clients, objects, regions) before the pager or its
 * clients run: the pager reads its tables without locks. The control
 * calls (basalt_pager_object_write, basalt_pager_query) are IPC to the
 * running pager and may be made at any time from the creator's threads.
 */
#ifndef LIBBASALT_PAGER_H
#define LIBBASALT_PAGER_H

#include "thread.h"
#include "vmem.h"

#define BASALT_PAGER_MAX_CLIENTS 8
#define BASALT_PAGER_MAX_OBJECTS 8
#define BASALT_PAGER_MAX_REGIONS 16

/* The pager's CSpace (see above). */
#define BASALT_PAGER_TOP_BITS   2
#define BASALT_PAGER_TOP_ROOT   0
#define BASALT_PAGER_TOP_FRAMES 1

static inline basalt_cptr_t basalt_pager_frame_cptr(uint32_t slot)
{
	return ((basalt_cptr_t)BASALT_PAGER_TOP_FRAMES << (BASALT_WORD_BITS - BASALT_PAGER_TOP_BITS)) |
	       slot;
}

/* Control calls (badge 0 on the pager's endpoint; the reply's label is
 * the error): WRITE MR0 object, MR1 page, MR2 source address; QUERY MR0
 * client, MR1 address -> MR0 state, MR1 physical address. */
#define BASALT_PAGER_CTL_WRITE 1
#define BASALT_PAGER_CTL_QUERY 2

/* No object: a zero-filled region. */
#define BASALT_PAGER_NO_OBJECT (-1)

/* How a client's page stands. */
typedef enum basalt_pager_page_state {
	BASALT_PAGER_ABSENT = 0,    /* never touched */
	BASALT_PAGER_PRIVATE = 1,   /* a frame of its own */
	BASALT_PAGER_SHARED = 2,    /* the object's frame, read-only */
} basalt_pager_page_state_t;

/* A segmentation fault, as reported. */
typedef struct basalt_pager_segv {
	unsigned client;
	basalt_word_t label;          /* the fault type (BASALT_FAULT_VM, ...) */
	basalt_word_t pc, addr;       /* addr: the faulting address (VM faults) */
	basalt_word_t access;         /* BASALT_ACCESS_* (VM faults) */
	const char *why;
} basalt_pager_segv_t;

typedef struct basalt_pager_config {
	basalt_alloc_t *alloc;        /* the creator's: TCB, CNodes, endpoint, bookkeeping */
	basalt_vmem_t *vmem;          /* the creator's address space, which the pager shares */
	basalt_cptr_t untyped;        /* what frames and page tables are made of */
	unsigned frame_slots_bits;    /* F: the frame CNode has 2^F slots */
	basalt_word_t max_pages;      /* bookkeeping for this many region and object pages */
	unsigned priority;            /* the pager thread's (above its clients') */
	basalt_cptr_t authority;      /* a TCB whose mcp allows that priority */
	basalt_cptr_t fault_ep;       /* the pager thread's own fault handler, or 0 */
	basalt_cptr_t segv_ntfn;      /* signalled at each segmentation fault, or 0 */
	/* Called in the pager thread at each segmentation fault, or NULL. */
	void (*on_segv)(const basalt_pager_segv_t *segv, void *arg);
	void *segv_arg;
} basalt_pager_config_t;

typedef struct basalt_pager_stats {
	basalt_word_t faults;         /* fault messages received */
	basalt_word_t zero_fills;     /* fresh zeroed frames mapped */
	basalt_word_t shared_maps;    /* object pages mapped read-only */
	basalt_word_t cow_copies;     /* object pages copied for a writer */
	basalt_word_t tables;         /* page tables made */
	basalt_word_t spurious;       /* faults on pages already mapped right */
	basalt_word_t segvs;          /* segmentation faults */
} basalt_pager_stats_t;

/* The rest is the pager's own state: read it (stats, last_segv), do not
 * change it. */
typedef struct basalt_pager_region {
	unsigned client;
	basalt_word_t start, pages;
	unsigned rights;              /* BASALT_MAP_*; write implies read */
	int object;                   /* BASALT_PAGER_NO_OBJECT or an object */
	basalt_word_t object_first;   /* the object page at `start` */
	uint32_t *page;               /* per page: frame slot << 2 | state */
} basalt_pager_region_t;

typedef struct basalt_pager_object {
	basalt_word_t pages;
	uint32_t *page;               /* per page: its frame's slot, 0 until made */
} basalt_pager_object_t;

typedef struct basalt_pager_client {
	basalt_cptr_t vspace;
	basalt_cptr_t fault_ep;       /* badged endpoint cap for its threads */
} basalt_pager_client_t;

typedef struct basalt_pager {
	basalt_pager_config_t cfg;
	basalt_thread_t thread;
	basalt_cptr_t ep;             /* the pager's endpoint (unbadged: control calls) */
	basalt_cptr_t top, frames;    /* its CNodes (creator's slots) */
	unsigned frame_bits;
	uint32_t next_slot;
	basalt_word_t window[2];      /* two pages of the shared address space, for copies */
	uint32_t *heap;               /* bookkeeping */
	basalt_word_t heap_used, heap_size;
	unsigned nclients, nobjects, nregions;
	basalt_pager_client_t clients[BASALT_PAGER_MAX_CLIENTS];
	basalt_pager_object_t objects[BASALT_PAGER_MAX_OBJECTS];
	basalt_pager_region_t regions[BASALT_PAGER_MAX_REGIONS];
	volatile basalt_pager_stats_t stats;
	basalt_pager_segv_t last_segv;
} basalt_pager_t;

/* Make the pager (its CSpace, thread, endpoint, bookkeeping); it does not
 * run until basalt_pager_start(). */
basalt_error_t basalt_pager_create(basalt_pager_t *p, const basalt_pager_config_t *cfg);

/* A VSpace the pager serves. *fault_ep (a slot of the creator's CNode) is
 * what its threads must name as fault handler (TCB_Configure/SetSpace). */
basalt_error_t basalt_pager_add_client(basalt_pager_t *p, basalt_cptr_t vspace, unsigned *client,
				       basalt_cptr_t *fault_ep);

/* Memory regions can share copy-on-write: `pages` pages, zero until
 * written (basalt_pager_object_write) or touched. */
basalt_error_t basalt_pager_add_object(basalt_pager_t *p, basalt_word_t pages, unsigned *object);

/* Back [start, start + pages * 4096) of a client's VSpace with `rights`
 * (BASALT_MAP_*): zero-filled (object BASALT_PAGER_NO_OBJECT) or
 * copy-on-write over the object's pages from object_first on. Regions
 * of one client must not overlap. */
basalt_error_t basalt_pager_add_region(basalt_pager_t *p, unsigned client, basalt_word_t start,
				       basalt_word_t pages, unsigned rights, int object,
				       basalt_word_t object_first);

basalt_error_t basalt_pager_start(basalt_pager_t *p);

/* Control calls to the running pager (IPC; the creator's threads). */

/* Fill an object's page (4096 bytes from `src`, an address of the shared
 * address space) before clients share it. */
basalt_error_t basalt_pager_object_write(basalt_pager_t *p, unsigned object, basalt_word_t page,
					 const void *src);

/* How a client's page stands, and the physical address of the frame it
 * maps (0 when absent). */
basalt_error_t basalt_pager_query(basalt_pager_t *p, unsigned client, basalt_word_t vaddr,
				  basalt_pager_page_state_t *state, basalt_word_t *paddr);

#endif
