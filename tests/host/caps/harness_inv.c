/*
 * Invocations as the kernel's system-call layer makes them, and the
 * per-test environment.
 *
 * The kernel decodes an invocation from the caller's registers; here the
 * message words go where the kernel's own inv_arg() reads them (the caller
 * TCB's a2..a5, then an IPC buffer), and its assertion fails the test if a
 * decoder reads past the length it was given (decoders must check the
 * length first). A preempted invocation is restarted from scratch, as the
 * kernel restarts the system call.
 */
#include <string.h>

#include "harness.h"
#include "harness_internal.h"

#include "object/thread.h"

/* The caller's IPC buffer: message words past the registers go here, as
 * the kernel's inv_arg() (invocation.h) reads them. */
static basalt_ipc_buffer_t h_ipc_buffer;

h_env_t h_env;
uint64_t h_results[BASALT_MSG_MAX_LENGTH];
unsigned h_result_length;

void inv_set_result(invocation_t *inv, unsigned i, basalt_word_t value)
{
	if (i >= BASALT_MSG_MAX_LENGTH)
		fail_msg("inv_set_result(%u): past the message", i);
	h_results[i] = value;
	if (i + 1 > inv->result_length)
		inv->result_length = i + 1;
	h_result_length = inv->result_length;
}

/* The CNode a retype puts its objects in (as the decoder finds it). */
static const cap_t *retype_node(const uint64_t *args, cte_t *const *extra)
{
	lookup_result_t r;

	if (args[3] == 0)
		return &extra[0]->cap;
	r = cspace_lookup_slot_exact(&extra[0]->cap, args[2], (unsigned)args[3]);
	if (r.slot == NULL)
		fail_msg("retype succeeded but its destination does not resolve");
	return &r.slot->cap;
}

h_result_t h_call_once(cte_t *slot, basalt_word_t label, const uint64_t *args, unsigned nargs,
		       cte_t *const *extra, unsigned nextra)
{
	static struct { invocation_t inv; } h;
	h_result_t r = { 0 };

	if (nargs > BASALT_MSG_MAX_LENGTH || nextra > BASALT_MSG_MAX_EXTRA_CAPS)
		fail_msg("h_call: %u args, %u extra caps", nargs, nextra);
	memset(&h, 0, sizeof(h));
	h.inv.thread = h_env.caller;
	h.inv.slot = slot;
	h.inv.cap = slot->cap;
	h.inv.label = label;
	h.inv.length = nargs;
	h.inv.extra_count = nextra;
	h.inv.is_call = true;
	for (unsigned i = 0; i < nextra; i++)
		h.inv.extra[i] = extra[i];
	/* Where the kernel's inv_arg() finds them: the first words in the
	 * caller's a2..a5, the rest in its IPC buffer; inv_arg() asserts the
	 * decoder checked the length first. */
	memset(&h_ipc_buffer, 0, sizeof(h_ipc_buffer));
	for (unsigned i = 0; i < nargs; i++)
		thread_set_mr(h_env.caller, &h_ipc_buffer, i, args[i]);
	h.inv.buffer = &h_ipc_buffer;
	h_result_length = 0;
	/* A retype from an untyped with no children reuses its memory: the
	 * registry must first settle which objects are gone. */
	if (slot->cap.type == CAP_UNTYPED && !cdt_has_children(slot) && slot->cap.w1 != 0)
		h_registry_reconcile();

	switch (slot->cap.type) {
	case CAP_CNODE:
		r.ex = decode_cnode_invocation(&h.inv);
		break;
	case CAP_UNTYPED:
		r.ex = decode_untyped_invocation(&h.inv);
		break;
	default:
		fail_msg("h_call on a %s cap", cap_type_name(slot->cap.type));
	}
	r.err = h.inv.err;
	if (r.ex == EXC_NONE && slot->cap.type == CAP_UNTYPED) {
		const cap_t *node = retype_node(args, extra);

		for (uint64_t i = 0; i < args[5]; i++) {
			const cte_t *d = h_cnode_slot(node, args[4] + i);

			if (cap_is_null(&d->cap))
				fail_msg("retype succeeded but its slot %llu is empty",
					 (unsigned long long)(args[4] + i));
			h_note_created(&d->cap);
		}
	}
	return r;
}

h_result_t h_call(cte_t *slot, basalt_word_t label, const uint64_t *args, unsigned nargs,
		  cte_t *const *extra, unsigned nextra)
{
	uint64_t restarts = 0;
	h_result_t r;

	for (;;) {
		r = h_call_once(slot, label, args, nargs, extra, nextra);
		if (r.ex != EXC_PREEMPTED)
			break;
		if (++restarts > h_restart_limit)
			fail_msg("invocation %llu restarted %llu times without finishing",
				 (unsigned long long)label, (unsigned long long)restarts);
	}
	r.restarts = restarts;
	return r;
}

h_result_t h_retype(cte_t *ut, unsigned type, unsigned size_bits, uint64_t offset, unsigned count)
{
	uint64_t a[6] = { type, size_bits, 0, 0, offset, count };
	cte_t *x[1] = { h_env.root };

	return h_call(ut, BASALT_INV_UNTYPED_RETYPE, a, 6, x, 1);
}

h_result_t h_copy(uint64_t dest, uint64_t src, unsigned rights)
{
	uint64_t a[5] = { dest, H_ROOT_DEPTH, src, H_ROOT_DEPTH, rights };
	cte_t *x[1] = { h_env.root };

	return h_call(h_env.root, BASALT_INV_CNODE_COPY, a, 5, x, 1);
}

h_result_t h_mint(uint64_t dest, uint64_t src, unsigned rights, uint64_t data)
{
	uint64_t a[6] = { dest, H_ROOT_DEPTH, src, H_ROOT_DEPTH, rights, data };
	cte_t *x[1] = { h_env.root };

	return h_call(h_env.root, BASALT_INV_CNODE_MINT, a, 6, x, 1);
}

h_result_t h_move(uint64_t dest, uint64_t src)
{
	uint64_t a[4] = { dest, H_ROOT_DEPTH, src, H_ROOT_DEPTH };
	cte_t *x[1] = { h_env.root };

	return h_call(h_env.root, BASALT_INV_CNODE_MOVE, a, 4, x, 1);
}

h_result_t h_mutate(uint64_t dest, uint64_t src, uint64_t data)
{
	uint64_t a[5] = { dest, H_ROOT_DEPTH, src, H_ROOT_DEPTH, data };
	cte_t *x[1] = { h_env.root };

	return h_call(h_env.root, BASALT_INV_CNODE_MUTATE, a, 5, x, 1);
}

h_result_t h_delete(uint64_t index)
{
	uint64_t a[2] = { index, H_ROOT_DEPTH };

	return h_call(h_env.root, BASALT_INV_CNODE_DELETE, a, 2, NULL, 0);
}

h_result_t h_revoke(uint64_t index)
{
	uint64_t a[2] = { index, H_ROOT_DEPTH };

	return h_call(h_env.root, BASALT_INV_CNODE_REVOKE, a, 2, NULL, 0);
}

static const char *err_name(basalt_error_t e)
{
	static const char *const names[] = {
		"OK", "INVALID_ARGUMENT", "INVALID_CAPABILITY", "ILLEGAL_OPERATION", "RANGE_ERROR",
		"ALIGNMENT_ERROR", "FAILED_LOOKUP", "TRUNCATED_MESSAGE", "DELETE_FIRST",
		"REVOKE_FIRST", "NOT_ENOUGH_MEMORY",
	};

	return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : "?";
}

void h_expect_ok_at(h_result_t r, const char *what, const char *file, int line)
{
	if (r.ex != EXC_NONE)
		fail_msg("%s:%d: %s: expected success, got %s (detail %llu, %llu)", file, line, what,
			 r.ex == EXC_SYSCALL_ERROR ? err_name(r.err.code) : "preempted",
			 (unsigned long long)r.err.detail[0], (unsigned long long)r.err.detail[1]);
}

void h_expect_err_at(h_result_t r, basalt_error_t code, const char *what, const char *file, int line)
{
	if (r.ex != EXC_SYSCALL_ERROR || r.err.code != code)
		fail_msg("%s:%d: %s: expected %s, got %s", file, line, what, err_name(code),
			 r.ex == EXC_NONE ? "success" : r.ex == EXC_SYSCALL_ERROR ? err_name(r.err.code) :
			 "preempted");
}

/* ---- the environment ---- */
static void reset_state(void)
{
	h_ram_fill_garbage();
	memset(&cdt_root, 0, sizeof(cdt_root));
	memset(&h_env, 0, sizeof(h_env));
	h_registry_reset();
	h_snapshot_reset();
	h_preempt_never();
	h_restart_limit = 50000000;
}

int h_setup_bare(void **state)
{
	reset_state();
	return 0;
}

int h_setup(void **state)
{
	uint64_t cnode_pa, tcb_pa;
	cap_t c;

	reset_state();
	/* The root CNode, its cap in a static slot (like a TCB's CSpace root). */
	cnode_pa = h_boot_alloc(H_ROOT_RADIX + BASALT_SLOT_BITS);
	h_env.root = h_static_slot(0);
	h_env.slots = phys_to_virt(cnode_pa);
	c = cap_cnode(cnode_pa, H_ROOT_RADIX, 0, 0);
	cdt_insert_root(&cdt_root, h_env.root, c);
	h_note_created(&c);

	/* The untyped: RAM in the memory above the boot area, and a device
	 * untyped where no RAM is. */
	h_env.ut = h_root_slot(H_SLOT_UT);
	h_env.ut2 = h_root_slot(H_SLOT_UT2);
	h_env.dev = h_root_slot(H_SLOT_DEV);
	c = cap_untyped(H_UT_PA, H_UT_BITS, false);
	cdt_insert_root(h_env.root, h_env.ut, c);
	h_note_created(&c);
	c = cap_untyped(H_UT2_PA, H_UT2_BITS, false);
	cdt_insert_root(h_env.ut, h_env.ut2, c);
	h_note_created(&c);
	c = cap_untyped(H_DEV_PA, H_DEV_BITS, true);
	cdt_insert_root(h_env.ut2, h_env.dev, c);
	h_note_created(&c);

	/* The calling thread (its master reply cap goes on the list). */
	tcb_pa = h_boot_alloc(BASALT_TCB_BITS);
	h_env.caller = phys_to_virt(tcb_pa);
	thread_init(h_env.caller);
	c = cap_tcb(tcb_pa);
	h_note_created(&c);
	/* Its TCB cap lives in a static slot, as the scheduler's would. */
	cdt_insert_root(h_env.dev, h_static_slot(1), c);
	return 0;
}

int h_teardown(void **state)
{
	return 0;
}
