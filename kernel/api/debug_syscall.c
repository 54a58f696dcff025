/*
 * Debugging and testing system calls (basalt/syscall.h). DEBUG_PUTCHAR is
 * in every build (a root task prints through it until a console driver
 * exists); the rest only in debug builds, where tests rely on them.
 */
#include "api/syscall.h"

#include "basalt/errors.h"
#include "basalt/syscall.h"
#include "core/panic.h"
#include "core/printk.h"
#include "debug/audit.h"
#include "debug/irqoff.h"
#include "object/cspace.h"
#include "object/thread.h"

static const cap_t *lookup_cap(tcb_t *t, uint64_t cptr)
{
	lookup_result_t r = cspace_resolve_word(&t->slots[TCB_SLOT_CTABLE].cap, cptr);

	return r.slot != NULL ? &r.slot->cap : NULL;
}

static void name_thread(tcb_t *t)
{
	const cap_t *c = lookup_cap(t, ctx_get(&t->ctx, REG_A0));
	basalt_ipc_buffer_t *buf = thread_ipc_buffer(t);
	const char *name;
	tcb_t *target;
	unsigned i;

	if (c == NULL || c->type != CAP_TCB || buf == NULL) {
		thread_set_status(t, BASALT_INVALID_CAPABILITY);
		return;
	}
	target = tcb_from_pa(c->obj);
	name = (const char *)buf->msg;
	for (i = 0; i + 1 < TCB_NAME_MAX && name[i] != '\0'; i++)
		target->name[i] = name[i];
	target->name[i] = '\0';
	thread_set_status(t, BASALT_OK);
}

bool handle_debug_syscall(tcb_t *t, uint64_t number)
{
	const cap_t *c;

	if (number == BASALT_SYS_DEBUG_PUTCHAR) {
		printk("%c", (char)ctx_get(&t->ctx, REG_A0));
		return true;
	}
	if (!BASALT_DEBUG)
		return false;
	switch (number) {
	case BASALT_SYS_DEBUG_HALT:
		printk("Basalt: thread '%s' asked to power off (%s)\n", t->name,
		       ctx_get(&t->ctx, REG_A0) != 0 ? "failure" : "success");
		system_poweroff(ctx_get(&t->ctx, REG_A0) != 0);
	case BASALT_SYS_DEBUG_CAP_IDENTIFY:
		c = lookup_cap(t, ctx_get(&t->ctx, REG_A0));
		ctx_set(&t->ctx, REG_A0, c != NULL ? c->type : BASALT_CAP_TYPE_NULL);
		return true;
	case BASALT_SYS_DEBUG_CAP_INFO:
		/* The cap's fields, for tests that check what the kernel
		 * recorded: a0 type | rights << 8 | bits << 16 | flags << 24 |
		 * word32 << 32, a1 obj, a2 w1, a3 w2 (cap.h). */
		c = lookup_cap(t, ctx_get(&t->ctx, REG_A0));
		if (c == NULL) {
			ctx_set(&t->ctx, REG_A0, 0);
			return true;
		}
		ctx_set(&t->ctx, REG_A0, (uint64_t)c->type | (uint64_t)c->rights << 8 |
			(uint64_t)c->bits << 16 | (uint64_t)c->flags << 24 | (uint64_t)c->word32 << 32);
		ctx_set(&t->ctx, REG_A1, c->obj);
		ctx_set(&t->ctx, REG_A2, c->w1);
		ctx_set(&t->ctx, REG_A3, c->w2);
		return true;
	case BASALT_SYS_DEBUG_NAME_THREAD:
		name_thread(t);
		return true;
	case BASALT_SYS_DEBUG_AUDIT:
		ctx_set(&t->ctx, REG_A0, audit_run(ctx_get(&t->ctx, REG_A0) != 0));
		/* A walk over all of the kernel's state, without preemption
		 * points: not part of the interrupts-off figures. */
		irqoff_discard();
		return true;
	case BASALT_SYS_DEBUG_IRQOFF: {
		uint64_t kind, max = irqoff_max(&kind, ctx_get(&t->ctx, REG_A0) != 0);

		ctx_set(&t->ctx, REG_A0, max);
		ctx_set(&t->ctx, REG_A1, kind);
		return true;
	}
	case BASALT_SYS_DEBUG_PANIC:
		panic("deliberate panic requested by thread '%s' (BASALT_SYS_DEBUG_PANIC)", t->name);
	default:
		return false;
	}
}
