/*
 * A seeded random sequence of CNode and untyped invocations on a pool of
 * slots (the root CNode's free slots and the slots of CNodes held there),
 * with random preemption (each operation restarted until it completes, as
 * the kernel restarts the system call) and, now and then, an operation
 * given up after a preemption (leaving zombies and half-zeroed untyped for
 * later operations to meet).
 *
 * After every step: the list is consistent; a failed first attempt changed
 * nothing; a successful one did what it says. Every 64 steps and at the
 * end: the full audit (no cap in a freed object, every object gone was
 * finalised exactly once). At the end revoking the root untyped gives
 * everything back: it resets and retypes into one untyped of its size.
 *
 * BASALT_CAPS_SEED=N picks another sequence; BASALT_CAPS_STEPS=N its length;
 * BASALT_CAPS_VERBOSE=1 prints how each kind of operation fared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define POOL_FIRST H_FIRST_FREE
#define POOL_END   (POOL_FIRST + 64)   /* small, so operations meet each other */
#define AUDIT_EVERY 64
#define TRAIL 16

typedef struct addr {
	uint64_t index;
	unsigned depth;
} addr_t;

static uint64_t rng;
/* Outcomes per operation: success, error, preempted at least once. */
static uint64_t outcome[10][3];
static char trail[TRAIL][160];     /* the last steps, printed when one fails */
static uint64_t step, steps_total, seed;
static bool running;

static uint64_t rnd(uint64_t n)
{
	return n == 0 ? 0 : h_rand(&rng) % n;
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(trail[step % TRAIL], sizeof(trail[0]), "step %llu: ",
			 (unsigned long long)step);

	va_start(ap, fmt);
	vsnprintf(trail[step % TRAIL] + n, sizeof(trail[0]) - (size_t)n, fmt, ap);
	va_end(ap);
}

static cte_t *resolve(addr_t a);

/* A pool slot: a free root slot, or a slot of a CNode held in one. */
static addr_t pick_any(void)
{
	unsigned r = POOL_FIRST + (unsigned)rnd(POOL_END - POOL_FIRST);
	const cap_t *c = &h_root_slot(r)->cap;

	if (rnd(10) < 3 && c->type == CAP_CNODE) {
		unsigned g = cap_cnode_guard_bits(c), radix = cap_cnode_radix(c);

		if (H_ROOT_DEPTH + g + radix <= 64)
			return (addr_t){ ((uint64_t)r << g | cap_cnode_guard(c)) << radix |
					 rnd(1ull << radix), H_ROOT_DEPTH + g + radix };
	}
	return (addr_t){ r, H_ROOT_DEPTH };
}

static cte_t *resolve(addr_t a)
{
	return cspace_lookup_slot_exact(&h_env.root->cap, a.index, a.depth).slot;
}

/* Mostly a slot that holds a cap (full) or none (!full); sometimes any. */
static addr_t pick(bool full)
{
	addr_t a = pick_any();

	for (int tries = 0; tries < 12 && rnd(10) != 0; tries++) {
		cte_t *s = resolve(a);

		if (s != NULL && cap_is_null(&s->cap) != full)
			break;
		a = pick_any();
	}
	return a;
}

/* An untyped to retype from: the root one, or one in the pool. */
static cte_t *pick_untyped(void)
{
	for (int tries = 0; tries < 8 && rnd(2); tries++) {
		cte_t *s = resolve(pick(true));

		if (s != NULL && s->cap.type == CAP_UNTYPED)
			return s;
	}
	return h_env.ut;
}

static const unsigned types[] = {
	BASALT_OBJ_UNTYPED, BASALT_OBJ_TCB, BASALT_OBJ_ENDPOINT, BASALT_OBJ_NOTIFICATION,
	BASALT_OBJ_CNODE, BASALT_OBJ_CNODE, BASALT_OBJ_FRAME_4K, BASALT_OBJ_PAGE_TABLE,
};

enum op { OP_RETYPE, OP_COPY, OP_MINT, OP_MOVE, OP_MUTATE, OP_ROTATE, OP_DELETE, OP_REVOKE,
	  OP_ABANDON, OP_REVOKE_ALL };
static const unsigned weights[] = { 16, 12, 10, 10, 6, 5, 20, 10, 3, 0 };
static const char *const op_names[] = { "retype", "copy", "mint", "move", "mutate", "rotate",
					"delete", "revoke", "abandon", "revoke all" };

static enum op pick_op(void)
{
	unsigned total = 0, x;

	if (rnd(2000) == 0)
		return OP_REVOKE_ALL;
	for (unsigned i = 0; i < sizeof(weights) / sizeof(weights[0]); i++)
		total += weights[i];
	x = (unsigned)rnd(total);
	for (unsigned i = 0;; i++) {
		if (x < weights[i])
			return (enum op)i;
		x -= weights[i];
	}
}

/* Data words for Mint/Mutate/Rotate: small badges, CNode guards, 0. */
static uint64_t pick_data(void)
{
	switch (rnd(4)) {
	case 0: return 0;
	case 1: return 1 + rnd(4);
	case 2: return basalt_cnode_guard(rnd(4), (unsigned)rnd(3));
	default: return h_rand(&rng);
	}
}

/* One invocation, given by its label, words and extra caps. */
typedef struct call {
	cte_t *slot;
	basalt_word_t label;
	uint64_t args[8];
	unsigned nargs, nextra;
	cte_t *extra[2];
} call_t;

static void make_retype(call_t *c)
{
	unsigned type = types[rnd(sizeof(types) / sizeof(types[0]))];
	unsigned bits = type == BASALT_OBJ_UNTYPED ? 5 + (unsigned)rnd(10) :
			type == BASALT_OBJ_CNODE ? 1 + (unsigned)rnd(3) : 0;
	unsigned count = 1 + (unsigned)rnd(3);

	if (rnd(30) == 0)
		bits = (unsigned)rnd(64);              /* mostly out of range */
	c->slot = pick_untyped();
	c->label = BASALT_INV_UNTYPED_RETYPE;
	c->nargs = 6;
	c->nextra = 1;
	c->extra[0] = h_env.root;
	if (rnd(10) < 7) {
		c->args[2] = c->args[3] = 0;
		c->args[4] = POOL_FIRST + rnd(POOL_END - POOL_FIRST);
		c->args[5] = 0;
	} else {
		c->args[2] = POOL_FIRST + rnd(POOL_END - POOL_FIRST);
		c->args[3] = H_ROOT_DEPTH;
		c->args[4] = rnd(8);
	}
	c->args[0] = type;
	c->args[1] = bits;
	c->args[5] = count;
	note("retype %s type %u bits %u into (%llu/%llu)+%llu x%u", cap_type_name(c->slot->cap.type),
	     type, bits, (unsigned long long)c->args[2], (unsigned long long)c->args[3],
	     (unsigned long long)c->args[4], count);
}

static void make_cnode_op(call_t *c, enum op op)
{
	bool copying = op != OP_DELETE && op != OP_REVOKE && op != OP_ABANDON;
	addr_t d = pick(!copying), s = pick(true), p = pick(true);

	c->slot = h_env.root;
	c->nextra = 1;
	c->extra[0] = c->extra[1] = h_env.root;
	c->args[0] = d.index;
	c->args[1] = d.depth;
	switch (op) {
	case OP_COPY:
	case OP_MINT:
		c->label = op == OP_COPY ? BASALT_INV_CNODE_COPY : BASALT_INV_CNODE_MINT;
		c->args[2] = s.index;
		c->args[3] = s.depth;
		c->args[4] = rnd(3) == 0 ? rnd(16) : BASALT_RIGHTS_ALL;
		c->args[5] = pick_data();
		c->nargs = op == OP_COPY ? 5 : 6;
		break;
	case OP_MOVE:
	case OP_MUTATE:
		c->label = op == OP_MOVE ? BASALT_INV_CNODE_MOVE : BASALT_INV_CNODE_MUTATE;
		c->args[2] = s.index;
		c->args[3] = s.depth;
		c->args[4] = pick_data();
		c->nargs = op == OP_MOVE ? 4 : 5;
		break;
	case OP_ROTATE:
		c->label = BASALT_INV_CNODE_ROTATE;
		if (rnd(3) == 0)
			s = d;                          /* a swap */
		c->args[2] = p.index;
		c->args[3] = p.depth;
		c->args[4] = pick_data();
		c->args[5] = s.index;
		c->args[6] = s.depth;
		c->args[7] = pick_data();
		c->nargs = 8;
		c->nextra = 2;
		break;
	case OP_DELETE:
	case OP_ABANDON:
		c->label = rnd(3) == 0 ? BASALT_INV_CNODE_REVOKE : BASALT_INV_CNODE_DELETE;
		if (op == OP_DELETE)
			c->label = BASALT_INV_CNODE_DELETE;
		c->nargs = 2;
		c->nextra = 0;
		break;
	default:
		c->label = BASALT_INV_CNODE_REVOKE;
		c->nargs = 2;
		c->nextra = 0;
		break;
	}
	note("%s dest (%llu/%u) src (%llu/%u) pivot (%llu/%u)", op_names[op],
	     (unsigned long long)d.index, d.depth, (unsigned long long)s.index, s.depth,
	     (unsigned long long)p.index, p.depth);
}

/* What a successful operation must have done. */
static void check_success(const call_t *c, cte_t *dest, cte_t *src, cte_t *pivot)
{
	switch (c->label) {
	case BASALT_INV_CNODE_COPY:
	case BASALT_INV_CNODE_MINT:
		if (cap_is_null(&dest->cap) || dest->prev != src)
			fail_msg("step %llu: copy did not land right after its source",
				 (unsigned long long)step);
		break;
	case BASALT_INV_CNODE_MOVE:
	case BASALT_INV_CNODE_MUTATE:
		if (cap_is_null(&dest->cap) || !cap_is_null(&src->cap))
			fail_msg("step %llu: move left %s source, %s destination", (unsigned long long)step,
				 cap_is_null(&src->cap) ? "an empty" : "a full",
				 cap_is_null(&dest->cap) ? "an empty" : "a full");
		break;
	case BASALT_INV_CNODE_ROTATE:
		if (cap_is_null(&dest->cap) || cap_is_null(&pivot->cap) ||
		    (src != dest && !cap_is_null(&src->cap)))
			fail_msg("step %llu: rotate left the wrong slots empty", (unsigned long long)step);
		break;
	case BASALT_INV_CNODE_DELETE:
		if (!cap_is_null(&dest->cap))
			fail_msg("step %llu: deleted slot holds a %s cap", (unsigned long long)step,
				 cap_type_name(dest->cap.type));
		break;
	case BASALT_INV_CNODE_REVOKE:
		if (!cap_is_null(&dest->cap) && cdt_has_children(dest))
			fail_msg("step %llu: revoked cap still has children", (unsigned long long)step);
		break;
	default:
		break;
	}
}

static void one_step(void)
{
	enum op op = pick_op();
	call_t c = { 0 };
	cte_t *dest = NULL, *src = NULL, *pivot = NULL;
	h_snapshot_t *snap;
	h_result_t r;

	if (op == OP_REVOKE_ALL) {
		note("revoke the root untyped");
		h_preempt_random(h_rand(&rng), 2 + (unsigned)rnd(8));
		h_expect_ok(h_revoke(H_SLOT_UT), "revoke all");
		h_preempt_never();
		assert_false(cdt_has_children(h_env.ut));
		return;
	}
	if (op == OP_RETYPE || (op == OP_ABANDON && rnd(3) == 0))
		make_retype(&c);
	else
		make_cnode_op(&c, op);
	if (c.slot->cap.type == CAP_CNODE) {
		dest = resolve((addr_t){ c.args[0], (unsigned)c.args[1] });
		if (c.label == BASALT_INV_CNODE_ROTATE) {
			pivot = resolve((addr_t){ c.args[2], (unsigned)c.args[3] });
			src = resolve((addr_t){ c.args[5], (unsigned)c.args[6] });
		} else if (c.nargs >= 4) {
			src = resolve((addr_t){ c.args[2], (unsigned)c.args[3] });
		}
	}

	if (op == OP_ABANDON) {
		/* Preempted early and never restarted. */
		h_preempt_at(1 + rnd(6));
		h_call_once(c.slot, c.label, c.args, c.nargs, c.extra, c.nextra);
		h_preempt_never();
		return;
	}
	snap = h_snapshot_take_ex(false);
	switch (rnd(4)) {
	case 0: h_preempt_never(); break;
	case 1: h_preempt_every(1); break;
	default: h_preempt_random(h_rand(&rng), 2 + (unsigned)rnd(6)); break;
	}
	r = h_call(c.slot, c.label, c.args, c.nargs, c.extra, c.nextra);
	h_preempt_never();
	outcome[op][r.ex == EXC_NONE ? 0 : 1]++;
	outcome[op][2] += r.restarts != 0;
	if (r.ex == EXC_SYSCALL_ERROR && r.restarts == 0)
		h_snapshot_expect_same(snap, trail[step % TRAIL]);
	else if (r.ex == EXC_NONE && r.restarts == 0)
		check_success(&c, dest, src, pivot);
}

static void print_trail(void)
{
	for (uint64_t i = step >= TRAIL ? step - TRAIL + 1 : 0; i <= step; i++)
		fprintf(stderr, "  %s\n", trail[i % TRAIL]);
}

static int random_teardown(void **state)
{
	if (running) {
		fprintf(stderr, "random sequence (BASALT_CAPS_SEED=%llu) failed; its last steps:\n",
			(unsigned long long)seed);
		print_trail();
		running = false;
	}
	return h_teardown(state);
}

static uint64_t env_number(const char *name, uint64_t dflt)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? strtoull(v, NULL, 0) : dflt;
}

static void test_random_sequence(void **state)
{
	/* Seed 38: without the parked-zombie fix in delete.c its sequence
	 * trips a kernel assertion at step 23113 (a zombie resuming into its
	 * own slot); many seeds leave a zombie in a freed CNode. */
	rng = seed = env_number("BASALT_CAPS_SEED", 38);
	steps_total = env_number("BASALT_CAPS_STEPS", 200000);
	h_verify_final = true;
	h_finalise_preempts = true;
	running = true;
	for (step = 0; step < steps_total; step++) {
		one_step();
		h_check_list();
		if (step % AUDIT_EVERY == AUDIT_EVERY - 1)
			h_audit();
	}
	note("final revoke");
	h_preempt_random(h_rand(&rng), 3);
	h_expect_ok(h_revoke(H_SLOT_UT), "revoke the root untyped");
	h_preempt_never();
	assert_false(cdt_has_children(h_env.ut));
	h_audit();
	/* Only the environment is left, and the pool is empty. */
	assert_int_equal(h_live_objects(), 5);
	for (unsigned i = POOL_FIRST; i < POOL_END; i++)
		assert_true(cap_is_null(&h_root_slot(i)->cap));
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_UNTYPED, H_UT_BITS, POOL_FIRST, 1), "all of it");
	assert_int_equal(h_env.ut->cap.w1, 1ull << H_UT_BITS);
	running = false;
	if (getenv("BASALT_CAPS_VERBOSE") != NULL) {
		for (unsigned i = 0; i < OP_ABANDON; i++)
			fprintf(stderr, "%-8s %8llu ok %8llu failed %8llu preempted\n", op_names[i],
				(unsigned long long)outcome[i][0], (unsigned long long)outcome[i][1],
				(unsigned long long)outcome[i][2]);
	}
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_random_sequence, h_setup, random_teardown),
};

H_SUITE(h_suite_random, tests);
