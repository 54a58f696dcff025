/*
 * What debug builds do at every kernel entry from a thread and at every
 * return to one: the entry code (arch/riscv/user_entry.S) calls these
 * under #if BASALT_DEBUG, so release builds have none of it.
 *
 *  - The kernel never runs with user memory accessible: it reaches user
 *    memory only through its own mappings of frames (the IPC buffer,
 *    object/thread.h), so sstatus.SUM is clear at boot and nothing sets
 *    it. Checked at every entry (a context restored with SUM would show
 *    at the thread's next entry).
 *  - The interrupts-off stretches (debug/irqoff.h) begin and end here.
 */
#include "arch/riscv/csr.h"
#include "core/panic.h"
#include "debug/irqoff.h"

void debug_kernel_entry(void);
void debug_kernel_exit(void);

void debug_kernel_entry(void)
{
	assert((csr_read(sstatus) & SSTATUS_SUM) == 0);
	irqoff_entry();
}

void debug_kernel_exit(void)
{
	irqoff_exit();
}
