/*
 * The hook for benchmarks: the shell's `bench [PATTERN]` calls
 * run_benchmarks(). bench.c holds a placeholder until the benchmarks
 * exist; replacing it (same function, same meaning) is all the shell needs.
 */
#ifndef BASALT_ROOT_BENCH_H
#define BASALT_ROOT_BENCH_H

/* Run the benchmarks whose id or name contains `pattern` ("" for all) and
 * print their results; 0 when they ran, non-zero when none could. */
int run_benchmarks(const char *pattern);

#endif
