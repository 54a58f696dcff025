/*
 * basalt_start: the C entry of the root task (from crt0.S). Sets up the
 * thread-local block from the boot info, then calls the program's main.
 */
#include "bootinfo.h"
#include "invoke.h"
#include "print.h"
#include "sys.h"

int main(const basalt_bootinfo_t *bi);

static basalt_tls_t main_tls;

void __attribute__((noreturn)) basalt_start(const basalt_bootinfo_t *bi)
{
	int status;

	main_tls.ipc_buffer = (basalt_ipc_buffer_t *)bi->h.ipc_buffer;
	__asm__ volatile("mv tp, %0" :: "r"(&main_tls));
	basalt_bootinfo_set(bi);
	status = main(bi);
	/* A debug build powers the machine off (tests, demos); a release
	 * build has no such call: the program just stops. */
	if (bi->h.debug_build)
		basalt_debug_halt(status != 0);
	printf("%s: main returned %d; stopping\n", bi->h.cmdline[0] != '\0' ? "program" : "root task",
	       status);
	for (;;)
		basalt_tcb_suspend(BASALT_INIT_TCB);
}
