/*
 * What capabilities mean relative to each other: the rules the derivation
 * tree, Copy/Mint/Mutate and deletion are built on. They follow seL4's
 * sameRegionAs / sameObjectAs / isCapRevocable / deriveCap / updateCapData
 * semantics (docs/capabilities.md says where and why Basalt differs).
 */
#include "object/cap_rules.h"

#include "object/tcb.h"

const char *cap_type_name(unsigned type)
{
	static const char *const names[CAP_NUM_TYPES] = {
		[CAP_NULL] = "null", [CAP_UNTYPED] = "untyped", [CAP_ENDPOINT] = "endpoint",
		[CAP_NOTIFICATION] = "notification", [CAP_REPLY] = "reply", [CAP_CNODE] = "cnode",
		[CAP_TCB] = "tcb", [CAP_IRQ_CONTROL] = "irq-control", [CAP_IRQ_HANDLER] = "irq-handler",
		[CAP_ZOMBIE] = "zombie", [CAP_FRAME] = "frame", [CAP_PAGE_TABLE] = "page-table",
		[CAP_ASID_CONTROL] = "asid-control", [CAP_ASID_POOL] = "asid-pool",
	};

	return type < CAP_NUM_TYPES && names[type] != NULL ? names[type] : "?";
}

bool cap_object_range(const cap_t *c, uint64_t *base, uint64_t *size)
{
	unsigned bits;

	switch (c->type) {
	case CAP_UNTYPED: bits = c->bits; break;
	case CAP_ENDPOINT: bits = BASALT_ENDPOINT_BITS; break;
	case CAP_NOTIFICATION: bits = BASALT_NOTIFICATION_BITS; break;
	case CAP_CNODE: bits = c->bits + BASALT_SLOT_BITS; break;
	case CAP_TCB: bits = BASALT_TCB_BITS; break;
	case CAP_ZOMBIE: bits = c->bits; break;
	case CAP_FRAME: bits = c->bits; break;
	case CAP_PAGE_TABLE: bits = BASALT_PAGE_TABLE_BITS; break;
	case CAP_ASID_POOL: bits = BASALT_ASID_POOL_BITS; break;
	default: return false;
	}
	*base = c->obj;
	*size = 1ull << bits;
	return true;
}

/* [base, base + size) of `inner` lies inside that of `outer`. */
static bool range_inside(uint64_t obase, uint64_t osize, uint64_t ibase, uint64_t isize)
{
	return ibase >= obase && isize <= osize && ibase - obase <= osize - isize;
}

bool cap_same_region(const cap_t *a, const cap_t *b)
{
	uint64_t abase, asize, bbase, bsize;

	switch (a->type) {
	case CAP_UNTYPED:
		/* Everything made from the untyped's memory (a zombie included:
		 * its object still lies there until deleted). */
		if (!cap_object_range(b, &bbase, &bsize))
			return false;
		cap_object_range(a, &abase, &asize);
		return range_inside(abase, asize, bbase, bsize);
	case CAP_ENDPOINT:
	case CAP_NOTIFICATION:
	case CAP_TCB:
	case CAP_PAGE_TABLE:
	case CAP_ASID_POOL:
		return b->type == a->type && b->obj == a->obj;
	case CAP_CNODE:
		return b->type == CAP_CNODE && b->obj == a->obj && b->bits == a->bits;
	case CAP_FRAME:
		return b->type == CAP_FRAME && b->obj == a->obj && b->bits == a->bits &&
		       cap_is_device(a) == cap_is_device(b);
	case CAP_REPLY:
		return b->type == CAP_REPLY && b->obj == a->obj;
	case CAP_IRQ_CONTROL:
		return b->type == CAP_IRQ_CONTROL || b->type == CAP_IRQ_HANDLER;
	case CAP_IRQ_HANDLER:
		return b->type == CAP_IRQ_HANDLER && b->word32 == a->word32;
	case CAP_ASID_CONTROL:
		return b->type == CAP_ASID_CONTROL;
	default:
		/* null and zombie caps are never the parent of anything */
		return false;
	}
}

bool cap_same_object(const cap_t *a, const cap_t *b)
{
	/* Two untyped caps never count as "the same object" (seL4): an
	 * untyped cap has nothing to finalise. Likewise IRQ control vs a
	 * handler it issued. */
	if (a->type == CAP_UNTYPED || b->type == CAP_UNTYPED)
		return false;
	if (a->type == CAP_IRQ_CONTROL && b->type == CAP_IRQ_HANDLER)
		return false;
	/* A zombie stands for its object: copies of it cannot exist, but be
	 * exact about it anyway. */
	if (a->type == CAP_ZOMBIE || b->type == CAP_ZOMBIE)
		return a->type == b->type && a->obj == b->obj;
	return cap_same_region(a, b);
}

bool cap_is_revocable(const cap_t *derived, const cap_t *source)
{
	switch (derived->type) {
	case CAP_ENDPOINT:
	case CAP_NOTIFICATION:
		/* A newly badged cap is the root of its badge's copies. */
		return cap_badge(derived) != cap_badge(source);
	case CAP_IRQ_HANDLER:
		return source->type == CAP_IRQ_CONTROL;
	case CAP_UNTYPED:
		return true;
	default:
		return false;
	}
}

cap_t cap_derive(const cap_t *c, bool has_children, basalt_error_t *err)
{
	cap_t d = *c;

	*err = BASALT_OK;
	switch (c->type) {
	case CAP_UNTYPED:
		/* Untyped caps are never copied (docs/capabilities.md), with or
		 * without children: a copy of a childless untyped became its
		 * child, so neither was reset again, and each retyped from its
		 * own watermark (both 0) over the same memory, handing out one
		 * region twice. Move works; subdivide by retyping. */
		*err = BASALT_ILLEGAL_OPERATION;
		return cap_null();
	case CAP_ZOMBIE:
	case CAP_REPLY:
	case CAP_IRQ_CONTROL:
		/* Zombies are being destroyed; reply caps are one-shot and move
		 * only by SaveCaller; there is one IRQ control. */
		return cap_null();
	case CAP_FRAME:
		/* The copy starts unmapped: a frame cap maps in one place. */
		d.flags &= (uint8_t)~CAP_FLAG_MAPPED;
		d.word32 = 0;
		d.w1 = 0;
		return d;
	case CAP_PAGE_TABLE:
		/* Only a mapped table may be copied, so no two caps can map the
		 * same table in two places (seL4's rule). */
		if (!cap_is_mapped(c)) {
			*err = BASALT_ILLEGAL_OPERATION;
			return cap_null();
		}
		return d;
	default:
		return d;
	}
}

cap_t cap_mask_rights(const cap_t *c, unsigned rights)
{
	cap_t d = *c;

	switch (c->type) {
	case CAP_ENDPOINT:
	case CAP_NOTIFICATION:
	case CAP_REPLY:
	case CAP_FRAME:
		d.rights = (uint8_t)(c->rights & rights);
		break;
	default:
		break;
	}
	return d;
}

cap_t cap_update_data(const cap_t *c, uint64_t data, bool preserve)
{
	cap_t d = *c;

	switch (c->type) {
	case CAP_ENDPOINT:
	case CAP_NOTIFICATION:
		/* A badge is set once, by Mint, on an unbadged cap. Mutate
		 * (preserve) cannot badge: it would move a cap out from under
		 * the root of its badge. Both as in seL4. */
		if (preserve || cap_badge(c) != 0)
			return cap_null();
		d.w1 = data;
		return d;
	case CAP_CNODE: {
		unsigned guard_bits = (unsigned)(data & ((1u << BASALT_CNODE_GUARD_SIZE_BITS) - 1));
		uint64_t guard = data >> BASALT_CNODE_GUARD_SIZE_BITS;

		if (guard_bits + cap_cnode_radix(c) > BASALT_WORD_BITS)
			return cap_null();
		guard &= guard_bits == 0 ? 0 : (1ull << guard_bits) - 1;   /* guard_bits < 64 here */
		d.word32 = guard_bits;
		d.w1 = guard;
		return d;
	}
	default:
		return d;
	}
}
