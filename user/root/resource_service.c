/*
 * The resource service (protocol: user/lib/resource.h): a thread of the
 * root task that hands the programs it starts the device capabilities they
 * ask for, and hears how their start went.
 *
 * Why a service and not the root task doing the work: a driver knows its
 * device (it reads the device tree itself); the root task only holds the
 * authority (device untyped, IRQ control) and decides whom to give what.
 * The policy is deliberately small: any device page and any interrupt
 * line, each to the first asker; clients are known by their badge, so a
 * stricter policy per client would fit here. The service keeps its own
 * copy of every cap it hands out, so the root task can revoke them.
 *
 * The thread uses only its own slot range and the device untyped (through
 * a devmem allocator), never the root task's main allocator, so it needs
 * no lock. Children's faults come here too (their fault handler is a cap
 * to this endpoint with RESOURCE_BADGE_FAULT in its badge): the fault is
 * reported and the child left stopped.
 */
#include "system.h"

#include "basalt/fault.h"
#include "devmem.h"
#include "print.h"
#include "resource.h"
#include "thread.h"

#define SERVICE_PRIORITY 250
#define MAX_BADGE 8

typedef struct report {
	bool done, faulted;
	basalt_word_t status;           /* RESOURCE_STARTED's MR0, or the fault label */
} report_t;

static struct service {
	basalt_alloc_t slots;
	basalt_devmem_t devmem;
	basalt_cptr_t ep;
	basalt_cptr_t reported;          /* notification: signalled on every report */
	basalt_thread_t thread;
	volatile report_t reports[MAX_BADGE];
} service;

static basalt_msginfo_t error(basalt_error_t e, unsigned detail_words)
{
	return basalt_msginfo(e, 0, 0, detail_words);
}

/* A reply carrying one cap (ours stays). */
static basalt_msginfo_t with_cap(basalt_cptr_t cap)
{
	basalt_set_cap(0, cap);
	return basalt_msginfo(BASALT_OK, 0, 1, 0);
}

static basalt_msginfo_t device_frame(basalt_word_t paddr)
{
	basalt_cptr_t frame;
	basalt_error_t e = basalt_devmem_frame(&service.devmem, paddr, &frame);

	if (e == BASALT_INVALID_ARGUMENT) {
		basalt_set_mr(0, 0);
		return error(e, 1);
	}
	return e == BASALT_OK ? with_cap(frame) : error(e, 0);
}

static basalt_msginfo_t irq_handler(basalt_word_t line)
{
	basalt_cptr_t slot = basalt_alloc_slot(&service.slots);
	basalt_error_t e;

	if (slot == 0)
		return error(BASALT_NOT_ENOUGH_MEMORY, 0);
	e = basalt_irq_control_get(BASALT_INIT_IRQ_CONTROL, line, BASALT_INIT_CNODE, slot,
				   BASALT_WORD_BITS);
	if (e != BASALT_OK) {
		service.slots.next--;   /* unused: give it back */
		/* The kernel's details (RANGE_ERROR's bounds) are in our MRs. */
		return error(e, e == BASALT_RANGE_ERROR ? 2 : 0);
	}
	return with_cap(slot);
}

static void report(basalt_word_t badge, bool faulted, basalt_word_t status)
{
	if (badge < MAX_BADGE) {
		service.reports[badge].status = status;
		service.reports[badge].faulted = faulted;
		service.reports[badge].done = true;
	}
	basalt_signal(service.reported);
}

static const char *client_name(basalt_word_t badge)
{
	switch (badge) {
	case RESOURCE_BADGE_UART: return "the console driver";
	case RESOURCE_BADGE_TESTS: return "the test suite";
	default: return "a program";
	}
}

static const char *fault_name(basalt_word_t label)
{
	switch (label) {
	case BASALT_FAULT_VM: return "page fault";
	case BASALT_FAULT_USER_EXCEPTION: return "exception";
	case BASALT_FAULT_UNKNOWN_SYSCALL: return "unknown system call";
	case BASALT_FAULT_CAP: return "capability fault";
	default: return "fault";
	}
}

static void serve(void *arg)
{
	basalt_word_t badge;
	basalt_msginfo_t info = basalt_recv(service.ep, &badge);

	for (;;) {
		basalt_word_t label = basalt_msginfo_label(info);
		basalt_msginfo_t out;

		if (badge & RESOURCE_BADGE_FAULT) {
			/* No reply: the child stays stopped. */
			printf("root: %s stopped by a %s at pc 0x%llx (value 0x%llx)\n",
			       client_name(badge & ~RESOURCE_BADGE_FAULT), fault_name(label),
			       (unsigned long long)basalt_get_mr(0), (unsigned long long)basalt_get_mr(1));
			report(badge & ~RESOURCE_BADGE_FAULT, true, label);
			info = basalt_recv(service.ep, &badge);
			continue;
		}
		if (label >= RESOURCE_DEVICE_FRAME && label <= RESOURCE_STARTED &&
		    basalt_msginfo_length(info) < 1)
			out = error(BASALT_TRUNCATED_MESSAGE, 0);
		else if (label == RESOURCE_DEVICE_FRAME)
			out = device_frame(basalt_get_mr(0));
		else if (label == RESOURCE_IRQ_HANDLER)
			out = irq_handler(basalt_get_mr(0));
		else if (label == RESOURCE_STARTED) {
			report(badge, false, basalt_get_mr(0));
			out = error(BASALT_OK, 0);
		} else
			out = error(BASALT_ILLEGAL_OPERATION, 0);
		info = basalt_reply_recv(service.ep, out, &badge);
	}
}

basalt_error_t resource_service_start(root_system_t *s, basalt_cptr_t ep,
				      basalt_word_t slot_first, basalt_word_t slot_end)
{
	basalt_cptr_t ntfn, badged = basalt_alloc_slot(&s->alloc);
	basalt_error_t e;

	service.ep = ep;
	basalt_alloc_init(&service.slots, slot_first, slot_end);
	basalt_devmem_init(&service.devmem, s->bi, &service.slots);
	/* Signals carry badge 1: a waiter wakes with a non-zero word. */
	e = basalt_alloc_object(&s->alloc, BASALT_OBJ_NOTIFICATION, 0, &ntfn);
	if (e == BASALT_OK)
		e = badged != 0 ? basalt_cnode_mint(BASALT_INIT_CNODE, badged, BASALT_WORD_BITS,
						    BASALT_INIT_CNODE, ntfn, BASALT_WORD_BITS,
						    BASALT_RIGHTS_ALL, 1)
				: BASALT_NOT_ENOUGH_MEMORY;
	if (e != BASALT_OK)
		return e;
	service.reported = badged;
	e = basalt_thread_create(&service.thread, &s->window, BASALT_INIT_TCB, SERVICE_PRIORITY, 4, 0);
	if (e == BASALT_OK)
		basalt_debug_name_thread(service.thread.tcb, "resources");
	return e == BASALT_OK ? basalt_thread_start(&service.thread, serve, (void *)0) : e;
}

basalt_word_t resource_service_wait_report(basalt_word_t badge, bool *faulted)
{
	if (badge >= MAX_BADGE) {
		*faulted = false;
		return ~0ull;
	}
	while (!service.reports[badge].done)
		basalt_wait(service.reported);
	*faulted = service.reports[badge].faulted;
	return service.reports[badge].status;
}
