/*
 * The root task: runs the in-QEMU test suite when the kernel command line
 * says "test" (or "test=PATTERN"), the demo otherwise.
 */
#include "bootinfo.h"
#include "print.h"

int run_tests(const char *pattern);
int run_demo(void);
int run_benchmarks(const char *arg);

int main(const basalt_bootinfo_t *bi)
{
	char pattern[64];

	printf("root: Basalt root task, %llu untyped caps, paging sv%llu, cmdline \"%s\"\n",
	       (unsigned long long)bi->h.untyped_count, (unsigned long long)bi->h.paging_bits,
	       bi->h.cmdline);
	if (basalt_bootarg("test", pattern, sizeof(pattern)))
		return run_tests(pattern);
	if (basalt_bootarg("bench", pattern, sizeof(pattern)))
		return run_benchmarks(pattern);
	return run_demo();
}
