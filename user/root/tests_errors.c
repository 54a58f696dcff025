/*
 * The error codes, each at least once, with its detail words and the
 * reply's length (errors.h: INVALID_ARGUMENT / INVALID_CAPABILITY /
 * NOT_ENOUGH_MEMORY carry one word, RANGE_ERROR two, FAILED_LOOKUP two to
 * five by failure type, the others none); unknown labels on every kind of
 * invocable cap; a null slot; and the status register (a6) of an IPC
 * system call whose capability pointer does not resolve.
 */
#include "test_caps.h"

/* An invocation returning the whole reply's message info. */
static basalt_msginfo_t call(basalt_cptr_t cap, basalt_word_t label, unsigned caps, unsigned len)
{
	return basalt_call(cap, basalt_msginfo(label, 0, caps, len));
}

/* The reply was error `err` with `len` detail words. */
#define CHECK_REPLY(env, m, err, len) \
	do { \
		basalt_msginfo_t m_ = (m); \
		CHECK_EQ(env, basalt_msginfo_label(m_), (err)); \
		CHECK_EQ(env, basalt_msginfo_length(m_), (len)); \
	} while (0)

static void retype_args(basalt_word_t type, basalt_word_t bits, basalt_word_t offset,
			basalt_word_t count)
{
	basalt_set_mr(0, type);
	basalt_set_mr(1, bits);
	basalt_set_mr(2, 0);
	basalt_set_mr(3, 0);
	basalt_set_mr(4, offset);
	basalt_set_mr(5, count);
	basalt_set_cap(0, ROOT);
}

static int invalid_argument(test_env_t *env)
{
	basalt_cptr_t s = test_slot(env);
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);

	CHECK(env, f != 0);
	retype_args(BASALT_OBJ_NUM_TYPES, 0, s, 1);
	CHECK_REPLY(env, call(env->arena, BASALT_INV_UNTYPED_RETYPE, 1, 6),
		    BASALT_INVALID_ARGUMENT, 1);
	CHECK_DETAIL(env, 0, 0);
	/* Frame_Map: an address past the user range (argument 0), rights
	 * that allow nothing (argument 1). */
	CHECK_ERR(env, basalt_frame_map(f, BASALT_INIT_VSPACE, env->bi->h.user_top,
					BASALT_MAP_READ, 0), BASALT_INVALID_ARGUMENT);
	CHECK_DETAIL(env, 0, 0);
	CHECK_ERR(env, basalt_frame_map(f, BASALT_INIT_VSPACE, TEST_VADDR, 0, 0),
		  BASALT_INVALID_ARGUMENT);
	CHECK_DETAIL(env, 0, 1);
	CHECK(env, slot_empty(s));
	return 0;
}

/* INVALID_CAPABILITY: the invoked slot is empty (cap 0), or an extra cap
 * has the wrong type (cap 1..). */
static int invalid_capability(test_env_t *env)
{
	basalt_cptr_t empty = test_slot(env);
	basalt_cptr_t t = test_object(env, BASALT_OBJ_TCB, 0);
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);

	CHECK(env, t != 0 && e != 0 && f != 0);
	CHECK_REPLY(env, call(empty, BASALT_INV_UNTYPED_RETYPE, 0, 0), BASALT_INVALID_CAPABILITY, 1);
	CHECK_DETAIL(env, 0, 0);
	CHECK_ERR(env, basalt_cnode_delete(empty, 0, 1), BASALT_INVALID_CAPABILITY);
	CHECK_DETAIL(env, 0, 0);
	CHECK_ERR(env, basalt_frame_map(f, e, TEST_VADDR, BASALT_MAP_READ, 0),
		  BASALT_INVALID_CAPABILITY);
	CHECK_DETAIL(env, 0, 1);
	CHECK_ERR(env, basalt_tcb_bind_notification(t, e), BASALT_INVALID_CAPABILITY);
	CHECK_DETAIL(env, 0, 1);
	CHECK_ERR(env, basalt_tcb_set_priority(t, e, 1), BASALT_INVALID_CAPABILITY);
	CHECK_DETAIL(env, 0, 1);
	return 0;
}

/* Unknown labels are ILLEGAL_OPERATION on every kind of object cap. */
static int illegal_operation(test_env_t *env)
{
	basalt_cptr_t c = test_object(env, BASALT_OBJ_CNODE, 2);
	basalt_cptr_t t = test_object(env, BASALT_OBJ_TCB, 0);
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	const struct { basalt_cptr_t cap; basalt_word_t label; } cases[] = {
		{ env->arena, BASALT_INV_NONE }, { env->arena, BASALT_INV_CNODE_COPY },
		{ env->arena, 1ull << 40 },
		{ c, BASALT_INV_NONE }, { c, BASALT_INV_UNTYPED_RETYPE },
		{ c, BASALT_INV_CNODE_REVOKE - 1 }, { c, BASALT_INV_CNODE_SAVE_CALLER + 1 },
		{ t, BASALT_INV_NONE }, { t, BASALT_INV_TCB_READ_REGISTERS - 1 },
		{ t, BASALT_INV_TCB_SET_TLS_BASE + 1 }, { t, BASALT_INV_CNODE_COPY },
		{ f, BASALT_INV_NONE }, { f, BASALT_INV_PAGE_TABLE_MAP },
		{ pt, BASALT_INV_NONE }, { pt, BASALT_INV_FRAME_MAP },
		{ BASALT_INIT_ASID_CONTROL, BASALT_INV_ASID_POOL_ASSIGN },
		{ BASALT_INIT_ASID_POOL, BASALT_INV_ASID_CONTROL_MAKE_POOL },
		{ BASALT_INIT_IRQ_CONTROL, BASALT_INV_IRQ_ACK },
	};

	CHECK(env, c != 0 && t != 0 && f != 0 && pt != 0);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		basalt_msginfo_t m;

		/* Enough words and caps that nothing is truncated. */
		for (unsigned k = 0; k < 8; k++)
			basalt_set_mr(k, 0);
		basalt_set_cap(0, ROOT);
		basalt_set_cap(1, ROOT);
		m = call(cases[i].cap, cases[i].label, 2, 8);
		if (basalt_msginfo_label(m) != BASALT_ILLEGAL_OPERATION ||
		    basalt_msginfo_length(m) != 0)
			return test_fail(env, __FILE__, __LINE__,
					 "case %u (label %llu): error %llu, %u words", i,
					 (unsigned long long)cases[i].label,
					 (unsigned long long)basalt_msginfo_label(m),
					 basalt_msginfo_length(m));
	}
	/* A known operation in a state that does not allow it: unbinding a
	 * notification that is not bound. */
	CHECK_ERR(env, basalt_tcb_unbind_notification(t), BASALT_ILLEGAL_OPERATION);
	return 0;
}

static int range_error(test_env_t *env)
{
	basalt_cptr_t s = test_slot(env);
	basalt_cptr_t t = test_object(env, BASALT_OBJ_TCB, 0);
	basalt_cptr_t pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_user_context_t regs;
	basalt_word_t levels = env->bi->h.paging_levels;

	CHECK(env, t != 0 && pt != 0);
	retype_args(BASALT_OBJ_ENDPOINT, 0, s, BASALT_RETYPE_MAX_OBJECTS + 1);
	CHECK_REPLY(env, call(env->arena, BASALT_INV_UNTYPED_RETYPE, 1, 6), BASALT_RANGE_ERROR, 2);
	CHECK_DETAIL(env, 0, 1);
	CHECK_DETAIL(env, 1, BASALT_RETYPE_MAX_OBJECTS);
	CHECK_ERR(env, basalt_cnode_revoke(ROOT, s, 0), BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 1);
	CHECK_DETAIL(env, 1, 64);
	/* Priority above the authority's maximum controlled priority (the
	 * root task's is 255). */
	CHECK_ERR(env, basalt_tcb_set_priority(t, BASALT_INIT_TCB, BASALT_MAX_PRIORITY + 1),
		  BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 0);
	CHECK_DETAIL(env, 1, BASALT_MAX_PRIORITY);
	CHECK_ERR(env, basalt_tcb_read_registers(t, false, 0, &regs), BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 1);
	CHECK_DETAIL(env, 1, BASALT_CONTEXT_WORDS);
	/* A page table serves levels 0 .. levels - 2 (the root is the top). */
	CHECK_ERR(env, basalt_page_table_map(pt, BASALT_INIT_VSPACE, TEST_VADDR,
					     (unsigned)levels - 1), BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 0);
	CHECK_DETAIL(env, 1, levels - 2);
	return 0;
}

/* Misaligned frame mappings and IPC buffers (1 KiB alignment). */
static int alignment_error(test_env_t *env)
{
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t big = test_object(env, BASALT_OBJ_FRAME_2M, 0);
	basalt_cptr_t t = test_object(env, BASALT_OBJ_TCB, 0);

	CHECK(env, f != 0 && big != 0 && t != 0);
	basalt_set_mr(0, TEST_VADDR + 8);
	basalt_set_mr(1, BASALT_MAP_READ);
	basalt_set_mr(2, 0);
	basalt_set_cap(0, BASALT_INIT_VSPACE);
	CHECK_REPLY(env, call(f, BASALT_INV_FRAME_MAP, 1, 3), BASALT_ALIGNMENT_ERROR, 0);
	CHECK_ERR(env, basalt_frame_map(big, BASALT_INIT_VSPACE, TEST_VADDR + 4096,
					BASALT_MAP_READ, 0), BASALT_ALIGNMENT_ERROR);
	CHECK_ERR(env, basalt_tcb_set_ipc_buffer(t, 0x1001, f), BASALT_ALIGNMENT_ERROR);
	CHECK_ERR(env, basalt_tcb_set_ipc_buffer(t, 0x1200, f), BASALT_ALIGNMENT_ERROR);
	CHECK_OK(env, basalt_tcb_set_ipc_buffer(t, 0x1400, f));
	/* Still unmapped: a failed map changed nothing. */
	CHECK_EQ(env, info(f).flags & INFO_FLAG_MAPPED, 0);
	return 0;
}

/* A Call whose capability pointer does not resolve: FAILED_LOOKUP as the
 * reply's label and in the status register, with the lookup failure
 * (the root CNode's 52-bit guard of zeros does not match). */
static int failed_lookup_call(test_env_t *env)
{
	basalt_cptr_t bad = 1ull << 63;
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0), d = test_slot(env);
	basalt_msginfo_t m;

	CHECK(env, e != 0);
	retype_args(BASALT_OBJ_ENDPOINT, 0, d, 1);
	m = call(bad, BASALT_INV_UNTYPED_RETYPE, 1, 6);
	CHECK_EQ(env, basalt_status(), BASALT_FAILED_LOOKUP);
	CHECK_REPLY(env, m, BASALT_FAILED_LOOKUP, 5);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_GUARD_MISMATCH, 64);
	CHECK_DETAIL(env, 4, 52);
	/* Just past the root CNode's 4096 slots. */
	CHECK_ERR(env, basalt_cnode_delete(4096, 0, 1), BASALT_FAILED_LOOKUP);
	CHECK_EQ(env, basalt_status(), BASALT_FAILED_LOOKUP);
	/* A successful call leaves the status 0. */
	CHECK_OK(env, basalt_cnode_delete(ROOT, d, ROOT_DEPTH));
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	/* Send and NBRecv report it in the status only. */
	basalt_nbsend(bad, basalt_msginfo(0, 0, 0, 0));
	CHECK_EQ(env, basalt_status(), BASALT_FAILED_LOOKUP);
	basalt_nbrecv(bad, 0);
	CHECK_EQ(env, basalt_status(), BASALT_FAILED_LOOKUP);
	/* An extra cap that does not resolve: the invocation's error. */
	CHECK_ERR(env, basalt_cnode_copy(ROOT, d, ROOT_DEPTH, bad, e, ROOT_DEPTH,
					 BASALT_RIGHTS_ALL), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_GUARD_MISMATCH, 64);
	CHECK(env, slot_empty(d));
	return 0;
}

/* IPC on a cap without the right: INVALID_CAPABILITY in the status. */
static int ipc_without_right(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t ro = test_slot(env), wo = test_slot(env);

	CHECK(env, e != 0 && wo != 0);
	CHECK_OK(env, basalt_cnode_copy(ROOT, ro, ROOT_DEPTH, ROOT, e, ROOT_DEPTH,
					BASALT_RIGHT_READ));
	CHECK_OK(env, basalt_cnode_copy(ROOT, wo, ROOT_DEPTH, ROOT, e, ROOT_DEPTH,
					BASALT_RIGHT_WRITE));
	basalt_nbsend(ro, basalt_msginfo(0, 0, 0, 0));
	CHECK_EQ(env, basalt_status(), BASALT_INVALID_CAPABILITY);
	basalt_nbrecv(wo, 0);
	CHECK_EQ(env, basalt_status(), BASALT_INVALID_CAPABILITY);
	/* With the right, nothing waiting: both fine. */
	basalt_nbsend(wo, basalt_msginfo(0, 0, 0, 0));
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	basalt_nbrecv(ro, 0);
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	return 0;
}

/* Messages too short for the operation, or missing extra caps. */
static int truncated_message(test_env_t *env)
{
	basalt_cptr_t s = test_slot(env);
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t t = test_object(env, BASALT_OBJ_TCB, 0);

	CHECK(env, f != 0 && t != 0);
	retype_args(BASALT_OBJ_ENDPOINT, 0, s, 1);
	CHECK_REPLY(env, call(env->arena, BASALT_INV_UNTYPED_RETYPE, 1, 5),
		    BASALT_TRUNCATED_MESSAGE, 0);
	CHECK_REPLY(env, call(env->arena, BASALT_INV_UNTYPED_RETYPE, 0, 6),
		    BASALT_TRUNCATED_MESSAGE, 0);
	basalt_set_mr(0, s);
	CHECK_REPLY(env, call(ROOT, BASALT_INV_CNODE_DELETE, 0, 1), BASALT_TRUNCATED_MESSAGE, 0);
	basalt_set_mr(0, TEST_VADDR);
	basalt_set_mr(1, BASALT_MAP_READ);
	basalt_set_cap(0, BASALT_INIT_VSPACE);
	CHECK_REPLY(env, call(f, BASALT_INV_FRAME_MAP, 1, 2), BASALT_TRUNCATED_MESSAGE, 0);
	basalt_set_mr(0, 1);
	CHECK_REPLY(env, call(t, BASALT_INV_TCB_SET_PRIORITY, 0, 1), BASALT_TRUNCATED_MESSAGE, 0);
	CHECK(env, slot_empty(s));
	CHECK_EQ(env, info(f).flags & INFO_FLAG_MAPPED, 0);
	return 0;
}

/* DELETE_FIRST: a full destination slot, an address already mapped. */
static int delete_first(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t g = test_object(env, BASALT_OBJ_FRAME_4K, 0);

	CHECK(env, e != 0 && f != 0 && g != 0);
	basalt_set_mr(0, e);
	basalt_set_mr(1, ROOT_DEPTH);
	basalt_set_mr(2, f);
	basalt_set_mr(3, ROOT_DEPTH);
	basalt_set_mr(4, BASALT_RIGHTS_ALL);
	basalt_set_cap(0, ROOT);
	CHECK_REPLY(env, call(ROOT, BASALT_INV_CNODE_COPY, 1, 5), BASALT_DELETE_FIRST, 0);
	CHECK_EQ(env, cap_type(e), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_ERR(env, basalt_untyped_retype(env->arena, BASALT_OBJ_ENDPOINT, 0, ROOT, 0, 0, e, 1),
		  BASALT_DELETE_FIRST);
	CHECK_OK(env, test_map_frame(env, f, TEST_VADDR));
	CHECK_ERR(env, basalt_frame_map(g, BASALT_INIT_VSPACE, TEST_VADDR, BASALT_MAP_READ, 0),
		  BASALT_DELETE_FIRST);
	CHECK_EQ(env, info(g).flags & INFO_FLAG_MAPPED, 0);
	return 0;
}

/* REVOKE_FIRST: ASIDControl_MakePool from an untyped that has children;
 * unmapping a page table while other caps to it exist. The same untyped
 * without children makes a pool (revoked with the arena). */
static int revoke_first(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, BASALT_ASID_POOL_BITS);
	basalt_cptr_t child = test_slot(env), pool = test_slot(env), ptc = test_slot(env);
	basalt_cptr_t pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t u8k = test_untyped(env, BASALT_ASID_POOL_BITS + 1);

	CHECK(env, u != 0 && pt != 0 && u8k != 0);
	CHECK_OK(env, basalt_untyped_retype(u, BASALT_OBJ_ENDPOINT, 0, ROOT, 0, 0, child, 1));
	basalt_set_mr(0, pool);
	basalt_set_mr(1, ROOT_DEPTH);
	basalt_set_cap(0, u);
	basalt_set_cap(1, ROOT);
	CHECK_REPLY(env, call(BASALT_INIT_ASID_CONTROL, BASALT_INV_ASID_CONTROL_MAKE_POOL, 2, 2),
		    BASALT_REVOKE_FIRST, 0);
	CHECK(env, slot_empty(pool));
	/* Not a 4 KiB untyped: the wrong cap. */
	CHECK_ERR(env, basalt_asid_control_make_pool(BASALT_INIT_ASID_CONTROL, u8k, ROOT, pool,
						     ROOT_DEPTH), BASALT_INVALID_CAPABILITY);
	CHECK_DETAIL(env, 0, 1);
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	CHECK_OK(env, basalt_asid_control_make_pool(BASALT_INIT_ASID_CONTROL, u, ROOT, pool,
						    ROOT_DEPTH));
	CHECK_EQ(env, cap_type(pool), BASALT_CAP_TYPE_ASID_POOL);
	CHECK_EQ(env, info(pool).obj, info(u).obj);

	/* A mapped page table with a copy cannot be unmapped. It goes at
	 * the highest level with a free entry at TEST_VADDR (the root task's
	 * image may share the upper tables' first entries). */
	{
		basalt_error_t e = BASALT_DELETE_FIRST;

		for (unsigned l = (unsigned)env->bi->h.paging_levels - 2;
		     e == BASALT_DELETE_FIRST && l != ~0u; l--)
			e = basalt_page_table_map(pt, BASALT_INIT_VSPACE, TEST_VADDR, l);
		CHECK_OK(env, e);
	}
	CHECK_OK(env, basalt_cnode_copy(ROOT, ptc, ROOT_DEPTH, ROOT, pt, ROOT_DEPTH,
					BASALT_RIGHTS_ALL));
	CHECK_ERR(env, basalt_page_table_unmap(pt), BASALT_REVOKE_FIRST);
	CHECK_OK(env, basalt_cnode_delete(ROOT, ptc, ROOT_DEPTH));
	CHECK_OK(env, basalt_page_table_unmap(pt));
	return 0;
}

static int not_enough_memory(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 10), s = test_slot(env);

	CHECK(env, u != 0);
	retype_args(BASALT_OBJ_TCB, 0, s, 1);
	CHECK_REPLY(env, call(u, BASALT_INV_UNTYPED_RETYPE, 1, 6), BASALT_NOT_ENOUGH_MEMORY, 1);
	CHECK_DETAIL(env, 0, 1024);
	CHECK(env, slot_empty(s));
	return 0;
}

static const test_t tests[] = {
	{ "ERRORS0001", "INVALID_ARGUMENT names the argument", invalid_argument },
	{ "ERRORS0002", "INVALID_CAPABILITY: null slot is cap 0", invalid_capability },
	{ "ERRORS0003", "unknown labels: ILLEGAL_OPERATION everywhere", illegal_operation },
	{ "ERRORS0004", "RANGE_ERROR gives the allowed range", range_error },
	{ "ERRORS0005", "ALIGNMENT_ERROR: frame map, IPC buffer", alignment_error },
	{ "ERRORS0006", "FAILED_LOOKUP on Call: label and status", failed_lookup_call },
	{ "ERRORS0007", "IPC without the right: INVALID_CAPABILITY status", ipc_without_right },
	{ "ERRORS0008", "TRUNCATED_MESSAGE", truncated_message },
	{ "ERRORS0009", "DELETE_FIRST", delete_first },
	{ "ERRORS0010", "REVOKE_FIRST: MakePool, page table unmap", revoke_first },
	{ "ERRORS0011", "NOT_ENOUGH_MEMORY gives the bytes left", not_enough_memory },
};

const test_suite_t suite_errors = { tests, sizeof(tests) / sizeof(tests[0]) };
