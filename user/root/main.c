/*
 * The root task. It starts the resource service and the console driver
 * (system.h), then, by the kernel command line:
 *
 *   bench, bench=N[:GROUP]  runs the benchmarks (bench.h) first, before
 *                        any of that, and powers off
 *   test, test=PATTERN   runs the in-QEMU test suite and powers off
 *   fuzz, fuzz=CALLS[:SEED]  runs the system-call fuzzer (fuzz.c) and
 *                        powers off
 *   noshell              shows the demo and powers off (what the boot
 *                        tests want: a boot that ends by itself)
 *   (neither)            shows the demo, then serves a shell on the
 *                        console (shell.c): what `make run` does
 */
#include "bootinfo.h"
#include "console.h"
#include "print.h"
#include "bench.h"
#include "root.h"

int main(const basalt_bootinfo_t *bi)
{
	static root_system_t sys;
	char pattern[64];
	bool console;

	printf("root: Basalt root task, %llu untyped caps, paging sv%llu, cmdline \"%s\"\n",
	       (unsigned long long)bi->h.untyped_count, (unsigned long long)bi->h.paging_bits,
	       bi->h.cmdline);
	/* The benchmarks want the machine to themselves: no driver, no
	 * service threads, every untyped theirs. */
	if (basalt_bootarg("bench", pattern, sizeof(pattern)))
		return run_benchmarks(pattern);
	system_init(&sys, bi);
	console = system_start_console(&sys);
	if (basalt_bootarg("test", pattern, sizeof(pattern)))
		return run_tests(pattern, &sys.tests);
	if (basalt_bootarg("fuzz", pattern, sizeof(pattern)))
		return run_fuzz(pattern, &sys);
	/* From here on the root task's output goes through the driver. */
	if (console)
		console_attach_printf(sys.console);
	if (run_demo(&sys) != 0)
		return 1;
	if (basalt_bootarg("noshell", pattern, sizeof(pattern)))
		return 0;
	if (!console) {
		printf("root: no console driver, so no shell\n");
		return 1;
	}
	return run_shell(&sys);
}
