/*
 * Basalt's system-call interface, part 1: the basic types.
 *
 * lib/basalt/ is the one definition of the interface between the kernel and
 * user space: syscall numbers, invocation labels, error codes, message
 * layouts, object types and sizes, the boot information. The kernel and the
 * user library both include these headers, so the two can never disagree.
 * Everything here is plain C with fixed-width types; nothing allocates.
 *
 * The semantics follow the seL4 reference manual unless docs/ says why not.
 */
#ifndef BASALT_ABI_TYPES_H
#define BASALT_ABI_TYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t basalt_word_t;

/* A capability pointer: an address in a CSpace, resolved from the
 * thread's CSpace root by guarded, multi-level lookup (docs/capabilities.md).
 * Invocations resolve all 64 bits; CNode operations take an explicit depth. */
typedef uint64_t basalt_cptr_t;

#define BASALT_WORD_BITS 64

/* The null capability pointer: slot 0 of the root CNode is always empty. */
#define BASALT_CAP_NULL 0

/* Capability rights (endpoint, notification, reply, CNode copies). */
#define BASALT_RIGHT_WRITE       (1u << 0)
#define BASALT_RIGHT_READ        (1u << 1)
#define BASALT_RIGHT_GRANT       (1u << 2)
#define BASALT_RIGHT_GRANT_REPLY (1u << 3)
#define BASALT_RIGHTS_ALL        0xfu

#endif
