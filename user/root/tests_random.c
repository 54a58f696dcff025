/*
 * A long random sequence of CNode and retype operations over a pool of
 * root CNode slots (and the CNodes that land in them), with mostly valid
 * and sometimes invalid arguments, deterministic from a seed it prints.
 *
 * After every operation whose slots are all plain pool slots, what the
 * kernel did is checked against what it must have done (a full
 * destination is DELETE_FIRST, a successful Move empties its source,
 * ...); every other result must at least be an error the operation can
 * give. Every AUDIT_EVERY operations the kernel's invariant audit must be
 * clean. At the end the pool's untyped is revoked: every pool slot must
 * be empty and the untyped must make one untyped of its full size again.
 *
 * Boot arguments: random_seed=N (decimal or 0x hex) and random_ops=N.
 * Without them: 1,000,000 operations (about 7 s under QEMU TCG), from a
 * seed that differs by paging mode, so the suite's three configurations
 * run three different sequences.
 */
#include "test_caps.h"

#define POOL 256
#define POOL_UT_BITS 24
#define AUDIT_EVERY 1000
#define FULL_OPS 1000000u
#define DEFAULT_SEED 0x5eed0f0ba5a17ull

typedef struct rng {
	uint64_t s;
} rng_t;

/* xorshift64* */
static uint64_t next(rng_t *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dull;
}

static unsigned below(rng_t *r, unsigned n)
{
	return (unsigned)((next(r) >> 11) % n);
}

/* A slot as an operation names it: (root CNode cap, index, depth); pool
 * >= 0 when it is plain pool slot `pool` of the root CNode. */
typedef struct sref {
	basalt_cptr_t root;
	basalt_word_t index, depth;
	int pool;
} sref_t;

typedef struct rstate {
	test_env_t *env;
	rng_t rng;
	basalt_cptr_t p0;      /* first pool slot */
	basalt_cptr_t ut;      /* the pool's untyped (outside the pool) */
	basalt_cptr_t scratch; /* an empty slot outside the pool, for probes */
	unsigned long long results[BASALT_NUM_ERRORS], op;
} rstate_t;

static basalt_cptr_t pool_slot(rstate_t *s, int k)
{
	return s->p0 + (basalt_cptr_t)k;
}

static sref_t pool_ref(rstate_t *s, int k)
{
	return (sref_t){ ROOT, pool_slot(s, k), ROOT_DEPTH, k };
}

/* A random pool slot; with `full`, preferably one holding a cap (a
 * source), so that fewer operations end as a missing capability. */
static int gen_pool(rstate_t *s, bool full)
{
	int k = (int)below(&s->rng, POOL);

	for (unsigned tries = 0; full && tries < 3 && slot_empty(pool_slot(s, k)); tries++)
		k = (int)below(&s->rng, POOL);
	return k;
}

/* A slot: mostly a pool slot, sometimes one inside a CNode held in the
 * pool (through its guard), sometimes a path that cannot resolve. */
static sref_t gen_slot_for(rstate_t *s, bool full)
{
	unsigned r = below(&s->rng, 100);
	int k = gen_pool(s, full || r >= 80);

	if (r < 80)
		return pool_ref(s, k);
	if (r < 95) {
		basalt_cap_info_t i = info(pool_slot(s, k));
		basalt_word_t idx, depth;

		if (i.type != BASALT_CAP_TYPE_CNODE)
			return pool_ref(s, k);
		idx = next(&s->rng) & ((1ull << i.bits) - 1);
		depth = i.word32 + i.bits;
		if (below(&s->rng, 8) == 0)
			depth += below(&s->rng, 3) - 1u;   /* off by one either way */
		return (sref_t){ pool_slot(s, k), (i.w1 << i.bits) | idx, depth, -1 };
	}
	if (r < 98)
		return (sref_t){ ROOT, next(&s->rng) | (1ull << 40), ROOT_DEPTH, -1 };
	return (sref_t){ ROOT, pool_slot(s, k), below(&s->rng, 71) == 64 ? 0 : below(&s->rng, 64),
			 -1 };
}

static sref_t gen_slot(rstate_t *s)
{
	return gen_slot_for(s, false);
}

static sref_t gen_source(rstate_t *s)
{
	return gen_slot_for(s, true);
}

static unsigned gen_rights(rstate_t *s)
{
	return below(&s->rng, 4) == 0 ? below(&s->rng, 16) : BASALT_RIGHTS_ALL;
}

/* Mint/Mutate/Rotate data: a small badge or a guard, now and then one
 * too big for any radix. */
static basalt_word_t gen_data(rstate_t *s)
{
	switch (below(&s->rng, 4)) {
	case 0: return 0;
	case 1: return 1 + below(&s->rng, 15);
	case 2: return basalt_cnode_guard(below(&s->rng, 16), below(&s->rng, 6));
	default: return basalt_cnode_guard(next(&s->rng), below(&s->rng, 64));
	}
}

/* Count the result of an operation (the summary line shows how often each
 * outcome came up) and check it is one of `allowed`. */
static bool tally(rstate_t *s, basalt_error_t e, unsigned allowed)
{
	if ((unsigned)e < BASALT_NUM_ERRORS)
		s->results[e]++;
	return e < 32 && ((allowed >> e) & 1);
}

#define BIT(e) (1u << (e))
#define LOOKUP_ERRORS (BIT(BASALT_FAILED_LOOKUP) | BIT(BASALT_RANGE_ERROR))

#define EXPECT(s, cond) \
	do { \
		if (!(cond)) \
			return test_fail((s)->env, __FILE__, __LINE__, "op %llu: %s", (s)->op, #cond); \
	} while (0)

/* Copy, Mint, Move, Mutate. */
static int op_copy_move(rstate_t *s, basalt_word_t label)
{
	sref_t d = gen_slot(s), src = gen_source(s);
	bool plain = d.pool >= 0 && src.pool >= 0;
	unsigned dt = 0, st = 0;
	basalt_error_t e;

	if (plain) {
		dt = cap_type(d.index);
		st = cap_type(src.index);
	}
	switch (label) {
	case BASALT_INV_CNODE_COPY:
		e = basalt_cnode_copy(d.root, d.index, d.depth, src.root, src.index, src.depth,
				      gen_rights(s));
		break;
	case BASALT_INV_CNODE_MINT:
		e = basalt_cnode_mint(d.root, d.index, d.depth, src.root, src.index, src.depth,
				      gen_rights(s), gen_data(s));
		break;
	case BASALT_INV_CNODE_MOVE:
		e = basalt_cnode_move(d.root, d.index, d.depth, src.root, src.index, src.depth);
		break;
	default:
		e = basalt_cnode_mutate(d.root, d.index, d.depth, src.root, src.index, src.depth,
					gen_data(s));
		break;
	}
	EXPECT(s, tally(s, e, BIT(BASALT_OK) | BIT(BASALT_DELETE_FIRST) | BIT(BASALT_ILLEGAL_OPERATION) |
			LOOKUP_ERRORS));
	if (!plain)
		return 0;
	if (dt != BASALT_CAP_TYPE_NULL) {
		EXPECT(s, e == BASALT_DELETE_FIRST);
	} else if (st == BASALT_CAP_TYPE_NULL) {
		EXPECT(s, e == BASALT_FAILED_LOOKUP);
	} else if (st == BASALT_CAP_TYPE_UNTYPED && (label == BASALT_INV_CNODE_COPY ||
						      label == BASALT_INV_CNODE_MINT)) {
		EXPECT(s, e == BASALT_ILLEGAL_OPERATION);
	} else if (label == BASALT_INV_CNODE_MOVE) {
		EXPECT(s, e == BASALT_OK);
	}
	if (e == BASALT_OK) {
		EXPECT(s, cap_type(d.index) == st);
		if (label == BASALT_INV_CNODE_MOVE || label == BASALT_INV_CNODE_MUTATE)
			EXPECT(s, slot_empty(src.index));
		else
			EXPECT(s, info(d.index).obj == info(src.index).obj);
	}
	return 0;
}

static int op_rotate(rstate_t *s)
{
	sref_t d = gen_slot(s), p = gen_source(s), src = below(&s->rng, 3) == 0 ? d : gen_source(s);
	bool plain = d.pool >= 0 && p.pool >= 0 && src.pool >= 0;
	unsigned dt = 0, pt = 0, st = 0;
	basalt_error_t e;

	if (plain) {
		dt = cap_type(d.index);
		pt = cap_type(p.index);
		st = cap_type(src.index);
	}
	e = basalt_cnode_rotate(d.root, d.index, d.depth, p.root, p.index, p.depth, gen_data(s),
				src.root, src.index, src.depth, gen_data(s));
	EXPECT(s, tally(s, e, BIT(BASALT_OK) | BIT(BASALT_DELETE_FIRST) | BIT(BASALT_ILLEGAL_OPERATION) |
			LOOKUP_ERRORS));
	if (!plain)
		return 0;
	if (p.pool == src.pool || p.pool == d.pool)
		EXPECT(s, e == BASALT_ILLEGAL_OPERATION);
	else if (src.pool != d.pool && dt != BASALT_CAP_TYPE_NULL)
		EXPECT(s, e == BASALT_DELETE_FIRST);
	else if (st == BASALT_CAP_TYPE_NULL || pt == BASALT_CAP_TYPE_NULL)
		EXPECT(s, e == BASALT_FAILED_LOOKUP);
	if (e != BASALT_OK)
		return 0;
	if (src.pool == d.pool) {
		EXPECT(s, cap_type(src.index) == pt);
		EXPECT(s, cap_type(p.index) == st);
	} else {
		EXPECT(s, cap_type(d.index) == pt);
		EXPECT(s, cap_type(p.index) == st);
		EXPECT(s, slot_empty(src.index));
	}
	return 0;
}

static int op_delete_revoke(rstate_t *s, bool revoke)
{
	sref_t t = gen_slot(s);
	unsigned before = t.pool >= 0 ? cap_type(t.index) : 0;
	basalt_error_t e = revoke ? basalt_cnode_revoke(t.root, t.index, t.depth) :
				    basalt_cnode_delete(t.root, t.index, t.depth);

	EXPECT(s, tally(s, e, BIT(BASALT_OK) | LOOKUP_ERRORS));
	if (t.pool < 0)
		return 0;
	EXPECT(s, e == BASALT_OK);
	EXPECT(s, cap_type(t.index) == (revoke ? before : BASALT_CAP_TYPE_NULL));
	/* A revoked untyped has no children left: its next object goes at
	 * its base (a probe in the scratch slot, deleted again). */
	if (revoke && before == BASALT_CAP_TYPE_UNTYPED) {
		EXPECT(s, basalt_untyped_retype(t.index, BASALT_OBJ_UNTYPED, 4, ROOT, 0, 0, s->scratch,
						1) == BASALT_OK);
		EXPECT(s, info(s->scratch).obj == info(t.index).obj);
		EXPECT(s, basalt_cnode_delete(ROOT, s->scratch, ROOT_DEPTH) == BASALT_OK);
	}
	return 0;
}

static int op_cancel_save(rstate_t *s, bool cancel)
{
	sref_t t = gen_slot(s);
	basalt_cap_info_t before = t.pool >= 0 ? info(t.index) : (basalt_cap_info_t){ 0 };
	basalt_error_t e = cancel ? basalt_cnode_cancel_badged_sends(t.root, t.index, t.depth) :
				    basalt_cnode_save_caller(t.root, t.index, t.depth);

	EXPECT(s, tally(s, e, BIT(BASALT_OK) | BIT(BASALT_ILLEGAL_OPERATION) | BIT(BASALT_DELETE_FIRST) |
			LOOKUP_ERRORS));
	if (t.pool < 0)
		return 0;
	if (cancel)
		EXPECT(s, e == (before.type == BASALT_CAP_TYPE_ENDPOINT &&
				before.rights == BASALT_RIGHTS_ALL ? BASALT_OK :
								     BASALT_ILLEGAL_OPERATION));
	else
		EXPECT(s, e == (before.type == BASALT_CAP_TYPE_NULL ? BASALT_OK : BASALT_DELETE_FIRST));
	EXPECT(s, cap_type(t.index) == before.type);
	return 0;
}

static int op_retype(rstate_t *s)
{
	static const basalt_word_t types[] = {
		BASALT_OBJ_UNTYPED, BASALT_OBJ_TCB, BASALT_OBJ_ENDPOINT, BASALT_OBJ_ENDPOINT,
		BASALT_OBJ_NOTIFICATION, BASALT_OBJ_CNODE, BASALT_OBJ_CNODE, BASALT_OBJ_FRAME_4K,
		BASALT_OBJ_PAGE_TABLE, BASALT_OBJ_FRAME_2M,
	};
	static const unsigned cap_types[] = {
		BASALT_CAP_TYPE_UNTYPED, BASALT_CAP_TYPE_TCB, BASALT_CAP_TYPE_ENDPOINT,
		BASALT_CAP_TYPE_ENDPOINT, BASALT_CAP_TYPE_NOTIFICATION, BASALT_CAP_TYPE_CNODE,
		BASALT_CAP_TYPE_CNODE, BASALT_CAP_TYPE_FRAME, BASALT_CAP_TYPE_PAGE_TABLE,
		BASALT_CAP_TYPE_FRAME,
	};
	/* 2 MiB frames (the last) rarely: they use the untyped up fast. */
	unsigned which = below(&s->rng, 50) == 0 ? 9 : below(&s->rng, 9);
	basalt_word_t type = types[which], bits = 0, count = 1 + below(&s->rng, 3);
	int k = (int)below(&s->rng, POOL);
	basalt_cptr_t ut = s->ut;
	bool full = false;
	basalt_error_t e;

	if (type == BASALT_OBJ_UNTYPED)
		bits = 4 + below(&s->rng, 11);
	else if (type == BASALT_OBJ_CNODE)
		bits = 1 + below(&s->rng, 5);
	/* From a pool untyped half of the time, if there is one. */
	if (below(&s->rng, 2) == 0) {
		basalt_cptr_t c = pool_slot(s, (int)below(&s->rng, POOL));

		if (cap_type(c) == BASALT_CAP_TYPE_UNTYPED)
			ut = c;
	}
	switch (below(&s->rng, 20)) {
	case 0:   /* invalid arguments: type, size, count */
		if (below(&s->rng, 2) == 0)
			type = BASALT_OBJ_NUM_TYPES + below(&s->rng, 3);
		else
			count = below(&s->rng, 2) == 0 ? 0 : BASALT_RETYPE_MAX_OBJECTS + 1;
		e = basalt_untyped_retype(ut, type, bits, ROOT, 0, 0, pool_slot(s, k), count);
		EXPECT(s, tally(s, e, BIT(BASALT_INVALID_ARGUMENT) | BIT(BASALT_RANGE_ERROR)));
		return 0;
	case 1: case 2: case 3: case 4: {   /* into a CNode held in the pool */
		basalt_word_t off = below(&s->rng, 40);

		e = basalt_untyped_retype(ut, type, bits, ROOT, pool_slot(s, k), ROOT_DEPTH, off,
					  count);
		EXPECT(s, tally(s, e, BIT(BASALT_OK) | BIT(BASALT_DELETE_FIRST) | BIT(BASALT_RANGE_ERROR) |
				BIT(BASALT_NOT_ENOUGH_MEMORY) | BIT(BASALT_FAILED_LOOKUP)));
		if (cap_type(pool_slot(s, k)) != BASALT_CAP_TYPE_CNODE)
			EXPECT(s, e == BASALT_FAILED_LOOKUP);
		return 0;
	}
	default:
		break;
	}
	/* Into pool slots k.. (never past the pool's end). */
	if (count > (unsigned)(POOL - k))
		count = (unsigned)(POOL - k);
	for (unsigned i = 0; i < count; i++)
		full |= !slot_empty(pool_slot(s, k + (int)i));
	e = basalt_untyped_retype(ut, type, bits, ROOT, 0, 0, pool_slot(s, k), count);
	EXPECT(s, tally(s, e, BIT(BASALT_OK) | BIT(BASALT_NOT_ENOUGH_MEMORY) |
			BIT(BASALT_DELETE_FIRST)));
	if (full)
		EXPECT(s, e == BASALT_DELETE_FIRST);
	else
		EXPECT(s, tally(s, e, BIT(BASALT_OK) | BIT(BASALT_NOT_ENOUGH_MEMORY)));
	if (e == BASALT_OK) {
		for (unsigned i = 0; i < count; i++)
			EXPECT(s, cap_type(pool_slot(s, k + (int)i)) == cap_types[which]);
	}
	return 0;
}

/* Give a TCB in the pool a CSpace from the pool (TCB <-> CNode cycles). */
static int op_tcb_space(rstate_t *s)
{
	basalt_cptr_t t = pool_slot(s, (int)below(&s->rng, POOL));
	basalt_cptr_t c = pool_slot(s, (int)below(&s->rng, POOL));
	basalt_error_t e;

	if (cap_type(t) != BASALT_CAP_TYPE_TCB)
		return 0;
	e = basalt_tcb_set_space(t, 0, c, 0, BASALT_INIT_VSPACE);
	EXPECT(s, tally(s, e, BIT(BASALT_OK) | BIT(BASALT_ILLEGAL_OPERATION)));
	if (cap_type(c) == BASALT_CAP_TYPE_CNODE)
		EXPECT(s, e == BASALT_OK);
	else
		EXPECT(s, e == BASALT_ILLEGAL_OPERATION);
	return 0;
}

/* An operation no object has, on a pool cap that is not an IPC object
 * (a Call on an endpoint would be a message, and wait forever). */
static int op_bad_label(rstate_t *s)
{
	static const basalt_word_t labels[] = { 0, 5, 27, 45, 99, 1000 };
	basalt_cptr_t c = pool_slot(s, (int)below(&s->rng, POOL));
	unsigned t = cap_type(c);
	basalt_error_t e;

	if (t == BASALT_CAP_TYPE_ENDPOINT || t == BASALT_CAP_TYPE_NOTIFICATION ||
	    t == BASALT_CAP_TYPE_REPLY)
		return 0;
	e = test_raw_call(c, labels[below(&s->rng, 6)], 0, 0);
	EXPECT(s, tally(s, e, BIT(BASALT_INVALID_CAPABILITY) | BIT(BASALT_ILLEGAL_OPERATION)));
	EXPECT(s, e == (t == BASALT_CAP_TYPE_NULL ? BASALT_INVALID_CAPABILITY :
						    BASALT_ILLEGAL_OPERATION));
	return 0;
}

static int one_op(rstate_t *s)
{
	unsigned r = below(&s->rng, 1000);

	if (r < 150) return op_retype(s);
	if (r < 270) return op_copy_move(s, BASALT_INV_CNODE_COPY);
	if (r < 390) return op_copy_move(s, BASALT_INV_CNODE_MINT);
	if (r < 490) return op_copy_move(s, BASALT_INV_CNODE_MOVE);
	if (r < 560) return op_copy_move(s, BASALT_INV_CNODE_MUTATE);
	if (r < 640) return op_rotate(s);
	if (r < 800) return op_delete_revoke(s, false);
	if (r < 880) return op_delete_revoke(s, true);
	if (r < 910) return op_cancel_save(s, true);
	if (r < 925) return op_cancel_save(s, false);
	if (r < 950) return op_tcb_space(s);
	if (r < 999) return op_bad_label(s);
	/* Rarely (1 in 5000): everything at once. */
	if (below(&s->rng, 5) == 0) {
		EXPECT(s, basalt_cnode_revoke(ROOT, s->ut, ROOT_DEPTH) == BASALT_OK);
		for (int k = 0; k < POOL; k++)
			EXPECT(s, slot_empty(pool_slot(s, k)));
	}
	return 0;
}

/* A boot argument's number (decimal, or hex after 0x), or `fallback`. */
static uint64_t boot_number(const char *key, uint64_t fallback)
{
	char buf[32];
	const char *p = buf;
	unsigned base = 10;
	uint64_t v = 0;

	if (!basalt_bootarg(key, buf, sizeof(buf)) || buf[0] == '\0')
		return fallback;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; *p != '\0'; p++) {
		unsigned d = *p >= '0' && *p <= '9' ? (unsigned)(*p - '0') :
			     *p >= 'a' && *p <= 'f' ? (unsigned)(*p - 'a' + 10) :
			     *p >= 'A' && *p <= 'F' ? (unsigned)(*p - 'A' + 10) : 99;

		if (d >= base)
			return fallback;
		v = v * base + d;
	}
	return v;
}

static int random_ops(test_env_t *env)
{
	rstate_t s = { .env = env };
	/* Each paging mode its own sequence (the seed is printed). */
	uint64_t seed = boot_number("random_seed", DEFAULT_SEED + env->bi->h.paging_levels);
	uint64_t ops = boot_number("random_ops", FULL_OPS);
	basalt_word_t base;
	basalt_cptr_t whole;
	unsigned audits = 0;

	s.rng.s = seed != 0 ? seed : DEFAULT_SEED;
	s.ut = test_untyped(env, POOL_UT_BITS);
	s.p0 = test_slots(env, POOL);
	whole = test_slot(env);
	s.scratch = test_slot(env);
	CHECK(env, s.ut != 0 && s.p0 != 0 && s.scratch != 0);
	base = info(s.ut).obj;
	printf("# RANDOM0001: seed 0x%llx, %llu operations over %u slots, audit every %u\n",
	       (unsigned long long)seed, (unsigned long long)ops, POOL, AUDIT_EVERY);
	for (s.op = 0; s.op < ops; s.op++) {
		if (one_op(&s) != 0)
			return 1;
		if ((s.op + 1) % AUDIT_EVERY == 0) {
			unsigned bad = basalt_debug_audit(1);

			audits++;
			if (bad != 0)
				return test_fail(env, __FILE__, __LINE__,
						 "audit after op %llu: %u violations", s.op, bad);
		}
	}
	/* Everything back: the pool is empty, the untyped whole again. */
	CHECK_OK(env, basalt_cnode_revoke(ROOT, s.ut, ROOT_DEPTH));
	for (int k = 0; k < POOL; k++)
		CHECK(env, slot_empty(pool_slot(&s, k)));
	CHECK_OK(env, basalt_untyped_retype(s.ut, BASALT_OBJ_UNTYPED, POOL_UT_BITS, ROOT, 0, 0,
					    whole, 1));
	CHECK_EQ(env, info(whole).obj, base);
	CHECK_EQ(env, basalt_debug_audit(1), 0);
	printf("# RANDOM0001: done, %u audits clean; results:", audits);
	for (unsigned e = 0; e < BASALT_NUM_ERRORS; e++)
		printf(" %u:%llu", e, s.results[e]);
	printf("\n");
	return 0;
}

static const test_t tests[] = {
	{ "RANDOM0001", "random CNode and retype operations, audited", random_ops },
};

const test_suite_t suite_random = { tests, sizeof(tests) / sizeof(tests[0]) };
