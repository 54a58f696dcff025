/*
 * The host harness for the kernel's capability layer (tests/host/caps).
 *
 * The real kernel/object/{cap,cdt,cspace,cnode,untyped,delete,objects}.c
 * run here over "physical memory" that is a 64 MiB buffer pretending to sit
 * at H_RAM_BASE. The harness supplies what those files call outside the
 * object core:
 *   - kmem_layout, which the kernel's inline phys_to_virt/virt_to_phys
 *     use, set so that RAM is the buffer and the harness's static slots
 *     are "kernel image"; the pretend physical addresses below RAM (device
 *     memory included) are mapped inaccessible, so touching them crashes;
 *   - preemption_point(), which the test controls (never, every n-th call,
 *     randomly, or exactly the k-th call) to drive restartable operations;
 *   - recording stubs for object initialisation and finalisation, with a
 *     registry of every object created so a test can check each was
 *     finalised exactly once, when its last cap went;
 *   - inv_arg()/inv_set_result() and invocation builders, so tests call
 *     decode_cnode_invocation() and decode_untyped_invocation() directly;
 *   - checkers: the derivation list's shape, an audit of where caps live
 *     and what they name, and snapshots for "a failed call changed
 *     nothing".
 *
 * Memory layout (pretend physical addresses):
 *   [RAM_BASE, +16 MiB)        hand-built objects (h_boot_alloc)
 *   [RAM_BASE + 16 MiB, +16)   a second untyped (h_env.ut2)
 *   [RAM_BASE + 32 MiB, +32)   the root untyped (h_env.ut)
 *   H_DEV_PA, 1 GiB            a device untyped, outside RAM: never touched
 */
#ifndef CAPS_HARNESS_H
#define CAPS_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/invocation.h"
#include "basalt/invocation.h"
#include "object/cap_rules.h"
#include "object/cdt.h"
#include "object/cnode.h"
#include "object/cspace.h"
#include "object/delete.h"
#include "object/untyped.h"

#define H_RAM_BASE   0x80000000ull
#define H_RAM_SIZE   (64ull << 20)
#define H_BOOT_SIZE  (16ull << 20)
#define H_UT2_PA     (H_RAM_BASE + (16ull << 20))
#define H_UT2_BITS   24
#define H_UT_PA      (H_RAM_BASE + (32ull << 20))
#define H_UT_BITS    25
#define H_DEV_PA     0x40000000ull
#define H_DEV_BITS   30
#define H_STATIC_PA  0x7f0000000000ull   /* the static slots' pretend (image) address */

/* The root CNode: 2^8 slots, no guard, so a root slot is (index, depth 8). */
#define H_ROOT_RADIX 8
#define H_ROOT_DEPTH 8
#define H_SLOT_UT    1
#define H_SLOT_UT2   2
#define H_SLOT_DEV   3
#define H_FIRST_FREE 16

typedef struct h_env {
	cte_t *root;        /* static slot holding the root CNode cap */
	cte_t *slots;       /* the root CNode's slots */
	cte_t *ut, *ut2, *dev;
	tcb_t *caller;      /* the invoking thread (SaveCaller's caller slot) */
} h_env_t;

extern h_env_t h_env;

/* ---- setup (cmocka setup/teardown functions) ---- */

/* Fill RAM with garbage, forget all state, build h_env. */
int h_setup(void **state);
/* As h_setup, but no environment: an empty list and raw RAM (for tests
 * that build their own CSpaces). */
int h_setup_bare(void **state);
int h_teardown(void **state);

/* ---- memory ---- */
void *h_ram(void);                          /* the buffer (pa H_RAM_BASE) */
bool h_in_ram(uint64_t pa, uint64_t size);
/* Hand-built object of 2^bits bytes, naturally aligned, zeroed. */
uint64_t h_boot_alloc(unsigned bits);
/* A static slot: outside RAM, like the kernel's own statics. */
cte_t *h_static_slot(unsigned i);
#define H_STATIC_SLOTS 8
static inline cte_t *h_slot_at(uint64_t pa) { return (cte_t *)phys_to_virt(pa); }
/* Slot `i` of the CNode (or CNode zombie) a cap names. */
static inline cte_t *h_cnode_slot(const cap_t *c, uint64_t i)
{
	return (cte_t *)phys_to_virt(c->obj) + i;
}

/* ---- preemption ---- */
void h_preempt_never(void);
void h_preempt_every(unsigned n);           /* every n-th call preempts */
void h_preempt_random(uint64_t seed, unsigned one_in);
void h_preempt_at(uint64_t k);              /* only the k-th call from now */
extern uint64_t h_preempt_calls;            /* calls since the last mode change */
/* Finalisation and CancelBadgedSends pass a preemption point of their own
 * before they record anything (as the real ones do per waiter woken). */
extern bool h_finalise_preempts;
/* Fail a run that restarts more often than this (no progress). */
extern uint64_t h_restart_limit;

/* Stack use: h_stack_reset() marks the current depth; the preemption
 * point and the finalisation stubs note how deep below it they are called;
 * h_stack_used() is the most seen (bytes). Constant for deletions of any
 * depth: the kernel does not recurse. */
void h_stack_reset(void);
void h_stack_note(void);
uint64_t h_stack_used(void);

/* ---- invocations ---- */
typedef struct h_result {
	exception_t ex;         /* EXC_NONE or EXC_SYSCALL_ERROR (EXC_PREEMPTED: h_call_once) */
	syserr_t err;
	uint64_t restarts;
} h_result_t;

/* Invoke the cap in `slot` (a CNode or an untyped) with `label`, the
 * message `args[0..nargs)` and the extra caps `extra[0..nextra)`;
 * restarted while it is preempted, as the kernel restarts the system call. */
h_result_t h_call(cte_t *slot, basalt_word_t label, const uint64_t *args, unsigned nargs,
		  cte_t *const *extra, unsigned nextra);
/* One attempt, no restart. */
h_result_t h_call_once(cte_t *slot, basalt_word_t label, const uint64_t *args, unsigned nargs,
		       cte_t *const *extra, unsigned nextra);
/* Results the decoder wrote with inv_set_result() in the last call. */
extern uint64_t h_results[BASALT_MSG_MAX_LENGTH];
extern unsigned h_result_length;

/* Shorthands on the root CNode, slots named by root index (depth 8). */
h_result_t h_retype(cte_t *ut, unsigned type, unsigned size_bits, uint64_t offset, unsigned count);
h_result_t h_copy(uint64_t dest, uint64_t src, unsigned rights);
h_result_t h_mint(uint64_t dest, uint64_t src, unsigned rights, uint64_t data);
h_result_t h_move(uint64_t dest, uint64_t src);
h_result_t h_mutate(uint64_t dest, uint64_t src, uint64_t data);
h_result_t h_delete(uint64_t index);
h_result_t h_revoke(uint64_t index);
static inline cte_t *h_root_slot(uint64_t i) { return &h_env.slots[i]; }

/* Expect an outcome; on failure the message names the call. */
void h_expect_ok_at(h_result_t r, const char *what, const char *file, int line);
void h_expect_err_at(h_result_t r, basalt_error_t code, const char *what, const char *file, int line);
#define h_expect_ok(r, what) h_expect_ok_at((r), (what), __FILE__, __LINE__)
#define h_expect_err(r, code, what) h_expect_err_at((r), (code), (what), __FILE__, __LINE__)

/* ---- the object registry and finalisation records ---- */
/* Record a new object (its original cap); retypes through h_call do it
 * for every object they make. */
void h_note_created(const cap_t *c);
/* How often an object was finalised (finalise_cap with `final`, or
 * finalise_tcb_prepare), while the registry holds it: an audit settles
 * and forgets the objects that are gone. */
unsigned h_finalised(unsigned cap_type, uint64_t pa);
/* The order of final events: the object addresses, as logged. */
typedef struct h_event {
	uint8_t type;       /* cap type finalised */
	bool final;
	uint64_t obj;
	uint64_t badge;     /* CancelBadgedSends: the badge */
} h_event_t;
#define H_LOG_MAX 4096
extern h_event_t h_log[H_LOG_MAX];
extern unsigned h_log_len;      /* stops growing at H_LOG_MAX */
void h_log_clear(void);
extern unsigned h_cancel_badged_calls;
/* Verify every finalise_cap()'s `final` against a scan of all caps (slow:
 * O(caps) per call). */
extern bool h_verify_final;

/* ---- checkers ---- */
/* The list from cdt_root: links agree both ways, no empty slot, no cycle.
 * Returns the number of slots on it. */
uint64_t h_check_list(void);
/* h_check_list plus: every slot on the list lives in a static slot or in
 * a live CNode/TCB; every cap names memory of a live object (inside its
 * untyped's watermark, children of one untyped disjoint); every object
 * that lost its last cap was finalised exactly once (CNodes: emptied), and
 * live ones not at all. */
void h_audit(void);
/* Number of objects the registry holds as live. */
uint64_t h_live_objects(void);

/* A snapshot of the derivation list (every slot, its cap and links) and
 * of all of RAM, to check that a failed call changed nothing. */
typedef struct h_snapshot h_snapshot_t;
h_snapshot_t *h_snapshot_take(void);
/* Without RAM: the list and the harness slots only (cheap). */
h_snapshot_t *h_snapshot_take_ex(bool with_ram);
void h_snapshot_expect_same(h_snapshot_t *s, const char *what);

/* ---- small helpers ---- */
uint64_t h_rand(uint64_t *state);   /* splitmix64 */
bool h_caps_equal(const cap_t *a, const cap_t *b);

/* ---- the test lists of each file (main.c runs them all) ---- */
typedef struct h_suite {
	const struct CMUnitTest *tests;
	size_t count;
} h_suite_t;

extern const h_suite_t h_suite_cspace, h_suite_cdt, h_suite_untyped, h_suite_cnode,
	h_suite_delete, h_suite_random;

#define H_SUITE(name, array) \
	const h_suite_t name = { array, sizeof(array) / sizeof((array)[0]) }
#define H_TEST(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)
#define H_TEST_BARE(f) cmocka_unit_test_setup_teardown(f, h_setup_bare, h_teardown)

#endif
