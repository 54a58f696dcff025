/*
 * Kernel bugs stop the kernel; user errors never come here.
 *
 * panic() records its message for this hart and executes `ebreak`, so the
 * report comes from the trap handler with the exact sepc and every register
 * (and GDB, if attached, stops right there). assert() is compiled into debug
 * builds only (BASALT_DEBUG=1).
 */
#ifndef BASALT_KERNEL_PANIC_H
#define BASALT_KERNEL_PANIC_H

void panic(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));

#if BASALT_DEBUG
#define assert(expr) \
	do { \
		if (!(expr)) \
			panic("assertion failed: %s (%s:%d)", #expr, __FILE__, __LINE__); \
	} while (0)
#else
#define assert(expr) do { (void)sizeof(expr); } while (0)
#endif

/* Stop the system: power off through the firmware, reporting failure or
 * success (QEMU's exit status follows it). */
void system_poweroff(int failure) __attribute__((noreturn));

#endif
