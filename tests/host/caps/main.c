/*
 * The caps host suite: the kernel's capability, derivation-tree, untyped
 * and deletion code (kernel/object/) compiled for the host and run over the
 * harness (harness.h). One cmocka group of every file's tests; an optional
 * argument is a cmocka name filter ("test_cdt_*").
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const h_suite_t *const suites[] = {
	&h_suite_cspace, &h_suite_cdt, &h_suite_untyped, &h_suite_cnode, &h_suite_delete,
	&h_suite_random,
};

int main(int argc, char **argv)
{
	size_t total = 0, n = 0;
	struct CMUnitTest *tests;
	int failed;

	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		total += suites[i]->count;
	tests = calloc(total, sizeof(*tests));
	if (tests == NULL)
		return 1;
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		memcpy(tests + n, suites[i]->tests, suites[i]->count * sizeof(*tests));
		n += suites[i]->count;
	}
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	failed = _cmocka_run_group_tests("caps", tests, n, NULL, NULL);
	free(tests);
	return failed;
}
