/*
 * Helper threads for the capability tests (see test_helper.h).
 */
#include "test_helper.h"

static void helper_main(void *arg)
{
	helper_t *h = arg;

	h->started = 1;
	h->fn(h);
	h->done = 1;
}

static void helper_init(helper_t *h, void (*fn)(helper_t *), basalt_word_t arg)
{
	h->fn = fn;
	h->arg = arg;
	h->started = h->done = h->result = 0;
	h->th.tcb = 0;
}

basalt_error_t helper_start(test_env_t *env, helper_t *h, void (*fn)(helper_t *),
			    basalt_word_t arg)
{
	helper_init(h, fn, arg);
	return test_thread(env, &h->th, TEST_PRIORITY, helper_main, h);
}

basalt_error_t helper_start_in(test_env_t *env, helper_t *h, void (*fn)(helper_t *),
			       basalt_word_t arg, basalt_cptr_t cspace, basalt_word_t cspace_data)
{
	basalt_error_t e;

	helper_init(h, fn, arg);
	e = basalt_thread_create(&h->th, &env->vmem, env->self, TEST_PRIORITY, 2, 0);
	if (e == BASALT_OK)
		e = basalt_tcb_set_space(h->th.tcb, 0, cspace, cspace_data, BASALT_INIT_VSPACE);
	if (e == BASALT_OK)
		e = basalt_thread_start(&h->th, helper_main, h);
	return e;
}

void helper_stop(helper_t *h)
{
	if (h->th.tcb != 0)
		basalt_tcb_suspend(h->th.tcb);
}

void test_yield(unsigned times)
{
	for (unsigned i = 0; i < times; i++)
		basalt_yield();
}

static volatile basalt_word_t watch_in, watch_seen;

static void watcher(helper_t *h)
{
	for (;;) {
		if (watch_in)
			watch_seen++;
	}
}

basalt_error_t watch_start(test_env_t *env, helper_t *h)
{
	watch_in = 0;
	watch_seen = 0;
	return helper_start(env, h, watcher, 0);
}

void watch_inside(bool inside)
{
	watch_in = inside;
}

basalt_word_t watch_stop(helper_t *h)
{
	watch_in = 0;
	helper_stop(h);
	return watch_seen;
}
