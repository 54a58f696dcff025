/*
 * Fault delivery (see fault.h and basalt/fault.h).
 *
 * fault_words by type:
 *   VM               [0] address (stval), [1] 1 if instruction fetch,
 *                    [2] scause, [3] access (BASALT_ACCESS_*)
 *   USER_EXCEPTION   [0] scause, [1] stval
 *   UNKNOWN_SYSCALL  none (the message is the registers)
 * The thread's pc is the faulting instruction (for an unknown system call,
 * its ecall): a VM fault resumes there; exceptions and unknown system
 * calls resume where the reply's registers say, and only if the reply's
 * label is 0 (seL4).
 */
#include "object/fault.h"

#include "basalt/fault.h"
#include "basalt/types.h"
#include "core/printk.h"
#include "object/cspace.h"
#include "object/endpoint.h"
#include "object/thread.h"

static const char *fault_name(uint64_t type)
{
	switch (type) {
	case BASALT_FAULT_VM: return "page fault";
	case BASALT_FAULT_USER_EXCEPTION: return "exception";
	case BASALT_FAULT_UNKNOWN_SYSCALL: return "unknown system call";
	default: return "fault";
	}
}

void fault_raise(tcb_t *t, uint64_t type, const uint64_t words[4])
{
	lookup_result_t r;

	fault_record(t, type, words);

	if (t->fault_handler != 0) {
		r = cspace_resolve_word(&t->slots[TCB_SLOT_CTABLE].cap, t->fault_handler);
		if (r.slot != NULL && r.slot->cap.type == CAP_ENDPOINT &&
		    (r.slot->cap.rights & BASALT_RIGHT_WRITE) &&
		    (r.slot->cap.rights & (BASALT_RIGHT_GRANT | BASALT_RIGHT_GRANT_REPLY))) {
			cap_t handler = r.slot->cap;

			endpoint_send(t, &handler, true, true);
			return;
		}
	}
	printk("fault: thread '%s' (tcb 0x%llx): %s at pc 0x%llx (cause %llu, value 0x%llx): "
	       "no fault handler, suspended\n",
	       t->name[0] != '\0' ? t->name : "?", (unsigned long long)virt_to_phys(t),
	       fault_name(type), (unsigned long long)t->ctx.pc,
	       (unsigned long long)(type == BASALT_FAULT_VM ? words[2] : words != NULL ? words[0] : 0),
	       (unsigned long long)(type == BASALT_FAULT_VM ? words[0] : words != NULL ? words[1] : 0));
	t->fault_type = BASALT_FAULT_NONE;
	thread_set_state(t, THREAD_INACTIVE);
}

unsigned fault_write_message(tcb_t *f, tcb_t *receiver, basalt_ipc_buffer_t *rbuf)
{
	unsigned limit = rbuf != NULL ? BASALT_MSG_MAX_LENGTH : BASALT_MSG_REGISTERS;
	uint64_t mr[BASALT_SYSCALL_FAULT_LENGTH];
	unsigned n;

	switch (f->fault_type) {
	case BASALT_FAULT_VM:
		mr[BASALT_VM_FAULT_PC] = f->ctx.pc;
		mr[BASALT_VM_FAULT_ADDR] = f->fault_words[0];
		mr[BASALT_VM_FAULT_PREFETCH] = f->fault_words[1];
		mr[BASALT_VM_FAULT_CAUSE] = f->fault_words[2];
		mr[BASALT_VM_FAULT_ACCESS] = f->fault_words[3];
		n = BASALT_VM_FAULT_LENGTH;
		break;
	case BASALT_FAULT_USER_EXCEPTION:
		mr[BASALT_EXC_PC] = f->ctx.pc;
		mr[BASALT_EXC_SP] = ctx_get(&f->ctx, REG_SP);
		mr[BASALT_EXC_CAUSE] = f->fault_words[0];
		mr[BASALT_EXC_VALUE] = f->fault_words[1];
		n = BASALT_EXC_LENGTH;
		break;
	case BASALT_FAULT_UNKNOWN_SYSCALL:
		mr[BASALT_SYSCALL_FAULT_PC] = f->ctx.pc;
		mr[BASALT_SYSCALL_FAULT_SP] = ctx_get(&f->ctx, REG_SP);
		mr[BASALT_SYSCALL_FAULT_RA] = ctx_get(&f->ctx, REG_RA);
		for (unsigned i = 0; i < 8; i++)
			mr[BASALT_SYSCALL_FAULT_A0 + i] = ctx_get(&f->ctx, REG_A0 + i);
		n = BASALT_SYSCALL_FAULT_LENGTH;
		break;
	default:
		n = 0;
		break;
	}
	if (n > limit)
		n = limit;
	for (unsigned i = 0; i < n; i++)
		thread_set_mr(receiver, rbuf, i, mr[i]);
	return n;
}

bool fault_handle_reply(tcb_t *t, tcb_t *replier)
{
	basalt_msginfo_t info = ctx_get(&replier->ctx, REG_A1);
	basalt_ipc_buffer_t *buf = thread_ipc_buffer(replier);
	unsigned len = basalt_msginfo_length(info);

	switch (t->fault_type) {
	case BASALT_FAULT_USER_EXCEPTION:
		if (len > BASALT_EXC_PC)
			t->ctx.pc = thread_get_mr(replier, buf, BASALT_EXC_PC);
		if (len > BASALT_EXC_SP)
			ctx_set(&t->ctx, REG_SP, thread_get_mr(replier, buf, BASALT_EXC_SP));
		return basalt_msginfo_label(info) == 0;
	case BASALT_FAULT_UNKNOWN_SYSCALL:
		if (len > BASALT_SYSCALL_FAULT_PC)
			t->ctx.pc = thread_get_mr(replier, buf, BASALT_SYSCALL_FAULT_PC);
		if (len > BASALT_SYSCALL_FAULT_SP)
			ctx_set(&t->ctx, REG_SP, thread_get_mr(replier, buf, BASALT_SYSCALL_FAULT_SP));
		if (len > BASALT_SYSCALL_FAULT_RA)
			ctx_set(&t->ctx, REG_RA, thread_get_mr(replier, buf, BASALT_SYSCALL_FAULT_RA));
		for (unsigned i = 0; i < 8 && BASALT_SYSCALL_FAULT_A0 + i < len; i++)
			ctx_set(&t->ctx, REG_A0 + i, thread_get_mr(replier, buf, BASALT_SYSCALL_FAULT_A0 + i));
		return basalt_msginfo_label(info) == 0;
	default:
		/* VM faults retry the access. */
		return true;
	}
}
