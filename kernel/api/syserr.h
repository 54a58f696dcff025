/*
 * A user error found while decoding a system call: the code and the detail
 * words errors.h promises. Decoders return it (with EXC_SYSCALL_ERROR)
 * instead of writing a global, and the system-call code turns it into the
 * reply.
 */
#ifndef BASALT_KERNEL_API_SYSERR_H
#define BASALT_KERNEL_API_SYSERR_H

#include <stdbool.h>
#include <stdint.h>

#include "basalt/errors.h"
#include "core/exception.h"
#include "object/cspace.h"

typedef struct syserr {
	basalt_error_t code;
	uint64_t detail[2];          /* argument number; range min/max; bytes available */
	bool lookup_was_source;      /* FAILED_LOOKUP */
	lookup_fault_t lookup;       /* FAILED_LOOKUP */
} syserr_t;

static inline exception_t syserr_set(syserr_t *e, basalt_error_t code)
{
	e->code = code;
	return EXC_SYSCALL_ERROR;
}

static inline exception_t syserr_invalid_argument(syserr_t *e, unsigned arg)
{
	e->detail[0] = arg;
	return syserr_set(e, BASALT_INVALID_ARGUMENT);
}

static inline exception_t syserr_invalid_cap(syserr_t *e, unsigned arg)
{
	e->detail[0] = arg;
	return syserr_set(e, BASALT_INVALID_CAPABILITY);
}

static inline exception_t syserr_range(syserr_t *e, uint64_t min, uint64_t max)
{
	e->detail[0] = min;
	e->detail[1] = max;
	return syserr_set(e, BASALT_RANGE_ERROR);
}

static inline exception_t syserr_lookup(syserr_t *e, bool source, lookup_fault_t fault)
{
	e->lookup_was_source = source;
	e->lookup = fault;
	return syserr_set(e, BASALT_FAILED_LOOKUP);
}

static inline exception_t syserr_memory(syserr_t *e, uint64_t available)
{
	e->detail[0] = available;
	return syserr_set(e, BASALT_NOT_ENOUGH_MEMORY);
}

#endif
