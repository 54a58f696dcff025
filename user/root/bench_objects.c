/*
 * Rows: Untyped_Retype of 1, 16 and 256 4 KiB frames (per object, zeroing
 * included: each round revokes the untyped first, so its memory is dirty
 * again) and the Revoke that deletes them (per object).
 */
#include "bench.h"

#include "fmt/fmt.h"
#include "print.h"

static basalt_word_t r1[BENCH_MAX_SAMPLES], r2[BENCH_MAX_SAMPLES];

static void retype(bench_env_t *env, basalt_cptr_t ut, basalt_cptr_t first, unsigned count)
{
	char id[32], name[96];
	unsigned rounds = env->iterations / count + 4, n = 0;

	if (rounds > env->iterations)
		rounds = env->iterations;
	for (unsigned i = 0; i < rounds; i++) {
		basalt_word_t a = bench_counter(), b, c;

		basalt_untyped_retype(ut, BASALT_OBJ_FRAME_4K, 0, BASALT_INIT_CNODE, 0, 0, first, count);
		b = bench_counter();
		basalt_cnode_revoke(BASALT_INIT_CNODE, ut, BASALT_WORD_BITS);
		c = bench_counter();
		if (i >= 2) {
			r1[n] = (b - a - bench_overhead) / count;
			r2[n] = (c - b - bench_overhead) / count;
			n++;
		}
	}
	fmt_snprintf(id, sizeof(id), "retype-%u", count);
	fmt_snprintf(name, sizeof(name), "Retype of %u 4 KiB frames, per frame (zeroing included)",
		     count);
	bench_report(id, name, r1, n);
	fmt_snprintf(id, sizeof(id), "revoke-%u", count);
	fmt_snprintf(name, sizeof(name), "Revoke of %u 4 KiB frames, per frame", count);
	bench_report(id, name, r2, n);
}

void bench_objects(bench_env_t *env)
{
	static const unsigned counts[] = { 1, 16, 256 };
	basalt_cptr_t ut, first = 0;

	/* 256 frames need 1 MiB; the slots for them come from our range. */
	if (basalt_alloc_object(&env->alloc, BASALT_OBJ_UNTYPED, 20, &ut) != BASALT_OK) {
		printf("bench: retype setup failed\n");
		return;
	}
	for (unsigned i = 0; i < 256; i++) {
		basalt_cptr_t s = basalt_alloc_slot(&env->alloc);

		if (i == 0)
			first = s;
	}
	for (unsigned k = 0; k < 3; k++)
		retype(env, ut, first, counts[k]);
}
