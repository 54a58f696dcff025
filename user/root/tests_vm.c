/*
 * Page tables and frames: mapping at every level and page size, each
 * documented error with its detail words, unmap and remap rules, rights
 * (read-only, non-executable, execute-only mappings) and the kernel's half
 * of the address space being out of U-mode's reach (docs/vm.md). Accesses
 * are checked by probe threads (test_probe), whose faults come back as
 * messages with their fields.
 */
#include "test_util.h"

extern char test_code_ret42[], test_code_ret42_end[];

#define RW (BASALT_MAP_READ | BASALT_MAP_WRITE)
#define MIB (1ull << 20)
#define GIB (1ull << 30)
#define KERNEL_IMAGE_VBASE 0xffffffff80000000ull

static unsigned levels(const test_env_t *env)
{
	return (unsigned)env->bi->h.paging_levels;
}

/* Bytes one entry of the table serving `level` maps. */
static basalt_word_t level_size(unsigned level)
{
	return 1ull << (12 + 9 * level);
}

/* A part of the root task's address space where nothing is mapped, so
 * tests build its page tables from the top: root entry 3 (Sv39 3 GiB,
 * Sv48 1.5 TiB, Sv57 768 TiB). */
static basalt_word_t fresh_base(const test_env_t *env)
{
	return 3 * level_size(levels(env) - 1);
}

static uint32_t asid_of(basalt_cptr_t vspace)
{
	return basalt_debug_cap_info(vspace).word32;
}

static bool cap_mapped(basalt_cptr_t c)
{
	return (basalt_debug_cap_info(c).flags & 2u) != 0;   /* CAP_FLAG_MAPPED */
}

/* The detail words of a FAILED_LOOKUP for a missing table serving `level`. */
static int check_missing(test_env_t *env, basalt_error_t e, unsigned level)
{
	CHECK_EQ(env, e, BASALT_FAILED_LOOKUP);
	CHECK_EQ(env, basalt_error_detail(0), 0);
	CHECK_EQ(env, basalt_error_detail(1), BASALT_LOOKUP_MISSING_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(2), 12 + 9 * (level + 1));
	return 0;
}

/* A probe that must complete; its value. */
#define PROBE_OK(env, vm, addr, access, v, out) \
	do { \
		CHECK_OK(env, test_probe(env, vm, addr, access, v, out)); \
		CHECK(env, !(out)->faulted); \
	} while (0)

/* A probe that must fault with a VM fault of this access at `addr`. */
static int probe_faults(test_env_t *env, basalt_vmem_t *vm, basalt_word_t addr,
			test_access_t access)
{
	static const basalt_word_t access_bits[] = { BASALT_ACCESS_READ, BASALT_ACCESS_WRITE,
						     BASALT_ACCESS_EXEC };
	static const basalt_word_t causes[] = { 13, 15, 12 };   /* the page faults */
	test_probe_t p;

	CHECK_OK(env, test_probe(env, vm, addr, access, 0x0bad, &p));
	CHECK(env, p.faulted);
	CHECK_EQ(env, p.fault.label, BASALT_FAULT_VM);
	CHECK_EQ(env, p.fault.mr[BASALT_VM_FAULT_ADDR], addr);
	CHECK_EQ(env, p.fault.mr[BASALT_VM_FAULT_ACCESS], access_bits[access]);
	CHECK_EQ(env, p.fault.mr[BASALT_VM_FAULT_CAUSE], causes[access]);
	CHECK_EQ(env, p.fault.mr[BASALT_VM_FAULT_PREFETCH], access == TEST_EXEC);
	if (access == TEST_EXEC)
		CHECK_EQ(env, p.fault.mr[BASALT_VM_FAULT_PC], addr);
	return 0;
}

/* A second cap to `frame` mapped at a fresh address of the test's own
 * range: a view of the same memory. */
static volatile basalt_word_t *view_of(test_env_t *env, basalt_cptr_t frame, unsigned rights)
{
	basalt_cptr_t copy = test_slot(env);
	basalt_word_t v = basalt_vmem_reserve(&env->vmem, 1);

	if (copy == 0 || v == 0 ||
	    basalt_cnode_copy(BASALT_INIT_CNODE, copy, 64, BASALT_INIT_CNODE, frame, 64,
			      BASALT_RIGHTS_ALL) != BASALT_OK ||
	    basalt_vmem_map_frame(&env->vmem, copy, v, rights) != BASALT_OK)
		return 0;
	return (volatile basalt_word_t *)v;
}

/* VM0001 */
static int vm_map_every_level(test_env_t *env)
{
	basalt_word_t base = fresh_base(env);
	basalt_cptr_t vs = BASALT_INIT_VSPACE;
	basalt_cptr_t f4k = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t f2m = test_object(env, BASALT_OBJ_FRAME_2M, 0);
	volatile basalt_word_t *view;
	basalt_cap_info_t info;
	test_probe_t p;

	CHECK(env, f4k != 0 && f2m != 0);
	/* Top-down: each time, the frame cannot map and the error names the
	 * missing table; then that table is mapped (at an address inside
	 * its range: the kernel aligns it down). */
	for (int l = (int)levels(env) - 2; l >= 0; l--) {
		basalt_cptr_t pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);

		CHECK(env, pt != 0);
		if (check_missing(env, basalt_frame_map(f4k, vs, base, RW, 0), (unsigned)l))
			return 1;
		CHECK(env, !cap_mapped(f4k));
		CHECK_OK(env, basalt_page_table_map(pt, vs, base + 0x5678, (unsigned)l));
		info = basalt_debug_cap_info(pt);
		CHECK(env, cap_mapped(pt));
		CHECK_EQ(env, info.bits, l);
		CHECK_EQ(env, info.w1, base);
		CHECK_EQ(env, info.word32, asid_of(vs));
	}
	CHECK_OK(env, basalt_frame_map(f4k, vs, base, RW, 0));
	info = basalt_debug_cap_info(f4k);
	CHECK(env, cap_mapped(f4k));
	CHECK_EQ(env, info.w1, base);
	CHECK_EQ(env, info.word32, asid_of(vs));
	/* It translates to the frame: a second view sees the writes. */
	*(volatile basalt_word_t *)(base + 0x10) = 0xfeed0001;
	*(volatile basalt_word_t *)(base + 4088) = 0xfeed0002;
	view = view_of(env, f4k, RW);
	CHECK(env, view != 0);
	CHECK_EQ(env, view[2], 0xfeed0001);
	CHECK_EQ(env, view[511], 0xfeed0002);
	PROBE_OK(env, &env->vmem, base + 0x10, TEST_READ, 0, &p);
	CHECK_EQ(env, p.value, 0xfeed0001);

	/* 2 MiB: a leaf in the level-1 table that now exists. */
	CHECK_ERR(env, basalt_frame_map(f2m, vs, base + 2 * MIB + 4096, RW, 0), BASALT_ALIGNMENT_ERROR);
	CHECK_OK(env, basalt_frame_map(f2m, vs, base + 2 * MIB, RW, 0));
	CHECK_EQ(env, basalt_debug_cap_info(f2m).w1, base + 2 * MIB);
	*(volatile basalt_word_t *)(base + 2 * MIB) = 0x2222a;
	*(volatile basalt_word_t *)(base + 3 * MIB + 0x1008) = 0x2222b;
	*(volatile basalt_word_t *)(base + 4 * MIB - 8) = 0x2222c;
	/* Moved whole to another 2 MiB slot: every offset follows. */
	CHECK_OK(env, basalt_frame_unmap(f2m));
	CHECK(env, !cap_mapped(f2m));
	if (probe_faults(env, &env->vmem, base + 2 * MIB, TEST_READ))
		return 1;
	CHECK_OK(env, basalt_frame_map(f2m, vs, base + 6 * MIB, RW, 0));
	CHECK_EQ(env, *(volatile basalt_word_t *)(base + 6 * MIB), 0x2222a);
	CHECK_EQ(env, *(volatile basalt_word_t *)(base + 7 * MIB + 0x1008), 0x2222b);
	CHECK_EQ(env, *(volatile basalt_word_t *)(base + 8 * MIB - 8), 0x2222c);
	/* Nothing maps inside a large page: neither a 4 KiB frame (a leaf
	 * above it) nor a table serving level 0 (the entry is taken). */
	{
		basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
		basalt_cptr_t pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);

		CHECK(env, f != 0 && pt != 0);
		CHECK_ERR(env, basalt_frame_map(f, vs, base + 6 * MIB + 4096, RW, 0), BASALT_DELETE_FIRST);
		CHECK_ERR(env, basalt_page_table_map(pt, vs, base + 6 * MIB, 0), BASALT_DELETE_FIRST);
		CHECK(env, !cap_mapped(f) && !cap_mapped(pt));
	}
	return 0;
}

/* VM0002 */
static int vm_map_1g(test_env_t *env)
{
	basalt_word_t base = fresh_base(env) + level_size(levels(env) - 1);   /* root entry 4 */
	basalt_cptr_t vs = BASALT_INIT_VSPACE, f = test_slot(env);
	basalt_word_t pa;
	test_probe_t p;

	if (env->huge == 0)
		return test_skip(env, "no spare RAM untyped of 1 GiB (QEMU needs -m 2G or more)");
	CHECK(env, f != 0);
	CHECK_OK(env, basalt_untyped_retype(env->huge, BASALT_OBJ_FRAME_1G, 0, BASALT_INIT_CNODE, 0, 0,
					    f, 1));
	CHECK_OK(env, basalt_frame_get_address(f, &pa));
	CHECK_EQ(env, pa & (GIB - 1), 0);
	CHECK_ERR(env, basalt_frame_map(f, vs, base + 2 * MIB, RW, 0), BASALT_ALIGNMENT_ERROR);
	/* Sv39: a 1 GiB page is a root entry. Otherwise the table serving
	 * level 2 is missing first. */
	if (levels(env) > 3) {
		basalt_cptr_t pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);

		CHECK(env, pt != 0);
		if (check_missing(env, basalt_frame_map(f, vs, base, RW, 0), 2))
			return 1;
		for (int l = (int)levels(env) - 2; l >= 2; l--) {
			pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
			CHECK(env, pt != 0);
			CHECK_OK(env, basalt_page_table_map(pt, vs, base, (unsigned)l));
		}
	}
	CHECK_OK(env, basalt_frame_map(f, vs, base, RW, 0));
	*(volatile basalt_word_t *)(base) = 0x1a;
	*(volatile basalt_word_t *)(base + 513 * MIB + 8) = 0x1b;
	*(volatile basalt_word_t *)(base + GIB - 8) = 0x1c;
	PROBE_OK(env, &env->vmem, base + 513 * MIB + 8, TEST_READ, 0, &p);
	CHECK_EQ(env, p.value, 0x1b);
	/* Nothing maps inside it. */
	{
		basalt_cptr_t f4 = test_object(env, BASALT_OBJ_FRAME_4K, 0);
		basalt_cptr_t pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);

		CHECK(env, f4 != 0 && pt != 0);
		CHECK_ERR(env, basalt_frame_map(f4, vs, base + 4 * MIB, RW, 0), BASALT_DELETE_FIRST);
		CHECK_ERR(env, basalt_page_table_map(pt, vs, base + 4 * MIB, 1), BASALT_DELETE_FIRST);
	}
	/* Elsewhere (one root entry further in Sv39, the next 1 GiB slot
	 * otherwise), every offset follows. */
	CHECK_OK(env, basalt_frame_unmap(f));
	if (probe_faults(env, &env->vmem, base + GIB - 8, TEST_WRITE))
		return 1;
	CHECK_OK(env, basalt_frame_map(f, vs, base + GIB, RW, 0));
	CHECK_EQ(env, *(volatile basalt_word_t *)(base + GIB), 0x1a);
	CHECK_EQ(env, *(volatile basalt_word_t *)(base + GIB + 513 * MIB + 8), 0x1b);
	CHECK_EQ(env, *(volatile basalt_word_t *)(base + 2 * GIB - 8), 0x1c);
	/* The last 1 GiB below user_top is still user range. */
	CHECK_OK(env, basalt_frame_unmap(f));
	{
		basalt_word_t top = env->bi->h.user_top;
		basalt_error_t e = basalt_frame_map(f, vs, top - GIB, RW, 0);

		/* In Sv48/57 the tables on the way are missing: the frame
		 * got that far, past the range checks. */
		if (levels(env) > 3)
			CHECK_EQ(env, e, BASALT_FAILED_LOOKUP);
		else
			CHECK_OK(env, e);
		CHECK_ERR(env, basalt_frame_map(f, vs, top, RW, 0), BASALT_INVALID_ARGUMENT);
	}
	return 0;
}

/* VM0003 */
static int vm_frame_map_errors(test_env_t *env)
{
	basalt_cptr_t vs = BASALT_INIT_VSPACE;
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t g2 = test_object(env, BASALT_OBJ_FRAME_2M, 0);
	basalt_cptr_t other = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t loose_pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t space = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t wo = test_slot(env);
	basalt_word_t a = basalt_vmem_reserve(&env->vmem, 1), b = basalt_vmem_reserve(&env->vmem, 1);
	basalt_word_t top = env->bi->h.user_top;

	CHECK(env, f && g2 && other && ep && loose_pt && space && wo && a && b);
	CHECK_OK(env, basalt_asid_pool_assign(BASALT_INIT_ASID_POOL, space));
	/* Too short a message. */
	basalt_set_mr(0, a);
	basalt_set_cap(0, vs);
	CHECK_EQ(env, basalt_msginfo_label(basalt_call(f, basalt_msginfo(BASALT_INV_FRAME_MAP, 0, 1, 2))),
		 BASALT_TRUNCATED_MESSAGE);
	CHECK_EQ(env, basalt_msginfo_label(basalt_call(f, basalt_msginfo(BASALT_INV_FRAME_MAP, 0, 0, 3))),
		 BASALT_TRUNCATED_MESSAGE);
	/* Not a VSpace: an endpoint, a table no pool gave an ASID, a lower
	 * table: INVALID_CAPABILITY 1. */
	CHECK_ERR(env, basalt_frame_map(f, ep, a, RW, 0), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_ERR(env, basalt_frame_map(f, loose_pt, a, RW, 0), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_OK(env, basalt_vmem_map_frame(&env->vmem, other, a, RW));   /* makes a's tables */
	CHECK_OK(env, basalt_frame_unmap(other));
	/* The same table, now mapped below the root: still not a VSpace. */
	CHECK_OK(env, basalt_page_table_map(loose_pt, vs, fresh_base(env), levels(env) - 2));
	CHECK_ERR(env, basalt_frame_map(f, loose_pt, a, RW, 0), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	/* Misaligned for its size. */
	CHECK_ERR(env, basalt_frame_map(f, vs, a + 0x800, RW, 0), BASALT_ALIGNMENT_ERROR);
	CHECK_ERR(env, basalt_frame_map(g2, vs, fresh_base(env) + 4096, RW, 0), BASALT_ALIGNMENT_ERROR);
	/* Outside the user range: its end, the kernel window, the image. */
	CHECK_ERR(env, basalt_frame_map(f, vs, top, RW, 0), BASALT_INVALID_ARGUMENT);
	CHECK_EQ(env, basalt_error_detail(0), 0);
	CHECK_ERR(env, basalt_frame_map(f, vs, ~(top - 1), RW, 0), BASALT_INVALID_ARGUMENT);
	CHECK_EQ(env, basalt_error_detail(0), 0);
	CHECK_ERR(env, basalt_frame_map(f, vs, KERNEL_IMAGE_VBASE, RW, 0), BASALT_INVALID_ARGUMENT);
	CHECK_ERR(env, basalt_frame_map(g2, vs, top, RW, 0), BASALT_INVALID_ARGUMENT);
	/* No right left: none asked for, or the cap has no read right. */
	CHECK_ERR(env, basalt_frame_map(f, vs, a, 0, 0), BASALT_INVALID_ARGUMENT);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_OK(env, basalt_cnode_copy(BASALT_INIT_CNODE, wo, 64, BASALT_INIT_CNODE, f, 64,
					BASALT_RIGHT_WRITE));
	CHECK_ERR(env, basalt_frame_map(wo, vs, a, RW, 0), BASALT_INVALID_ARGUMENT);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_ERR(env, basalt_frame_map(wo, vs, a, BASALT_MAP_EXECUTE, 0), BASALT_INVALID_ARGUMENT);
	/* Something is already there. */
	CHECK_OK(env, basalt_frame_map(other, vs, a, RW, 0));
	CHECK_ERR(env, basalt_frame_map(f, vs, a, RW, 0), BASALT_DELETE_FIRST);
	/* Every failure above left the caps unmapped. */
	CHECK(env, !cap_mapped(f) && !cap_mapped(wo));
	/* Mapped: only the same place again (a remap), not elsewhere. */
	CHECK_OK(env, basalt_frame_map(f, vs, b, RW, 0));
	CHECK_ERR(env, basalt_frame_map(f, vs, b + 4096, RW, 0), BASALT_INVALID_ARGUMENT);
	CHECK_EQ(env, basalt_error_detail(0), 0);
	CHECK_ERR(env, basalt_frame_map(f, space, b, RW, 0), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_EQ(env, basalt_debug_cap_info(f).w1, b);
	/* Frame_Map is not a page-table operation. */
	CHECK_ERR(env, basalt_page_table_map(f, vs, a, 0), BASALT_ILLEGAL_OPERATION);
	return 0;
}

/* VM0004 */
static int vm_page_table_map_errors(test_env_t *env)
{
	basalt_cptr_t vs = BASALT_INIT_VSPACE;
	basalt_word_t base = fresh_base(env), top = env->bi->h.user_top;
	basalt_cptr_t pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t pt2 = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t loose = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t space = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	unsigned top_level = levels(env) - 2;

	CHECK(env, pt && pt2 && loose && space && ep);
	CHECK_OK(env, basalt_asid_pool_assign(BASALT_INIT_ASID_POOL, space));
	basalt_set_mr(0, base);
	basalt_set_cap(0, vs);
	CHECK_EQ(env, basalt_msginfo_label(basalt_call(pt, basalt_msginfo(BASALT_INV_PAGE_TABLE_MAP, 0, 1, 1))),
		 BASALT_TRUNCATED_MESSAGE);
	/* Level out of range: 0 .. levels - 2. */
	CHECK_ERR(env, basalt_page_table_map(pt, vs, base, top_level + 1), BASALT_RANGE_ERROR);
	CHECK_EQ(env, basalt_error_detail(0), 0);
	CHECK_EQ(env, basalt_error_detail(1), top_level);
	CHECK_ERR(env, basalt_page_table_map(pt, vs, base, 1000), BASALT_RANGE_ERROR);
	/* Not a live VSpace. */
	CHECK_ERR(env, basalt_page_table_map(pt, ep, base, 0), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_ERR(env, basalt_page_table_map(pt, loose, base, 0), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	/* Outside the user range. */
	CHECK_ERR(env, basalt_page_table_map(pt, vs, top, 0), BASALT_INVALID_ARGUMENT);
	CHECK_EQ(env, basalt_error_detail(0), 0);
	CHECK_ERR(env, basalt_page_table_map(pt, vs, KERNEL_IMAGE_VBASE, 0), BASALT_INVALID_ARGUMENT);
	/* Missing levels, named by bits left, for every level asked for. */
	for (unsigned l = 0; l < top_level; l++) {
		if (check_missing(env, basalt_page_table_map(pt, vs, base, l), top_level))
			return 1;
	}
	/* The level below the root needs nothing more; mapped once, the
	 * cap cannot map again (INVALID_CAPABILITY 0), and a second table
	 * cannot take the entry (DELETE_FIRST). */
	CHECK_OK(env, basalt_page_table_map(pt, vs, base, top_level));
	CHECK_ERR(env, basalt_page_table_map(pt, vs, base + level_size(top_level + 1), top_level),
		  BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 0);
	CHECK_ERR(env, basalt_page_table_map(pt, space, base, top_level), BASALT_INVALID_CAPABILITY);
	CHECK_ERR(env, basalt_page_table_map(pt2, vs, base + 4096, top_level), BASALT_DELETE_FIRST);
	CHECK(env, !cap_mapped(pt2));
	/* A VSpace root is mapped already. */
	CHECK_ERR(env, basalt_page_table_map(space, vs, base, 0), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 0);
	/* The same table object in another VSpace: a fresh table there. */
	CHECK_OK(env, basalt_page_table_map(pt2, space, base, top_level));
	CHECK_EQ(env, basalt_debug_cap_info(pt2).word32, asid_of(space));
	return 0;
}

/* VM0005 */
static int vm_unmap_rules(test_env_t *env)
{
	basalt_cptr_t vs = BASALT_INIT_VSPACE;
	basalt_word_t base = fresh_base(env);
	basalt_cptr_t space = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t pt[5], copy = test_slot(env), unmapped = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0), slot2 = test_slot(env);
	basalt_cptr_t keep = test_slot(env);
	volatile basalt_word_t *view;

	CHECK(env, space && copy && unmapped && f && slot2 && keep);
	/* A VSpace root cannot be unmapped, mapped or not (a test VSpace:
	 * the root task's own is too precious to risk). */
	CHECK_OK(env, basalt_asid_pool_assign(BASALT_INIT_ASID_POOL, space));
	CHECK_ERR(env, basalt_page_table_unmap(space), BASALT_ILLEGAL_OPERATION);
	/* An unmapped table cap cannot be copied (seL4's rule)... */
	CHECK_ERR(env, basalt_cnode_copy(BASALT_INIT_CNODE, slot2, 64, BASALT_INIT_CNODE, unmapped, 64,
					 BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION);
	/* ...and unmapping one that is not mapped does nothing. */
	CHECK_OK(env, basalt_page_table_unmap(unmapped));

	for (int l = (int)levels(env) - 2; l >= 0; l--) {
		pt[l] = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
		CHECK(env, pt[l] != 0);
		CHECK_OK(env, basalt_page_table_map(pt[l], vs, base, (unsigned)l));
	}
	CHECK_OK(env, basalt_frame_map(f, vs, base, RW, 0));
	*(volatile basalt_word_t *)base = 0x77;
	view = view_of(env, f, RW);
	CHECK(env, view != 0);
	/* PageTable_Unmap needs the last cap: a copy of a mapped table. */
	CHECK_OK(env, basalt_cnode_copy(BASALT_INIT_CNODE, copy, 64, BASALT_INIT_CNODE, pt[0], 64,
					BASALT_RIGHTS_ALL));
	CHECK(env, cap_mapped(copy));
	CHECK_ERR(env, basalt_page_table_unmap(pt[0]), BASALT_REVOKE_FIRST);
	CHECK_ERR(env, basalt_page_table_unmap(copy), BASALT_REVOKE_FIRST);
	CHECK_EQ(env, *(volatile basalt_word_t *)base, 0x77);
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, copy, 64));
	CHECK_OK(env, basalt_page_table_unmap(pt[0]));
	CHECK(env, !cap_mapped(pt[0]));
	/* What it mapped went with it; the frame's cap still says mapped
	 * and unmapping it is harmless. */
	if (probe_faults(env, &env->vmem, base, TEST_READ))
		return 1;
	CHECK(env, cap_mapped(f));
	CHECK_OK(env, basalt_frame_unmap(f));
	CHECK(env, !cap_mapped(f));
	CHECK_OK(env, basalt_frame_unmap(f));   /* again: nothing to do */
	/* The table comes back empty (cleared), and the frame maps again. */
	CHECK_OK(env, basalt_page_table_map(pt[0], vs, base, 0));
	if (probe_faults(env, &env->vmem, base, TEST_WRITE))
		return 1;
	CHECK_OK(env, basalt_frame_map(f, vs, base, RW, 0));
	CHECK_EQ(env, *(volatile basalt_word_t *)base, 0x77);
	/* Deleting a mapped frame cap unmaps it (a copy keeps the frame
	 * alive, still reachable through the view). */
	CHECK_OK(env, basalt_cnode_copy(BASALT_INIT_CNODE, keep, 64, BASALT_INIT_CNODE, f, 64,
					BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, f, 64));
	if (probe_faults(env, &env->vmem, base, TEST_READ))
		return 1;
	CHECK_EQ(env, view[0], 0x77);
	/* Deleting the last cap of a mapped table unmaps it (and frames
	 * mapped through it become unreachable). */
	CHECK_OK(env, basalt_frame_map(keep, vs, base + 4096, RW, 0));
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, pt[0], 64));
	if (probe_faults(env, &env->vmem, base + 4096, TEST_READ))
		return 1;
	/* A table higher up, unmapped: everything below it is gone. */
	if (levels(env) > 3) {
		basalt_cptr_t f2 = test_object(env, BASALT_OBJ_FRAME_2M, 0);

		CHECK(env, f2 != 0);
		CHECK_OK(env, basalt_frame_map(f2, vs, base + 2 * MIB, RW, 0));
		CHECK_OK(env, basalt_page_table_unmap(pt[2]));
		if (probe_faults(env, &env->vmem, base + 2 * MIB, TEST_READ))
			return 1;
		/* pt[1] still says mapped; mapping into the VSpace there
		 * again needs a table serving level 2. */
		CHECK(env, cap_mapped(pt[1]));
		CHECK_OK(env, basalt_frame_unmap(f2));
		if (check_missing(env, basalt_frame_map(f2, vs, base + 2 * MIB, RW, 0), 1 + 1))
			return 1;
	}
	return 0;
}

/* VM0006 */
static int vm_remap_rules(test_env_t *env)
{
	basalt_cptr_t vs = BASALT_INIT_VSPACE;
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0), copy = test_slot(env);
	basalt_word_t a = basalt_vmem_reserve(&env->vmem, 1), b = basalt_vmem_reserve(&env->vmem, 1);
	test_probe_t p;

	CHECK(env, f && copy && a && b);
	CHECK_OK(env, basalt_vmem_map_frame(&env->vmem, f, a, RW));
	*(volatile basalt_word_t *)a = 0x600d;
	/* Same place, fewer rights: reads work, writes fault. */
	CHECK_OK(env, basalt_frame_map(f, vs, a, BASALT_MAP_READ, 0));
	PROBE_OK(env, &env->vmem, a, TEST_READ, 0, &p);
	CHECK_EQ(env, p.value, 0x600d);
	if (probe_faults(env, &env->vmem, a, TEST_WRITE))
		return 1;
	/* And back: writable again. */
	CHECK_OK(env, basalt_frame_map(f, vs, a, RW, 0));
	PROBE_OK(env, &env->vmem, a, TEST_WRITE, 0x600e, &p);
	CHECK_EQ(env, *(volatile basalt_word_t *)a, 0x600e);
	/* A second place needs a second cap: the copy starts unmapped. */
	CHECK_OK(env, basalt_cnode_copy(BASALT_INIT_CNODE, copy, 64, BASALT_INIT_CNODE, f, 64,
					BASALT_RIGHTS_ALL));
	CHECK(env, !cap_mapped(copy));
	CHECK_OK(env, basalt_vmem_map_frame(&env->vmem, copy, b, RW));
	*(volatile basalt_word_t *)(b + 8) = 0x600f;
	CHECK_EQ(env, *(volatile basalt_word_t *)(a + 8), 0x600f);
	/* Unmapping one leaves the other. */
	CHECK_OK(env, basalt_frame_unmap(copy));
	CHECK_EQ(env, *(volatile basalt_word_t *)(a + 8), 0x600f);
	return 0;
}

/* VM0007 */
static int vm_rights(test_env_t *env)
{
	basalt_cptr_t vs = BASALT_INIT_VSPACE;
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0), ro = test_slot(env);
	basalt_word_t a = basalt_vmem_reserve(&env->vmem, 1), b = basalt_vmem_reserve(&env->vmem, 1);
	basalt_word_t code_at = a + 0x80;
	test_probe_t p;

	CHECK(env, f && ro && a && b);
	CHECK_OK(env, basalt_vmem_map_frame(&env->vmem, f, a, RW));
	for (char *s = test_code_ret42, *d = (char *)code_at; s < test_code_ret42_end; s++, d++)
		*d = *s;
	__asm__ volatile("fence.i" ::: "memory");
	/* Readable and writable, not executable. */
	PROBE_OK(env, &env->vmem, a, TEST_WRITE, 0x11, &p);
	if (probe_faults(env, &env->vmem, code_at, TEST_EXEC))
		return 1;
	/* Read and execute: runs, but writes fault. */
	CHECK_OK(env, basalt_frame_map(f, vs, a, BASALT_MAP_READ | BASALT_MAP_EXECUTE, 0));
	PROBE_OK(env, &env->vmem, code_at, TEST_EXEC, 0, &p);
	CHECK_EQ(env, p.value, 42);
	if (probe_faults(env, &env->vmem, a + 8, TEST_WRITE))
		return 1;
	/* Execute only: runs, but loads fault too. */
	CHECK_OK(env, basalt_frame_map(f, vs, a, BASALT_MAP_EXECUTE, 0));
	PROBE_OK(env, &env->vmem, code_at, TEST_EXEC, 0, &p);
	CHECK_EQ(env, p.value, 42);
	if (probe_faults(env, &env->vmem, a, TEST_READ))
		return 1;
	/* A read-only cap limits the mapping whatever is asked: mapped
	 * "read-write" it is read-only. */
	CHECK_OK(env, basalt_cnode_copy(BASALT_INIT_CNODE, ro, 64, BASALT_INIT_CNODE, f, 64,
					BASALT_RIGHT_READ));
	CHECK_OK(env, basalt_vmem_map_frame(&env->vmem, ro, b, RW | BASALT_MAP_EXECUTE));
	PROBE_OK(env, &env->vmem, b, TEST_READ, 0, &p);
	CHECK_EQ(env, p.value, 0x11);
	if (probe_faults(env, &env->vmem, b, TEST_WRITE))
		return 1;
	PROBE_OK(env, &env->vmem, b + 0x80, TEST_EXEC, 0, &p);
	CHECK_EQ(env, p.value, 42);
	return 0;
}

/* VM0008 */
static int vm_kernel_out_of_reach(test_env_t *env)
{
	basalt_word_t top = env->bi->h.user_top;
	basalt_word_t window = ~(top - 1);   /* the lowest kernel address */
	basalt_word_t ram = 0;
	basalt_word_t targets[4];

	/* A RAM address the kernel window certainly maps: free memory. */
	for (basalt_word_t i = 0; i < env->bi->h.untyped_count && ram == 0; i++) {
		if (!env->bi->untyped_list[i].is_device)
			ram = env->bi->untyped_list[i].paddr;
	}
	CHECK(env, ram != 0);
	targets[0] = window + ram;                 /* the kernel window */
	targets[1] = KERNEL_IMAGE_VBASE;           /* the kernel image (its text) */
	targets[2] = KERNEL_IMAGE_VBASE + 0x10000; /* further into the image */
	targets[3] = top;                          /* not canonical at all */
	for (unsigned i = 0; i < 4; i++) {
		for (unsigned a = TEST_READ; a <= TEST_EXEC; a++) {
			if (probe_faults(env, &env->vmem, targets[i], (test_access_t)a))
				return 1;
		}
	}
	return 0;
}

/* What the self-changing thread of VM0009 works on. */
static struct {
	basalt_word_t v;
	basalt_cptr_t f, f2, pt, vspace, done;
	volatile basalt_word_t got[4], step;
} sc;

/* Touches sc.v, changes its mapping itself, touches it again: the
 * second touch must see the change, with no address-space switch and no
 * other flush in between (QEMU flushes its whole TLB at every satp write
 * and sfence.vma, so only this shape shows a missing flush there). */
static void self_changer(void *arg)
{
	volatile basalt_word_t *v = (volatile basalt_word_t *)sc.v;

	(void)arg;
	/* 1: unmap, then read: a fault (the handler maps it back). */
	sc.got[0] = *v;
	sc.step = 1;
	basalt_frame_unmap(sc.f);
	sc.got[0] += *v;
	/* 2: read-only in place, then write: a fault (made writable). */
	*v = 7;
	sc.step = 2;
	basalt_frame_map(sc.f, sc.vspace, sc.v, BASALT_MAP_READ, 0);
	*v = 8;
	/* 3: another frame in its place: the read sees it at once. */
	sc.got[1] = *v;
	sc.step = 3;
	basalt_frame_unmap(sc.f);
	basalt_frame_map(sc.f2, sc.vspace, sc.v, RW, 0);
	sc.got[2] = *v;
	/* 4: the page table goes, then read: a fault. */
	sc.step = 4;
	basalt_page_table_unmap(sc.pt);
	sc.got[3] = *v;
	sc.step = 5;
	basalt_signal(sc.done);
}

/* VM0009 */
static int vm_changes_seen_at_once(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t vs = BASALT_INIT_VSPACE;
	basalt_thread_t t;
	test_fault_t f;

	sc.v = fresh_base(env) + 0x3000;
	sc.vspace = vs;
	sc.f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	sc.f2 = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	sc.step = 0;
	/* A missing flush lets the thread run on where it should fault:
	 * then the end signal arrives instead of the fault (no hang). */
	sc.done = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	CHECK(env, ep && sc.f && sc.f2 && sc.done);
	CHECK_OK(env, basalt_tcb_bind_notification(env->self, sc.done));
	for (int l = (int)levels(env) - 2; l >= 0; l--) {
		sc.pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
		CHECK(env, sc.pt != 0);
		CHECK_OK(env, basalt_page_table_map(sc.pt, vs, sc.v, (unsigned)l));
	}
	CHECK_OK(env, basalt_frame_map(sc.f, vs, sc.v, RW, 0));
	CHECK_OK(env, basalt_frame_map(sc.f2, vs, sc.v + 4096, RW, 0));
	*(volatile basalt_word_t *)sc.v = 0x100;
	*(volatile basalt_word_t *)(sc.v + 4096) = 0x200;
	CHECK_OK(env, basalt_frame_unmap(sc.f2));
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep, self_changer, 0));

	test_recv_fault(ep, &f);
	CHECK_EQ(env, sc.step, 1);
	CHECK_EQ(env, f.label, BASALT_FAULT_VM);
	CHECK_EQ(env, f.mr[BASALT_VM_FAULT_ADDR], sc.v);
	CHECK_EQ(env, f.mr[BASALT_VM_FAULT_ACCESS], BASALT_ACCESS_READ);
	CHECK_OK(env, basalt_frame_map(sc.f, vs, sc.v, RW, 0));
	basalt_reply(basalt_msginfo(0, 0, 0, 0));

	test_recv_fault(ep, &f);
	CHECK_EQ(env, sc.step, 2);
	CHECK_EQ(env, sc.got[0], 0x200);
	CHECK_EQ(env, f.mr[BASALT_VM_FAULT_ACCESS], BASALT_ACCESS_WRITE);
	CHECK_EQ(env, *(volatile basalt_word_t *)sc.v, 7);
	CHECK_OK(env, basalt_frame_map(sc.f, vs, sc.v, RW, 0));
	basalt_reply(basalt_msginfo(0, 0, 0, 0));

	test_recv_fault(ep, &f);
	CHECK_EQ(env, sc.step, 4);
	CHECK_EQ(env, sc.got[1], 8);
	CHECK_EQ(env, sc.got[2], 0x200);
	CHECK_EQ(env, f.mr[BASALT_VM_FAULT_ADDR], sc.v);
	CHECK_EQ(env, f.mr[BASALT_VM_FAULT_ACCESS], BASALT_ACCESS_READ);
	CHECK_OK(env, basalt_page_table_map(sc.pt, vs, sc.v, 0));
	CHECK_OK(env, basalt_frame_unmap(sc.f2));
	CHECK_OK(env, basalt_frame_map(sc.f2, vs, sc.v, RW, 0));
	basalt_reply(basalt_msginfo(0, 0, 0, 0));
	test_recv_fault(ep, &f);
	CHECK_EQ(env, f.label, 0);
	CHECK_EQ(env, sc.step, 5);
	CHECK_EQ(env, sc.got[3], 0x200);
	return 0;
}

static const test_t tests[] = {
	{ "VM0001", "page tables at every level, 4 KiB and 2 MiB frames map and translate",
	  vm_map_every_level },
	{ "VM0002", "a 1 GiB frame maps, translates and moves", vm_map_1g },
	{ "VM0003", "Frame_Map refuses every bad argument with its detail", vm_frame_map_errors },
	{ "VM0004", "PageTable_Map refuses every bad argument with its detail",
	  vm_page_table_map_errors },
	{ "VM0005", "unmapping: roots never, tables only with their last cap, frames harmlessly",
	  vm_unmap_rules },
	{ "VM0006", "remapping in place changes rights; a second place needs a second cap",
	  vm_remap_rules },
	{ "VM0007", "mappings enforce read, write and execute rights, limited by the cap's",
	  vm_rights },
	{ "VM0008", "U-mode cannot load, store or fetch in the kernel's half", vm_kernel_out_of_reach },
	{ "VM0009", "a thread sees its own mapping changes at once (TLB flushed)",
	  vm_changes_seen_at_once },
};

const test_suite_t suite_vm = { tests, sizeof(tests) / sizeof(tests[0]) };
