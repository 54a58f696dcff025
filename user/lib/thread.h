/*
 * Threads in the caller's own address space and CSpace: a TCB, a stack and
 * an IPC buffer from the given allocators, started at a C function.
 *
 * The new thread runs `entry(arg)` with its own thread-local block (which
 * it builds on its own stack) and its own IPC buffer; when `entry`
 * returns, the thread suspends itself. Its fault handler, if not 0, is an
 * endpoint cptr in the shared CSpace. The vmem decides the address space:
 * a thread can be made in another VSpace (the code must be mapped there at
 * the same addresses).
 */
#ifndef LIBBASALT_THREAD_H
#define LIBBASALT_THREAD_H

#include "sys.h"
#include "vmem.h"

typedef struct basalt_thread {
	basalt_cptr_t tcb;
	basalt_cptr_t ipc_frame;
	basalt_word_t ipc_buffer;      /* its IPC buffer's address */
	basalt_word_t stack_top;
} basalt_thread_t;

typedef void (*basalt_thread_fn)(void *arg);

/* Make (but do not start) a thread at `priority` (mcp the same), with a
 * stack of `stack_pages` pages. `authority` is a TCB whose mcp allows the
 * priority (the caller's own, usually). */
basalt_error_t basalt_thread_create(basalt_thread_t *t, basalt_vmem_t *vm, basalt_cptr_t authority,
				    unsigned priority, basalt_word_t stack_pages,
				    basalt_cptr_t fault_ep);

/* Start it: registers set, then resumed. */
basalt_error_t basalt_thread_start(basalt_thread_t *t, basalt_thread_fn entry, void *arg);

#endif
