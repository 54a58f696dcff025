/*
 * Retyped memory reads as zero (the kernel zeroes lazily, at retype time:
 * untyped.c), also when the same physical memory comes back after a
 * revoke; and a retype big enough to need many preemption points (a CNode
 * over the whole 64 MiB arena, freshly dirtied) completes with every slot
 * empty.
 *
 * Frames are mapped into the root task's own VSpace at TEST_VADDR (page
 * tables made from the arena as needed) and read and written directly.
 */
#include "test_helper.h"

#define PAGE 4096u
#define FRAMES 16
#define DIRTY 0xa5a5a5a5a5a5a5a5ull

/* Every word of [va, va + bytes) is zero: 0, else 1 with the offset. */
static int all_zero(test_env_t *env, basalt_word_t va, basalt_word_t bytes)
{
	const volatile basalt_word_t *w = (const volatile basalt_word_t *)va;

	for (basalt_word_t i = 0; i < bytes / 8; i++) {
		if (w[i] != 0)
			return test_fail(env, __FILE__, __LINE__, "word at 0x%llx is 0x%llx, not 0",
					 (unsigned long long)(va + 8 * i), (unsigned long long)w[i]);
	}
	return 0;
}

static void dirty(basalt_word_t va, basalt_word_t bytes, basalt_word_t step)
{
	volatile basalt_word_t *w = (volatile basalt_word_t *)va;

	for (basalt_word_t i = 0; i < bytes / 8; i += step / 8)
		w[i] = DIRTY ^ i;
}

/* Retype `count` frames of 2^bits from `ut` into slots s.., map them at
 * consecutive addresses from va, check they read zero, note their
 * physical addresses in pa[] (or compare with it), then dirty them. */
static int round_trip(test_env_t *env, basalt_cptr_t ut, basalt_word_t type, unsigned bits,
		      basalt_cptr_t s, unsigned count, basalt_word_t va, basalt_word_t *pa,
		      bool compare)
{
	CHECK_OK(env, basalt_untyped_retype(ut, type, 0, ROOT, 0, 0, s, count));
	for (unsigned i = 0; i < count; i++) {
		basalt_word_t at = va + ((basalt_word_t)i << bits);

		if (compare)
			CHECK_EQ(env, test_frame_paddr(s + i), pa[i]);
		else
			pa[i] = test_frame_paddr(s + i);
		CHECK_OK(env, test_map_frame(env, s + i, at));
		if (all_zero(env, at, 1ull << bits) != 0)
			return 1;
		dirty(at, 1ull << bits, 8);
	}
	return 0;
}

/* 4 KiB frames, twice over the same memory. */
static int zero_small_frames(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 16);
	basalt_cptr_t s = test_slots(env, FRAMES);
	basalt_word_t pa[FRAMES];

	CHECK(env, u != 0 && s != 0);
	if (round_trip(env, u, BASALT_OBJ_FRAME_4K, 12, s, FRAMES, TEST_VADDR, pa, false) != 0)
		return 1;
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	CHECK(env, slot_empty(s));
	return round_trip(env, u, BASALT_OBJ_FRAME_4K, 12, s, FRAMES, TEST_VADDR, pa, true);
}

/* A 2 MiB frame, twice; and memory that went through other objects (a
 * CNode full of caps, TCBs) before coming back as a frame. */
static int zero_large_frame_and_reuse(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 21);
	basalt_cptr_t s = test_slot(env), objs = test_slots(env, 4);
	basalt_word_t va = TEST_VADDR + (2u << 20), pa;
	basalt_cptr_t c = objs;

	CHECK(env, u != 0 && objs != 0);
	if (round_trip(env, u, BASALT_OBJ_FRAME_2M, 21, s, 1, va, &pa, false) != 0)
		return 1;
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	if (round_trip(env, u, BASALT_OBJ_FRAME_2M, 21, s, 1, va, &pa, true) != 0)
		return 1;
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));

	/* Kernel objects over the dirtied memory, then a frame again. */
	CHECK_OK(env, basalt_untyped_retype(u, BASALT_OBJ_CNODE, 8, ROOT, 0, 0, c, 1));
	for (unsigned i = 0; i < 256; i += 3)
		CHECK_OK(env, basalt_cnode_copy(c, i, 8, ROOT, c, ROOT_DEPTH, BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_untyped_retype(u, BASALT_OBJ_TCB, 0, ROOT, 0, 0, objs + 1, 2));
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	return round_trip(env, u, BASALT_OBJ_FRAME_2M, 21, s, 1, va, &pa, true);
}

/*
 * Dirty a 32 MiB untyped (half the arena: the test thread's own objects
 * sit in the other half) through 2 MiB frames, revoke it and retype one
 * CNode over all of it: the kernel zeroes 32 MiB in preemptible
 * page-sized units. A watcher thread reports whether the retype was seen
 * preempted.
 */
static int zero_big_cnode(test_env_t *env)
{
	basalt_word_t va = TEST_VADDR + 0x20000000ull;
	unsigned bits = env->arena_bits - 1, radix = bits - BASALT_SLOT_BITS;
	unsigned frames = 1u << (bits - BASALT_FRAME_2M_BITS);
	basalt_cptr_t u, first = test_slots(env, frames), tmp = test_slot(env);
	basalt_cptr_t c = test_slot(env), t = test_slot(env);
	helper_t w;
	basalt_word_t seen;
	basalt_error_t e;

	/* The watcher spins: only the tick takes the hart from it. */
	if (test_needs_tick(env))
		return TEST_SKIP;
	/* Everything else this test needs from the arena comes first: the
	 * untyped then takes its upper half. The page tables for va come
	 * from mapping (and dropping) a 2 MiB frame there; the watcher
	 * spins from now on, counting only while the retype runs. */
	CHECK(env, first != 0 && t != 0);
	CHECK_OK(env, basalt_untyped_retype(env->arena, BASALT_OBJ_FRAME_2M, 0, ROOT, 0, 0, tmp, 1));
	CHECK_OK(env, test_map_frame(env, tmp, va));
	CHECK_OK(env, basalt_cnode_delete(ROOT, tmp, ROOT_DEPTH));
	CHECK_OK(env, watch_start(env, &w));
	u = test_untyped(env, bits);
	CHECK(env, u != 0);
	CHECK_OK(env, basalt_untyped_retype(u, BASALT_OBJ_FRAME_2M, 0, ROOT, 0, 0, first, frames));
	CHECK_EQ(env, info(u).w1, 1ull << bits);
	for (unsigned i = 0; i < frames; i++) {
		basalt_word_t at = va + ((basalt_word_t)i << BASALT_FRAME_2M_BITS);

		CHECK_OK(env, test_map_frame(env, first + i, at));
		dirty(at, 2u << 20, 64);
	}
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	watch_inside(true);
	e = basalt_untyped_retype(u, BASALT_OBJ_CNODE, radix, ROOT, 0, 0, c, 1);
	watch_inside(false);
	seen = watch_stop(&w);
	CHECK_OK(env, e);
	printf("# UNTYPED0015: watcher loops during the 32 MiB retype: %llu%s\n",
	       (unsigned long long)seen, seen != 0 ? " (preempted)" : "");
	CHECK_EQ(env, info(c).obj, info(u).obj);
	/* One slot in every page of the CNode: empty (a lookup of an empty
	 * source slot is MISSING_CAPABILITY). */
	for (basalt_word_t page = 0; page < (1ull << bits) / PAGE; page++) {
		basalt_word_t slot = page * (PAGE >> BASALT_SLOT_BITS) + page % 64;

		e = basalt_cnode_copy(ROOT, t, ROOT_DEPTH, c, slot, radix, BASALT_RIGHTS_ALL);
		if (e != BASALT_FAILED_LOOKUP || basalt_error_detail(1) != BASALT_LOOKUP_MISSING_CAPABILITY)
			return test_fail(env, __FILE__, __LINE__, "slot %llu: error %u, not empty",
					 (unsigned long long)slot, e);
	}
	return 0;
}

static const test_t tests[] = {
	{ "UNTYPED0013", "4 KiB frames read zero, again after revoke", zero_small_frames },
	{ "UNTYPED0014", "2 MiB frame reads zero after any reuse", zero_large_frame_and_reuse },
	{ "UNTYPED0015", "a 32 MiB CNode over dirtied memory is empty", zero_big_cnode },
};

const test_suite_t suite_zero = { tests, sizeof(tests) / sizeof(tests[0]) };
