/* Untyped memory: Retype (untyped.c). */
#ifndef BASALT_KERNEL_OBJECT_UNTYPED_H
#define BASALT_KERNEL_OBJECT_UNTYPED_H

#include "api/invocation.h"

exception_t decode_untyped_invocation(invocation_t *inv);

#endif
