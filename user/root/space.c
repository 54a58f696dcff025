/* A second address space running the root task's code (see space.h). */
#include "space.h"

extern const char __image_text[], __image_rodata[], __image_data[], _end[];

basalt_error_t image_space_make(image_space_t *s, basalt_alloc_t *alloc,
				const basalt_bootinfo_t *bi, basalt_word_t start, basalt_word_t end)
{
	return image_space_make_in(s, alloc, bi, BASALT_INIT_ASID_POOL, start, end);
}

basalt_error_t image_space_make_in(image_space_t *s, basalt_alloc_t *alloc,
				   const basalt_bootinfo_t *bi, basalt_cptr_t pool,
				   basalt_word_t start, basalt_word_t end)
{
	basalt_error_t e;

	e = basalt_alloc_object(alloc, BASALT_OBJ_PAGE_TABLE, 0, &s->vspace);
	if (e == BASALT_OK)
		e = basalt_asid_pool_assign(pool, s->vspace);
	if (e != BASALT_OK)
		return e;
	basalt_vmem_init(&s->vmem, s->vspace, start, end, alloc);
	/* The kernel gave the image frames in segment order, page by page:
	 * text, read-only data, data (user/lib/user.ld lays them out so). */
	const basalt_word_t starts[] = { (basalt_word_t)__image_text, (basalt_word_t)__image_rodata,
					 (basalt_word_t)__image_data };
	const basalt_word_t ends[] = { (basalt_word_t)__image_rodata, (basalt_word_t)__image_data,
				       (basalt_word_t)_end };
	basalt_cptr_t f = bi->h.image_frames.start;

	for (unsigned seg = 0; seg < 3; seg++) {
		for (basalt_word_t va = starts[seg]; va < ends[seg]; va += 4096, f++) {
			basalt_cptr_t copy = basalt_alloc_slot(alloc);

			if (copy == 0 || f >= bi->h.image_frames.end)
				return BASALT_RANGE_ERROR;
			e = basalt_cnode_copy(alloc->cnode, copy, alloc->depth, alloc->cnode, f,
					      alloc->depth, BASALT_RIGHTS_ALL);
			if (e == BASALT_OK)
				e = basalt_vmem_map_frame(&s->vmem, copy, va, BASALT_MAP_READ |
							  BASALT_MAP_WRITE | BASALT_MAP_EXECUTE);
			if (e != BASALT_OK)
				return e;
		}
	}
	return f == bi->h.image_frames.end ? BASALT_OK : BASALT_RANGE_ERROR;
}
