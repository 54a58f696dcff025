/*
 * Untyped_Retype: every object type at its edge sizes, counts and
 * offsets, the watermark (objects at increasing, naturally aligned
 * addresses; padding when sizes mix), reuse after revoke, the exact
 * NOT_ENOUGH_MEMORY detail, device untyped, and that untyped caps move
 * but never copy. Zeroing and the big retypes are in tests_zero.c.
 *
 * Addresses are checked through the caps' obj field (debug cap info);
 * an untyped's w1 is its watermark (offset of the first free byte).
 */
#include "test_caps.h"

static basalt_error_t retype_root(basalt_cptr_t ut, basalt_word_t type, basalt_word_t bits,
				  basalt_cptr_t slot, basalt_word_t count)
{
	return basalt_untyped_retype(ut, type, bits, ROOT, 0, 0, slot, count);
}

static int retype_every_type(test_env_t *env)
{
	static const struct { basalt_word_t type, bits; } kinds[] = {
		{ BASALT_OBJ_UNTYPED, BASALT_UNTYPED_MIN_BITS }, { BASALT_OBJ_UNTYPED, 20 },
		{ BASALT_OBJ_TCB, 0 }, { BASALT_OBJ_ENDPOINT, 0 }, { BASALT_OBJ_NOTIFICATION, 0 },
		{ BASALT_OBJ_CNODE, BASALT_CNODE_MIN_RADIX }, { BASALT_OBJ_CNODE, 10 },
		{ BASALT_OBJ_FRAME_4K, 0 }, { BASALT_OBJ_FRAME_2M, 0 }, { BASALT_OBJ_PAGE_TABLE, 0 },
	};
	static const unsigned cap_types[] = {
		BASALT_CAP_TYPE_UNTYPED, BASALT_CAP_TYPE_UNTYPED, BASALT_CAP_TYPE_TCB,
		BASALT_CAP_TYPE_ENDPOINT, BASALT_CAP_TYPE_NOTIFICATION, BASALT_CAP_TYPE_CNODE,
		BASALT_CAP_TYPE_CNODE, BASALT_CAP_TYPE_FRAME, BASALT_CAP_TYPE_FRAME,
		BASALT_CAP_TYPE_PAGE_TABLE,
	};

	for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		basalt_cptr_t c = test_object(env, kinds[i].type, kinds[i].bits);

		CHECK(env, c != 0);
		CHECK_EQ(env, basalt_debug_cap_identify(c), cap_types[i]);
	}
	return 0;
}

/* The largest untyped the arena can still give: its lower half holds the
 * test thread's own objects (test.c makes them from the arena), so half
 * of it, 2^(arena_bits - 1) bytes, fresh (no children, watermark 0). */
static basalt_cptr_t half_arena(test_env_t *env)
{
	return test_untyped(env, env->arena_bits - 1);
}

/* Untyped children from 2^4 to the size of their parent; 3 is too small
 * (INVALID_ARGUMENT 1), 48 too big (RANGE_ERROR 4..47), one bit more than
 * the parent NOT_ENOUGH_MEMORY with what is left of it. */
static int retype_untyped_sizes(test_env_t *env)
{
	unsigned bits = env->arena_bits - 1;
	basalt_cptr_t big = half_arena(env);
	basalt_cptr_t whole = test_slot(env), s = test_slot(env), tiny = test_slot(env);
	basalt_cptr_t in = test_slot(env);
	basalt_word_t base;

	CHECK(env, big != 0 && in != 0);
	base = info(big).obj;
	CHECK_ERR(env, retype_root(big, BASALT_OBJ_UNTYPED, 3, s, 1), BASALT_INVALID_ARGUMENT);
	CHECK_DETAIL(env, 0, 1);
	CHECK_ERR(env, retype_root(big, BASALT_OBJ_UNTYPED, 48, s, 1), BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, BASALT_UNTYPED_MIN_BITS);
	CHECK_DETAIL(env, 1, BASALT_UNTYPED_MAX_BITS);
	CHECK_ERR(env, retype_root(big, BASALT_OBJ_UNTYPED, bits + 1, s, 1),
		  BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, 1ull << bits);
	/* The arena has children: what is left above its watermark. */
	CHECK_ERR(env, retype_root(env->arena, BASALT_OBJ_UNTYPED, env->arena_bits + 1, s, 1),
		  BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, (1ull << env->arena_bits) - info(env->arena).w1);
	CHECK(env, slot_empty(s));

	CHECK_OK(env, retype_root(big, BASALT_OBJ_UNTYPED, bits, whole, 1));
	CHECK_EQ(env, info(whole).obj, base);
	CHECK_EQ(env, info(whole).bits, bits);
	CHECK_EQ(env, info(big).w1, 1ull << bits);
	/* The parent is used up now. */
	CHECK_ERR(env, retype_root(big, BASALT_OBJ_UNTYPED, 4, s, 1), BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, 0);

	/* The smallest untyped holds one smallest untyped, nothing bigger. */
	CHECK_OK(env, retype_root(whole, BASALT_OBJ_UNTYPED, BASALT_UNTYPED_MIN_BITS, tiny, 1));
	CHECK_EQ(env, info(tiny).bits, BASALT_UNTYPED_MIN_BITS);
	CHECK_EQ(env, info(tiny).obj, base);
	CHECK_ERR(env, retype_root(tiny, BASALT_OBJ_ENDPOINT, 0, in, 1), BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, 16);
	CHECK_OK(env, retype_root(tiny, BASALT_OBJ_UNTYPED, BASALT_UNTYPED_MIN_BITS, in, 1));
	CHECK_EQ(env, info(in).obj, base);
	return 0;
}

/* CNodes from radix 1 (128 bytes) to one filling a 32 MiB untyped;
 * radix 0 is INVALID_ARGUMENT 1, 29 RANGE_ERROR 1..28, 28 does not fit. */
static int retype_cnode_sizes(test_env_t *env)
{
	unsigned bits = env->arena_bits - 1, radix = bits - BASALT_SLOT_BITS;
	basalt_cptr_t u = half_arena(env);
	basalt_cptr_t s = test_slot(env), big = test_slot(env), small = test_slot(env);
	basalt_cptr_t after = test_slot(env), t = test_slot(env);
	basalt_word_t base;

	CHECK(env, u != 0 && t != 0);
	base = info(u).obj;
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_CNODE, 0, s, 1), BASALT_INVALID_ARGUMENT);
	CHECK_DETAIL(env, 0, 1);
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_CNODE, 29, s, 1), BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, BASALT_CNODE_MIN_RADIX);
	CHECK_DETAIL(env, 1, BASALT_CNODE_MAX_RADIX);
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_CNODE, 28, s, 1), BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, 1ull << bits);

	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 1, small, 1));
	CHECK_EQ(env, info(small).bits, 1);
	CHECK_EQ(env, info(small).obj, base);
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, after, 1));
	CHECK_EQ(env, info(after).obj, base + 128);
	/* Both slots of the radix-1 CNode take caps; index 2 is not one. */
	CHECK_OK(env, basalt_cnode_copy(small, 0, 1, ROOT, after, ROOT_DEPTH, BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_cnode_copy(small, 1, 1, ROOT, after, ROOT_DEPTH, BASALT_RIGHTS_ALL));
	CHECK_ERR(env, basalt_cnode_copy(small, 2, 2, ROOT, after, ROOT_DEPTH, BASALT_RIGHTS_ALL),
		  BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_DEPTH_MISMATCH, 1);

	/* The biggest the untyped holds, once it is empty again. */
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, radix, big, 1));
	CHECK_EQ(env, info(big).bits, radix);
	CHECK_EQ(env, info(big).obj, base);
	/* It fills the untyped; its last slot is there and empty. */
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, t, 1), BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, 0);
	CHECK_ERR(env, basalt_cnode_move(ROOT, t, ROOT_DEPTH, big, (1ull << radix) - 1, radix),
		  BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 1, BASALT_LOOKUP_MISSING_CAPABILITY, radix);
	return 0;
}

/* Frames of every size a 32 MiB untyped holds, naturally aligned; 1 GiB
 * does not fit (NOT_ENOUGH_MEMORY with all of it available). The
 * fixed-size objects land at their alignment too. */
static int retype_frame_sizes(test_env_t *env)
{
	unsigned bits = env->arena_bits - 1;
	basalt_cptr_t u = half_arena(env);
	basalt_cptr_t s = test_slots(env, 8);
	basalt_word_t base;
	basalt_cap_info_t i;

	CHECK(env, u != 0 && s != 0);
	base = info(u).obj;
	if (bits < BASALT_FRAME_1G_BITS) {
		CHECK_ERR(env, retype_root(u, BASALT_OBJ_FRAME_1G, 0, s, 1),
			  BASALT_NOT_ENOUGH_MEMORY);
		CHECK_DETAIL(env, 0, 1ull << bits);
	}
	/* endpoint 0..32, then a 2 MiB frame at 2 MiB, a 4 KiB frame at
	 * 4 MiB, a page table, a notification, a TCB. */
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, s, 1));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_FRAME_2M, 0, s + 1, 1));
	i = info(s + 1);
	CHECK_EQ(env, i.type, BASALT_CAP_TYPE_FRAME);
	CHECK_EQ(env, i.bits, BASALT_FRAME_2M_BITS);
	CHECK_EQ(env, i.obj, base + (2u << 20));
	CHECK_EQ(env, i.rights, BASALT_RIGHT_READ | BASALT_RIGHT_WRITE);
	CHECK_EQ(env, i.flags, 0);
	CHECK_EQ(env, test_frame_paddr(s + 1), base + (2u << 20));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_FRAME_4K, 0, s + 2, 1));
	CHECK_EQ(env, info(s + 2).bits, BASALT_FRAME_4K_BITS);
	CHECK_EQ(env, info(s + 2).obj, base + (4u << 20));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_PAGE_TABLE, 0, s + 3, 1));
	CHECK_EQ(env, info(s + 3).obj, base + (4u << 20) + 4096);
	CHECK_OK(env, retype_root(u, BASALT_OBJ_NOTIFICATION, 0, s + 4, 1));
	CHECK_EQ(env, info(s + 4).obj, base + (4u << 20) + 8192);
	CHECK_OK(env, retype_root(u, BASALT_OBJ_TCB, 0, s + 5, 1));
	CHECK_EQ(env, info(s + 5).obj, base + (4u << 20) + 8192 + 2048);
	CHECK_EQ(env, info(u).w1, (4u << 20) + 8192 + 4096);
	return 0;
}

/* One object and the maximum of 256 in one call, consecutive in slots
 * and in memory; 257 and 0 are RANGE_ERROR 1..256. */
static int retype_counts(test_env_t *env)
{
	basalt_cptr_t one = test_slot(env), s = test_slots(env, BASALT_RETYPE_MAX_OBJECTS + 1);
	basalt_cptr_t u = test_untyped(env, 16);
	basalt_word_t base;

	CHECK(env, s != 0 && u != 0);
	base = info(u).obj;
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, s, BASALT_RETYPE_MAX_OBJECTS + 1),
		  BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 1);
	CHECK_DETAIL(env, 1, BASALT_RETYPE_MAX_OBJECTS);
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, s, 0), BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 1);
	CHECK_DETAIL(env, 1, BASALT_RETYPE_MAX_OBJECTS);
	CHECK(env, slot_empty(s));

	CHECK_OK(env, retype_root(u, BASALT_OBJ_NOTIFICATION, 0, one, 1));
	CHECK_EQ(env, info(one).obj, base);
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, s, BASALT_RETYPE_MAX_OBJECTS));
	for (unsigned i = 0; i < BASALT_RETYPE_MAX_OBJECTS; i++) {
		CHECK_EQ(env, cap_type(s + i), BASALT_CAP_TYPE_ENDPOINT);
		CHECK_EQ(env, info(s + i).obj, base + 64 + 32 * i);
	}
	CHECK(env, slot_empty(s + BASALT_RETYPE_MAX_OBJECTS));
	CHECK_EQ(env, info(u).w1, 64 + 32 * BASALT_RETYPE_MAX_OBJECTS);
	return 0;
}

/* The destination window: node_offset up to the last slot, count up to
 * what is left; the CNode by path or (depth 0) the root cap itself. */
static int retype_offsets(test_env_t *env)
{
	basalt_cptr_t c = test_object(env, BASALT_OBJ_CNODE, 3);
	basalt_cptr_t t6 = test_slot(env), t7 = test_slot(env);

	CHECK(env, c != 0 && t7 != 0);
	CHECK_ERR(env, basalt_untyped_retype(env->arena, BASALT_OBJ_ENDPOINT, 0, ROOT, c,
					     ROOT_DEPTH, 8, 1), BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 0);
	CHECK_DETAIL(env, 1, 7);
	CHECK_ERR(env, basalt_untyped_retype(env->arena, BASALT_OBJ_ENDPOINT, 0, ROOT, c,
					     ROOT_DEPTH, 7, 2), BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 1);
	CHECK_DETAIL(env, 1, 1);
	CHECK_ERR(env, basalt_untyped_retype(env->arena, BASALT_OBJ_ENDPOINT, 0, ROOT, c,
					     ROOT_DEPTH, 0, 9), BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 1);
	CHECK_DETAIL(env, 1, 8);
	CHECK_OK(env, basalt_untyped_retype(env->arena, BASALT_OBJ_ENDPOINT, 0, ROOT, c, ROOT_DEPTH,
					    7, 1));
	/* Depth 0: the CNode is the root cap passed (c itself). */
	CHECK_ERR(env, basalt_untyped_retype(env->arena, BASALT_OBJ_ENDPOINT, 0, c, 0, 0, 7, 1),
		  BASALT_DELETE_FIRST);
	CHECK_OK(env, basalt_untyped_retype(env->arena, BASALT_OBJ_NOTIFICATION, 0, c, 0, 0, 6, 1));
	CHECK_OK(env, basalt_cnode_move(ROOT, t6, ROOT_DEPTH, c, 6, 3));
	CHECK_OK(env, basalt_cnode_move(ROOT, t7, ROOT_DEPTH, c, 7, 3));
	CHECK_EQ(env, cap_type(t6), BASALT_CAP_TYPE_NOTIFICATION);
	CHECK_EQ(env, cap_type(t7), BASALT_CAP_TYPE_ENDPOINT);
	return 0;
}

/* The watermark: objects at increasing addresses, each aligned to its
 * size, with padding when a bigger one follows a smaller one. */
static int retype_watermark(test_env_t *env)
{
	static const struct { basalt_word_t type, bits, offset, mark; } steps[] = {
		{ BASALT_OBJ_ENDPOINT, 0, 0, 32 },
		{ BASALT_OBJ_ENDPOINT, 0, 32, 64 },
		{ BASALT_OBJ_NOTIFICATION, 0, 64, 128 },
		{ BASALT_OBJ_ENDPOINT, 0, 128, 160 },
		{ BASALT_OBJ_NOTIFICATION, 0, 192, 256 },       /* 160 -> 192 */
		{ BASALT_OBJ_TCB, 0, 2048, 4096 },              /* 256 -> 2048 */
		{ BASALT_OBJ_CNODE, 4, 4096, 5120 },
		{ BASALT_OBJ_FRAME_4K, 0, 8192, 12288 },        /* 5120 -> 8192 */
		{ BASALT_OBJ_UNTYPED, 4, 12288, 12304 },
		{ BASALT_OBJ_UNTYPED, 10, 13312, 14336 },       /* 12304 -> 13312 */
		{ BASALT_OBJ_PAGE_TABLE, 0, 16384, 20480 },
		{ BASALT_OBJ_ENDPOINT, 0, 20480, 20512 },
	};
	basalt_cptr_t u = test_untyped(env, 16);
	basalt_word_t base;

	CHECK(env, u != 0);
	base = info(u).obj;
	CHECK_EQ(env, info(u).w1, 0);
	for (unsigned i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		basalt_cptr_t s = test_slot(env);

		CHECK(env, s != 0);
		CHECK_OK(env, retype_root(u, steps[i].type, steps[i].bits, s, 1));
		if (info(s).obj != base + steps[i].offset)
			return test_fail(env, __FILE__, __LINE__, "step %u: object at +0x%llx, not +0x%llx",
					 i, (unsigned long long)(info(s).obj - base),
					 (unsigned long long)steps[i].offset);
		CHECK_EQ(env, info(u).w1, steps[i].mark);
	}
	return 0;
}

/* With no children left an untyped starts again at offset 0, whether its
 * children were revoked or deleted one by one; while one child remains,
 * the watermark stays (memory below it is not reused, as in seL4). */
static int retype_reuse(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 14);
	basalt_cptr_t a = test_slot(env), b = test_slot(env), c = test_slot(env);
	basalt_word_t base;

	CHECK(env, u != 0 && c != 0);
	base = info(u).obj;
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, a, 1));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, b, 1));
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	CHECK(env, slot_empty(a) && slot_empty(b));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_FRAME_4K, 0, a, 1));
	CHECK_EQ(env, info(a).obj, base);
	CHECK_EQ(env, info(u).w1, 4096);

	/* Deleted one at a time: the same. */
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, b, 1));
	CHECK_EQ(env, info(b).obj, base + 4096);
	CHECK_OK(env, basalt_cnode_delete(ROOT, a, ROOT_DEPTH));
	CHECK_OK(env, basalt_cnode_delete(ROOT, b, ROOT_DEPTH));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_NOTIFICATION, 0, a, 1));
	CHECK_EQ(env, info(a).obj, base);

	/* The newer of two deleted: the older keeps the watermark. */
	CHECK_OK(env, retype_root(u, BASALT_OBJ_NOTIFICATION, 0, b, 1));
	CHECK_EQ(env, info(b).obj, base + 64);
	CHECK_OK(env, basalt_cnode_delete(ROOT, b, ROOT_DEPTH));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_NOTIFICATION, 0, c, 1));
	CHECK_EQ(env, info(c).obj, base + 128);
	return 0;
}

/* NOT_ENOUGH_MEMORY says how many bytes are left above the watermark
 * (alignment padding included), and a failed retype moves nothing. */
static int retype_not_enough_memory(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 12);
	basalt_cptr_t s = test_slots(env, 130);

	CHECK(env, u != 0 && s != 0);
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, s, 3));
	CHECK_EQ(env, info(u).w1, 96);
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_FRAME_4K, 0, s + 3, 1), BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, 4096 - 96);
	/* 126 more endpoints need 4032 bytes at 96: 32 too many. */
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, s + 3, 126),
		  BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, 4096 - 96);
	/* A 2 KiB TCB fits only at 2048 (padding); two do not. */
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_TCB, 0, s + 3, 2), BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, 4096 - 96);
	CHECK_EQ(env, info(u).w1, 96);
	CHECK(env, slot_empty(s + 3));
	/* Exactly full. */
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, s + 3, 125));
	CHECK_EQ(env, info(u).w1, 4096);
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_UNTYPED, 4, s + 128, 1),
		  BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, 0);
	/* An object bigger than the untyped itself. */
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_FRAME_2M, 0, s + 128, 1),
		  BASALT_NOT_ENOUGH_MEMORY);
	CHECK_DETAIL(env, 0, 0);
	return 0;
}

/* The largest device untyped the boot info lists (0 if none). */
static basalt_cptr_t device_untyped(const basalt_bootinfo_t *bi, basalt_word_t *paddr,
				    unsigned *bits)
{
	basalt_cptr_t best = 0;

	*bits = 0;
	for (basalt_word_t i = 0; i < bi->h.untyped_count; i++) {
		const basalt_untyped_desc_t *d = &bi->untyped_list[i];

		if (d->is_device && d->size_bits > *bits) {
			*bits = d->size_bits;
			*paddr = d->paddr;
			best = bi->h.untyped.start + i;
		}
	}
	return best;
}

/* Device memory becomes frames (device frames) and device untyped, never
 * kernel objects (INVALID_ARGUMENT 0). Uses the largest device untyped
 * the board has (QEMU virt: 256 MiB of PCIe space, sifive_u: 1 MiB), so
 * the bigger steps depend on its size. */
static int retype_device(test_env_t *env)
{
	basalt_word_t pa = 0;
	unsigned bits;
	basalt_cptr_t dev = device_untyped(env->bi, &pa, &bits);
	basalt_cptr_t s = test_slots(env, 4);
	static const basalt_word_t kinds[][2] = {
		{ BASALT_OBJ_TCB, 0 }, { BASALT_OBJ_ENDPOINT, 0 }, { BASALT_OBJ_NOTIFICATION, 0 },
		{ BASALT_OBJ_CNODE, 2 }, { BASALT_OBJ_PAGE_TABLE, 0 },
	};
	basalt_cap_info_t i;

	CHECK(env, dev != 0 && s != 0);
	CHECK(env, bits >= 12);
	CHECK_EQ(env, info(dev).flags & INFO_FLAG_DEVICE, INFO_FLAG_DEVICE);
	for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		CHECK_ERR(env, retype_root(dev, kinds[k][0], kinds[k][1], s, 1),
			  BASALT_INVALID_ARGUMENT);
		CHECK_DETAIL(env, 0, 0);
	}
	CHECK(env, slot_empty(s));
	CHECK_OK(env, retype_root(dev, BASALT_OBJ_FRAME_4K, 0, s, 1));
	i = info(s);
	CHECK_EQ(env, i.type, BASALT_CAP_TYPE_FRAME);
	CHECK_EQ(env, i.flags, INFO_FLAG_DEVICE);
	CHECK_EQ(env, i.obj, pa);
	CHECK_EQ(env, test_frame_paddr(s), pa);
	/* A 2 MiB device frame, aligned (room left for the half below). */
	if (bits >= 23) {
		CHECK_OK(env, retype_root(dev, BASALT_OBJ_FRAME_2M, 0, s + 3, 1));
		CHECK_EQ(env, info(s + 3).obj, pa + (2u << 20));
		CHECK_EQ(env, info(s + 3).flags, INFO_FLAG_DEVICE);
	}
	/* A device untyped child (the upper half) is a device untyped too. */
	if (bits >= 13) {
		basalt_word_t half = 1ull << (bits - 1);

		CHECK_OK(env, retype_root(dev, BASALT_OBJ_UNTYPED, bits - 1, s + 1, 1));
		CHECK_EQ(env, info(s + 1).flags & INFO_FLAG_DEVICE, INFO_FLAG_DEVICE);
		CHECK_EQ(env, info(s + 1).obj, pa + half);
		CHECK_ERR(env, retype_root(s + 1, BASALT_OBJ_TCB, 0, s + 2, 1),
			  BASALT_INVALID_ARGUMENT);
		CHECK_DETAIL(env, 0, 0);
		CHECK_OK(env, retype_root(s + 1, BASALT_OBJ_FRAME_4K, 0, s + 2, 1));
		CHECK_EQ(env, info(s + 2).flags, INFO_FLAG_DEVICE);
		CHECK_EQ(env, info(s + 2).obj, pa + half);
	}
	return 0;
}

/* Untyped caps never copy (Copy and Mint: ILLEGAL_OPERATION, with or
 * without children; docs/capabilities.md) but move, with their
 * watermark. */
static int untyped_no_copy(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 14);
	basalt_cptr_t d = test_slot(env), m = test_slot(env), m2 = test_slot(env);
	basalt_cptr_t e1 = test_slot(env), e2 = test_slot(env);
	basalt_word_t base;

	CHECK(env, u != 0 && e2 != 0);
	base = info(u).obj;
	CHECK_ERR(env, basalt_cnode_copy(ROOT, d, ROOT_DEPTH, ROOT, u, ROOT_DEPTH,
					 BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, basalt_cnode_mint(ROOT, d, ROOT_DEPTH, ROOT, u, ROOT_DEPTH,
					 BASALT_RIGHTS_ALL, 0), BASALT_ILLEGAL_OPERATION);
	CHECK(env, slot_empty(d));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, e1, 1));
	CHECK_ERR(env, basalt_cnode_copy(ROOT, d, ROOT_DEPTH, ROOT, u, ROOT_DEPTH,
					 BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION);
	CHECK(env, slot_empty(d));
	/* The arena itself (a big untyped with children) neither. */
	CHECK_ERR(env, basalt_cnode_copy(ROOT, d, ROOT_DEPTH, ROOT, env->arena, ROOT_DEPTH,
					 BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION);
	CHECK(env, slot_empty(d));

	CHECK_OK(env, basalt_cnode_move(ROOT, m, ROOT_DEPTH, ROOT, u, ROOT_DEPTH));
	CHECK(env, slot_empty(u));
	CHECK_EQ(env, info(m).obj, base);
	CHECK_EQ(env, info(m).w1, 32);
	/* Mutate is a move for untyped (no data to change). */
	CHECK_OK(env, basalt_cnode_mutate(ROOT, m2, ROOT_DEPTH, ROOT, m, ROOT_DEPTH, 0x77));
	CHECK_EQ(env, info(m2).w1, 32);
	CHECK_EQ(env, info(m2).bits, 14);
	/* It still has its child: the next object goes above it. */
	CHECK_OK(env, retype_root(m2, BASALT_OBJ_ENDPOINT, 0, e2, 1));
	CHECK_EQ(env, info(e2).obj, base + 32);
	CHECK_OK(env, basalt_cnode_revoke(ROOT, m2, ROOT_DEPTH));
	CHECK(env, slot_empty(e1) && slot_empty(e2));
	return 0;
}

/* Retype's checks, in order, and a failed retype changes nothing. */
static int retype_errors(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 14);
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t s = test_slots(env, 4);
	basalt_word_t mark;

	CHECK(env, u != 0 && e != 0 && s != 0);
	CHECK_OK(env, retype_root(u, BASALT_OBJ_NOTIFICATION, 0, s, 1));
	mark = info(u).w1;
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_NUM_TYPES, 0, s + 1, 1), BASALT_INVALID_ARGUMENT);
	CHECK_DETAIL(env, 0, 0);
	CHECK_ERR(env, retype_root(u, 1ull << 40, 0, s + 1, 1), BASALT_INVALID_ARGUMENT);
	CHECK_DETAIL(env, 0, 0);
	/* Five words, or no root cap: truncated. */
	basalt_set_mr(0, BASALT_OBJ_ENDPOINT);
	basalt_set_mr(1, 0);
	basalt_set_mr(2, 0);
	basalt_set_mr(3, 0);
	basalt_set_mr(4, s + 1);
	basalt_set_mr(5, 1);
	basalt_set_cap(0, ROOT);
	CHECK_ERR(env, test_raw_call(u, BASALT_INV_UNTYPED_RETYPE, 1, 5), BASALT_TRUNCATED_MESSAGE);
	CHECK_ERR(env, test_raw_call(u, BASALT_INV_UNTYPED_RETYPE, 0, 6), BASALT_TRUNCATED_MESSAGE);
	/* The destination CNode's lookup: a guard mismatch at the root... */
	CHECK_ERR(env, basalt_untyped_retype(u, BASALT_OBJ_ENDPOINT, 0, ROOT, s, 12, 0, 1),
		  BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_GUARD_MISMATCH, 12);
	CHECK_DETAIL(env, 4, 52);
	/* ... a slot that holds no CNode (missing capability, node depth
	 * bits), also when depth 0 names the root cap itself. */
	CHECK_ERR(env, basalt_untyped_retype(u, BASALT_OBJ_ENDPOINT, 0, ROOT, e, ROOT_DEPTH, 0, 1),
		  BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_MISSING_CAPABILITY, ROOT_DEPTH);
	CHECK_ERR(env, basalt_untyped_retype(u, BASALT_OBJ_ENDPOINT, 0, e, 0, 0, 0, 1),
		  BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_MISSING_CAPABILITY, 0);
	/* One full slot in the window: DELETE_FIRST, and none is filled. */
	CHECK_OK(env, basalt_cnode_copy(ROOT, s + 2, ROOT_DEPTH, ROOT, e, ROOT_DEPTH,
					BASALT_RIGHTS_ALL));
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, s + 1, 3), BASALT_DELETE_FIRST);
	CHECK(env, slot_empty(s + 1) && slot_empty(s + 3));
	/* Size checks come before the destination's. */
	CHECK_ERR(env, retype_root(u, BASALT_OBJ_CNODE, 0, s, 1), BASALT_INVALID_ARGUMENT);
	CHECK_DETAIL(env, 0, 1);
	CHECK_EQ(env, info(u).w1, mark);
	CHECK_EQ(env, cap_type(s), BASALT_CAP_TYPE_NOTIFICATION);
	return 0;
}

static const test_t tests[] = {
	{ "UNTYPED0001", "retype every object type", retype_every_type },
	{ "UNTYPED0002", "untyped sizes: 4 to their parent's size", retype_untyped_sizes },
	{ "UNTYPED0003", "CNode radix 1 to a whole 32 MiB untyped", retype_cnode_sizes },
	{ "UNTYPED0004", "frame sizes and object alignment", retype_frame_sizes },
	{ "UNTYPED0005", "count 1 and 256; 257 and 0 are range errors", retype_counts },
	{ "UNTYPED0006", "offset up to the last slot", retype_offsets },
	{ "UNTYPED0007", "watermark: increasing aligned addresses, padding", retype_watermark },
	{ "UNTYPED0008", "no children: back to offset 0", retype_reuse },
	{ "UNTYPED0009", "not enough memory: bytes available", retype_not_enough_memory },
	{ "UNTYPED0010", "device untyped: frames only", retype_device },
	{ "UNTYPED0011", "untyped caps move but never copy", untyped_no_copy },
	{ "UNTYPED0012", "retype errors change nothing", retype_errors },
};

const test_suite_t suite_untyped = { tests, sizeof(tests) / sizeof(tests[0]) };
