/* Thread and address-space helpers for tests (see test_util.h). */
#include "test_util.h"

#include "space.h"

basalt_error_t test_thread(test_env_t *env, basalt_thread_t *t, unsigned priority,
			   basalt_thread_fn fn, void *arg)
{
	basalt_error_t e = basalt_thread_create(t, &env->vmem, env->self, priority, 2, 0);

	if (e == BASALT_OK)
		e = basalt_thread_start(t, fn, arg);
	return e;
}

basalt_error_t test_space(test_env_t *env, test_space_t *s)
{
	return test_space_in(env, BASALT_INIT_ASID_POOL, s);
}

basalt_error_t test_space_in(test_env_t *env, basalt_cptr_t pool, test_space_t *s)
{
	image_space_t is;
	basalt_error_t e = image_space_make_in(&is, &env->alloc, env->bi, pool, env->vmem.next,
					       env->vmem.end);

	s->vspace = is.vspace;
	s->vmem = is.vmem;
	return e;
}

basalt_error_t test_thread_in(test_env_t *env, test_space_t *s, basalt_thread_t *t,
			      unsigned priority, basalt_thread_fn fn, void *arg)
{
	basalt_error_t e = basalt_thread_create(t, &s->vmem, env->self, priority, 2, 0);

	if (e == BASALT_OK)
		e = basalt_thread_start(t, fn, arg);
	return e;
}

basalt_error_t test_thread_handled(test_env_t *env, basalt_vmem_t *vm, basalt_thread_t *t,
				   unsigned priority, basalt_cptr_t fault_ep, basalt_thread_fn fn,
				   void *arg)
{
	basalt_error_t e = basalt_thread_create(t, vm, env->self, priority, 2, fault_ep);

	if (e == BASALT_OK)
		e = basalt_thread_start(t, fn, arg);
	return e;
}

void test_recv_fault(basalt_cptr_t ep, test_fault_t *f)
{
	basalt_msginfo_t info = basalt_recv(ep, &f->badge);

	f->label = basalt_msginfo_label(info);
	f->length = basalt_msginfo_length(info);
	for (unsigned i = 0; i < BASALT_SYSCALL_FAULT_LENGTH; i++)
		f->mr[i] = i < f->length ? basalt_get_mr(i) : 0;
}

/* test_insns.S */
basalt_word_t test_insn_load(volatile basalt_word_t *p);
void test_insn_store(volatile basalt_word_t *p, basalt_word_t v);
basalt_word_t test_insn_call(const void *code);

/* What a probe thread is asked to do; shared with it through the data
 * segment (mapped in every test address space). */
static volatile struct {
	basalt_word_t addr, value, done;
	test_access_t access;
} probe;

static void probe_body(void *arg)
{
	(void)arg;
	switch (probe.access) {
	case TEST_READ:
		probe.value = test_insn_load((volatile basalt_word_t *)probe.addr);
		break;
	case TEST_WRITE:
		test_insn_store((volatile basalt_word_t *)probe.addr, probe.value);
		break;
	case TEST_EXEC:
		probe.value = test_insn_call((const void *)probe.addr);
		break;
	}
	probe.done = 1;
}

basalt_error_t test_probe(test_env_t *env, basalt_vmem_t *vm, basalt_word_t addr,
			  test_access_t access, basalt_word_t value, test_probe_t *out)
{
	basalt_cptr_t ep;
	basalt_thread_t t;
	basalt_error_t e = basalt_alloc_object(&env->alloc, BASALT_OBJ_ENDPOINT, 0, &ep);

	probe.addr = addr;
	probe.value = value;
	probe.access = access;
	probe.done = 0;
	if (e == BASALT_OK)
		e = test_thread_handled(env, vm, &t, TEST_PRIORITY + 1, ep, probe_body, 0);
	if (e != BASALT_OK)
		return e;
	/* It outranks us: it has finished or is waiting to deliver a fault. */
	out->faulted = probe.done == 0;
	out->value = probe.value;
	if (out->faulted) {
		basalt_msginfo_t info = basalt_nbrecv(ep, &out->fault.badge);

		out->fault.label = basalt_msginfo_label(info);
		out->fault.length = basalt_msginfo_length(info);
		for (unsigned i = 0; i < BASALT_SYSCALL_FAULT_LENGTH; i++)
			out->fault.mr[i] = i < out->fault.length ? basalt_get_mr(i) : 0;
		if (out->fault.label == 0)
			return BASALT_ILLEGAL_OPERATION;   /* neither finished nor faulted */
	}
	return basalt_tcb_suspend(t.tcb);
}

void test_wait_flag(volatile basalt_word_t *flag)
{
	while (*flag == 0)
		basalt_yield();
}
