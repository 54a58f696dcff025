/*
 * The console driver (user/uart) and the resource service, over IPC: the
 * driver serves the console the device tree names, WRITE sends what it is
 * given, malformed requests of every kind get error replies (and the
 * driver goes on), one reader waits at a time; the resource service
 * refuses what it must. The running system's driver and service are used
 * (the root task starts them before the suite, test_env_t has caps to
 * them). Reading typed lines needs a person typing: the end-to-end suite
 * (tests/qemu/suite_console.py) does that, and tests/host/console_line the
 * line editing.
 */
#include "test_util.h"

#include "base/str.h"
#include "console.h"
#include "device.h"
#include "fmt/fmt.h"
#include "resource.h"

static basalt_msginfo_t request(test_env_t *env, unsigned label, unsigned length)
{
	return basalt_call(env->console, basalt_msginfo(label, 0, 0, length));
}

/* The console the device tree names: 1 with *c set, 0 when there is none
 * (nothing to test), or a failure. */
static int board_console(test_env_t *env, const board_console_t **c, uint32_t *irq)
{
	const fdt_t *fdt;
	diag_t why;
	const board_t *b = basalt_board(env->bi, &fdt, &why);

	if (b == NULL)
		return test_fail(env, __FILE__, __LINE__, "device tree: %s", why.msg);
	if (b->console.node < 0)
		return 0;
	*c = &b->console;
	if (!board_device_irq(fdt, b, b->console.node, irq))
		return test_fail(env, __FILE__, __LINE__, "the console has no PLIC interrupt");
	if (env->console == 0)
		return test_fail(env, __FILE__, __LINE__, "the console driver is not running");
	return 1;
}

static int uart_serves_console(test_env_t *env)
{
	const board_console_t *c;
	console_info_t info;
	uint32_t irq;
	int s = board_console(env, &c, &irq);

	if (s == 0) {
		printf("UART0001: no console in the device tree: nothing to drive\n");
		return 0;
	}
	if (s != 1)
		return s;
	CHECK_EQ(env, console_info(env->console, &info), CONSOLE_OK);
	CHECK_EQ(env, info.paddr, c->base);
	CHECK_EQ(env, info.irq, irq);
	CHECK(env, info.kind == CONSOLE_KIND_NS16550A || info.kind == CONSOLE_KIND_SIFIVE);
	return 0;
}

static int uart_write(test_env_t *env)
{
	static const char text[] = "UART0002: this line went through the console driver\n";
	char max[CONSOLE_WRITE_MAX];
	basalt_msginfo_t r;
	unsigned n = sizeof(text) - 1;

	if (env->console == 0)
		return test_fail(env, __FILE__, __LINE__, "the console driver is not running");
	basalt_set_mr(0, n);
	r = request(env, CONSOLE_WRITE, 1 + console_put_bytes(1, text, n));
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	CHECK_EQ(env, basalt_msginfo_label(r), CONSOLE_OK);
	CHECK_EQ(env, basalt_msginfo_length(r), 1);
	CHECK_EQ(env, basalt_get_mr(0), n);
	/* Nothing to write is fine. */
	basalt_set_mr(0, 0);
	r = request(env, CONSOLE_WRITE, 1);
	CHECK_EQ(env, basalt_msginfo_label(r), CONSOLE_OK);
	CHECK_EQ(env, basalt_get_mr(0), 0);
	/* The longest write, in one message: 8 lines of 119 bytes. */
	for (unsigned line = 0; line < 8; line++) {
		char *l = max + line * 119;

		fmt_snprintf(l, 119, "UART0002: a write of %u bytes, line %u of 8 ", CONSOLE_WRITE_MAX,
			     line + 1);
		for (unsigned i = str_len(l); i < 118; i++)
			l[i] = '.';
		l[118] = '\n';
	}
	basalt_set_mr(0, CONSOLE_WRITE_MAX);
	r = request(env, CONSOLE_WRITE, 1 + console_put_bytes(1, max, CONSOLE_WRITE_MAX));
	CHECK_EQ(env, basalt_msginfo_label(r), CONSOLE_OK);
	CHECK_EQ(env, basalt_get_mr(0), CONSOLE_WRITE_MAX);
	return 0;
}

/* A request expected to fail with `status` (and, for RANGE, its bounds). */
#define CHECK_REFUSED(env, label, length, status) \
	CHECK_EQ(env, basalt_msginfo_label(request(env, label, length)), status)

static int uart_bad_requests(test_env_t *env)
{
	console_info_t info;

	if (env->console == 0)
		return test_fail(env, __FILE__, __LINE__, "the console driver is not running");
	/* No such label (0 too: only interrupts come with label 0). */
	CHECK_REFUSED(env, 0, 0, CONSOLE_BAD_REQUEST);
	CHECK_REFUSED(env, 99, 3, CONSOLE_BAD_REQUEST);
	/* WRITE: no length word; fewer words than the length needs. */
	CHECK_REFUSED(env, CONSOLE_WRITE, 0, CONSOLE_TRUNCATED);
	CHECK_EQ(env, basalt_get_mr(0), 1);
	basalt_set_mr(0, 17);
	CHECK_REFUSED(env, CONSOLE_WRITE, 3, CONSOLE_TRUNCATED);
	CHECK_EQ(env, basalt_get_mr(0), 4);
	/* WRITE: too long, even with every message register. */
	basalt_set_mr(0, CONSOLE_WRITE_MAX + 1);
	CHECK_REFUSED(env, CONSOLE_WRITE, BASALT_MSG_MAX_LENGTH, CONSOLE_RANGE);
	CHECK_EQ(env, basalt_get_mr(0), 0);
	CHECK_EQ(env, basalt_get_mr(1), CONSOLE_WRITE_MAX);
	basalt_set_mr(0, ~0ull);
	CHECK_REFUSED(env, CONSOLE_WRITE, 1, CONSOLE_RANGE);
	/* READ_LINE: no max; max 0; max too large. */
	CHECK_REFUSED(env, CONSOLE_READ_LINE, 0, CONSOLE_TRUNCATED);
	basalt_set_mr(0, 0);
	CHECK_REFUSED(env, CONSOLE_READ_LINE, 1, CONSOLE_RANGE);
	CHECK_EQ(env, basalt_get_mr(0), 1);
	CHECK_EQ(env, basalt_get_mr(1), CONSOLE_READ_MAX);
	basalt_set_mr(0, CONSOLE_READ_MAX + 1);
	CHECK_REFUSED(env, CONSOLE_READ_LINE, 1, CONSOLE_RANGE);
	/* The stubs pass errors on. */
	CHECK_EQ(env, console_read(env->console, (char *)&info, 0, &(unsigned){ 0 }, &(bool){ 0 }),
		  CONSOLE_RANGE);
	/* And the driver still serves. */
	CHECK_EQ(env, console_info(env->console, &info), CONSOLE_OK);
	CHECK_EQ(env, console_write(env->console, "UART0003: still serving\n", 24), CONSOLE_OK);
	return 0;
}

typedef struct reader {
	basalt_cptr_t ep;
	volatile basalt_word_t done;
	console_status_t status;
} reader_t;

static void reader_thread(void *arg)
{
	reader_t *r = arg;
	char buf[8];
	unsigned n;
	bool ended;

	r->status = console_read(r->ep, buf, sizeof(buf), &n, &ended);
	r->done = 1;
}

static int uart_one_reader(test_env_t *env)
{
	static reader_t a, b;
	basalt_thread_t ta, tb;

	if (env->console == 0)
		return test_fail(env, __FILE__, __LINE__, "the console driver is not running");
	/* A reader that outranks us runs at once and waits in the driver. */
	a = (reader_t){ .ep = env->console };
	CHECK_OK(env, test_thread(env, &ta, TEST_PRIORITY + 1, reader_thread, &a));
	CHECK_EQ(env, a.done, 0);
	/* A second reader is turned away while the first waits. */
	basalt_set_mr(0, 8);
	CHECK_REFUSED(env, CONSOLE_READ_LINE, 1, CONSOLE_BUSY);
	CHECK_EQ(env, a.done, 0);
	/* The first goes away (suspended: the kernel drops its reply cap);
	 * the next reader takes its place and waits instead of being
	 * turned away. */
	CHECK_OK(env, basalt_tcb_suspend(ta.tcb));
	b = (reader_t){ .ep = env->console };
	CHECK_OK(env, test_thread(env, &tb, TEST_PRIORITY + 1, reader_thread, &b));
	for (unsigned i = 0; i < 10; i++)
		basalt_yield();
	CHECK_EQ(env, b.done, 0);
	CHECK_OK(env, basalt_tcb_suspend(tb.tcb));
	return 0;
}

static basalt_error_t resource_request(test_env_t *env, unsigned label, unsigned length,
				       basalt_word_t arg)
{
	basalt_set_mr(0, arg);
	return (basalt_error_t)basalt_msginfo_label(
		basalt_call(env->resource, basalt_msginfo(label, 0, 0, length)));
}

static int resource_refusals(test_env_t *env)
{
	const board_console_t *c;
	basalt_word_t ram = 0;
	basalt_cptr_t slot = test_slot(env);
	uint32_t irq, ndev;
	int s;

	if (env->resource == 0)
		return test_fail(env, __FILE__, __LINE__, "the resource service is not running");
	for (basalt_word_t i = 0; i < env->bi->h.untyped_count && ram == 0; i++) {
		if (!env->bi->untyped_list[i].is_device)
			ram = env->bi->untyped_list[i].paddr;
	}
	CHECK_EQ(env, resource_request(env, 99, 1, 0), BASALT_ILLEGAL_OPERATION);
	CHECK_EQ(env, resource_request(env, RESOURCE_DEVICE_FRAME, 0, 0), BASALT_TRUNCATED_MESSAGE);
	CHECK_EQ(env, resource_request(env, RESOURCE_IRQ_HANDLER, 0, 0), BASALT_TRUNCATED_MESSAGE);
	CHECK_EQ(env, resource_device_frame(env->resource, ram + 8, slot), BASALT_ALIGNMENT_ERROR);
	/* RAM is not device memory. */
	CHECK_EQ(env, resource_device_frame(env->resource, ram, slot), BASALT_INVALID_ARGUMENT);
	CHECK_EQ(env, basalt_get_mr(0), 0);
	/* Lines are 1..ndev. */
	CHECK_EQ(env, resource_irq_handler(env->resource, 0, slot), BASALT_RANGE_ERROR);
	CHECK_EQ(env, basalt_get_mr(0), 1);
	ndev = (uint32_t)basalt_get_mr(1);
	CHECK(env, ndev > 0);
	CHECK_EQ(env, resource_irq_handler(env->resource, ndev + 1, slot), BASALT_RANGE_ERROR);
	CHECK_EQ(env, basalt_debug_cap_identify(slot), BASALT_CAP_TYPE_NULL);
	/* What the console driver got is not handed out again. */
	s = board_console(env, &c, &irq);
	if (s != 1)
		return s;
	CHECK_EQ(env, resource_device_frame(env->resource, c->base & ~4095ull, slot),
		  BASALT_REVOKE_FIRST);
	CHECK_EQ(env, resource_irq_handler(env->resource, irq, slot), BASALT_REVOKE_FIRST);
	CHECK_EQ(env, basalt_debug_cap_identify(slot), BASALT_CAP_TYPE_NULL);
	return 0;
}

static const test_t tests[] = {
	{ "UART0001", "the console driver serves the console /chosen/stdout-path names",
	  uart_serves_console },
	{ "UART0002", "WRITE sends the bytes it is given, up to the longest message", uart_write },
	{ "UART0003", "malformed requests get error replies and the driver serves on",
	  uart_bad_requests },
	{ "UART0004", "one reader waits at a time; a reader that goes away frees its place",
	  uart_one_reader },
	{ "RES0001", "the resource service refuses bad requests and what it handed out",
	  resource_refusals },
};

const test_suite_t suite_uart = { tests, sizeof(tests) / sizeof(tests[0]) };
