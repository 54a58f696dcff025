/*
 * Calls into the Supervisor Binary Interface (OpenSBI or any SBI v0.2+
 * firmware): console output before the kernel has a UART driver, system
 * reset, and the hart state management used to leave secondary harts parked.
 */
#ifndef BASALT_ARCH_RISCV_SBI_H
#define BASALT_ARCH_RISCV_SBI_H

#include <stdbool.h>
#include <stdint.h>

typedef struct sbiret {
	long error;
	long value;
} sbiret_t;

#define SBI_SUCCESS 0

/* Extension ids (SBI spec, chapter 3 onwards). */
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_BASE  0x10
#define SBI_EXT_HSM   0x48534d   /* "HSM" */
#define SBI_EXT_SRST  0x53525354 /* "SRST" */
#define SBI_EXT_TIME  0x54494d45 /* "TIME" */

/* HSM hart states. */
#define SBI_HSM_STARTED 0
#define SBI_HSM_STOPPED 1

sbiret_t sbi_call(long ext, long fid, long a0, long a1, long a2);

/* True when the firmware implements extension `ext`. */
bool sbi_probe(long ext);

/* One character on the firmware console (legacy extension; absent on
 * firmware that dropped it, in which case nothing is printed). */
void sbi_console_putchar(char c);

/* Power off. `failure` asks the firmware to report a system failure
 * (QEMU then exits with a non-zero status where the platform allows it).
 * Returns only if the firmware could not do it. */
void sbi_shutdown(bool failure);

/* HSM hart status (SBI_HSM_*), or a negative SBI error. */
long sbi_hart_status(uint64_t hartid);

/* Stop the calling hart (returns it to the firmware); returns on failure. */
void sbi_hart_stop(void);

#endif
