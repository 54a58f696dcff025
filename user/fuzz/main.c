/*
 * The fuzzer's supervisor (its main thread): sets up the infrastructure
 * (fuzz.h), then runs the batches and reports. Its caps, given by the root
 * task in this order from BASALT_INIT_FIRST_FREE: the report endpoint, the
 * same endpoint badged for faults (our fault handler), a copy of ASID
 * control, two IRQ handlers (idle lines), the untyped share. Command line: "calls=N seed=S top=USER_TOP".
 */
#include "fuzz.h"

#include "base/mem.h"
#include "bootinfo.h"
#include "print.h"

#define SLOT_REPORT       (BASALT_INIT_FIRST_FREE + 0)
#define SLOT_ASID_CONTROL (BASALT_INIT_FIRST_FREE + 2)
#define SLOT_IRQ_HANDLER  (BASALT_INIT_FIRST_FREE + 3)   /* and + 1 */

#define OWN_VADDR 0x60000000ul   /* our stacks and IPC buffers, below the window */

fuzz_t fuzz;

static basalt_word_t arg(const char *key, basalt_word_t dflt)
{
	char buf[32];
	const char *s = buf;
	basalt_word_t v;

	if (!basalt_bootarg(key, buf, sizeof(buf)) || !basalt_parse_u64(&s, &v))
		return dflt;
	return v;
}

static basalt_error_t start_worker(fuzz_worker_t *w)
{
	basalt_user_context_t regs = { 0 };

	regs.words[BASALT_CTX_PC] = (basalt_word_t)(uintptr_t)worker_start;
	regs.words[BASALT_CTX_SP] = w->th.stack_top;
	regs.words[BASALT_CTX_A0] = (basalt_word_t)(uintptr_t)w;
	return basalt_tcb_write_registers(w->th.tcb, true, BASALT_CTX_A0 + 1, &regs);
}

/* Everything that is not a victim: the two CSpace CNodes, the fault
 * endpoint, the handler and the workers. */
static basalt_error_t setup(fuzz_t *f, const basalt_bootinfo_t *bi)
{
	basalt_alloc_t *a = &f->alloc;
	basalt_cptr_t share = bi->h.untyped.start, infra_ut, window_frame;
	unsigned bits = bi->untyped_list[0].size_bits;
	basalt_error_t e;

	basalt_alloc_init(a, bi->h.empty.start, bi->h.empty.end);
	infra_ut = basalt_alloc_slot(a);
	f->victim_ut = basalt_alloc_slot(a);
	f->victim_ut_bits = bits - 1;
	f->asid_control = SLOT_ASID_CONTROL;
	f->irq_handler = SLOT_IRQ_HANDLER;
	if (f->victim_ut != infra_ut + 1)
		return BASALT_RANGE_ERROR;
	e = basalt_untyped_retype(share, BASALT_OBJ_UNTYPED, bits - 1, a->cnode, 0, 0, infra_ut, 2);
	if (e != BASALT_OK)
		return e;
	basalt_alloc_add_untyped(a, infra_ut);
	basalt_vmem_init(&f->vmem, BASALT_INIT_VSPACE, OWN_VADDR, FUZZ_WINDOW, a);
	for (unsigned i = 0; i < sizeof(f->scratch) / sizeof(f->scratch[0]); i++)
		f->scratch[i] = basalt_alloc_slot(a);
	f->v_orig = basalt_alloc_slot(a);
	f->code_vaddr = basalt_vmem_reserve(&f->vmem, 1);

	/* The window's page tables: map a frame there once, keep the tables. */
	e = basalt_alloc_object(a, BASALT_OBJ_FRAME_4K, 0, &window_frame);
	if (e == BASALT_OK)
		e = basalt_vmem_map_frame(&f->vmem, window_frame, FUZZ_WINDOW, BASALT_MAP_READ);
	if (e == BASALT_OK)
		e = basalt_frame_unmap(window_frame);

	/* R and I, and what I holds. */
	if (e == BASALT_OK)
		e = basalt_alloc_object(a, BASALT_OBJ_CNODE, 1, &f->r);
	if (e == BASALT_OK)
		e = basalt_alloc_object(a, BASALT_OBJ_CNODE, I_BITS, &f->i);
	if (e == BASALT_OK)
		e = basalt_alloc_object(a, BASALT_OBJ_ENDPOINT, 0, &f->fault_ep);
	if (e == BASALT_OK)
		e = basalt_cnode_mint(f->r, R_SLOT_INFRA, 1, a->cnode, f->i, a->depth,
				      BASALT_RIGHTS_ALL, basalt_cnode_guard(0, 64 - 1 - I_BITS));
	if (e == BASALT_OK)
		e = basalt_cnode_copy(f->i, I_FAULT_EP, I_BITS, a->cnode, f->fault_ep, a->depth,
				      BASALT_RIGHTS_ALL);
	for (unsigned i = 0; i < FUZZ_WORKERS && e == BASALT_OK; i++)
		e = basalt_cnode_mint(f->i, I_WORKER_FAULT + i, I_BITS, a->cnode, f->fault_ep,
				      a->depth, BASALT_RIGHTS_ALL, i + 1);
	if (e == BASALT_OK)
		e = basalt_cnode_copy(f->i, I_VSPACE, I_BITS, a->cnode, BASALT_INIT_VSPACE, a->depth,
				      BASALT_RIGHTS_ALL);

	/* The handler, then the workers: all in R. */
	if (e == BASALT_OK)
		e = basalt_thread_create(&f->handler, &f->vmem, BASALT_INIT_TCB, FUZZ_PRIO_HANDLER, 4, 0);
	if (e == BASALT_OK)
		e = basalt_tcb_set_space(f->handler.tcb, 0, f->r, 0, BASALT_INIT_VSPACE);
	if (e == BASALT_OK) {
		basalt_debug_name_thread(f->handler.tcb, "fuzz-handler");
		e = basalt_thread_start(&f->handler, handler_main, f);
	}
	for (unsigned i = 0; i < FUZZ_WORKERS && e == BASALT_OK; i++) {
		fuzz_worker_t *w = &f->workers[i];
		char name[] = "fuzz-worker0";

		w->index = i;
		e = basalt_thread_create(&w->th, &f->vmem, BASALT_INIT_TCB, FUZZ_PRIO_WORKER + 10 * i,
					 8, 0);
		/* Workers in V get their CSpace with each new V (run_batch). */
		if (e == BASALT_OK && i < FUZZ_WORKERS_IN_R)
			e = basalt_tcb_set_space(w->th.tcb, ICPTR(I_WORKER_FAULT + i), f->r, 0,
						 BASALT_INIT_VSPACE);
		if (e == BASALT_OK)
			e = basalt_cnode_copy(f->i, I_WORKER_TCB + i, I_BITS, a->cnode, w->th.tcb,
					      a->depth, BASALT_RIGHTS_ALL);
		name[sizeof(name) - 2] = (char)('0' + i);
		basalt_debug_name_thread(w->th.tcb, name);
		w->tls.ipc_buffer = (basalt_ipc_buffer_t *)w->th.ipc_buffer;
		w->tls.user = (basalt_word_t)(uintptr_t)w;
	}
	/* From now on we run only when every worker waits or is done. */
	if (e == BASALT_OK)
		e = basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, FUZZ_PRIO_SUPERVISOR);
	return e;
}

static void run_batch(fuzz_t *f, uint64_t batch, uint64_t calls)
{
	basalt_error_t e = world_build(f, batch);
	unsigned failures;

	if (e != BASALT_OK && f->world_errors++ == 0)
		printf("fuzz: batch %llu: setting up the victims failed (error %d at step %u)\n",
		       (unsigned long long)batch, e, world_failed_step());
	/* The one-level workers: this batch's V as CSpace, their fault caps
	 * in it. (The old V went with its CSpace root cap in their TCBs.) */
	for (unsigned i = FUZZ_WORKERS_IN_R; i < FUZZ_WORKERS; i++) {
		basalt_word_t slot = V_WORKER_FAULT + i - FUZZ_WORKERS_IN_R;

		if (e == BASALT_OK)
			e = basalt_cnode_mint(f->v_orig, slot, V_BITS, f->alloc.cnode, f->fault_ep,
					      f->alloc.depth, BASALT_RIGHTS_ALL, i + 1);
		if (e == BASALT_OK)
			e = basalt_tcb_set_space(f->workers[i].th.tcb, slot, f->v_orig,
						 basalt_cnode_guard(0, 64 - V_BITS), BASALT_INIT_VSPACE);
		if (e != BASALT_OK && f->world_errors++ == 0)
			printf("fuzz: batch %llu: a worker's CSpace failed (error %d)\n",
			       (unsigned long long)batch, e);
	}
	for (unsigned i = 0; i < FUZZ_WORKERS; i++) {
		fuzz_worker_t *w = &f->workers[i];

		w->rng = rng_seeded(f->seed, batch * 64 + i);
		w->quota = calls / FUZZ_WORKERS + (i == 0 ? calls % FUZZ_WORKERS : 0);
		w->done = 0;
		w->finished = w->quota == 0;
	}
	for (unsigned i = 0; i < FUZZ_WORKERS; i++)
		if (!f->workers[i].finished)
			start_worker(&f->workers[i]);
	/* We run again only when no worker can: each one is done, or
	 * blocked for good (a call nobody answers, a dropped fault).
	 * Restart those where they left off; every restart is one call
	 * further, so this ends. */
	for (;;) {
		bool all = true;

		for (unsigned i = 0; i < FUZZ_WORKERS; i++) {
			fuzz_worker_t *w = &f->workers[i];

			if (w->finished)
				continue;
			all = false;
			w->stats.restarts++;
			basalt_tcb_suspend(w->th.tcb);
			start_worker(w);
		}
		if (all)
			break;
	}
	for (unsigned i = 0; i < FUZZ_WORKERS; i++)
		basalt_tcb_suspend(f->workers[i].th.tcb);
	/* Every victim goes, wherever the calls put it. */
	e = basalt_cnode_revoke(f->alloc.cnode, f->victim_ut, f->alloc.depth);
	if (e != BASALT_OK && f->world_errors++ == 0)
		printf("fuzz: batch %llu: revoking the victims failed (error %d)\n",
		       (unsigned long long)batch, e);
	failures = basalt_debug_audit(0);
	f->audits++;
	if (failures != 0) {
		f->audit_failures += failures;
		printf("fuzz: batch %llu: AUDIT FAILED (%u violations)\n", (unsigned long long)batch,
		       failures);
		basalt_debug_audit(1);
	}
	f->batches++;
}

int main(const basalt_bootinfo_t *bi)
{
	fuzz_t *f = &fuzz;
	basalt_word_t kind, done = 0;
	basalt_error_t e;

	f->calls = arg("calls", 100000);
	f->seed = arg("seed", 1);
	f->user_top = arg("top", 1ull << 38);
	f->handler_rng = rng_seeded(f->seed, ~0ull);
	printf("fuzz: seed 0x%llx, %llu calls in batches of %u, %u workers\n",
	       (unsigned long long)f->seed, (unsigned long long)f->calls, FUZZ_BATCH, FUZZ_WORKERS);
	e = setup(f, bi);
	if (e != BASALT_OK) {
		printf("fuzz: setup failed (error %d)\n", e);
		basalt_set_mr(0, 1);
		basalt_send(SLOT_REPORT, basalt_msginfo(1, 0, 0, 1));
		for (;;)
			basalt_yield();
	}
	basalt_debug_irqoff(1, &kind);
	for (uint64_t batch = 0; done < f->calls; batch++) {
		uint64_t n = f->calls - done < FUZZ_BATCH ? f->calls - done : FUZZ_BATCH;

		run_batch(f, batch, n);
		done += n;
	}
	report_print(f);
	basalt_set_mr(0, f->audit_failures);
	basalt_set_mr(1, f->world_errors);
	basalt_send(SLOT_REPORT, basalt_msginfo(0, 0, 0, 2));
	/* The root task revokes us; until then, wait. */
	for (;;)
		basalt_tcb_suspend(BASALT_INIT_TCB);
}
