/*
 * Shared declarations of the board/memmap host suite. main.c builds the
 * cmocka test array at run time: the fixed tests of test_memmap.c,
 * test_board_synth.c and test_board_edges.c, then one test per blob of the DTB corpus directories
 * (test_board_corpus.c).
 */
#ifndef BASALT_TEST_BOARD_TEST_H
#define BASALT_TEST_BOARD_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

/* Fixed tests, as arrays with their lengths. */
extern const struct CMUnitTest memmap_tests[];
extern const size_t memmap_test_count;
extern const struct CMUnitTest board_synth_tests[];
extern const size_t board_synth_test_count;
extern const struct CMUnitTest board_edges_tests[];
extern const size_t board_edges_test_count;

/* One blob of the corpus: the state handed to its tests. */
typedef struct dtb_case {
	const char *name;       /* file name */
	const char *path;
	char *verdict;          /* "expected_verdict" of X.json, or NULL */
} dtb_case_t;

/* The test of one blob (state: a dtb_case_t): the verdict; for accepted
 * boards, the oracle comparison and the boot map invariants. */
void test_corpus(void **state);

#endif
