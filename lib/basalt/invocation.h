/*
 * Invocation labels and argument layouts.
 *
 * An invocation is a Call on an object's capability with the operation as
 * the message label. "MRn" are message registers, "cap n" the extra
 * capabilities (their capability pointers go in the IPC buffer's
 * caps_or_badges[]). The reply's label is the error code (errors.h); on
 * success the reply's message registers carry the results listed here.
 *
 * CNode operations address slots relative to a CNode capability (the
 * invoked one, or an extra cap) by (index, depth): exactly `depth` bits of
 * `index` are resolved, from the low end of those bits, as in seL4.
 */
#ifndef BASALT_ABI_INVOCATION_H
#define BASALT_ABI_INVOCATION_H

typedef enum basalt_invocation {
	BASALT_INV_NONE = 0,

	/* Untyped: MR0 type, MR1 size_bits, MR2 node_index, MR3 node_depth,
	 * MR4 node_offset, MR5 num_objects; cap 0 = root CNode. Creates
	 * num_objects objects in consecutive empty slots of the CNode found at
	 * (node_index, node_depth) from the root, starting at node_offset. */
	BASALT_INV_UNTYPED_RETYPE = 1,

	/* TCB (issue: threads) */
	BASALT_INV_TCB_READ_REGISTERS = 10,  /* MR0 flags, MR1 count -> MR0.. registers (context.h) */
	BASALT_INV_TCB_WRITE_REGISTERS = 11, /* MR0 flags, MR1 count, MR2.. registers */
	BASALT_INV_TCB_COPY_REGISTERS = 12,  /* MR0 flags; cap 0 = source TCB */
	BASALT_INV_TCB_CONFIGURE = 13,       /* MR0 fault_ep, MR1 cspace_data, MR2 ipc_buffer vaddr;
	                                      * cap 0 cspace root, cap 1 vspace root, cap 2 buffer frame */
	BASALT_INV_TCB_SET_PRIORITY = 14,    /* MR0 priority; cap 0 = authority TCB */
	BASALT_INV_TCB_SET_MC_PRIORITY = 15, /* MR0 mcp; cap 0 = authority TCB */
	BASALT_INV_TCB_SET_SCHED_PARAMS = 16,/* MR0 mcp, MR1 priority; cap 0 = authority TCB */
	BASALT_INV_TCB_SET_IPC_BUFFER = 17,  /* MR0 vaddr; cap 0 = frame (or none with vaddr 0) */
	BASALT_INV_TCB_SET_SPACE = 18,       /* MR0 fault_ep, MR1 cspace_data; cap 0 cspace, cap 1 vspace */
	BASALT_INV_TCB_SUSPEND = 19,
	BASALT_INV_TCB_RESUME = 20,
	BASALT_INV_TCB_BIND_NOTIFICATION = 21, /* cap 0 = notification */
	BASALT_INV_TCB_UNBIND_NOTIFICATION = 22,
	BASALT_INV_TCB_SET_TLS_BASE = 23,    /* MR0 value for tp */

	/* CNode (invoked on the destination root CNode) */
	BASALT_INV_CNODE_REVOKE = 30,        /* MR0 index, MR1 depth */
	BASALT_INV_CNODE_DELETE = 31,        /* MR0 index, MR1 depth */
	BASALT_INV_CNODE_CANCEL_BADGED_SENDS = 32, /* MR0 index, MR1 depth */
	BASALT_INV_CNODE_COPY = 33,          /* MR0 dest_index, MR1 dest_depth, MR2 src_index,
	                                      * MR3 src_depth, MR4 rights; cap 0 = source root */
	BASALT_INV_CNODE_MINT = 34,          /* as Copy, plus MR5 badge/guard data */
	BASALT_INV_CNODE_MOVE = 35,          /* MR0 dest_index, MR1 dest_depth, MR2 src_index,
	                                      * MR3 src_depth; cap 0 = source root */
	BASALT_INV_CNODE_MUTATE = 36,        /* as Move, plus MR4 badge/guard data */
	BASALT_INV_CNODE_ROTATE = 37,        /* MR0 dest_index, MR1 dest_depth, MR2 pivot_index,
	                                      * MR3 pivot_depth, MR4 pivot_badge, MR5 src_index,
	                                      * MR6 src_depth, MR7 src_badge;
	                                      * cap 0 = pivot root, cap 1 = source root */
	BASALT_INV_CNODE_SAVE_CALLER = 38,   /* MR0 index, MR1 depth */

	/* IRQs (issue: interrupts) */
	BASALT_INV_IRQ_ISSUE_HANDLER = 50,   /* IRQControl: MR0 irq, MR1 index, MR2 depth; cap 0 root */
	BASALT_INV_IRQ_ACK = 51,
	BASALT_INV_IRQ_SET_NOTIFICATION = 52,/* cap 0 = notification */
	BASALT_INV_IRQ_CLEAR = 53,

	/* Virtual memory (issue: virtual memory) */
	BASALT_INV_PAGE_TABLE_MAP = 60,      /* MR0 vaddr, MR1 level, MR2 attributes; cap 0 = VSpace */
	BASALT_INV_PAGE_TABLE_UNMAP = 61,
	BASALT_INV_FRAME_MAP = 62,           /* MR0 vaddr, MR1 rights (BASALT_MAP_*), MR2 attributes;
	                                      * cap 0 = VSpace */
	BASALT_INV_FRAME_UNMAP = 63,
	BASALT_INV_FRAME_GET_ADDRESS = 64,   /* -> MR0 physical address */
	BASALT_INV_ASID_CONTROL_MAKE_POOL = 65, /* MR0 index, MR1 depth; cap 0 = 4 KiB untyped,
	                                         * cap 1 = destination root CNode */
	BASALT_INV_ASID_POOL_ASSIGN = 66,    /* cap 0 = VSpace (a top-level page table) */
} basalt_invocation_t;

/* Frame_Map rights and attributes. */
#define BASALT_MAP_READ    (1u << 0)
#define BASALT_MAP_WRITE   (1u << 1)
#define BASALT_MAP_EXECUTE (1u << 2)
#define BASALT_MAP_ATTR_UNCACHED (1u << 0)   /* device memory (Svpbmt IO where present) */

#endif
