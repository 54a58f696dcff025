/* Placeholder for the benchmarks (see bench.h): none are built yet. */
#include "bench.h"

#include "print.h"

int run_benchmarks(const char *pattern)
{
	(void)pattern;
	printf("bench: no benchmarks are built yet (user/root/bench.c is where they go)\n");
	return 1;
}
