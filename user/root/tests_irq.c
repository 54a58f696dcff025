/*
 * Interrupts for user-level drivers: IRQControl and IRQHandler invocations
 * and their errors, an interrupt delivered to the bound notification with
 * its badge, the line masked until the driver acks, and a handler deleted
 * while its interrupt is pending. The device: QEMU virt's goldfish RTC,
 * whose alarm raises a level interrupt until cleared (found, like its
 * interrupt number, in the boot info's device tree copy).
 */
#include "test_util.h"

#include "device.h"

#define RTC_TIME_LOW 0x00
#define RTC_TIME_HIGH 0x04
#define RTC_ALARM_LOW 0x08
#define RTC_ALARM_HIGH 0x0c
#define RTC_IRQ_ENABLED 0x10
#define RTC_CLEAR_ALARM 0x14
#define RTC_CLEAR_INTERRUPT 0x1c

static uint32_t irq_sources(test_env_t *env)
{
	const fdt_t *fdt;
	diag_t why;
	const board_t *b = basalt_board(env->bi, &fdt, &why);

	return b != NULL ? b->intc.ndev : 0;
}

static int irq_invocations(test_env_t *env)
{
	uint32_t n = irq_sources(env);
	basalt_cptr_t h = test_slot(env), other = test_slot(env), ntfn, ep;

	CHECK(env, n > 0);
	ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	CHECK(env, ntfn != 0 && ep != 0);
	/* Lines are 1..n. */
	CHECK_ERR(env, basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, 0, BASALT_INIT_CNODE, h, 64),
		  BASALT_RANGE_ERROR);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_EQ(env, basalt_error_detail(1), n);
	CHECK_ERR(env, basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, n + 1, BASALT_INIT_CNODE, h, 64),
		  BASALT_RANGE_ERROR);
	CHECK_OK(env, basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, n, BASALT_INIT_CNODE, h, 64));
	CHECK_EQ(env, basalt_debug_cap_identify(h), BASALT_CAP_TYPE_IRQ_HANDLER);
	/* One handler per line; the destination must be empty. */
	CHECK_ERR(env, basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, n, BASALT_INIT_CNODE, other, 64),
		  BASALT_REVOKE_FIRST);
	CHECK_ERR(env, basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, n - 1, BASALT_INIT_CNODE, h, 64),
		  BASALT_DELETE_FIRST);
	CHECK_ERR(env, basalt_irq_handler_set_notification(h, ep), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_OK(env, basalt_irq_handler_set_notification(h, ntfn));
	CHECK_OK(env, basalt_irq_handler_ack(h));
	CHECK_OK(env, basalt_irq_handler_clear(h));
	CHECK_EQ(env, basalt_msginfo_label(basalt_call(h, basalt_msginfo(99, 0, 0, 0))),
		  BASALT_ILLEGAL_OPERATION);
	CHECK_EQ(env, basalt_msginfo_label(basalt_call(BASALT_INIT_IRQ_CONTROL,
						       basalt_msginfo(BASALT_INV_IRQ_ISSUE_HANDLER, 0, 0, 1))),
		  BASALT_TRUNCATED_MESSAGE);
	/* IRQ control cannot be copied; the handler can, and deleting every
	 * handler cap frees the line for a new one. */
	CHECK_ERR(env, basalt_cnode_copy(BASALT_INIT_CNODE, other, 64, BASALT_INIT_CNODE,
					 BASALT_INIT_IRQ_CONTROL, 64, BASALT_RIGHTS_ALL),
		  BASALT_ILLEGAL_OPERATION);
	CHECK_OK(env, basalt_cnode_copy(BASALT_INIT_CNODE, other, 64, BASALT_INIT_CNODE, h, 64,
					BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, h, 64));
	CHECK_ERR(env, basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, n, BASALT_INIT_CNODE, h, 64),
		  BASALT_REVOKE_FIRST);
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, other, 64));
	CHECK_OK(env, basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, n, BASALT_INIT_CNODE, h, 64));
	return 0;
}

typedef struct rtc {
	volatile uint32_t *regs;
	basalt_cptr_t handler, ntfn;
	uint32_t irq;
} rtc_t;

static uint64_t rtc_now(const rtc_t *r)
{
	uint64_t lo = r->regs[RTC_TIME_LOW / 4];

	return ((uint64_t)r->regs[RTC_TIME_HIGH / 4] << 32) | lo;
}

static void rtc_alarm_in(const rtc_t *r, uint64_t ns)
{
	uint64_t t = rtc_now(r) + ns;

	r->regs[RTC_ALARM_HIGH / 4] = (uint32_t)(t >> 32);
	r->regs[RTC_ALARM_LOW / 4] = (uint32_t)t;
	r->regs[RTC_IRQ_ENABLED / 4] = 1;
}

/* The RTC mapped, its line's handler issued and bound to a badged
 * notification; 1 to skip (no RTC on this board). */
static int rtc_setup(test_env_t *env, rtc_t *r, basalt_word_t badge)
{
	const fdt_t *fdt;
	diag_t why;
	const board_t *b = basalt_board(env->bi, &fdt, &why);
	basalt_cptr_t frame, badged;
	basalt_word_t va;
	int node;

	if (b == NULL)
		return test_fail(env, __FILE__, __LINE__, "device tree: %s", why.msg);
	node = basalt_find_compatible(fdt, "google,goldfish-rtc");
	if (node < 0 || !board_device_irq(fdt, b, node, &r->irq))
		return -1;
	for (uint32_t i = 0; i < b->device_count; i++) {
		if (b->devices[i].node != node)
			continue;
		if (basalt_device_frame(&env->alloc, env->bi, b->devices[i].base, &frame) != BASALT_OK)
			return test_fail(env, __FILE__, __LINE__, "no device frame for the RTC");
		va = basalt_vmem_reserve(&env->vmem, 1);
		if (basalt_vmem_map_frame(&env->vmem, frame, va, BASALT_MAP_READ | BASALT_MAP_WRITE) !=
		    BASALT_OK)
			return test_fail(env, __FILE__, __LINE__, "cannot map the RTC");
		r->regs = (volatile uint32_t *)(va + (b->devices[i].base & 4095));
	}
	r->handler = test_slot(env);
	r->ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	badged = test_slot(env);
	if (r->ntfn == 0 ||
	    basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, r->irq, BASALT_INIT_CNODE, r->handler,
				   64) != BASALT_OK ||
	    basalt_cnode_mint(BASALT_INIT_CNODE, badged, 64, BASALT_INIT_CNODE, r->ntfn, 64,
			      BASALT_RIGHTS_ALL, badge) != BASALT_OK ||
	    basalt_irq_handler_set_notification(r->handler, badged) != BASALT_OK)
		return test_fail(env, __FILE__, __LINE__, "cannot set up the RTC's interrupt");
	/* The copy the kernel keeps is enough: ours can go. */
	basalt_cnode_delete(BASALT_INIT_CNODE, badged, 64);
	r->regs[RTC_CLEAR_INTERRUPT / 4] = 1;
	return 0;
}

static int irq_delivery_and_masking(test_env_t *env)
{
	rtc_t r;
	int s = rtc_setup(env, &r, 0x40);
	uint64_t until;

	if (s < 0) {
		printf("IRQ0002: no goldfish RTC on this board: nothing to interrupt with\n");
		return 0;
	}
	if (s > 0)
		return s;
	/* An alarm: the interrupt arrives as a signal with our badge. */
	rtc_alarm_in(&r, 200000);
	CHECK_EQ(env, basalt_wait(r.ntfn), 0x40);
	/* Handled: clear the device, arm again. The line fires, but without
	 * an ack from us the kernel keeps it masked: nothing arrives. */
	r.regs[RTC_CLEAR_INTERRUPT / 4] = 1;
	rtc_alarm_in(&r, 200000);
	until = rtc_now(&r) + 5000000;
	while (rtc_now(&r) < until)
		CHECK_EQ(env, basalt_poll(r.ntfn), 0);
	/* The ack lets the pending interrupt through. */
	CHECK_OK(env, basalt_irq_handler_ack(r.handler));
	CHECK_EQ(env, basalt_wait(r.ntfn), 0x40);
	r.regs[RTC_CLEAR_INTERRUPT / 4] = 1;
	r.regs[RTC_IRQ_ENABLED / 4] = 0;
	CHECK_OK(env, basalt_irq_handler_ack(r.handler));
	return 0;
}

/* A driver thread waiting for its interrupt, deleted while the interrupt
 * is pending (claimed, not acked): the kernel stays consistent and the
 * line can be issued again. */
static void driver_thread(void *arg)
{
	rtc_t *r = arg;

	for (;;)
		basalt_wait(r->ntfn);
}

static int irq_delete_pending(test_env_t *env)
{
	static rtc_t r;
	basalt_thread_t t;
	int s = rtc_setup(env, &r, 0x2);
	uint64_t until;

	if (s < 0) {
		printf("IRQ0003: no goldfish RTC on this board: nothing to interrupt with\n");
		return 0;
	}
	if (s > 0)
		return s;
	CHECK_OK(env, test_thread(env, &t, TEST_PRIORITY + 1, driver_thread, &r));
	rtc_alarm_in(&r, 100000);
	until = rtc_now(&r) + 2000000;
	while (rtc_now(&r) < until)
		;
	/* The interrupt has been delivered and not acked; delete the driver
	 * thread, then the handler and the notification. */
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, t.tcb, 64));
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, r.handler, 64));
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, r.ntfn, 64));
	CHECK_EQ(env, basalt_debug_audit(1), 0);
	r.regs[RTC_CLEAR_INTERRUPT / 4] = 1;
	r.regs[RTC_IRQ_ENABLED / 4] = 0;
	/* The line is free again. */
	CHECK_OK(env, basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, r.irq, BASALT_INIT_CNODE,
					     r.handler, 64));
	return 0;
}

static const test_t tests[] = {
	{ "IRQ0001", "IRQ control and handler invocations and their errors", irq_invocations },
	{ "IRQ0002", "an interrupt signals the notification; masked until acked",
	  irq_delivery_and_masking },
	{ "IRQ0003", "a driver and its handler deleted while the interrupt is pending",
	  irq_delete_pending },
};

const test_suite_t suite_irq = { tests, sizeof(tests) / sizeof(tests[0]) };
