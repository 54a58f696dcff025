/*
 * Random arguments, shaped so that calls get past the first checks often
 * enough to reach deep kernel code, and fail in every way the rest of the
 * time: cptrs mostly naming V's populated slots, sometimes junk (guard
 * mismatches); CNode paths through the chain of guarded CNodes (world.c)
 * or with a bit flipped; words that are small, slot numbers, sizes,
 * addresses or extreme values.
 */
#include "fuzz.h"

#include "basalt/invocation.h"

/* A V slot: mostly the populated ones. */
basalt_word_t gen_slot(rng_t *r)
{
	unsigned p = (unsigned)rng_below(r, 100);

	if (p < 60)
		return rng_below(r, V_FIRST_FREE + 4);
	if (p < 90)
		return rng_below(r, 64);
	return rng_below(r, 1u << V_BITS);
}

/* A cptr in the workers' CSpace. Bit 63 is always clear: that half
 * is the infra CNode I, which random calls must not reach. */
basalt_cptr_t gen_cptr(rng_t *r)
{
	unsigned p = (unsigned)rng_below(r, 100);

	if (p < 88)
		return gen_slot(r);
	if (p < 94)   /* bits above the slot: a guard mismatch */
		return (gen_slot(r) | (1ull << rng_below(r, 63))) & VCPTR_MASK;
	return rng_next(r) & VCPTR_MASK;
}

/* (index, depth) for a CNode operation invoked on V_SELF: one level into
 * V, a walk down the chain (world.c draws it), or something broken. */
void gen_path(rng_t *r, basalt_word_t *index, basalt_word_t *depth)
{
	unsigned p = (unsigned)rng_below(r, 100);

	if (p < 60) {
		*index = gen_slot(r);
		*depth = V_BITS;
	} else if (p < 85) {
		/* V[V_CHAIN] -> D1 (guard 0b101/3, radix 2) -> D1[1] = D2
		 * (guard 0b0110/4, radix 3) -> D2[5] = D3 (guard 0x2a5/10,
		 * radix 1) -> D3[1] = D4 (no guard, radix 4) -> D4[k]; D4[0]
		 * leads back to D1. Stop at a random level. */
		static const struct { unsigned bits; basalt_word_t value; } step[] = {
			{ 5, (0x5 << 2) | 1 }, { 7, (0x6 << 3) | 5 }, { 11, (0x2a5 << 1) | 1 },
		};
		basalt_word_t idx = V_CHAIN, d = V_BITS;
		unsigned levels = (unsigned)rng_below(r, 5), loops = (unsigned)rng_below(r, 3);

		for (unsigned l = 0; l < levels && l < 3; l++) {
			idx = idx << step[l].bits | step[l].value;
			d += step[l].bits;
		}
		if (levels >= 3) {
			/* In D4: around the cycle a few times, then a slot. */
			for (unsigned k = 0; k < loops && d + 4 + 23 <= 64; k++) {
				idx = idx << 4;   /* D4[0] = D1 */
				d += 4;
				for (unsigned l = 0; l < 3; l++) {
					idx = idx << step[l].bits | step[l].value;
					d += step[l].bits;
				}
			}
			idx = idx << 4 | rng_below(r, 16);
			d += 4;
		} else if (levels > 0 && rng_pct(r, 50)) {
			/* stop one level short: the slot holds a CNode */
		}
		if (rng_pct(r, 20))   /* a flipped bit: guard or depth trouble */
			idx ^= 1ull << rng_below(r, d);
		*index = idx;
		*depth = d;
	} else {
		*index = rng_pct(r, 50) ? gen_slot(r) : rng_next(r);
		*depth = rng_below(r, 70);
	}
}

basalt_word_t gen_vaddr(rng_t *r, basalt_word_t user_top)
{
	static const basalt_word_t fixed[] = {
		0, 0x1000, FUZZ_VADDR, FUZZ_VADDR + 0x1000, FUZZ_VADDR + 0x200000,
		FUZZ_VADDR + 0x40000000, 0x123, ~0ull, 1ull << 47, 0xffffffc000000000ull,
	};
	unsigned p = (unsigned)rng_below(r, 100);

	if (p < 40)
		return fixed[rng_below(r, sizeof(fixed) / sizeof(fixed[0]))];
	if (p < 70)
		return FUZZ_VADDR + rng_below(r, 16) * 0x1000 + (rng_pct(r, 10) ? 8 : 0);
	if (p < 80)
		return user_top - 0x1000 * (1 + rng_below(r, 4));
	if (p < 90)
		return (rng_next(r) % user_top) & ~0xfffull;
	return rng_next(r);
}

basalt_word_t gen_word(rng_t *r)
{
	switch (rng_below(r, 8)) {
	case 0:
	case 1:
		return rng_below(r, 16);
	case 2:
		return gen_slot(r);
	case 3:
		return rng_below(r, 70);
	case 4:
		return V_BITS * rng_below(r, 9);
	case 5:
		return 1ull << rng_below(r, 64);
	case 6:
		return ~0ull - rng_below(r, 4);
	default:
		return rng_next(r);
	}
}

/* An invocation label: mostly a real one. */
basalt_word_t gen_label(rng_t *r)
{
	static const uint8_t labels[] = {
		BASALT_INV_UNTYPED_RETYPE,
		BASALT_INV_TCB_READ_REGISTERS, BASALT_INV_TCB_WRITE_REGISTERS,
		BASALT_INV_TCB_COPY_REGISTERS, BASALT_INV_TCB_CONFIGURE,
		BASALT_INV_TCB_SET_PRIORITY, BASALT_INV_TCB_SET_MC_PRIORITY,
		BASALT_INV_TCB_SET_SCHED_PARAMS, BASALT_INV_TCB_SET_IPC_BUFFER,
		BASALT_INV_TCB_SET_SPACE, BASALT_INV_TCB_SUSPEND, BASALT_INV_TCB_RESUME,
		BASALT_INV_TCB_BIND_NOTIFICATION, BASALT_INV_TCB_UNBIND_NOTIFICATION,
		BASALT_INV_TCB_SET_TLS_BASE,
		BASALT_INV_CNODE_REVOKE, BASALT_INV_CNODE_DELETE,
		BASALT_INV_CNODE_CANCEL_BADGED_SENDS, BASALT_INV_CNODE_COPY, BASALT_INV_CNODE_MINT,
		BASALT_INV_CNODE_MOVE, BASALT_INV_CNODE_MUTATE, BASALT_INV_CNODE_ROTATE,
		BASALT_INV_CNODE_SAVE_CALLER,
		BASALT_INV_IRQ_ISSUE_HANDLER, BASALT_INV_IRQ_ACK, BASALT_INV_IRQ_SET_NOTIFICATION,
		BASALT_INV_IRQ_CLEAR,
		BASALT_INV_PAGE_TABLE_MAP, BASALT_INV_PAGE_TABLE_UNMAP, BASALT_INV_FRAME_MAP,
		BASALT_INV_FRAME_UNMAP, BASALT_INV_FRAME_GET_ADDRESS,
		BASALT_INV_ASID_CONTROL_MAKE_POOL, BASALT_INV_ASID_POOL_ASSIGN,
	};

	if (rng_pct(r, 92))
		return labels[rng_below(r, sizeof(labels))];
	return rng_pct(r, 50) ? rng_below(r, 80) : rng_next(r) & BASALT_MSGINFO_LABEL_MAX;
}
