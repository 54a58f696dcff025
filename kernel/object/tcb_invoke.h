/* TCB invocations (tcb_invoke.c). */
#ifndef BASALT_KERNEL_OBJECT_TCB_INVOKE_H
#define BASALT_KERNEL_OBJECT_TCB_INVOKE_H

#include "api/invocation.h"

exception_t decode_tcb_invocation(invocation_t *inv);

#endif
