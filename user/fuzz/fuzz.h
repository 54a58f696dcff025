/*
 * The system-call fuzzer (user/fuzz): a program the root task starts as
 * its child (`fuzz=CALLS[:SEED]` on the kernel command line, or the
 * shell's `fuzz`), with a share of untyped memory, an endpoint to report
 * to and a copy of the ASID control cap. docs/robustness.md has the whole
 * design; in short:
 *
 *   - Two CSpaces. The program's own CNode (C0, slot numbers as cptrs)
 *     holds its infrastructure: its TCB, VSpace, CNode, code and stack
 *     frames, the worker threads, the fault endpoint, the untyped. Only
 *     the supervisor (the main thread) uses it, and only deliberately.
 *   - Workers 0 and 1, which make random calls, and the fault handler run
 *     in a second CSpace R: a 2-slot CNode whose slot 0 holds the victim
 *     CNode V (guarded so that cptr k names V[k]) and slot 1 an infra
 *     CNode I (cptr 1 << 63 | i names I[i]). Every random cptr has bit 63
 *     clear, and no cap to R or I is ever put where random calls reach, so
 *     random calls can only touch victims: objects retyped each batch from
 *     the victim untyped, never the fuzzer's own.
 *   - Workers 2 and 3 have V itself as their CSpace root (guard 56: cptr k
 *     names V[k] too, in one level, so their Calls and ReplyRecvs can take
 *     the kernel's fast path, which two-level CSpaces never do). Their
 *     fault handler caps are in V (V_WORKER_FAULT), where random calls may
 *     reach them: such a worker may then lose its handler and be stopped
 *     by the kernel, and the supervisor restarts it like any stuck worker.
 *   - Per batch: build the victim world, run the workers (several threads,
 *     several priorities) until they made their share of calls, stop them,
 *     revoke the victim untyped, run the kernel's audit.
 */
#ifndef BASALT_FUZZ_FUZZ_H
#define BASALT_FUZZ_FUZZ_H

#include "basalt/errors.h"
#include "invoke.h"
#include "rng.h"
#include "thread.h"

#define FUZZ_WORKERS      4
#define FUZZ_WORKERS_IN_R 2       /* 0, 1 in R; the others in V (one level) */
#define FUZZ_BATCH        10000   /* calls between two audits */

/* Priorities: the supervisor lowest (it runs only when every worker is
 * blocked or done), workers above it, the fault handler above them. All
 * distinct, so which thread runs never depends on the timer: a run is
 * reproducible from its seed. Victim threads have priority 0. */
#define FUZZ_PRIO_SUPERVISOR 10
#define FUZZ_PRIO_WORKER     20   /* + 10 * worker index */
#define FUZZ_PRIO_HANDLER    90
/* The two victim threads: above the supervisor (so they run when every
 * worker waits), below the workers; their maximum controlled priorities
 * are the same, so no victim can raise any thread above them. */
#define FUZZ_PRIO_VICTIM     15   /* and 14 for the second */

/* The workers' CSpace. R: 2 slots, no guard. */
#define R_SLOT_VICTIMS 0
#define R_SLOT_INFRA   1
#define V_BITS         8          /* V: 256 slots, guard 55 */
#define I_BITS         4          /* I: 16 slots, guard 59 */
#define ICPTR(i)       ((1ull << 63) | (basalt_word_t)(i))
#define VCPTR_MASK     (~(1ull << 63))

/* I's slots. */
#define I_FAULT_EP      0          /* the handler receives here */
#define I_WORKER_FAULT  1          /* + worker index: badged fault caps */
#define I_VSPACE        6          /* the fuzzer's VSpace: the handler maps into the window */
#define I_WORKER_TCB    8          /* + worker index: a worker suspends itself when done */

/* V's slots, filled at the start of each batch (world.c); the rest are
 * empty: destinations for retype, copies and received caps. */
enum {
	V_EMPTY = 0,
	V_SELF = 1,         /* V itself, no guard: (index, depth 8) names V[index] */
	V_CHAIN = 2,        /* head of a chain of small guarded CNodes (with a cycle) */
	V_EP0 = 3, V_EP1 = 4, V_EP0_BADGED = 5, V_EP1_RO = 6,
	V_NTFN = 7, V_NTFN_BADGED = 8,
	V_TCB0 = 9, V_TCB1 = 10,
	V_VSPACE = 11,      /* assigned an ASID from V_POOL */
	V_PT0 = 12, V_PT1 = 13, V_PT2 = 14,
	V_FRAME0 = 15,      /* 15..18: 4 KiB frames */
	V_FRAME_2M = 19,
	V_VSPACE2 = 20,     /* a top-level table without an ASID */
	V_POOL = 21,
	V_ASID_CONTROL = 22,
	V_UT_BIG = 23, V_UT_SMALL = 24, V_UT_4K = 25,
	V_FRAME_RO = 26,
	V_CNODE = 27,
	V_IRQ0 = 28, V_IRQ1 = 29,   /* copies of two IRQ handlers (idle lines) */
	V_CODE = 30,        /* the victims' program (victim_code.S), mapped in V_VSPACE */
	V_FIRST_FREE = 31,
	V_WORKER_FAULT = 254,   /* + worker index - FUZZ_WORKERS_IN_R: one-level workers' fault caps */
};

/* Where the victim VSpace maps things, and the window of the fuzzer's own
 * VSpace where workers touch memory (only victim frames are ever mapped
 * there, by the handler). */
#define FUZZ_VADDR      0x40000000ul
#define FUZZ_WINDOW     0x7f000000ul
#define FUZZ_WINDOW_PAGES 16
#define FUZZ_VICTIM_CODE  (FUZZ_VADDR + 0x1000)

/* What one thread saw. result[e] counts calls whose outcome was error
 * code e (BASALT_OK included); `other` counts IPC replies whose label is
 * not an error code (a partner's message). */
typedef struct fuzz_stats {
	uint64_t calls;
	uint64_t result[BASALT_NUM_ERRORS];
	uint64_t other;
	uint64_t accesses;                                     /* memory accesses (not calls) */
	uint64_t faults_vm, faults_exception, faults_syscall;  /* seen by the handler */
	uint64_t handler_maps, handler_drops;
	uint64_t restarts;                                     /* stuck workers restarted */
} fuzz_stats_t;

typedef struct fuzz_worker {
	basalt_tls_t tls;              /* tls.user = this worker */
	unsigned index;
	basalt_thread_t th;            /* its TCB (C0), IPC buffer, stack */
	rng_t rng;
	uint64_t quota, done;          /* calls in this batch */
	volatile bool finished;
	fuzz_stats_t stats;
} fuzz_worker_t;

typedef struct fuzz {
	uint64_t seed, calls;
	basalt_alloc_t alloc;          /* C0 slots, the infra untyped */
	basalt_vmem_t vmem;            /* the fuzzer's own addresses */
	basalt_cptr_t victim_ut;       /* C0: revoked after every batch */
	unsigned victim_ut_bits;
	basalt_cptr_t asid_control;    /* C0 */
	basalt_cptr_t irq_handler;     /* C0: two, for idle lines; V gets copies */
	basalt_cptr_t r, v_orig, i;    /* C0: R, V (made again every batch), I */
	basalt_cptr_t scratch[7];      /* C0 slots where world.c sets victims up */
	basalt_word_t code_vaddr;      /* a page of ours where world.c writes the victims' code */
	basalt_cptr_t fault_ep;        /* C0 */
	basalt_word_t user_top;
	fuzz_worker_t workers[FUZZ_WORKERS];
	basalt_thread_t handler;
	fuzz_stats_t handler_stats;
	rng_t handler_rng;
	uint64_t batches, audits, audit_failures, world_errors;
} fuzz_t;

extern fuzz_t fuzz;

/* world.c: make this batch's victims (from victim_ut) and put them in V. */
basalt_error_t world_build(fuzz_t *f, uint64_t batch);
/* Which deliberate call of the last world_build() failed first (1..; 0: none). */
unsigned world_failed_step(void);

/* worker.c: where a worker starts (and restarts: its state is in *w). */
void worker_start(fuzz_worker_t *w) __attribute__((noreturn));
/* Where the handler sends a worker back after an exception (uses tp). */
void worker_resume(void) __attribute__((noreturn));

/* gen.c: random arguments. */
basalt_cptr_t gen_cptr(rng_t *r);
basalt_word_t gen_slot(rng_t *r);
basalt_word_t gen_word(rng_t *r);
basalt_word_t gen_vaddr(rng_t *r, basalt_word_t user_top);
void gen_path(rng_t *r, basalt_word_t *index, basalt_word_t *depth);
basalt_word_t gen_label(rng_t *r);

/* handler.c: the fault handler thread. */
void handler_main(void *arg);

/* report.c */
void stats_add(fuzz_stats_t *sum, const fuzz_stats_t *s);
void stats_result(fuzz_stats_t *s, basalt_word_t code);
void report_print(const fuzz_t *f);
unsigned report_distinct_errors(const fuzz_stats_t *s);

#endif
