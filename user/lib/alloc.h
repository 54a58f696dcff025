/*
 * A simple allocator of capability slots and objects for root tasks and
 * tests: slots from a range of the root CNode, objects retyped from a list
 * of untyped caps (the first with room wins). Not thread-safe.
 *
 * Slots of the root CNode are named by their number, at depth 64 (the
 * root CNode's guard covers the bits above its radix).
 */
#ifndef LIBBASALT_ALLOC_H
#define LIBBASALT_ALLOC_H

#include "basalt/bootinfo.h"
#include "invoke.h"

#define BASALT_ALLOC_MAX_UNTYPED 64

typedef struct basalt_alloc {
	basalt_cptr_t cnode;                 /* the CNode slots are in (its own cptr) */
	basalt_word_t depth;                 /* depth to name its slots by number (64) */
	basalt_word_t next, end;             /* free slots [next, end) */
	unsigned untyped_count;
	basalt_cptr_t untyped[BASALT_ALLOC_MAX_UNTYPED];
} basalt_alloc_t;

/* Slots [first, end) of the root CNode; no untyped yet. */
void basalt_alloc_init(basalt_alloc_t *a, basalt_word_t first, basalt_word_t end);

/* Use this untyped cap as a source of objects. */
void basalt_alloc_add_untyped(basalt_alloc_t *a, basalt_cptr_t ut);

/* A free slot, or 0 when there is none. */
basalt_cptr_t basalt_alloc_slot(basalt_alloc_t *a);

/* A new object (size_bits for untyped and CNodes) in a fresh slot. */
basalt_error_t basalt_alloc_object(basalt_alloc_t *a, basalt_word_t type, basalt_word_t size_bits,
				   basalt_cptr_t *out);

#endif
