/*
 * Untyped_Retype: turning untyped memory into objects, with seL4's rules.
 *
 * The watermark (cap w1) is the offset of the first free byte; objects are
 * made at the next offset aligned to their size, consecutively, and the
 * watermark moves past them. An untyped with no children is reset first
 * (watermark back to 0): everything made from it is gone. Errors, in the
 * order they are checked: ILLEGAL_OPERATION (label), TRUNCATED_MESSAGE,
 * INVALID_ARGUMENT 0 (type), RANGE_ERROR / INVALID_ARGUMENT 1 (size_bits),
 * FAILED_LOOKUP (destination CNode), RANGE_ERROR (offset, count),
 * DELETE_FIRST (a destination slot is full), INVALID_ARGUMENT 0 (device
 * memory can only become frames or untyped), NOT_ENOUGH_MEMORY. Nothing
 * changes unless all pass.
 *
 * Zeroing is lazy and preemptible: boot zeroes nothing (so boot time does
 * not grow with RAM). The cap's clean mark (w2) says [watermark, clean) is
 * known to be zero; a retype zeroes what its objects need beyond that (the
 * alignment gap before them included), one page per unit of work,
 * advancing the mark, and may stop at a preemption point and be restarted
 * without losing the work done. Only a retype that completes moves the
 * watermark.
 */
#include "object/untyped.h"

#include "basalt/invocation.h"
#include "core/kmem.h"
#include "core/preempt.h"
#include "base/mem.h"
#include "object/cdt.h"
#include "object/cnode.h"
#include "object/objects.h"

#define ZERO_CHUNK 4096u

static uint64_t align_up(uint64_t v, unsigned bits)
{
	uint64_t mask = (1ull << bits) - 1;

	return (v + mask) & ~mask;
}

/*
 * Make everything from the clean mark up to `to` (offsets in the untyped)
 * zero, advancing the clean mark. The watermark is never touched here:
 * the retype may be preempted in here and then fail when restarted (a
 * destination slot filled meanwhile), and a failed retype must change
 * nothing. So the alignment gap between the clean mark and the objects is
 * zeroed too (at most the objects' own size) instead of being jumped by
 * moving the watermark, as this once did (CONCUR0005).
 */
static exception_t zero_range(cap_t *ut, uint64_t to)
{
	if (ut->w2 < ut->w1)
		ut->w2 = ut->w1;
	while (ut->w2 < to) {
		uint64_t n = to - ut->w2 < ZERO_CHUNK ? to - ut->w2 : ZERO_CHUNK;
		exception_t ex;

		memset(phys_to_virt(ut->obj + ut->w2), 0, n);
		ut->w2 += n;
		ex = preemption_point();
		if (ex != EXC_NONE)
			return ex;
	}
	return EXC_NONE;
}

static exception_t check_size(invocation_t *inv, basalt_object_type_t type, basalt_word_t user_bits)
{
	switch (type) {
	case BASALT_OBJ_UNTYPED:
		if (user_bits > BASALT_UNTYPED_MAX_BITS)
			return syserr_range(&inv->err, BASALT_UNTYPED_MIN_BITS, BASALT_UNTYPED_MAX_BITS);
		if (user_bits < BASALT_UNTYPED_MIN_BITS)
			return syserr_invalid_argument(&inv->err, 1);
		return EXC_NONE;
	case BASALT_OBJ_CNODE:
		if (user_bits > BASALT_CNODE_MAX_RADIX)
			return syserr_range(&inv->err, BASALT_CNODE_MIN_RADIX, BASALT_CNODE_MAX_RADIX);
		if (user_bits < BASALT_CNODE_MIN_RADIX)
			return syserr_invalid_argument(&inv->err, 1);
		return EXC_NONE;
	default:
		/* Fixed-size types ignore size_bits. */
		return EXC_NONE;
	}
}

exception_t decode_untyped_invocation(invocation_t *inv)
{
	cte_t *ut_slot = inv->slot;
	cap_t *ut = &ut_slot->cap;
	basalt_word_t type, user_bits, node_index, node_depth, offset, count;
	cap_t node;
	uint64_t size, watermark, free_ref, total, end;
	unsigned bits;
	cte_t *dest;
	bool device = cap_is_device(ut), reset;
	exception_t ex;

	if (inv->label != BASALT_INV_UNTYPED_RETYPE)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	if (inv->length < 6 || inv->extra_count < 1)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	type = inv_arg(inv, 0);
	user_bits = inv_arg(inv, 1);
	node_index = inv_arg(inv, 2);
	node_depth = inv_arg(inv, 3);
	offset = inv_arg(inv, 4);
	count = inv_arg(inv, 5);

	if (type >= BASALT_OBJ_NUM_TYPES)
		return syserr_invalid_argument(&inv->err, 0);
	ex = check_size(inv, (basalt_object_type_t)type, user_bits);
	if (ex != EXC_NONE)
		return ex;
	bits = object_bits((basalt_object_type_t)type, (unsigned)user_bits);

	/* The destination CNode: the root itself (depth 0) or a CNode in it. */
	if (node_depth == 0) {
		node = inv_extra(inv, 0)->cap;
	} else {
		cte_t *s;

		ex = cnode_lookup_slot(&inv->err, &inv_extra(inv, 0)->cap, node_index, node_depth,
				       false, &s);
		if (ex != EXC_NONE)
			return ex;
		node = s->cap;
	}
	if (node.type != CAP_CNODE)
		return syserr_lookup(&inv->err, false, (lookup_fault_t){
			.type = BASALT_LOOKUP_MISSING_CAPABILITY, .bits_left = (uint8_t)node_depth });

	{
		uint64_t slots = 1ull << cap_cnode_radix(&node);

		if (offset > slots - 1)
			return syserr_range(&inv->err, 0, slots - 1);
		if (count < 1 || count > BASALT_RETYPE_MAX_OBJECTS)
			return syserr_range(&inv->err, 1, BASALT_RETYPE_MAX_OBJECTS);
		if (count > slots - offset)
			return syserr_range(&inv->err, 1, slots - offset);
	}
	dest = (cte_t *)phys_to_virt(node.obj) + offset;
	for (basalt_word_t i = 0; i < count; i++) {
		if (!cap_is_null(&dest[i].cap))
			return syserr_set(&inv->err, BASALT_DELETE_FIRST);
	}
	if (device && !object_is_frame((basalt_object_type_t)type) && type != BASALT_OBJ_UNTYPED)
		return syserr_invalid_argument(&inv->err, 0);

	/* With no children the whole untyped is free again. */
	reset = !cdt_has_children(ut_slot);
	size = cap_untyped_size(ut);
	watermark = reset ? 0 : cap_untyped_watermark(ut);
	if (bits >= BASALT_WORD_BITS || bits > ut->bits)
		return syserr_memory(&inv->err, size - watermark);
	free_ref = align_up(watermark, bits);
	total = count << bits;
	if (free_ref > size || total > size - free_ref)
		return syserr_memory(&inv->err, size - watermark);
	end = free_ref + total;

	/* --- from here on the call succeeds (or is preempted and restarts) --- */
	if (reset && ut->w1 != 0) {
		ut->w1 = 0;
		ut->w2 = 0;
	}
	if (object_needs_zero((basalt_object_type_t)type, device)) {
		ex = zero_range(ut, end);
		if (ex != EXC_NONE)
			return ex;
	}
	for (basalt_word_t i = 0; i < count; i++) {
		uint64_t off = free_ref + (i << bits);
		uint64_t clean = 0;
		cap_t cap;

		if (type == BASALT_OBJ_UNTYPED && !device && ut->w2 > off && ut->w1 <= off)
			clean = ut->w2 - off < (1ull << bits) ? ut->w2 - off : (1ull << bits);
		cap = object_create((basalt_object_type_t)type, ut->obj + off, (unsigned)user_bits,
				    device, clean);
		cdt_insert_new(ut_slot, &dest[i], cap);
	}
	ut->w1 = end;
	if (ut->w2 < end)
		ut->w2 = end;
	return EXC_NONE;
}
