/*
 * `fuzz=CALLS[:SEED]` on the kernel command line (and the shell's `fuzz`):
 * start the system-call fuzzer (user/fuzz) as a child, from the test
 * suite's arena untyped, wait for its report, then take everything back.
 *
 * The child gets: an endpoint to report on (badge 1; badged
 * FUZZ_BADGE_FAULT it is also its fault handler, so a fuzzer that dies
 * is reported, not waited for), a copy of ASID control (its victims
 * include ASID pools), copies of IRQ handlers for two idle interrupt
 * lines (the first two that IRQ control issues: on QEMU virt lines 1 and
 * 2, virtio slots with no device behind them), and a share of the arena
 * as one untyped. The handlers are not made from the arena, so they are
 * deleted by hand at the end. Its own
 * objects (VSpace, CNode, TCB, frames) come from the arena too, so
 * revoking the arena afterwards must give back every byte: a retype of
 * one untyped as large as the arena must then succeed, and the kernel's
 * audit must be clean.
 *
 * Then the interrupts-off figure for long operations: a retype of as many
 * 2 MiB frames as the arena holds (up to 256; each zeroed a page at a time)
 * and a revoke of the arena, measured alone. Preemption points must keep
 * the longest stretch bounded whatever the sizes.
 */
#include "bootinfo.h"
#include "fmt/fmt.h"
#include "irqoff.h"
#include "print.h"
#include "process.h"
#include "root.h"

extern const char module_fuzz_start[], module_fuzz_end[];

#define FUZZ_BADGE_REPORT 1u
#define FUZZ_BADGE_FAULT  (1ull << 62)
#define FUZZ_PRIORITY     100
#define FUZZ_CNODE_BITS   10
#define FUZZ_SHARE_BITS   25      /* at most 32 MiB to the fuzzer */
#define FUZZ_DEFAULT_SEED 0x5eedf00dull
#define FUZZ_IRQS         2
#define FUZZ_IRQ_SCAN     32      /* lines tried for idle ones */

/* IRQ handlers for the first FUZZ_IRQS lines IRQ control issues. */
static basalt_error_t issue_handlers(basalt_alloc_t *a, basalt_cptr_t *handlers)
{
	unsigned n = 0;

	for (basalt_word_t irq = 1; irq < FUZZ_IRQ_SCAN && n < FUZZ_IRQS; irq++) {
		basalt_cptr_t slot = basalt_alloc_slot(a);

		if (slot == 0)
			return BASALT_NOT_ENOUGH_MEMORY;
		if (basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, irq, BASALT_INIT_CNODE, slot, 64) ==
		    BASALT_OK)
			handlers[n++] = slot;
	}
	return n == FUZZ_IRQS ? BASALT_OK : BASALT_RANGE_ERROR;
}

static basalt_error_t load(root_system_t *s, basalt_process_t *p, basalt_alloc_t *a,
			   basalt_cptr_t ep, const basalt_cptr_t *handlers, basalt_word_t calls,
			   basalt_word_t seed)
{
	const test_resources_t *res = &s->tests;
	char cmdline[96];
	basalt_word_t slot, fault_slot;
	unsigned share = res->untyped_bits - 1 < FUZZ_SHARE_BITS ? res->untyped_bits - 1
								: FUZZ_SHARE_BITS;
	basalt_error_t e;

	fmt_snprintf(cmdline, sizeof(cmdline), "calls=%llu seed=0x%llx top=0x%llx",
		 (unsigned long long)calls, (unsigned long long)seed,
		 (unsigned long long)s->bi->h.user_top);
	e = basalt_process_load(p, a, &s->window, BASALT_INIT_ASID_POOL, module_fuzz_start,
				(basalt_word_t)(module_fuzz_end - module_fuzz_start), FUZZ_CNODE_BITS,
				FUZZ_PRIORITY, BASALT_INIT_TCB, cmdline);
	if (e == BASALT_OK)
		e = basalt_process_give(p, ep, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT,
					FUZZ_BADGE_REPORT, &slot);
	if (e == BASALT_OK)
		e = basalt_process_give(p, ep, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT,
					FUZZ_BADGE_FAULT, &fault_slot);
	if (e == BASALT_OK)
		e = basalt_process_set_fault_handler(p, fault_slot);
	if (e == BASALT_OK)
		e = basalt_process_give(p, BASALT_INIT_ASID_CONTROL, BASALT_RIGHTS_ALL, 0, &slot);
	for (unsigned i = 0; i < FUZZ_IRQS && e == BASALT_OK; i++)
		e = basalt_process_give(p, handlers[i], BASALT_RIGHTS_ALL, 0, &slot);
	if (e == BASALT_OK)
		e = basalt_process_give_untyped(p, share, &slot);
	if (e == BASALT_OK) {
		basalt_debug_name_thread(p->tcb, "fuzz");
		e = basalt_process_start(p);
	}
	return e;
}

/* The arena is whole again: one untyped of its full size fits. */
static bool all_memory_back(const test_resources_t *res, basalt_alloc_t *a)
{
	basalt_cptr_t slot = basalt_alloc_slot(a);
	basalt_error_t e = basalt_untyped_retype(res->untyped, BASALT_OBJ_UNTYPED, res->untyped_bits,
						 BASALT_INIT_CNODE, 0, 0, slot, 1);

	if (e == BASALT_OK)
		basalt_cnode_delete(BASALT_INIT_CNODE, slot, 64);
	return e == BASALT_OK;
}

/* Retype up to 256 2 MiB frames from the arena, then revoke it: the
 * longest interrupts-off stretch of those two alone. */
static basalt_word_t long_operations(const test_resources_t *res, basalt_alloc_t *a,
				     basalt_word_t *kind, unsigned *frames)
{
	unsigned n = res->untyped_bits > 29 ? 256 : 1u << (res->untyped_bits - 21);
	basalt_cptr_t first = a->next;
	basalt_error_t e;

	*frames = 0;
	if (a->next + n > a->end)
		return 0;
	a->next += n;
	basalt_debug_irqoff(1, kind);
	e = basalt_untyped_retype(res->untyped, BASALT_OBJ_FRAME_2M, 0, BASALT_INIT_CNODE, 0, 0,
				  first, n);
	if (e == BASALT_OK)
		*frames = n;
	basalt_cnode_revoke(BASALT_INIT_CNODE, res->untyped, 64);
	return basalt_debug_irqoff(0, kind);
}

int run_fuzz(const char *arg, root_system_t *s)
{
	const test_resources_t *res = &s->tests;
	basalt_word_t calls = 1000000, seed = FUZZ_DEFAULT_SEED, badge, kind = 0, worst;
	basalt_alloc_t a;
	basalt_process_t p;
	basalt_msginfo_t info;
	basalt_cptr_t ep, handlers[FUZZ_IRQS] = { 0 };
	unsigned audit, frames;
	char what[48];
	bool ok = true, back;
	const char *c = arg;
	basalt_error_t e;

	if (*c != '\0' && !basalt_parse_u64(&c, &calls))
		c = "?";
	if (*c == ':' && (c++, !basalt_parse_u64(&c, &seed)))
		c = "?";
	if (*c != '\0') {
		printf("fuzz: usage: fuzz=CALLS[:SEED] (numbers decimal or 0x hexadecimal)\n");
		return 1;
	}
	if (!s->bi->h.debug_build) {
		printf("fuzz: FAIL: needs a debug build (the kernel's audit)\n");
		return 1;
	}
	if (res->untyped == 0 || res->untyped_bits < 22) {
		printf("fuzz: FAIL: no arena untyped to run in\n");
		return 1;
	}
	basalt_alloc_init(&a, res->slot_first, res->slot_end);
	basalt_alloc_add_untyped(&a, res->untyped);
	e = issue_handlers(&a, handlers);
	if (e == BASALT_OK)
		e = basalt_alloc_object(&a, BASALT_OBJ_ENDPOINT, 0, &ep);
	if (e == BASALT_OK)
		e = load(s, &p, &a, ep, handlers, calls, seed);
	if (e != BASALT_OK) {
		printf("fuzz: FAIL: cannot start the fuzzer (error %d)\n", e);
		for (unsigned i = 0; i < FUZZ_IRQS; i++)
			if (handlers[i] != 0)
				basalt_cnode_delete(BASALT_INIT_CNODE, handlers[i], 64);
		basalt_cnode_revoke(BASALT_INIT_CNODE, res->untyped, 64);
		return 1;
	}
	info = basalt_recv(ep, &badge);
	if (badge & FUZZ_BADGE_FAULT) {
		printf("fuzz: FAIL: the fuzzer itself faulted (fault %llu, pc 0x%llx, address 0x%llx)\n",
		       (unsigned long long)basalt_msginfo_label(info),
		       (unsigned long long)basalt_get_mr(0), (unsigned long long)basalt_get_mr(1));
		ok = false;
	} else if (basalt_msginfo_label(info) != 0 || basalt_get_mr(0) != 0 || basalt_get_mr(1) != 0) {
		printf("fuzz: FAIL: the fuzzer reports failure\n");
		ok = false;
	}
	basalt_tcb_suspend(p.tcb);

	/* Everything the fuzzer had, and made, came from the arena, but
	 * for the IRQ handlers (whose copies went with its CNode). */
	e = basalt_cnode_revoke(BASALT_INIT_CNODE, res->untyped, 64);
	for (unsigned i = 0; i < FUZZ_IRQS; i++)
		basalt_cnode_delete(BASALT_INIT_CNODE, handlers[i], 64);
	back = e == BASALT_OK && all_memory_back(res, &a);
	audit = basalt_debug_audit(0);
	printf("fuzz: revoke %s all memory (2^%u bytes), audit after revoke: %u failures\n",
	       back ? "returned" : "did NOT return", res->untyped_bits, audit);
	ok = ok && back && audit == 0;

	a.next = res->slot_first;
	worst = long_operations(res, &a, &kind, &frames);
	basalt_irqoff_describe(kind, what, sizeof(what));
	printf("fuzz: retype of %u 2 MiB frames and revoke of 2^%u bytes: worst interrupts-off "
	       "stretch %llu instructions (%s)\n", frames, res->untyped_bits,
	       (unsigned long long)worst, what);
	ok = ok && frames > 0 && all_memory_back(res, &a) && basalt_debug_audit(0) == 0;
	printf("fuzz: %s\n", ok ? "PASS" : "FAIL");
	return ok ? 0 : 1;
}
