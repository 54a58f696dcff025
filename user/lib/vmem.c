/* VSpace management from user space (see vmem.h). */
#include "vmem.h"

void basalt_vmem_init(basalt_vmem_t *vm, basalt_cptr_t vspace, basalt_word_t start,
		      basalt_word_t end, basalt_alloc_t *alloc)
{
	vm->vspace = vspace;
	vm->next = (start + 4095) & ~(basalt_word_t)4095;
	vm->end = end;
	vm->alloc = alloc;
}

basalt_word_t basalt_vmem_reserve(basalt_vmem_t *vm, basalt_word_t pages)
{
	basalt_word_t v = vm->next, size = (pages + 1) * 4096;

	if (pages == 0 || size / 4096 != pages + 1 || size > vm->end - vm->next)
		return 0;
	vm->next += size;
	return v;
}

basalt_error_t basalt_vmem_map_frame(basalt_vmem_t *vm, basalt_cptr_t frame, basalt_word_t vaddr,
				     unsigned rights)
{
	return basalt_vmem_map_frame_attr(vm, frame, vaddr, rights, 0);
}

basalt_error_t basalt_vmem_map_frame_attr(basalt_vmem_t *vm, basalt_cptr_t frame,
					  basalt_word_t vaddr, unsigned rights, unsigned attributes)
{
	for (unsigned tries = 0; tries < 8; tries++) {
		basalt_error_t e = basalt_frame_map(frame, vm->vspace, vaddr, rights, attributes);
		basalt_word_t bits_left, level;
		basalt_cptr_t pt;

		if (e != BASALT_FAILED_LOOKUP)
			return e;
		/* A table serving level L is missing: bits left = 12 + 9(L+1). */
		bits_left = basalt_error_detail(2);
		if (bits_left < 21 || (bits_left - 12) % 9 != 0)
			return e;
		level = (bits_left - 12) / 9 - 1;
		e = basalt_alloc_object(vm->alloc, BASALT_OBJ_PAGE_TABLE, 0, &pt);
		if (e != BASALT_OK)
			return e;
		e = basalt_page_table_map(pt, vm->vspace, vaddr, (unsigned)level);
		if (e != BASALT_OK)
			return e;
	}
	return BASALT_FAILED_LOOKUP;
}

basalt_error_t basalt_vmem_new_pages(basalt_vmem_t *vm, basalt_word_t pages, unsigned rights,
				     basalt_word_t *vaddr, basalt_cptr_t *frames)
{
	basalt_word_t v = basalt_vmem_reserve(vm, pages);

	if (v == 0)
		return BASALT_NOT_ENOUGH_MEMORY;
	for (basalt_word_t i = 0; i < pages; i++) {
		basalt_cptr_t f;
		basalt_error_t e = basalt_alloc_object(vm->alloc, BASALT_OBJ_FRAME_4K, 0, &f);

		if (e != BASALT_OK)
			return e;
		if (frames != (void *)0)
			frames[i] = f;
		e = basalt_vmem_map_frame(vm, f, v + i * 4096, rights);
		if (e != BASALT_OK)
			return e;
	}
	*vaddr = v;
	return BASALT_OK;
}
