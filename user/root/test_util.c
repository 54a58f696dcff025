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
	image_space_t is;
	basalt_error_t e = image_space_make(&is, &env->alloc, env->bi, env->vmem.next, env->vmem.end);

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

void test_wait_flag(volatile basalt_word_t *flag)
{
	while (*flag == 0)
		basalt_yield();
}
