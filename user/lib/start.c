/*
 * basalt_start: the C entry of the root task (from crt0.S). Sets up the
 * thread-local block from the boot info, then calls the program's main.
 */
#include "bootinfo.h"
#include "sys.h"

int main(const basalt_bootinfo_t *bi);

static basalt_tls_t main_tls;

void __attribute__((noreturn)) basalt_start(const basalt_bootinfo_t *bi)
{
	main_tls.ipc_buffer = (basalt_ipc_buffer_t *)bi->h.ipc_buffer;
	__asm__ volatile("mv tp, %0" :: "r"(&main_tls));
	basalt_bootinfo_set(bi);
	basalt_debug_halt(main(bi) != 0);
}
