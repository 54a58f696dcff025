/*
 * The fuzzer's random numbers: splitmix64, so that a run is a pure
 * function of its seed (each thread its own stream, seeded from the run's
 * seed, the batch and the thread).
 */
#ifndef BASALT_FUZZ_RNG_H
#define BASALT_FUZZ_RNG_H

#include <stdint.h>

typedef struct rng {
	uint64_t s;
} rng_t;

static inline uint64_t rng_next(rng_t *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0; the bias is irrelevant here). */
static inline uint64_t rng_below(rng_t *r, uint64_t n)
{
	return rng_next(r) % n;
}

/* True with probability pct / 100. */
static inline int rng_pct(rng_t *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

static inline rng_t rng_seeded(uint64_t seed, uint64_t stream)
{
	rng_t r = { seed ^ (stream * 0xd1342543de82ef95ull) };

	rng_next(&r);
	return r;
}

#endif
