/*
 * Traps taken in the kernel. Today every one of them is a kernel bug (or a
 * deliberate panic via ebreak): print a report a person can act on, with
 * the cause, sepc, stval, every register and a frame-pointer backtrace,
 * then power off with a failure status.
 */
#include "arch/riscv/trap_frame.h"

#include <stddef.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/hart.h"
#include "arch/riscv/layout.h"
#include "core/panic.h"
#include "core/printk.h"
#include "core/symbols.h"

extern char trap_entry[];
extern char kernel_stacks[MAX_CPUS][KERNEL_STACK_SIZE];

static const char *const reg_names[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
	"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *exception_name(uint64_t code)
{
	static const char *const names[] = {
		[EXC_INST_MISALIGNED] = "instruction address misaligned",
		[EXC_INST_ACCESS] = "instruction access fault",
		[EXC_ILLEGAL_INST] = "illegal instruction",
		[EXC_BREAKPOINT] = "breakpoint",
		[EXC_LOAD_MISALIGNED] = "load address misaligned",
		[EXC_LOAD_ACCESS] = "load access fault",
		[EXC_STORE_MISALIGNED] = "store/AMO address misaligned",
		[EXC_STORE_ACCESS] = "store/AMO access fault",
		[EXC_ECALL_U] = "environment call from U-mode",
		[EXC_ECALL_S] = "environment call from S-mode",
		[EXC_INST_PAGE_FAULT] = "instruction page fault",
		[EXC_LOAD_PAGE_FAULT] = "load page fault",
		[EXC_STORE_PAGE_FAULT] = "store/AMO page fault",
	};

	if (code < sizeof(names) / sizeof(names[0]) && names[code] != NULL)
		return names[code];
	return "unknown exception";
}

void trap_init(void)
{
	csr_write(stvec, (uint64_t)(uintptr_t)trap_entry);
}

/* Walk saved frame pointers (the kernel keeps them: -fno-omit-frame-pointer)
 * while they stay inside the boot stacks. RISC-V frames keep the return
 * address at fp-8 and the caller's fp at fp-16. Each frame is named by the
 * kernel's own symbol table (core/symbols.h), one line per frame.
 *
 * A trap in a prologue or epilogue (the compiler may schedule a load or
 * store between the restore of s0 and the return) finds s0 already holding
 * the caller's frame, which would drop the caller from the list. The ra
 * register then holds the trapped function's return address while pointing
 * outside it, and differs from the saved one: it is printed as frame #1. */
static void print_backtrace(const trap_frame_t *f)
{
	uint64_t lo = (uint64_t)(uintptr_t)kernel_stacks;
	uint64_t hi = lo + sizeof(kernel_stacks);
	uint64_t fp = trap_frame_reg(f, 8);
	uint64_t ra_reg = trap_frame_reg(f, 1);
	bool fp_ok = fp >= lo + 16 && fp <= hi && (fp & 7) == 0;
	symbol_t trapped, caller;
	int depth = 1;

	printk("backtrace:\n  #0 0x%016llx ", (unsigned long long)f->sepc);
	symbol_print(f->sepc, false);
	printk("\n");
	if (symbol_lookup(f->sepc, &trapped) && symbol_lookup(ra_reg - 1, &caller) &&
	    caller.start != trapped.start && !(fp_ok && ((uint64_t *)(uintptr_t)fp)[-1] == ra_reg)) {
		printk("  #%d 0x%016llx ", depth++, (unsigned long long)ra_reg);
		symbol_print(ra_reg, true);
		printk("\n");
	}
	for (; depth < 32 && fp >= lo + 16 && fp <= hi && (fp & 7) == 0; depth++) {
		uint64_t ra = ((uint64_t *)(uintptr_t)fp)[-1];
		uint64_t next = ((uint64_t *)(uintptr_t)fp)[-2];

		if (ra == 0)
			break;
		printk("  #%d 0x%016llx ", depth, (unsigned long long)ra);
		symbol_print(ra, true);
		printk("\n");
		if (next <= fp)
			break;
		fp = next;
	}
}

static void report(const trap_frame_t *f, const char *what)
{
	uint64_t code = f->scause & ~SCAUSE_INTERRUPT;
	bool interrupt = (f->scause & SCAUSE_INTERRUPT) != 0;

	printk("\nKERNEL PANIC: %s\n", what);
	printk("cause: 0x%llx (%s%s) on hart %llu\n", (unsigned long long)f->scause,
	       interrupt ? "interrupt " : "", interrupt ? "" : exception_name(code),
	       (unsigned long long)(hart_self() ? hart_self()->hartid : ~0ull));
	printk("sepc: 0x%016llx  stval: 0x%016llx  sstatus: 0x%016llx\n",
	       (unsigned long long)f->sepc, (unsigned long long)f->stval,
	       (unsigned long long)f->sstatus);
	for (unsigned n = 1; n < 32; n++) {
		printk("%4s=0x%016llx%s", reg_names[n], (unsigned long long)trap_frame_reg(f, n),
		       n % 4 == 3 ? "\n" : "  ");
	}
	printk("\n");
	print_backtrace(f);
}

void trap_from_kernel(trap_frame_t *f)
{
	hart_local_t *self = hart_self();
	static bool reporting;

	if (reporting)   /* a fault while reporting: just stop */
		system_poweroff(1);
	reporting = true;

	if (self != NULL && self->panicking && (f->scause == EXC_BREAKPOINT))
		report(f, self->panic_msg);
	else
		report(f, "unexpected trap in the kernel");
	system_poweroff(1);
}
