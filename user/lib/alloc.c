/* Slot and object allocation (see alloc.h). */
#include "alloc.h"

void basalt_alloc_init(basalt_alloc_t *a, basalt_word_t first, basalt_word_t end)
{
	a->cnode = BASALT_INIT_CNODE;
	a->depth = BASALT_WORD_BITS;
	a->next = first;
	a->end = end;
	a->untyped_count = 0;
}

void basalt_alloc_add_untyped(basalt_alloc_t *a, basalt_cptr_t ut)
{
	if (a->untyped_count < BASALT_ALLOC_MAX_UNTYPED)
		a->untyped[a->untyped_count++] = ut;
}

basalt_cptr_t basalt_alloc_slot(basalt_alloc_t *a)
{
	return a->next < a->end ? a->next++ : 0;
}

basalt_error_t basalt_alloc_object(basalt_alloc_t *a, basalt_word_t type, basalt_word_t size_bits,
				   basalt_cptr_t *out)
{
	basalt_cptr_t slot = basalt_alloc_slot(a);
	basalt_error_t e = BASALT_NOT_ENOUGH_MEMORY;

	if (slot == 0)
		return BASALT_RANGE_ERROR;
	for (unsigned i = 0; i < a->untyped_count; i++) {
		e = basalt_untyped_retype(a->untyped[i], type, size_bits, a->cnode, 0, 0, slot, 1);
		if (e != BASALT_NOT_ENOUGH_MEMORY)
			break;
	}
	if (e != BASALT_OK) {
		a->next--;   /* give the slot back */
		return e;
	}
	*out = slot;
	return BASALT_OK;
}
