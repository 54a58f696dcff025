/* The IPC fast path (fastpath.c). */
#ifndef BASALT_KERNEL_API_FASTPATH_H
#define BASALT_KERNEL_API_FASTPATH_H

#include <stdbool.h>
#include <stdint.h>

#include "object/tcb.h"

/* False when "nofastpath" is on the kernel command line. */
extern bool fastpath_enabled;

/* Handle system call `number` of the current thread `t` entirely if it is
 * a Call or ReplyRecv the fast path can take; false to use the slow path
 * (nothing has changed then). */
bool fastpath(tcb_t *t, uint64_t number);

#endif
