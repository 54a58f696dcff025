/*
 * The benchmark runner (see bench.h): sets up an allocator over the root
 * task's RAM untyped and runs every group of rows.
 */
#include "bench.h"

#include "base/str.h"
#include "print.h"

#define BENCH_REGION 0x40000000ul
#define BENCH_REGION_END 0x80000000ul

basalt_word_t bench_overhead;

static void sort(basalt_word_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		basalt_word_t x = v[i];
		unsigned j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

void bench_report(const char *id, const char *name, basalt_word_t *samples, unsigned n)
{
	if (n == 0) {
		printf("bench: %s none n 0 %s\n", id, name);
		return;
	}
	sort(samples, n);
	printf("bench: %s min %llu median %llu max %llu n %u %s\n", id,
	       (unsigned long long)samples[0], (unsigned long long)samples[n / 2],
	       (unsigned long long)samples[n - 1], n, name);
}

static void measure_overhead(void)
{
	basalt_word_t best = ~0ull;

	for (unsigned i = 0; i < 100; i++) {
		basalt_word_t a = bench_counter();
		basalt_word_t b = bench_counter();

		if (b - a < best)
			best = b - a;
	}
	bench_overhead = best;
}

int run_benchmarks(const char *arg)
{
	const basalt_bootinfo_t *bi = basalt_bootinfo();
	static bench_env_t env;
	unsigned n = 0;

	/* "bench" runs 1,000 hot iterations per row; "bench=N" N of them;
	 * "bench=N:GROUP" only one group (syscall, ipc, vm, objects, irq),
	 * to trace one path with few instructions around it. */
	const char *p = arg;
	const char *group = "";

	for (; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (unsigned)(*p - '0');
	if (*p == ':')
		group = p + 1;
	env.iterations = n != 0 && n <= BENCH_MAX_SAMPLES ? n : 1000;
	env.warmup = env.iterations / 10 + 1;
	env.bi = bi;
	basalt_alloc_init(&env.alloc, bi->h.empty.start, bi->h.empty.end);
	for (basalt_word_t i = 0; i < bi->h.untyped_count; i++) {
		if (!bi->untyped_list[i].is_device)
			basalt_alloc_add_untyped(&env.alloc, bi->h.untyped.start + i);
	}
	basalt_vmem_init(&env.vmem, BASALT_INIT_VSPACE, BENCH_REGION, BENCH_REGION_END, &env.alloc);
	measure_overhead();
	printf("bench: start iterations %u overhead %llu build %s\n", env.iterations,
	       (unsigned long long)bench_overhead, bi->h.debug_build ? "debug" : "release");
	if (group[0] == '\0' || str_eq(group, "syscall"))
		bench_syscall(&env);
	if (group[0] == '\0' || str_eq(group, "ipc"))
		bench_ipc(&env);
	if (group[0] == '\0' || str_eq(group, "vm"))
		bench_vm(&env);
	if (group[0] == '\0' || str_eq(group, "objects"))
		bench_objects(&env);
	if (group[0] == '\0' || str_eq(group, "irq"))
		bench_irq(&env);
	printf("bench: done\n");
	return 0;
}
