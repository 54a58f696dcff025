/* Thread and address-space helpers for tests (see test_util.h). */
#include "test_util.h"

basalt_error_t test_thread(test_env_t *env, basalt_thread_t *t, unsigned priority,
			   basalt_thread_fn fn, void *arg)
{
	basalt_error_t e = basalt_thread_create(t, &env->vmem, env->self, priority, 2, 0);

	if (e == BASALT_OK)
		e = basalt_thread_start(t, fn, arg);
	return e;
}

basalt_error_t test_space(test_env_t *env, test_space_t *s)
{
	const basalt_bootinfo_t *bi = env->bi;
	basalt_error_t e;

	e = basalt_alloc_object(&env->alloc, BASALT_OBJ_PAGE_TABLE, 0, &s->vspace);
	if (e == BASALT_OK)
		e = basalt_asid_pool_assign(BASALT_INIT_ASID_POOL, s->vspace);
	if (e != BASALT_OK)
		return e;
	/* The test's own address range, in the new space: it does not clash
	 * with what the test maps in the root space (different VSpace). */
	basalt_vmem_init(&s->vmem, s->vspace, env->vmem.next, env->vmem.end, &env->alloc);
	for (basalt_word_t f = bi->h.image_frames.start; f < bi->h.image_frames.end; f++) {
		basalt_cap_info_t info = basalt_debug_cap_info(f);
		basalt_cptr_t copy = basalt_alloc_slot(&env->alloc);
		unsigned rights;

		if (copy == 0)
			return BASALT_RANGE_ERROR;
		e = basalt_cnode_copy(BASALT_INIT_CNODE, copy, BASALT_WORD_BITS, BASALT_INIT_CNODE, f,
				      BASALT_WORD_BITS, BASALT_RIGHTS_ALL);
		if (e != BASALT_OK)
			return e;
		/* The root task's frames carry their mapping: info.w1 is the
		 * address. Text is below rodata below data; keep it simple
		 * and map everything readable, writable and executable where
		 * the root has it writable. */
		rights = BASALT_MAP_READ | BASALT_MAP_EXECUTE | BASALT_MAP_WRITE;
		e = basalt_vmem_map_frame(&s->vmem, copy, info.w1, rights);
		if (e != BASALT_OK)
			return e;
	}
	return BASALT_OK;
}

basalt_error_t test_thread_in(test_env_t *env, test_space_t *s, basalt_thread_t *t,
			      unsigned priority, basalt_thread_fn fn, void *arg)
{
	basalt_error_t e = basalt_thread_create(t, &s->vmem, env->self, priority, 2, 0);

	if (e == BASALT_OK)
		e = basalt_thread_start(t, fn, arg);
	return e;
}

void test_wait_flag(volatile basalt_word_t *flag)
{
	while (*flag == 0)
		basalt_yield();
}
