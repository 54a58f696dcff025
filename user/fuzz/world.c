/*
 * The victims: at the start of each batch, objects of every type retyped
 * from the victim untyped into a fresh CNode V, which becomes slot 0 of
 * the workers' CSpace R. The slot list is in fuzz.h. Revoking the victim
 * untyped at the end of the batch deletes all of them, wherever random
 * calls moved, copied or transferred them, and whatever state they were
 * left in (threads blocked on them, mappings, ASIDs, cycles of CNodes).
 *
 * Objects that need setting up by deliberate calls (the ASID pool, the
 * mapped VSpace, the configured thread) are made in scratch slots of the
 * fuzzer's own CNode C0, where one cptr names them, set up, then moved
 * into V.
 */
#include "fuzz.h"

#include "base/mem.h"

extern const char victim_code_start[], victim_code_end[];

#define V_CHAIN_STORE 250   /* 250..253: the chain's four CNodes */

static basalt_error_t err;
static unsigned step, failed_step;

/* Keep the first failure (and which step it was, for the report). */
static void check(basalt_error_t e)
{
	step++;
	if (err == BASALT_OK && e != BASALT_OK) {
		err = e;
		failed_step = step;
	}
}

unsigned world_failed_step(void)
{
	return failed_step;
}

/* Retype `count` objects into V[slot..]. */
static void make(fuzz_t *f, basalt_word_t type, basalt_word_t bits, basalt_word_t slot,
		 basalt_word_t count)
{
	check(basalt_untyped_retype(f->victim_ut, type, bits, f->alloc.cnode, f->v_orig,
				    f->alloc.depth, slot, count));
}

/* Retype one object into C0 scratch slot i. */
static basalt_cptr_t scratch(fuzz_t *f, unsigned i, basalt_word_t type, basalt_word_t bits)
{
	check(basalt_untyped_retype(f->victim_ut, type, bits, f->alloc.cnode, 0, 0, f->scratch[i],
				    1));
	return f->scratch[i];
}

static void to_v(fuzz_t *f, basalt_cptr_t c0_slot, basalt_word_t v_slot)
{
	check(basalt_cnode_move(f->v_orig, v_slot, V_BITS, f->alloc.cnode, c0_slot, f->alloc.depth));
}

/* Copy V[src] to (dest_index, dest_depth) below V, minting `data` if not 0. */
static void vcopy(fuzz_t *f, basalt_word_t dest_index, basalt_word_t dest_depth,
		  basalt_word_t src, unsigned rights, basalt_word_t data)
{
	if (data != 0)
		check(basalt_cnode_mint(f->v_orig, dest_index, dest_depth, f->v_orig, src, V_BITS,
					rights, data));
	else
		check(basalt_cnode_copy(f->v_orig, dest_index, dest_depth, f->v_orig, src, V_BITS,
					rights));
}

/* Page tables down to level 0 for FUZZ_VADDR in `vs`, from the highest
 * level the mode allows (the others fail with RANGE_ERROR and stay
 * unmapped); then a frame there. Tables go to V_PT0.., the frame to
 * V_FRAME0. */
static void map_victim_space(fuzz_t *f, basalt_cptr_t vs)
{
	unsigned next = 0;
	basalt_cptr_t pt = scratch(f, 2, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t frame;

	for (int level = 3; level >= 0 && next < 3; level--) {
		if (basalt_page_table_map(pt, vs, FUZZ_VADDR, (unsigned)level) == BASALT_OK) {
			to_v(f, pt, V_PT0 + next++);
			pt = scratch(f, 2, BASALT_OBJ_PAGE_TABLE, 0);
		}
	}
	if (next < 3)   /* else it stays in scratch, revoked with the rest */
		to_v(f, pt, V_PT0 + next++);
	while (next < 3)
		make(f, BASALT_OBJ_PAGE_TABLE, 0, V_PT0 + next++, 1);
	frame = scratch(f, 3, BASALT_OBJ_FRAME_4K, 0);
	check(basalt_frame_map(frame, vs, FUZZ_VADDR, BASALT_MAP_READ | BASALT_MAP_WRITE, 0));
}

/* The chain: D1 (radix 2), D2 (3), D3 (1), D4 (4), linked with guards
 * as gen_path() expects; D4[0] leads back to D1, D4[3] holds an endpoint
 * and D4[5] a frame. Inner slots are named by paths from V. */
static void make_chain(fuzz_t *f)
{
	basalt_word_t d2 = V_CHAIN << 5 | (0x5 << 2) | 1;
	basalt_word_t d3 = d2 << 7 | (0x6 << 3) | 5;
	basalt_word_t d4 = d3 << 11 | (0x2a5 << 1) | 1;

	make(f, BASALT_OBJ_CNODE, 2, V_CHAIN_STORE, 1);
	make(f, BASALT_OBJ_CNODE, 3, V_CHAIN_STORE + 1, 1);
	make(f, BASALT_OBJ_CNODE, 1, V_CHAIN_STORE + 2, 1);
	make(f, BASALT_OBJ_CNODE, 4, V_CHAIN_STORE + 3, 1);
	vcopy(f, V_CHAIN, V_BITS, V_CHAIN_STORE, BASALT_RIGHTS_ALL, basalt_cnode_guard(0x5, 3));
	vcopy(f, d2, V_BITS + 5, V_CHAIN_STORE + 1, BASALT_RIGHTS_ALL, basalt_cnode_guard(0x6, 4));
	vcopy(f, d3, V_BITS + 12, V_CHAIN_STORE + 2, BASALT_RIGHTS_ALL,
	      basalt_cnode_guard(0x2a5, 10));
	vcopy(f, d4, V_BITS + 23, V_CHAIN_STORE + 3, BASALT_RIGHTS_ALL, 0);
	vcopy(f, d4 << 4 | 0, V_BITS + 27, V_CHAIN_STORE, BASALT_RIGHTS_ALL,
	      basalt_cnode_guard(0x5, 3));
	vcopy(f, d4 << 4 | 3, V_BITS + 27, V_EP0, BASALT_RIGHTS_ALL, 0);
	vcopy(f, d4 << 4 | 5, V_BITS + 27, V_FRAME0 + 2, BASALT_RIGHTS_ALL, 0);
}

/* The victims' program in a fresh frame (written through our own
 * mapping of it, then unmapped), mapped read/execute in `vs`. */
static basalt_cptr_t victim_code(fuzz_t *f, basalt_cptr_t vs)
{
	basalt_cptr_t frame = scratch(f, 6, BASALT_OBJ_FRAME_4K, 0);
	basalt_error_t e = basalt_vmem_map_frame(&f->vmem, frame, f->code_vaddr,
						 BASALT_MAP_READ | BASALT_MAP_WRITE);

	check(e);
	if (e == BASALT_OK) {
		memcpy((void *)f->code_vaddr, victim_code_start,
		       (size_t)(victim_code_end - victim_code_start));
		check(basalt_frame_unmap(frame));
	}
	check(basalt_frame_map(frame, vs, FUZZ_VICTIM_CODE, BASALT_MAP_READ | BASALT_MAP_EXECUTE, 0));
	return frame;
}

/* A victim thread in `vs` with V as its CSpace, V_EP1 as its fault
 * handler, running the victims' program with random registers. */
static void victim_thread(fuzz_t *f, basalt_cptr_t tcb, basalt_cptr_t vs, basalt_cptr_t ipc_frame,
			  unsigned prio, rng_t *r)
{
	basalt_user_context_t regs = { 0 };

	check(basalt_tcb_configure(tcb, V_EP1, f->v_orig, basalt_cnode_guard(0, 64 - V_BITS), vs,
				   FUZZ_VADDR, ipc_frame));
	check(basalt_tcb_set_sched_params(tcb, BASALT_INIT_TCB, prio, prio));
	for (unsigned i = 0; i < BASALT_CONTEXT_WORDS; i++)
		regs.words[i] = gen_word(r);
	regs.words[BASALT_CTX_PC] = FUZZ_VICTIM_CODE;
	check(basalt_tcb_write_registers(tcb, false, BASALT_CONTEXT_WORDS, &regs));
}

basalt_error_t world_build(fuzz_t *f, uint64_t batch)
{
	basalt_cptr_t pool = f->scratch[1], vs = f->scratch[4], ipc = f->scratch[3];
	basalt_cptr_t code, tcb0 = f->scratch[5], tcb1 = f->scratch[0];
	rng_t r = rng_seeded(f->seed, (batch << 8) | 0xff);

	err = BASALT_OK;
	step = failed_step = 0;
	/* V itself, in a C0 slot reused every batch (the revoke emptied it). */
	check(basalt_untyped_retype(f->victim_ut, BASALT_OBJ_CNODE, V_BITS, f->alloc.cnode, 0, 0,
				    f->v_orig, 1));
	/* R[0]: V with a 55-bit zero guard, so that cptr k names V[k]. */
	check(basalt_cnode_mint(f->r, R_SLOT_VICTIMS, 1, f->alloc.cnode, f->v_orig, f->alloc.depth,
				BASALT_RIGHTS_ALL, basalt_cnode_guard(0, 64 - 1 - V_BITS)));
	check(basalt_cnode_copy(f->v_orig, V_SELF, V_BITS, f->alloc.cnode, f->v_orig, f->alloc.depth,
				BASALT_RIGHTS_ALL));

	/* An ASID pool (from a 4 KiB untyped) and a VSpace with an ASID, a
	 * page-table path, a frame (the victims' IPC buffer) and the
	 * victims' program mapped. */
	scratch(f, 0, BASALT_OBJ_UNTYPED, 12);
	check(basalt_asid_control_make_pool(f->asid_control, f->scratch[0], f->alloc.cnode, pool,
					    f->alloc.depth));
	to_v(f, f->scratch[0], V_UT_4K);   /* now the pool's: REVOKE_FIRST */
	scratch(f, 4, BASALT_OBJ_PAGE_TABLE, 0);
	check(basalt_asid_pool_assign(pool, vs));
	map_victim_space(f, vs);            /* the frame: scratch 3 */
	code = victim_code(f, vs);

	/* The two victim threads. */
	scratch(f, 5, BASALT_OBJ_TCB, 0);
	scratch(f, 0, BASALT_OBJ_TCB, 0);
	victim_thread(f, tcb0, vs, ipc, FUZZ_PRIO_VICTIM, &r);
	victim_thread(f, tcb1, vs, ipc, FUZZ_PRIO_VICTIM - 1, &r);
	basalt_debug_name_thread(tcb0, "victim0");
	basalt_debug_name_thread(tcb1, "victim1");
	to_v(f, code, V_CODE);
	to_v(f, ipc, V_FRAME0);
	to_v(f, vs, V_VSPACE);
	to_v(f, pool, V_POOL);

	make(f, BASALT_OBJ_ENDPOINT, 0, V_EP0, 2);
	vcopy(f, V_EP0_BADGED, V_BITS, V_EP0, BASALT_RIGHTS_ALL, 7);
	vcopy(f, V_EP1_RO, V_BITS, V_EP1, BASALT_RIGHT_READ, 0);
	make(f, BASALT_OBJ_NOTIFICATION, 0, V_NTFN, 1);
	vcopy(f, V_NTFN_BADGED, V_BITS, V_NTFN, BASALT_RIGHTS_ALL, 0x40 | (batch & 0x3f));
	make(f, BASALT_OBJ_FRAME_4K, 0, V_FRAME0 + 1, 3);
	make(f, BASALT_OBJ_FRAME_2M, 0, V_FRAME_2M, 1);
	make(f, BASALT_OBJ_PAGE_TABLE, 0, V_VSPACE2, 1);
	check(basalt_cnode_copy(f->v_orig, V_ASID_CONTROL, V_BITS, f->alloc.cnode, f->asid_control,
				f->alloc.depth, BASALT_RIGHTS_ALL));
	make(f, BASALT_OBJ_UNTYPED, 20, V_UT_BIG, 1);
	make(f, BASALT_OBJ_UNTYPED, 16, V_UT_SMALL, 1);
	vcopy(f, V_FRAME_RO, V_BITS, V_FRAME0 + 1, BASALT_RIGHT_READ, 0);
	make(f, BASALT_OBJ_CNODE, 4, V_CNODE, 1);
	for (unsigned i = 0; i < 2; i++)
		check(basalt_cnode_copy(f->v_orig, V_IRQ0 + i, V_BITS, f->alloc.cnode,
					f->irq_handler + i, f->alloc.depth, BASALT_RIGHTS_ALL));
	make_chain(f);

	/* Last, with V complete: the victims outrank us, so each runs its
	 * program at once, until it blocks or stops. */
	check(basalt_tcb_resume(tcb0));
	check(basalt_tcb_resume(tcb1));
	to_v(f, tcb0, V_TCB0);
	to_v(f, tcb1, V_TCB1);
	return err;
}
