/*
 * The benchmarks (`bench` on the kernel command line; `make bench`): each
 * row measures one operation many times in instructions (rdinstret, which
 * under QEMU -icount shift=0 counts every guest instruction, kernel and
 * user alike) and prints
 *
 *   bench: ID min MIN median MED max MAX n N name
 *
 * with the cost of reading the counter subtracted. scripts/bench.py turns
 * the lines into the table, JSON and chart.
 */
#ifndef BASALT_ROOT_BENCH_H
#define BASALT_ROOT_BENCH_H

#include "alloc.h"
#include "bootinfo.h"
#include "vmem.h"

#define BENCH_MAX_SAMPLES 4096

typedef struct bench_env {
	basalt_alloc_t alloc;
	basalt_vmem_t vmem;
	const basalt_bootinfo_t *bi;
	unsigned iterations;      /* hot iterations per row */
	unsigned warmup;
} bench_env_t;

static inline basalt_word_t bench_counter(void)
{
	basalt_word_t v;

	__asm__ volatile("rdinstret %0" : "=r"(v) :: "memory");
	return v;
}

/* What reading the counter twice in a row costs (subtracted). */
extern basalt_word_t bench_overhead;

/* Print a row from `n` samples (sorted here). */
void bench_report(const char *id, const char *name, basalt_word_t *samples, unsigned n);

/* The rows, by group. */
void bench_syscall(bench_env_t *env);
void bench_ipc(bench_env_t *env);
void bench_vm(bench_env_t *env);
void bench_objects(bench_env_t *env);
void bench_irq(bench_env_t *env);

/* Run the benchmarks: `arg` is what followed "bench=" on the command
 * line ("", "N" or "N:GROUP"); 0 when they ran. */
int run_benchmarks(const char *arg);

#endif
