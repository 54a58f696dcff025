/*
 * The root task. It starts the resource service and the console driver
 * (system.h), then runs the in-QEMU test suite and powers off when the
 * kernel command line says "test" (or "test=PATTERN"), or else shows the
 * demo, its output going through the console driver, and powers off.
 */
#include "bootinfo.h"
#include "console.h"
#include "print.h"
#include "root.h"

int main(const basalt_bootinfo_t *bi)
{
	static root_system_t sys;
	char pattern[64];
	bool console;

	printf("root: Basalt root task, %llu untyped caps, paging sv%llu, cmdline \"%s\"\n",
	       (unsigned long long)bi->h.untyped_count, (unsigned long long)bi->h.paging_bits,
	       bi->h.cmdline);
	system_init(&sys, bi);
	console = system_start_console(&sys);
	if (basalt_bootarg("test", pattern, sizeof(pattern)))
		return run_tests(pattern, &sys.tests);
	/* From here on the root task's output goes through the driver. */
	if (console)
		console_attach_printf(sys.console);
	return run_demo(&sys);
}
