/*
 * Row: interrupt latency, from the interrupt trap to the driver's first
 * user instruction. A low-priority thread keeps writing the instruction
 * counter to memory; a high-priority driver thread waits on the
 * notification bound to the interrupt and reads the counter as its first
 * act after waking. The difference (less the spinner's loop, three
 * instructions) is the kernel's whole path: trap, claim, signal, switch.
 * The interrupt: QEMU virt's goldfish RTC alarm (the row is skipped on
 * boards without one).
 */
#include "bench.h"

#include "device.h"
#include "print.h"
#include "thread.h"

#define RTC_TIME_LOW 0x00
#define RTC_TIME_HIGH 0x04
#define RTC_ALARM_LOW 0x08
#define RTC_ALARM_HIGH 0x0c
#define RTC_IRQ_ENABLED 0x10
#define RTC_CLEAR_INTERRUPT 0x1c

static basalt_word_t samples[BENCH_MAX_SAMPLES];

static struct {
	volatile uint32_t *rtc;
	basalt_cptr_t ntfn, handler, done;
	volatile basalt_word_t last, woke;
	volatile unsigned count;
	unsigned total;
} g;

static void spinner(void *arg)
{
	(void)arg;
	for (;;)
		g.last = bench_counter();
}

static void arm(void)
{
	uint64_t lo = g.rtc[RTC_TIME_LOW / 4];
	uint64_t t = (((uint64_t)g.rtc[RTC_TIME_HIGH / 4] << 32) | lo) + 200000;

	g.rtc[RTC_ALARM_HIGH / 4] = (uint32_t)(t >> 32);
	g.rtc[RTC_ALARM_LOW / 4] = (uint32_t)t;
	g.rtc[RTC_IRQ_ENABLED / 4] = 1;
}

static void driver(void *arg)
{
	(void)arg;
	for (;;) {
		basalt_regs_t r = { .a0 = g.ntfn };

		arm();
		basalt_syscall(BASALT_SYS_RECV, &r);
		g.woke = bench_counter();
		if (g.count < g.total)
			samples[g.count] = g.woke - g.last - bench_overhead;
		g.count++;
		g.rtc[RTC_CLEAR_INTERRUPT / 4] = 1;
		basalt_irq_handler_ack(g.handler);
		if (g.count == g.total)
			basalt_signal(g.done);
	}
}

void bench_irq(bench_env_t *env)
{
	const fdt_t *fdt;
	diag_t why;
	const board_t *b = basalt_board(env->bi, &fdt, &why);
	basalt_thread_t sp, dr;
	basalt_cptr_t frame;
	basalt_word_t va;
	uint32_t irq;
	int node = b != NULL ? basalt_find_compatible(fdt, "google,goldfish-rtc") : -1;

	if (node < 0 || !board_device_irq(fdt, b, node, &irq)) {
		printf("bench: irq-latency none n 0 no goldfish RTC on this board\n");
		return;
	}
	for (uint32_t i = 0; i < b->device_count; i++) {
		if (b->devices[i].node != node)
			continue;
		va = basalt_vmem_reserve(&env->vmem, 1);
		if (basalt_device_frame(&env->alloc, env->bi, b->devices[i].base, &frame) != BASALT_OK ||
		    basalt_vmem_map_frame(&env->vmem, frame, va, BASALT_MAP_READ | BASALT_MAP_WRITE) !=
			    BASALT_OK) {
			printf("bench: irq setup failed\n");
			return;
		}
		g.rtc = (volatile uint32_t *)(va + (b->devices[i].base & 4095));
	}
	g.handler = basalt_alloc_slot(&env->alloc);
	if (basalt_alloc_object(&env->alloc, BASALT_OBJ_NOTIFICATION, 0, &g.ntfn) != BASALT_OK ||
	    basalt_alloc_object(&env->alloc, BASALT_OBJ_NOTIFICATION, 0, &g.done) != BASALT_OK ||
	    basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, irq, BASALT_INIT_CNODE, g.handler,
				   BASALT_WORD_BITS) != BASALT_OK ||
	    basalt_irq_handler_set_notification(g.handler, g.ntfn) != BASALT_OK) {
		printf("bench: irq setup failed\n");
		return;
	}
	g.total = env->warmup + env->iterations;
	g.count = 0;
	/* Driver 250 > us 200 > spinner 150: we wait for the driver's word. */
	basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, 200);
	if (basalt_thread_create(&dr, &env->vmem, BASALT_INIT_TCB, 250, 2, 0) != BASALT_OK ||
	    basalt_thread_start(&dr, driver, 0) != BASALT_OK ||
	    basalt_thread_create(&sp, &env->vmem, BASALT_INIT_TCB, 150, 2, 0) != BASALT_OK ||
	    basalt_thread_start(&sp, spinner, 0) != BASALT_OK) {
		printf("bench: irq setup failed\n");
		return;
	}
	/* The spinner never blocks: stop it from here once enough came in. */
	basalt_wait(g.done);
	basalt_tcb_suspend(sp.tcb);
	basalt_tcb_suspend(dr.tcb);
	g.rtc[RTC_IRQ_ENABLED / 4] = 0;
	basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, 255);
	bench_report("irq-latency", "interrupt latency: trap to the driver's first instruction",
		     samples + env->warmup, env->iterations);
}
