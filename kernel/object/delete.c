/*
 * Deletion and revocation (see delete.h).
 *
 * The invariants the zombie machinery keeps:
 *  - The slot an operation was asked to delete (the "top" slot) holds the
 *    zombie being worked on. Every other zombie of the operation sits in a
 *    slot of its own object, reachable only through the chain of `resume`
 *    pointers that starts at the top, and does not move until it becomes
 *    the top again; so the top's `tail` pointer stays valid.
 *  - A zombie and every slot of its object stay on the derivation list
 *    under the untyped they came from until emptied, so the memory cannot
 *    be reused (an untyped is reset only when it has no children) even
 *    when a zombie is parked inside an object already destroyed (cycles).
 *  - The derivation list does reach parked zombies (revoking their
 *    untyped), so a parked zombie is marked (CAP_FLAG_ZOMBIE_PARKED) and
 *    knows its top: deleting it continues the whole operation from there
 *    (deletion_top()). Finishing it alone would leave the zombie it waits
 *    for resuming into a slot of an object already gone, whose memory
 *    could meanwhile hold a new object (and a cap the resume would take).
 */
#include "object/delete.h"

#include "core/kmem.h"
#include "core/panic.h"
#include "core/preempt.h"
#include "object/cdt.h"
#include "object/finalise.h"
#include "object/tcb.h"

static bool holds_slots(unsigned type)
{
	return type == CAP_CNODE || type == CAP_TCB;
}

/*
 * Zombie fields: word32 = slots left to empty, w2 = resume (the slot of the
 * zombie this one interrupted, or NULL), w1 = tail: in the top zombie only,
 * the slot of the last zombie of the chain (NULL when resume is NULL). The
 * tail makes joining two chains O(1) (nest()). A parked zombie (flag
 * ZOMBIE_PARKED) has instead in w1 the slot that was the top when it was
 * parked; after chains joined, that slot holds a parked zombie too, whose
 * w1 leads on to the top.
 */
static uint32_t zombie_left(const cap_t *z) { return z->word32; }
static cte_t *zombie_resume(const cap_t *z) { return (cte_t *)(uintptr_t)z->w2; }
static cte_t *zombie_tail(const cap_t *z) { return (cte_t *)(uintptr_t)z->w1; }
static bool zombie_parked(const cap_t *z)
{
	return z->type == CAP_ZOMBIE && (z->flags & CAP_FLAG_ZOMBIE_PARKED);
}

static cte_t *zombie_parked_top(const cap_t *z) { return (cte_t *)(uintptr_t)z->w1; }

static void zombie_park(cap_t *z, cte_t *top)
{
	z->flags |= CAP_FLAG_ZOMBIE_PARKED;
	z->w1 = (uint64_t)(uintptr_t)top;
}

static void zombie_set_links(cap_t *z, cte_t *resume, cte_t *tail)
{
	z->w2 = (uint64_t)(uintptr_t)resume;
	z->w1 = (uint64_t)(uintptr_t)tail;
}

/* Turn the final cap to a CNode or TCB into its zombie (no chain yet). */
static cap_t make_zombie(const cap_t *c)
{
	cap_t z = { .type = CAP_ZOMBIE, .obj = c->obj };

	if (c->type == CAP_TCB) {
		finalise_tcb_prepare(c);
		z.flags = CAP_FLAG_ZOMBIE_TCB;
		z.bits = BASALT_TCB_BITS;
		z.word32 = TCB_SLOTS;
	} else {
		z.bits = (uint8_t)(cap_cnode_radix(c) + BASALT_SLOT_BITS);
		z.word32 = 1u << cap_cnode_radix(c);
	}
	return z;
}

static cte_t *zombie_slot(const cap_t *z, uint32_t index)
{
	if (z->flags & CAP_FLAG_ZOMBIE_TCB)
		return &((tcb_t *)phys_to_virt(z->obj))->slots[index];
	return (cte_t *)phys_to_virt(z->obj) + index;
}

static void slot_clear(cte_t *slot)
{
	cdt_remove(slot);
}

/*
 * The zombie in `top` meets a slot `t` of its object that holds a final
 * CNode/TCB (or a zombie left by an earlier, preempted deletion): finish
 * that object first. The slots trade caps, so the inner object is worked
 * on in `top` and the outer zombie waits in `t`; the chains join as
 *   inner -> (inner's own chain) -> outer (in t) -> (outer's chain).
 */
static void nest(cte_t *top, cte_t *t)
{
	cte_t *outer_tail;

	/* Only a top zombie (of a preempted deletion) can be in the slot of
	 * an object being deleted: a parked one is in a slot of its own. */
	assert(!zombie_parked(&t->cap));
	cdt_swap(top, t);
	outer_tail = zombie_tail(&t->cap) != NULL ? zombie_tail(&t->cap) : t;
	zombie_park(&t->cap, top);
	if (top->cap.type != CAP_ZOMBIE) {
		top->cap = make_zombie(&top->cap);
		zombie_set_links(&top->cap, t, outer_tail);
		return;
	}
	if (zombie_resume(&top->cap) == NULL)
		top->cap.w2 = (uint64_t)(uintptr_t)t;
	else
		zombie_tail(&top->cap)->cap.w2 = (uint64_t)(uintptr_t)t;
	top->cap.w1 = (uint64_t)(uintptr_t)outer_tail;
}

/* Where the deletion a zombie in `slot` belongs to is worked on: the slot
 * itself, unless the zombie is parked (see nest()). The path to the top
 * is shortened to one step for the next time. */
static cte_t *deletion_top(cte_t *slot)
{
	cte_t *top = slot;

	while (zombie_parked(&top->cap))
		top = zombie_parked_top(&top->cap);
	assert(top->cap.type == CAP_ZOMBIE);
	if (top != slot)
		slot->cap.w1 = (uint64_t)(uintptr_t)top;
	return top;
}

exception_t slot_delete(cte_t *top)
{
	if (zombie_parked(&top->cap))
		top = deletion_top(top);
	for (;;) {
		cap_t *c = &top->cap;
		exception_t ex;

		if (c->type == CAP_NULL)
			return EXC_NONE;
		if (c->type != CAP_ZOMBIE) {
			bool final = cdt_is_final(top);

			if (!final || !holds_slots(c->type)) {
				ex = finalise_cap(top, final);
				if (ex != EXC_NONE)
					return ex;
				slot_clear(top);
				return EXC_NONE;
			}
			*c = make_zombie(c);
			continue;
		}

		uint32_t left = zombie_left(c);

		if (left == 0) {
			/* The object is empty: it is gone. */
			cte_t *resume = zombie_resume(c);

			if (resume == NULL) {
				slot_clear(top);
				return EXC_NONE;
			}
			/* Back to the zombie this one interrupted; it is the new
			 * top, and the chain's tail stays unless it is the tail. */
			cte_t *tail = zombie_tail(c);

			cdt_remove(top);
			cdt_move(resume, top, resume->cap);
			top->cap.flags &= (uint8_t)~CAP_FLAG_ZOMBIE_PARKED;
			top->cap.w1 = tail == resume ? 0 : (uint64_t)(uintptr_t)tail;
			continue;
		}

		cte_t *t = zombie_slot(c, left - 1);

		if (t != top && t->cap.type != CAP_NULL) {
			if (t->cap.type == CAP_ZOMBIE ||
			    (holds_slots(t->cap.type) && cdt_is_final(t))) {
				nest(top, t);
				continue;
			}
			/* Not a final CNode/TCB: its deletion cannot nest. */
			ex = slot_delete(t);
			if (ex != EXC_NONE)
				return ex;
		}
		c->word32 = left - 1;
		ex = preemption_point();
		if (ex != EXC_NONE)
			return ex;
	}
}

exception_t slot_revoke(cte_t *slot)
{
	while (slot->next != NULL && cdt_is_parent_of(slot, slot->next)) {
		exception_t ex = slot_delete(slot->next);

		if (ex != EXC_NONE)
			return ex;
		ex = preemption_point();
		if (ex != EXC_NONE)
			return ex;
	}
	return EXC_NONE;
}

void slot_delete_one(cte_t *slot)
{
	exception_t ex;

	if (cap_is_null(&slot->cap))
		return;
	assert(!holds_slots(slot->cap.type) || !cdt_is_final(slot));
	ex = finalise_cap(slot, cdt_is_final(slot));
	assert(ex == EXC_NONE);
	(void)ex;
	slot_clear(slot);
}
