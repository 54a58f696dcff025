/*
 * Helpers shared by the capability, untyped and deletion tests
 * (tests_cnode.c, tests_revoke.c, tests_cspace.c, tests_untyped.c,
 * tests_zero.c, tests_objects.c, tests_concurrent.c, tests_errors.c,
 * tests_random.c): naming root slots, checking error details, making
 * objects of a given size, mapping frames into the root VSpace.
 *
 * Root CNode slots are named by number at depth 64 (its 52-bit guard of
 * zeros covers the bits above its radix), so ROOT / ROOT_DEPTH below are
 * the (root, depth) pair for them.
 */
#ifndef BASALT_ROOT_TEST_CAPS_H
#define BASALT_ROOT_TEST_CAPS_H

#include "test.h"

#define ROOT       BASALT_INIT_CNODE
#define ROOT_DEPTH BASALT_WORD_BITS

/* Detail word i of the last error reply (errors.h) must be v. Read right
 * after the failing call: the next system call overwrites it. */
#define CHECK_DETAIL(env, i, v) CHECK_EQ(env, basalt_error_detail(i), (v))

/* The last reply was FAILED_LOOKUP with these details (errors.h):
 * MR0 source?, MR1 failure type, MR2 bits left. */
#define CHECK_LOOKUP(env, source, type, bits_left) \
	do { \
		CHECK_DETAIL(env, 0, (source)); \
		CHECK_DETAIL(env, 1, (type)); \
		CHECK_DETAIL(env, 2, (bits_left)); \
	} while (0)

/* cap_info flags (kernel/object/cap.h: CAP_FLAG_*). */
#define INFO_FLAG_DEVICE 1u
#define INFO_FLAG_MAPPED 2u

/* A cap's recorded fields (kernel/object/cap.h has what each means). */
static inline basalt_cap_info_t info(basalt_cptr_t slot)
{
	return basalt_debug_cap_info(slot);
}

static inline unsigned cap_type(basalt_cptr_t slot)
{
	return basalt_debug_cap_identify(slot);
}

static inline bool slot_empty(basalt_cptr_t slot)
{
	return basalt_debug_cap_identify(slot) == BASALT_CAP_TYPE_NULL;
}

/* A new untyped of 2^bits from the arena (0 if it does not fit). */
basalt_cptr_t test_untyped(test_env_t *env, unsigned bits);

/* `n` consecutive empty root slots; the first (0 if the range ran out). */
basalt_cptr_t test_slots(test_env_t *env, unsigned n);

/* Copy the cap at root slot `src` with all rights into a new slot. */
basalt_cptr_t test_copy(test_env_t *env, basalt_cptr_t src);

/* An invocation with a label and message the typed wrappers would not
 * send (unknown labels, short messages); the reply's label. MR0.. come
 * from the IPC buffer, extra caps from caps_or_badges[]. */
basalt_error_t test_raw_call(basalt_cptr_t cap, basalt_word_t label, unsigned extra_caps,
			     unsigned length);

/* A virtual address range of the root VSpace for these tests' own
 * mappings, where 2 MiB frames can be naturally aligned: far above the
 * root task's image and the runner's regions (test.c), below every paging
 * mode's user top (Sv39: 256 GiB), 1 GiB-aligned. */
#define TEST_VADDR 0x2000000000ull

/* Map the frame at root slot `frame` read-write at `vaddr` in the root
 * task's VSpace, making the page tables that are missing from the arena
 * (the lookup failure's "bits left" says which level is missing). */
basalt_error_t test_map_frame(test_env_t *env, basalt_cptr_t frame, basalt_word_t vaddr);

/* Physical address of a frame (0 on error). */
basalt_word_t test_frame_paddr(basalt_cptr_t frame);

#endif
