/*
 * Kernel object types, their sizes, and the capability types user space can
 * be told about.
 *
 * Objects are made only by Untyped_Retype (and ASID pools by
 * ASIDControl_MakePool) out of untyped memory. Every type has a fixed size,
 * 2^bits bytes, naturally aligned; CNodes and untyped take their size from
 * the retype's size_bits argument (CNode: 2^size_bits slots).
 */
#ifndef BASALT_ABI_OBJECTS_H
#define BASALT_ABI_OBJECTS_H

/* Types for Untyped_Retype. */
typedef enum basalt_object_type {
	BASALT_OBJ_UNTYPED = 0,
	BASALT_OBJ_TCB = 1,
	BASALT_OBJ_ENDPOINT = 2,
	BASALT_OBJ_NOTIFICATION = 3,
	BASALT_OBJ_CNODE = 4,
	BASALT_OBJ_FRAME_4K = 5,
	BASALT_OBJ_FRAME_2M = 6,
	BASALT_OBJ_FRAME_1G = 7,
	BASALT_OBJ_PAGE_TABLE = 8,
	BASALT_OBJ_NUM_TYPES
} basalt_object_type_t;

/* Sizes in bits (object size = 1 << bits). */
#define BASALT_TCB_BITS          11
#define BASALT_ENDPOINT_BITS     5
#define BASALT_NOTIFICATION_BITS 6
#define BASALT_SLOT_BITS         6    /* one CNode slot */
#define BASALT_PAGE_TABLE_BITS   12
#define BASALT_ASID_POOL_BITS    12
#define BASALT_FRAME_4K_BITS     12
#define BASALT_FRAME_2M_BITS     21
#define BASALT_FRAME_1G_BITS     30
#define BASALT_UNTYPED_MIN_BITS  4
#define BASALT_UNTYPED_MAX_BITS  47
#define BASALT_CNODE_MIN_RADIX   1
#define BASALT_CNODE_MAX_RADIX   28

/* At most this many objects per Untyped_Retype (a retype is one kernel
 * operation; its length must stay bounded). */
#define BASALT_RETYPE_MAX_OBJECTS 256

/* ASIDs: 16 bits, in pools of 2^BASALT_ASID_POOL_INDEX_BITS. */
#define BASALT_ASID_BITS            16
#define BASALT_ASID_POOL_INDEX_BITS 8
#define BASALT_ASID_POOLS           (1u << (BASALT_ASID_BITS - BASALT_ASID_POOL_INDEX_BITS))

/* Thread priorities: 0 (lowest) .. 255. */
#define BASALT_NUM_PRIORITIES 256
#define BASALT_MAX_PRIORITY   255

/* Capability types, as BASALT_SYS_DEBUG_CAP_IDENTIFY reports them. */
typedef enum basalt_cap_type {
	BASALT_CAP_TYPE_NULL = 0,
	BASALT_CAP_TYPE_UNTYPED = 1,
	BASALT_CAP_TYPE_ENDPOINT = 2,
	BASALT_CAP_TYPE_NOTIFICATION = 3,
	BASALT_CAP_TYPE_REPLY = 4,
	BASALT_CAP_TYPE_CNODE = 5,
	BASALT_CAP_TYPE_TCB = 6,
	BASALT_CAP_TYPE_IRQ_CONTROL = 7,
	BASALT_CAP_TYPE_IRQ_HANDLER = 8,
	BASALT_CAP_TYPE_ZOMBIE = 9,
	BASALT_CAP_TYPE_FRAME = 10,
	BASALT_CAP_TYPE_PAGE_TABLE = 11,
	BASALT_CAP_TYPE_ASID_CONTROL = 12,
	BASALT_CAP_TYPE_ASID_POOL = 13,
	BASALT_CAP_TYPE_NUM
} basalt_cap_type_t;

/*
 * The data word of CNode Mint/Mutate for a CNode capability sets its guard:
 *   bits 0..5   guard size in bits (0..63)
 *   bits 6..63  guard value (must fit in guard size bits)
 * For endpoint and notification capabilities the data word is the badge.
 */
#define BASALT_CNODE_GUARD_SIZE_BITS 6

static inline unsigned long long basalt_cnode_guard(unsigned long long guard, unsigned size)
{
	return (guard << BASALT_CNODE_GUARD_SIZE_BITS) | (size & 63u);
}

#endif
