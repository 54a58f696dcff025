/*
 * Helpers shared by the capability tests (see test_caps.h).
 */
#include "test_caps.h"

basalt_cptr_t test_untyped(test_env_t *env, unsigned bits)
{
	return test_object(env, BASALT_OBJ_UNTYPED, bits);
}

basalt_cptr_t test_slots(test_env_t *env, unsigned n)
{
	basalt_cptr_t first = test_slot(env);

	if (first == 0)
		return 0;
	for (unsigned i = 1; i < n; i++) {
		if (test_slot(env) == 0)
			return 0;
	}
	return first;
}

basalt_cptr_t test_copy(test_env_t *env, basalt_cptr_t src)
{
	basalt_cptr_t d = test_slot(env);

	if (d == 0 || basalt_cnode_copy(ROOT, d, ROOT_DEPTH, ROOT, src, ROOT_DEPTH,
					BASALT_RIGHTS_ALL) != BASALT_OK)
		return 0;
	return d;
}

basalt_error_t test_raw_call(basalt_cptr_t cap, basalt_word_t label, unsigned extra_caps,
			     unsigned length)
{
	basalt_msginfo_t reply = basalt_call(cap, basalt_msginfo(label, 0, extra_caps, length));

	return (basalt_error_t)basalt_msginfo_label(reply);
}

basalt_error_t test_map_frame(test_env_t *env, basalt_cptr_t frame, basalt_word_t vaddr)
{
	/* At most one table per level below the root (Sv57: 4). */
	for (unsigned tries = 0; tries < 5; tries++) {
		basalt_error_t e = basalt_frame_map(frame, BASALT_INIT_VSPACE, vaddr,
						    BASALT_MAP_READ | BASALT_MAP_WRITE, 0);
		basalt_word_t bits_left, level;
		basalt_cptr_t pt;

		if (e != BASALT_FAILED_LOOKUP)
			return e;
		/* A missing table serving level L: bits left = 12 + 9 (L + 1). */
		bits_left = basalt_error_detail(2);
		if (basalt_error_detail(1) != BASALT_LOOKUP_MISSING_CAPABILITY || bits_left < 21 ||
		    (bits_left - 12) % 9 != 0)
			return e;
		level = (bits_left - 12) / 9 - 1;
		pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
		if (pt == 0)
			return BASALT_NOT_ENOUGH_MEMORY;
		e = basalt_page_table_map(pt, BASALT_INIT_VSPACE, vaddr, (unsigned)level);
		if (e != BASALT_OK)
			return e;
	}
	return BASALT_FAILED_LOOKUP;
}

basalt_word_t test_frame_paddr(basalt_cptr_t frame)
{
	basalt_word_t pa = 0;

	return basalt_frame_get_address(frame, &pa) == BASALT_OK ? pa : 0;
}
