/*
 * Writing an invocation's results (see invocation.h). The dispatch by cap
 * type is syscall.c's decode_invocation().
 */
#include "api/invocation.h"

#include "object/thread.h"

void inv_set_result(invocation_t *inv, unsigned i, basalt_word_t value)
{
	if (i >= BASALT_MSG_REGISTERS && inv->buffer == NULL)
		return;
	thread_set_mr(inv->thread, inv->buffer, i, value);
	if (i + 1 > inv->result_length)
		inv->result_length = i + 1;
}
