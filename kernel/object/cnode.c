/*
 * CNode invocations: Copy, Mint, Move, Mutate, Rotate, Delete, Revoke,
 * SaveCaller, CancelBadgedSends (seL4 semantics; argument layouts in
 * basalt/invocation.h).
 *
 * Each operation is decoded completely (every lookup and check) before
 * anything changes, so a failed call has no effect. Delete and Revoke can be
 * preempted: their progress lives in the objects and the call restarts.
 */
#include "object/cnode.h"

#include "basalt/invocation.h"
#include "object/cap_rules.h"
#include "object/cdt.h"
#include "object/delete.h"
#include "object/endpoint.h"

exception_t cnode_lookup_slot(syserr_t *err, const cap_t *root, basalt_cptr_t index,
			      basalt_word_t depth, bool source, cte_t **out)
{
	lookup_result_t r;

	if (depth < 1 || depth > BASALT_WORD_BITS)
		return syserr_range(err, 1, BASALT_WORD_BITS);
	r = cspace_lookup_slot_exact(root, index, (unsigned)depth);
	if (r.slot == NULL)
		return syserr_lookup(err, source, r.fault);
	*out = r.slot;
	return EXC_NONE;
}

/* A source slot must hold a cap (FAILED_LOOKUP: missing capability). */
static exception_t require_cap(syserr_t *err, const cte_t *slot, basalt_word_t depth, bool source)
{
	if (!cap_is_null(&slot->cap))
		return EXC_NONE;
	return syserr_lookup(err, source, (lookup_fault_t){
		.type = BASALT_LOOKUP_MISSING_CAPABILITY, .bits_left = (uint8_t)depth });
}

static exception_t require_empty(syserr_t *err, const cte_t *slot)
{
	return cap_is_null(&slot->cap) ? EXC_NONE : syserr_set(err, BASALT_DELETE_FIRST);
}

/* Copy, Mint, Move, Mutate. */
static exception_t decode_copy_move(invocation_t *inv, cte_t *dest)
{
	unsigned need = inv->label == BASALT_INV_CNODE_COPY ? 5 :
			inv->label == BASALT_INV_CNODE_MINT ? 6 :
			inv->label == BASALT_INV_CNODE_MOVE ? 4 : 5;
	bool is_move = inv->label == BASALT_INV_CNODE_MOVE || inv->label == BASALT_INV_CNODE_MUTATE;
	basalt_word_t src_depth;
	cte_t *src;
	cap_t cap;
	exception_t ex;

	if (inv->length < need || inv->extra_count < 1)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	src_depth = inv_arg(inv, 3);
	ex = require_empty(&inv->err, dest);
	if (ex != EXC_NONE)
		return ex;
	ex = cnode_lookup_slot(&inv->err, &inv_extra(inv, 0)->cap, inv_arg(inv, 2), src_depth,
			       true, &src);
	if (ex != EXC_NONE)
		return ex;
	ex = require_cap(&inv->err, src, src_depth, true);
	if (ex != EXC_NONE)
		return ex;
	if (src->cap.type == CAP_ZOMBIE)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);

	switch (inv->label) {
	case BASALT_INV_CNODE_COPY:
	case BASALT_INV_CNODE_MINT: {
		basalt_error_t why;
		cap_t masked = cap_mask_rights(&src->cap, (unsigned)inv_arg(inv, 4));

		if (inv->label == BASALT_INV_CNODE_MINT)
			masked = cap_update_data(&masked, inv_arg(inv, 5), false);
		if (cap_is_null(&masked))
			return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
		cap = cap_derive(&masked, cdt_has_children(src), &why);
		if (why != BASALT_OK)
			return syserr_set(&inv->err, why);
		if (cap_is_null(&cap))
			return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
		break;
	}
	case BASALT_INV_CNODE_MUTATE:
		cap = cap_update_data(&src->cap, inv_arg(inv, 4), true);
		if (cap_is_null(&cap))
			return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
		break;
	default:
		cap = src->cap;
		break;
	}

	if (is_move)
		cdt_move(src, dest, cap);
	else
		cdt_insert(src, dest, cap);
	return EXC_NONE;
}

static exception_t decode_rotate(invocation_t *inv, cte_t *dest)
{
	basalt_word_t pivot_depth, src_depth;
	cte_t *pivot, *src;
	cap_t new_src, new_pivot;
	exception_t ex;

	if (inv->length < 8 || inv->extra_count < 2)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	pivot_depth = inv_arg(inv, 3);
	src_depth = inv_arg(inv, 6);
	ex = cnode_lookup_slot(&inv->err, &inv_extra(inv, 0)->cap, inv_arg(inv, 2), pivot_depth,
			       true, &pivot);
	if (ex != EXC_NONE)
		return ex;
	ex = cnode_lookup_slot(&inv->err, &inv_extra(inv, 1)->cap, inv_arg(inv, 5), src_depth,
			       true, &src);
	if (ex != EXC_NONE)
		return ex;
	if (pivot == src || pivot == dest)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	if (src != dest) {
		ex = require_empty(&inv->err, dest);
		if (ex != EXC_NONE)
			return ex;
	}
	ex = require_cap(&inv->err, src, src_depth, true);
	if (ex != EXC_NONE)
		return ex;
	ex = require_cap(&inv->err, pivot, pivot_depth, false);
	if (ex != EXC_NONE)
		return ex;
	if (src->cap.type == CAP_ZOMBIE || pivot->cap.type == CAP_ZOMBIE)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	new_src = cap_update_data(&src->cap, inv_arg(inv, 7), true);
	new_pivot = cap_update_data(&pivot->cap, inv_arg(inv, 4), true);
	if (cap_is_null(&new_src) || cap_is_null(&new_pivot))
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);

	if (src == dest) {
		/* src -> pivot -> src: a swap. */
		src->cap = new_src;
		pivot->cap = new_pivot;
		cdt_swap(src, pivot);
	} else {
		cdt_move(pivot, dest, new_pivot);
		cdt_move(src, pivot, new_src);
	}
	return EXC_NONE;
}

exception_t decode_cnode_invocation(invocation_t *inv)
{
	basalt_word_t depth;
	cte_t *target;
	exception_t ex;

	if (inv->label < BASALT_INV_CNODE_REVOKE || inv->label > BASALT_INV_CNODE_SAVE_CALLER)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	if (inv->length < 2)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	depth = inv_arg(inv, 1);
	ex = cnode_lookup_slot(&inv->err, &inv->cap, inv_arg(inv, 0), depth, false, &target);
	if (ex != EXC_NONE)
		return ex;

	switch (inv->label) {
	case BASALT_INV_CNODE_COPY:
	case BASALT_INV_CNODE_MINT:
	case BASALT_INV_CNODE_MOVE:
	case BASALT_INV_CNODE_MUTATE:
		return decode_copy_move(inv, target);
	case BASALT_INV_CNODE_ROTATE:
		return decode_rotate(inv, target);
	case BASALT_INV_CNODE_REVOKE:
		return slot_revoke(target);
	case BASALT_INV_CNODE_DELETE:
		return slot_delete(target);
	case BASALT_INV_CNODE_SAVE_CALLER: {
		cte_t *caller = &inv->thread->slots[TCB_SLOT_CALLER];

		ex = require_empty(&inv->err, target);
		if (ex != EXC_NONE)
			return ex;
		/* Nothing to save is not an error (seL4). */
		if (caller->cap.type == CAP_REPLY)
			cdt_move(caller, target, caller->cap);
		return EXC_NONE;
	}
	case BASALT_INV_CNODE_CANCEL_BADGED_SENDS: {
		const cap_t *c = &target->cap;

		/* Only a cap with every right may cancel others' sends. */
		if (c->type != CAP_ENDPOINT || (c->rights & BASALT_RIGHTS_ALL) != BASALT_RIGHTS_ALL)
			return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
		if (cap_badge(c) == 0)
			return EXC_NONE;
		return endpoint_cancel_badged_sends(c->obj, cap_badge(c));
	}
	default:
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	}
}
