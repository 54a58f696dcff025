/*
 * The test runner (see test.h).
 */
#include "test.h"

#include <stdarg.h>

#include "fmt/fmt.h"

/* The test slot range: the upper half of the root CNode's empty slots. */
#define ARENA_MAX_BITS 26

static const test_suite_t *const suites[] = {
	&suite_cnode, &suite_revoke, &suite_cspace, &suite_untyped, &suite_zero, &suite_objects,
	&suite_concurrent, &suite_errors, &suite_random,
};

int test_fail(test_env_t *env, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (env->why[0] != '\0')
		return 1;
	n = fmt_snprintf(env->why, sizeof(env->why), "%s:%d: ", file, line);
	va_start(ap, fmt);
	if (n < sizeof(env->why))
		fmt_vsnprintf(env->why + n, sizeof(env->why) - n, fmt, ap);
	va_end(ap);
	return 1;
}

basalt_cptr_t test_object(test_env_t *env, basalt_word_t type, basalt_word_t size_bits)
{
	basalt_cptr_t c = 0;

	if (basalt_alloc_object(&env->alloc, type, size_bits, &c) != BASALT_OK)
		return 0;
	return c;
}

basalt_cptr_t test_slot(test_env_t *env)
{
	return basalt_alloc_slot(&env->alloc);
}

static bool matches(const test_t *t, const char *pattern)
{
	const char *hay[] = { t->id, t->name };

	if (pattern[0] == '\0')
		return true;
	for (unsigned h = 0; h < 2; h++) {
		for (const char *s = hay[h]; *s != '\0'; s++) {
			const char *a = s, *b = pattern;

			while (*a != '\0' && *b != '\0' && *a == *b) {
				a++;
				b++;
			}
			if (*b == '\0')
				return true;
		}
	}
	return false;
}

/* The largest RAM untyped the boot info lists: tests carve arenas from it. */
static basalt_cptr_t biggest_untyped(const basalt_bootinfo_t *bi, unsigned *bits)
{
	basalt_cptr_t best = 0;

	*bits = 0;
	for (basalt_word_t i = 0; i < bi->h.untyped_count; i++) {
		const basalt_untyped_desc_t *u = &bi->untyped_list[i];

		if (!u->is_device && u->size_bits > *bits) {
			*bits = u->size_bits;
			best = bi->h.untyped.start + i;
		}
	}
	return best;
}

/* Empty every slot of the range (the arena's objects went with it). */
static void clear_slots(const test_env_t *env)
{
	for (basalt_word_t s = env->slot_first; s < env->slot_end; s++) {
		if (basalt_debug_cap_identify(s) != BASALT_CAP_TYPE_NULL)
			basalt_cnode_delete(BASALT_INIT_CNODE, s, BASALT_WORD_BITS);
	}
}

int run_tests(const char *pattern)
{
	const basalt_bootinfo_t *bi = basalt_bootinfo();
	unsigned passed = 0, failed = 0, big_bits;
	basalt_cptr_t big = biggest_untyped(bi, &big_bits);
	basalt_word_t arena_slot = bi->h.empty.start;
	basalt_word_t first = bi->h.empty.start + 1, end = bi->h.empty.end;
	unsigned arena_bits = big_bits > ARENA_MAX_BITS ? ARENA_MAX_BITS : big_bits - 1;

	printf("tests: pattern \"%s\", arena 2^%u bytes, slots [%llu, %llu)\n", pattern, arena_bits,
	       (unsigned long long)first, (unsigned long long)end);
	/* One arena untyped, made once and reused: revoking it after each test
	 * brings all its memory back. */
	if (big == 0 || basalt_untyped_retype(big, BASALT_OBJ_UNTYPED, arena_bits, BASALT_INIT_CNODE,
					      0, 0, arena_slot, 1) != BASALT_OK) {
		printf("tests: cannot make the test arena\n");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	for (unsigned s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		for (unsigned i = 0; i < suites[s]->count; i++) {
			const test_t *t = &suites[s]->tests[i];
			test_env_t env = { .arena = arena_slot, .arena_bits = arena_bits,
					   .slot_first = first, .slot_end = end, .bi = bi };
			int r;
			unsigned audit;

			if (!matches(t, pattern))
				continue;
			basalt_alloc_init(&env.alloc, first, end);
			basalt_alloc_add_untyped(&env.alloc, arena_slot);
			r = t->run(&env);
			basalt_cnode_revoke(BASALT_INIT_CNODE, arena_slot, BASALT_WORD_BITS);
			clear_slots(&env);
			audit = bi->h.debug_build ? basalt_debug_audit(1) : 0;
			if (r == 0 && audit != 0)
				test_fail(&env, __FILE__, __LINE__, "kernel audit: %u violations", audit);
			if (r == 0 && audit == 0) {
				passed++;
				printf("ok %s %s\n", t->id, t->name);
			} else {
				failed++;
				printf("not ok %s %s: %s\n", t->id, t->name, env.why);
			}
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed != 0;
}
