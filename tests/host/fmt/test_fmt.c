/*
 * lib/fmt against the host C library's snprintf, which is the oracle for
 * every conversion both support: a table of format strings and arguments,
 * each formatted by both and compared byte for byte, plus truncation and
 * the %p form the kernel relies on.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fmt/fmt.h"

/* Format with both implementations and compare. */
static void check(const char *format, ...)
{
	char ours[256], theirs[256];
	va_list a, b;
	size_t n_ours;
	int n_theirs;

	va_start(a, format);
	va_copy(b, a);
	n_ours = fmt_vsnprintf(ours, sizeof(ours), format, a);
	n_theirs = vsnprintf(theirs, sizeof(theirs), format, b);
	va_end(b);
	va_end(a);
	if (strcmp(ours, theirs) != 0 || n_ours != (size_t)n_theirs)
		fail_msg("format \"%s\": ours \"%s\" (%zu), libc \"%s\" (%d)", format, ours, n_ours,
			 theirs, n_theirs);
}

static void test_integers(void **state)
{
	check("%d %d %d %d", 0, 1, -1, 42);
	check("%d %i", INT_MAX, INT_MIN);
	check("%u %u", 0u, UINT_MAX);
	check("%ld %ld", LONG_MAX, LONG_MIN);
	check("%lu %llu", ULONG_MAX, ULLONG_MAX);
	check("%lld", LLONG_MIN);
	check("%x %X %#x %#X %#x", 0xdeadbeefu, 0xdeadbeefu, 255u, 255u, 0u);
	check("%lx %llx %016llx", 0x123456789abcdefUL, 0xffffffffffffffffULL, 0x80200000ULL);
	check("%o %#o %#o", 8u, 8u, 0u);
	check("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	check("%zu %zx %td %jd", (size_t)12345, (size_t)0xabc, (ptrdiff_t)-7, (intmax_t)-9);
}

static void test_width_precision_flags(void **state)
{
	check("[%5d] [%-5d] [%05d] [%+d] [% d] [%+d]", 42, 42, 42, 42, 42, -42);
	check("[%.3d] [%8.3d] [%-8.3d] [%08.3d]", 7, 7, 7, 7);
	check("[%.0d] [%.0x] [%5.0d]", 0, 0u, 0);
	check("[%*d] [%-*d] [%*d]", 6, 1, 6, 1, -6, 1);
	check("[%.*d] [%.*s]", 4, 3, 2, "abcdef");
	check("[%#10x] [%#-10x] [%#010x]", 0x1fu, 0x1fu, 0x1fu);
	check("[%-8s] [%8s] [%.2s] [%8.2s]", "ab", "ab", "abc", "abc");
	check("[%c] [%3c] [%-3c]", 'x', 'y', 'z');
	check("100%% sure, %s", "yes");
}

static void test_strings(void **state)
{
	check("%s|%s|%s", "", "hello", "a longer string with spaces");
	check("%s", "Basalt");
}

static void test_pointer_and_null(void **state)
{
	char buf[64];
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)(uintptr_t)0x80200000u);
	assert_string_equal(buf, "0x0000000080200000");
	const char *volatile null_string = NULL;   /* hidden from -Wformat */

	fmt_snprintf(buf, sizeof(buf), "%s", null_string);
	assert_string_equal(buf, "(null)");
}

static void test_truncation(void **state)
{
	char buf[8];
	size_t n;

	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");

	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'Z');   /* nothing past size written */

	n = fmt_snprintf(NULL, 0, "%d", 12345);
	assert_int_equal(n, 5);
}

static void test_unknown_conversion_is_literal(void **state)
{
	char buf[32];
	/* Through variables: the compiler would reject these formats as literals. */
	const char *unknown = "a%qb", *dangling = "end%";

	fmt_snprintf(buf, sizeof(buf), unknown, 0);
	assert_string_equal(buf, "a%qb");
	fmt_snprintf(buf, sizeof(buf), dangling, 0);
	assert_string_equal(buf, "end%");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_width_precision_flags),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_pointer_and_null),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_unknown_conversion_is_literal),
	};

	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
