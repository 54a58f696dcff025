/*
 * Rows: mapping and unmapping a 4 KiB frame, mapping a 2 MiB frame, and
 * faults: a page fault delivered to a handler that maps a frame it holds
 * and replies (delivery, reply and the whole round trip, from the faulting
 * thread's counter read before the access to its read after it), and the
 * same for an illegal instruction (what seL4's sel4bench measures), whose
 * handler replies with the next pc.
 */
#include "bench.h"

#include "basalt/fault.h"
#include "print.h"
#include "thread.h"

#define FAULT_REGION 0x200000000ul

static basalt_word_t s1[BENCH_MAX_SAMPLES], s2[BENCH_MAX_SAMPLES], s3[BENCH_MAX_SAMPLES];

static struct {
	basalt_cptr_t fault_ep;
	basalt_cptr_t frames;               /* first of the handler's frames (consecutive slots) */
	volatile basalt_word_t before, after_recv, before_reply;
	volatile unsigned count, mode;
	unsigned total;
} g;

static void map_unmap(bench_env_t *env)
{
	basalt_cptr_t f;
	basalt_word_t va = basalt_vmem_reserve(&env->vmem, 1);
	unsigned n = 0;

	/* The page table exists after the first map: the rows measure the
	 * frame alone. */
	if (basalt_alloc_object(&env->alloc, BASALT_OBJ_FRAME_4K, 0, &f) != BASALT_OK ||
	    basalt_vmem_map_frame(&env->vmem, f, va, BASALT_MAP_READ | BASALT_MAP_WRITE) != BASALT_OK ||
	    basalt_frame_unmap(f) != BASALT_OK) {
		printf("bench: map setup failed\n");
		return;
	}
	for (unsigned i = 0; i < env->warmup + env->iterations; i++) {
		basalt_word_t a = bench_counter(), b, c;

		basalt_frame_map(f, BASALT_INIT_VSPACE, va, BASALT_MAP_READ | BASALT_MAP_WRITE, 0);
		b = bench_counter();
		basalt_frame_unmap(f);
		c = bench_counter();
		if (i >= env->warmup) {
			s1[n] = b - a - bench_overhead;
			s2[n] = c - b - bench_overhead;
			s3[n] = c - a - 2 * bench_overhead;
			n++;
		}
	}
	bench_report("map-4k", "Frame_Map of a 4 KiB frame", s1, n);
	bench_report("unmap-4k", "Frame_Unmap of a 4 KiB frame", s2, n);
	bench_report("map-unmap-4k", "Frame_Map then Frame_Unmap of a 4 KiB frame", s3, n);
}

static void map_2m(bench_env_t *env)
{
	basalt_cptr_t f, pt;
	basalt_word_t va = 0x300000000ul;
	unsigned n = 0;

	/* A level-1 table for the region, made once. */
	if (basalt_alloc_object(&env->alloc, BASALT_OBJ_FRAME_2M, 0, &f) != BASALT_OK) {
		printf("bench: no 2 MiB frame\n");
		return;
	}
	if (basalt_frame_map(f, BASALT_INIT_VSPACE, va, BASALT_MAP_READ, 0) == BASALT_FAILED_LOOKUP) {
		/* Make the tables the region needs, top down. */
		for (unsigned lvl = env->bi->h.paging_levels - 2; lvl >= 1; lvl--) {
			if (basalt_alloc_object(&env->alloc, BASALT_OBJ_PAGE_TABLE, 0, &pt) == BASALT_OK)
				basalt_page_table_map(pt, BASALT_INIT_VSPACE, va, lvl);
		}
	}
	basalt_frame_unmap(f);
	for (unsigned i = 0; i < env->warmup + env->iterations; i++) {
		basalt_word_t a = bench_counter(), b;

		basalt_frame_map(f, BASALT_INIT_VSPACE, va, BASALT_MAP_READ, 0);
		b = bench_counter();
		basalt_frame_unmap(f);
		if (i >= env->warmup)
			s1[n++] = b - a - bench_overhead;
	}
	bench_report("map-2m", "Frame_Map of a 2 MiB frame", s1, n);
}

/* The fault handler: stamps, maps the next frame (page faults) or skips
 * the instruction (exceptions), stamps, replies. Registers-only stubs. */
static void handler(void *arg)
{
	basalt_regs_t r = { .a0 = g.fault_ep };

	(void)arg;
	basalt_syscall(BASALT_SYS_RECV, &r);
	for (;;) {
		g.after_recv = bench_counter();
		if (basalt_msginfo_label(r.info) == BASALT_FAULT_VM) {
			basalt_frame_map(g.frames + g.count, BASALT_INIT_VSPACE, r.mr[BASALT_VM_FAULT_ADDR] & ~4095ul,
					 BASALT_MAP_READ | BASALT_MAP_WRITE, 0);
			r.info = basalt_msginfo(0, 0, 0, 0);
		} else {
			/* Resume after the faulting instruction. */
			r.mr[0] += 4;
			r.info = basalt_msginfo(0, 0, 0, 1);
		}
		g.count++;
		r.a0 = g.fault_ep;
		g.before_reply = bench_counter();
		basalt_syscall(BASALT_SYS_REPLY_RECV, &r);
	}
}

static void faulter(void *arg)
{
	bench_env_t *env = arg;

	for (unsigned i = 0; i < g.total; i++) {
		volatile basalt_word_t *p = (volatile basalt_word_t *)(FAULT_REGION + (basalt_word_t)i * 4096);
		basalt_word_t a, b;

		if (g.mode == 0) {
			g.before = a = bench_counter();
			(void)*p;
			b = bench_counter();
		} else {
			g.before = a = bench_counter();
			__asm__ volatile(".word 0");   /* an illegal instruction */
			b = bench_counter();
		}
		if (i >= env->warmup) {
			unsigned k = i - env->warmup;

			s1[k] = g.after_recv - a - bench_overhead;
			s2[k] = b - g.before_reply - bench_overhead;
			s3[k] = b - a - bench_overhead;
		}
	}
}

static void faults(bench_env_t *env)
{
	basalt_thread_t h, f;
	unsigned n;

	g.total = env->warmup + env->iterations;
	/* The handler's frames, one per fault, in consecutive slots. */
	for (unsigned i = 0; i < g.total; i++) {
		basalt_cptr_t c;

		if (basalt_alloc_object(&env->alloc, BASALT_OBJ_FRAME_4K, 0, &c) != BASALT_OK) {
			printf("bench: fault setup failed\n");
			return;
		}
		if (i == 0)
			g.frames = c;
	}
	/* Page tables for the whole fault region (so the handler's Map is
	 * the frame alone): a mapping in every 2 MiB of it, undone. */
	for (basalt_word_t off = 0; off < (basalt_word_t)g.total * 4096; off += 1ul << 21) {
		if (basalt_vmem_map_frame(&env->vmem, g.frames, FAULT_REGION + off, BASALT_MAP_READ) !=
		    BASALT_OK || basalt_frame_unmap(g.frames) != BASALT_OK) {
			printf("bench: fault setup failed\n");
			return;
		}
	}
	if (basalt_alloc_object(&env->alloc, BASALT_OBJ_ENDPOINT, 0, &g.fault_ep) != BASALT_OK) {
		printf("bench: fault setup failed\n");
		return;
	}
	/* We run below both threads: we get the hart back when the faulter
	 * has finished (it suspends itself) and the handler waits again. */
	basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, 100);
	for (g.mode = 0; g.mode < 2; g.mode++) {
		g.count = 0;
		if (basalt_thread_create(&h, &env->vmem, BASALT_INIT_TCB, 200, 2, 0) != BASALT_OK ||
		    basalt_thread_start(&h, handler, 0) != BASALT_OK ||
		    basalt_thread_create(&f, &env->vmem, BASALT_INIT_TCB, 200, 2, g.fault_ep) != BASALT_OK) {
			printf("bench: fault setup failed\n");
			return;
		}
		if (basalt_thread_start(&f, faulter, env) != BASALT_OK)
			return;
		while (g.count < g.total)
			basalt_yield();
		basalt_tcb_suspend(f.tcb);
		basalt_tcb_suspend(h.tcb);
		n = env->iterations;
		if (g.mode == 0) {
			bench_report("fault-deliver", "page fault delivered to the handler", s1, n);
			bench_report("fault-reply", "handler's reply to the faulting thread resuming", s2, n);
			bench_report("fault-rt", "page fault round trip (handler maps a frame it holds)", s3, n);
		} else {
			bench_report("exc-deliver", "illegal instruction delivered to the handler", s1, n);
			bench_report("exc-reply", "handler's reply (next pc) to the thread resuming", s2, n);
			bench_report("exc-rt", "illegal-instruction fault round trip", s3, n);
		}
	}
	basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, 255);
}

void bench_vm(bench_env_t *env)
{
	map_unmap(env);
	map_2m(env);
	faults(env);
}
