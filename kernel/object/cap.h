/*
 * Capabilities and the slots that hold them.
 *
 * A capability is 32 bytes of plain fields (kernel-internal: user space
 * only ever names slots, never sees these bytes). What the fields mean
 * depends on the type:
 *
 *   type          bits        flags          word32     obj        w1            w2
 *   ------------  ----------  -------------  ---------  ---------  ------------  -----------
 *   UNTYPED       size bits   DEVICE         -          base pa    watermark     clean mark
 *   ENDPOINT      -           -              -          ep pa      badge         -
 *   NOTIFICATION  -           -              -          ntfn pa    badge         -
 *   REPLY         -           MASTER         -          tcb pa     -             -
 *   CNODE         radix       -              guard bits cnode pa   guard         -
 *   TCB           -           -              -          tcb pa     -             -
 *   IRQ_CONTROL   -           -              -          0          -             -
 *   IRQ_HANDLER   -           -              irq        0          -             -
 *   ZOMBIE        obj bits    ZOMBIE_TCB,    slots left object pa  chain tail /  resume slot
 *                             ZOMBIE_PARKED                        (parked) top
 *   FRAME         size bits   DEVICE,MAPPED  asid       frame pa   mapped vaddr  -
 *   PAGE_TABLE    level       MAPPED         asid       table pa   mapped vaddr  -
 *   ASID_CONTROL  -           -              -          0          -             -
 *   ASID_POOL     -           -              asid base  pool pa    -             -
 *
 * `rights` (BASALT_RIGHT_*) applies to endpoints, notifications, replies
 * (grant) and frames (read/write: the most a mapping may allow).
 * Untyped: memory [obj + watermark, obj + size) is free; [obj + watermark,
 * obj + clean) is free and known to be zero (retype zeroes lazily, in
 * preemptible chunks, never at boot). A zombie stands for a CNode or TCB
 * whose last capability is being deleted: its slots are emptied one by one
 * (see delete.c for the resume chain and its tail).
 *
 * Object addresses are physical; the kernel reaches RAM objects through its
 * window (kmem.h). Device frames and device untyped are never touched.
 */
#ifndef BASALT_KERNEL_OBJECT_CAP_H
#define BASALT_KERNEL_OBJECT_CAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "basalt/objects.h"
#include "basalt/types.h"

typedef enum cap_type {
	CAP_NULL = BASALT_CAP_TYPE_NULL,
	CAP_UNTYPED = BASALT_CAP_TYPE_UNTYPED,
	CAP_ENDPOINT = BASALT_CAP_TYPE_ENDPOINT,
	CAP_NOTIFICATION = BASALT_CAP_TYPE_NOTIFICATION,
	CAP_REPLY = BASALT_CAP_TYPE_REPLY,
	CAP_CNODE = BASALT_CAP_TYPE_CNODE,
	CAP_TCB = BASALT_CAP_TYPE_TCB,
	CAP_IRQ_CONTROL = BASALT_CAP_TYPE_IRQ_CONTROL,
	CAP_IRQ_HANDLER = BASALT_CAP_TYPE_IRQ_HANDLER,
	CAP_ZOMBIE = BASALT_CAP_TYPE_ZOMBIE,
	CAP_FRAME = BASALT_CAP_TYPE_FRAME,
	CAP_PAGE_TABLE = BASALT_CAP_TYPE_PAGE_TABLE,
	CAP_ASID_CONTROL = BASALT_CAP_TYPE_ASID_CONTROL,
	CAP_ASID_POOL = BASALT_CAP_TYPE_ASID_POOL,
	CAP_NUM_TYPES = BASALT_CAP_TYPE_NUM
} cap_type_t;

/* cap_t.flags */
#define CAP_FLAG_DEVICE     (1u << 0)   /* UNTYPED, FRAME: device memory */
#define CAP_FLAG_MAPPED     (1u << 1)   /* FRAME, PAGE_TABLE: installed in a VSpace */
#define CAP_FLAG_MASTER     (1u << 2)   /* REPLY: the TCB's own master reply cap */
#define CAP_FLAG_ZOMBIE_TCB (1u << 3)   /* ZOMBIE: the object is a TCB (else a CNode) */
#define CAP_FLAG_ZOMBIE_PARKED (1u << 4) /* ZOMBIE: waits for a nested deletion (delete.c) */

typedef struct cap {
	uint8_t type;
	uint8_t rights;
	uint8_t bits;
	uint8_t flags;
	uint32_t word32;
	uint64_t obj;
	uint64_t w1;
	uint64_t w2;
} cap_t;

_Static_assert(sizeof(cap_t) == 32, "cap layout");

/*
 * A slot (CNode entry, or one of a TCB's own slots): a capability plus its
 * place in the capability derivation tree. The tree is kept, as in seL4, as
 * one doubly linked list in depth-first order: a cap's descendants are the
 * caps that follow it while cdt_is_parent_of() holds, so insertion,
 * removal and the "last cap to this object?" test are O(1). cdt.h computes
 * a cap's parent from its place in the list.
 */
typedef struct cte {
	cap_t cap;
	struct cte *prev;
	struct cte *next;
	uint64_t mdb;        /* CTE_REVOCABLE | CTE_FIRST_BADGED */
	uint64_t spare;
} cte_t;

#define CTE_REVOCABLE    (1u << 0)   /* may have children: revoke reaches them */
#define CTE_FIRST_BADGED (1u << 1)   /* first cap with its badge: parent of its copies */

_Static_assert(sizeof(cte_t) == (1u << BASALT_SLOT_BITS), "slot layout");

static inline cap_t cap_null(void)
{
	return (cap_t){ .type = CAP_NULL };
}

static inline bool cap_is_null(const cap_t *c)
{
	return c->type == CAP_NULL;
}

/* ---- constructors (fields as in the table above) ---- */
static inline cap_t cap_untyped(uint64_t pa, unsigned bits, bool device)
{
	return (cap_t){ .type = CAP_UNTYPED, .bits = (uint8_t)bits, .obj = pa,
			.flags = device ? CAP_FLAG_DEVICE : 0 };
}

static inline cap_t cap_endpoint(uint64_t pa, uint64_t badge, unsigned rights)
{
	return (cap_t){ .type = CAP_ENDPOINT, .obj = pa, .w1 = badge, .rights = (uint8_t)rights };
}

static inline cap_t cap_notification(uint64_t pa, uint64_t badge, unsigned rights)
{
	return (cap_t){ .type = CAP_NOTIFICATION, .obj = pa, .w1 = badge, .rights = (uint8_t)rights };
}

static inline cap_t cap_reply(uint64_t tcb_pa, bool master, bool can_grant)
{
	return (cap_t){ .type = CAP_REPLY, .obj = tcb_pa, .flags = master ? CAP_FLAG_MASTER : 0,
			.rights = can_grant ? BASALT_RIGHT_GRANT : 0 };
}

static inline cap_t cap_cnode(uint64_t pa, unsigned radix, unsigned guard_bits, uint64_t guard)
{
	return (cap_t){ .type = CAP_CNODE, .obj = pa, .bits = (uint8_t)radix,
			.word32 = guard_bits, .w1 = guard };
}

static inline cap_t cap_tcb(uint64_t pa)
{
	return (cap_t){ .type = CAP_TCB, .obj = pa };
}

static inline cap_t cap_frame(uint64_t pa, unsigned bits, unsigned rights, bool device)
{
	return (cap_t){ .type = CAP_FRAME, .obj = pa, .bits = (uint8_t)bits,
			.rights = (uint8_t)rights, .flags = device ? CAP_FLAG_DEVICE : 0 };
}

static inline cap_t cap_page_table(uint64_t pa)
{
	return (cap_t){ .type = CAP_PAGE_TABLE, .obj = pa };
}

static inline cap_t cap_asid_pool(uint64_t pa, uint32_t asid_base)
{
	return (cap_t){ .type = CAP_ASID_POOL, .obj = pa, .word32 = asid_base };
}

static inline cap_t cap_control(cap_type_t type)
{
	return (cap_t){ .type = (uint8_t)type };
}

static inline cap_t cap_irq_handler(uint32_t irq)
{
	return (cap_t){ .type = CAP_IRQ_HANDLER, .word32 = irq };
}

/* ---- field accessors with names ---- */
static inline uint64_t cap_badge(const cap_t *c) { return c->w1; }
static inline unsigned cap_cnode_radix(const cap_t *c) { return c->bits; }
static inline unsigned cap_cnode_guard_bits(const cap_t *c) { return c->word32; }
static inline uint64_t cap_cnode_guard(const cap_t *c) { return c->w1; }
static inline uint64_t cap_untyped_size(const cap_t *c) { return 1ull << c->bits; }
static inline uint64_t cap_untyped_watermark(const cap_t *c) { return c->w1; }
static inline uint64_t cap_untyped_clean(const cap_t *c) { return c->w2; }
static inline bool cap_is_device(const cap_t *c) { return (c->flags & CAP_FLAG_DEVICE) != 0; }
static inline bool cap_is_mapped(const cap_t *c) { return (c->flags & CAP_FLAG_MAPPED) != 0; }

/* The object a capability names, as a physical range; false for caps
 * that name no memory (null, control caps, IRQ handlers). */
bool cap_object_range(const cap_t *c, uint64_t *base, uint64_t *size);

/* Short lowercase name of a cap type ("untyped", "endpoint", ...). */
const char *cap_type_name(unsigned type);

#endif
