/*
 * What the fuzz targets in tests/fuzz share: invariant assertions that
 * crash on purpose, exact-size copies of the input, and a bounds check.
 *
 * Every target is one file defining LLVMFuzzerTestOneInput(). It is linked
 * twice: with libFuzzer (clang -fsanitize=fuzzer, `make fuzz-dtb`) to search
 * for inputs, and with replay.c under ASan/UBSan (`make test`) to replay the
 * saved corpus and the regression cases. So a target must be deterministic,
 * must free what it allocates (LeakSanitizer runs in both) and must report a
 * broken invariant by crashing: FUZZ_CHECK prints what went wrong and aborts,
 * which libFuzzer records as a crash and the replay as a failed test.
 */
#ifndef BASALT_TESTS_FUZZ_H
#define BASALT_TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The libFuzzer entry point every target defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The target's name ("fdt", "bootmap", "json"): replay.c finds the saved
 * corpus and regressions under tests/fuzz/{corpus,regressions}/NAME. */
extern const char fuzz_target_name[];

/* Aborts with "FILE:LINE: invariant violated: COND: MESSAGE". Not assert():
 * it must fire in every build, and say more than the condition. */
#define FUZZ_CHECK(cond, ...)                                                   \
	do {                                                                    \
		if (!(cond))                                                    \
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);      \
	} while (0)

void fuzz_fail(const char *file, int line, const char *cond, const char *format, ...)
	__attribute__((noreturn, format(printf, 4, 5)));

/* A heap copy of exactly `size` bytes (malloc(0) for an empty input), so
 * that ASan reports a read even one byte past the end. Never NULL. */
uint8_t *fuzz_dup(const void *data, size_t size);

/* `size` fresh bytes (filled with 0xa5, not zeroes, so that nothing
 * passes by reading a NUL that was never written), exactly sized. */
void *fuzz_alloc(size_t size);

/* [p, p + n) lies inside [base, base + size). */
bool fuzz_inside(const void *p, size_t n, const void *base, size_t size);

/* Big-endian numbers from a control block (the caller checks the room). */
uint32_t fuzz_be32(const uint8_t *p);
uint64_t fuzz_be64(const uint8_t *p);

#endif
