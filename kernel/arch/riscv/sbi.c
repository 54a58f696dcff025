/*
 * SBI calls: see sbi.h. Each call is an ecall with the extension id in a7
 * and the function id in a6; results come back in a0 (error) and a1.
 */
#include "arch/riscv/sbi.h"

#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_PROBE_EXTENSION 3
#define SBI_SRST_RESET 0
#define SBI_SRST_TYPE_SHUTDOWN 0
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAILURE 1
#define SBI_HSM_HART_STOP 1
#define SBI_HSM_HART_STATUS 2

sbiret_t sbi_call(long ext, long fid, long arg0, long arg1, long arg2)
{
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a6 __asm__("a6") = fid;
	register long a7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a2), "r"(a6), "r"(a7)
			 : "memory");
	return (sbiret_t){ a0, a1 };
}

bool sbi_probe(long ext)
{
	sbiret_t r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, ext, 0, 0);

	return r.error == SBI_SUCCESS && r.value != 0;
}

void sbi_console_putchar(char c)
{
	/* Legacy calls take arguments in a0 and ignore a6. */
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0);
}

void sbi_shutdown(bool failure)
{
	sbiret_t version;

	/* OpenSBI offers SRST only when it found a reset device; probing
	 * first matters, because its legacy shutdown without such a device
	 * hangs in M-mode instead of returning. */
	if (sbi_probe(SBI_EXT_SRST)) {
		sbi_call(SBI_EXT_SRST, SBI_SRST_RESET, SBI_SRST_TYPE_SHUTDOWN,
			 failure ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0);
		return;
	}
	/* The legacy call only on firmware older than SBI 0.3, which could
	 * not have had SRST at all. */
	version = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0);
	if (version.error == SBI_SUCCESS && version.value < ((0L << 24) | 3))
		sbi_call(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
}

long sbi_hart_status(uint64_t hartid)
{
	sbiret_t r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_STATUS, (long)hartid, 0, 0);

	return r.error != SBI_SUCCESS ? r.error : r.value;
}

void sbi_hart_stop(void)
{
	sbi_call(SBI_EXT_HSM, SBI_HSM_HART_STOP, 0, 0, 0);
}
