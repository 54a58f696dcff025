/* The root task's services and its resources (see system.h). */
#include "system.h"

#include "console.h"
#include "print.h"
#include "process.h"

extern const char module_uart_start[], module_uart_end[];

/* Slots of the root CNode: the root task's own from the first empty one
 * (the last SERVICE_SLOTS of them the resource service's), the suite's
 * after them. */
#define SYSTEM_SLOTS  1024
#define SERVICE_SLOTS 256

#define WINDOW_BASE 0x80000000ul
#define WINDOW_END  0x100000000ul

#define UART_PRIORITY   255   /* the console's interrupt handler: never waits for anyone */
#define UART_CNODE_BITS 8
#define UART_UNTYPED_BITS 16  /* its notification and page tables */

static basalt_cptr_t resource_ep;

/* The largest RAM untyped the boot info lists. */
static basalt_cptr_t largest_ram_untyped(const basalt_bootinfo_t *bi, unsigned *bits)
{
	basalt_cptr_t best = 0;

	*bits = 0;
	for (basalt_word_t i = 0; i < bi->h.untyped_count; i++) {
		const basalt_untyped_desc_t *u = &bi->untyped_list[i];

		if (!u->is_device && u->size_bits > *bits) {
			*bits = u->size_bits;
			best = bi->h.untyped.start + i;
		}
	}
	return best;
}

/* The smallest RAM untyped larger than 2^bits, other than `avoid`. */
static basalt_cptr_t smallest_ram_untyped_above(const basalt_bootinfo_t *bi, unsigned bits,
						basalt_cptr_t avoid, unsigned *got)
{
	basalt_cptr_t best = 0;

	*got = 0;
	for (basalt_word_t i = 0; i < bi->h.untyped_count; i++) {
		const basalt_untyped_desc_t *u = &bi->untyped_list[i];
		basalt_cptr_t c = bi->h.untyped.start + i;

		if (!u->is_device && c != avoid && u->size_bits > bits &&
		    (best == 0 || u->size_bits < *got)) {
			*got = u->size_bits;
			best = c;
		}
	}
	return best;
}

void system_init(root_system_t *s, const basalt_bootinfo_t *bi)
{
	basalt_word_t first = bi->h.empty.start, split = first + SYSTEM_SLOTS;
	basalt_cptr_t biggest, huge;
	unsigned bits, huge_bits;

	if (split > bi->h.empty.end)
		split = first + (bi->h.empty.end - first) / 2;
	s->bi = bi;
	/* The suite's arena: from the smallest RAM untyped that holds one as
	 * big as the largest untyped allows (test.c), so that a spare 1 GiB
	 * untyped, if the machine has one, stays whole for the tests of 1 GiB
	 * frames. */
	biggest = largest_ram_untyped(bi, &bits);
	if (biggest != 0)
		biggest = smallest_ram_untyped_above(bi, test_arena_bits(bits), 0, &bits);
	huge = smallest_ram_untyped_above(bi, BASALT_FRAME_1G_BITS - 1, biggest, &huge_bits);
	basalt_alloc_init(&s->alloc, first, split - SERVICE_SLOTS);
	for (basalt_word_t i = 0; i < bi->h.untyped_count; i++) {
		basalt_cptr_t c = bi->h.untyped.start + i;

		if (!bi->untyped_list[i].is_device && c != biggest && c != huge)
			basalt_alloc_add_untyped(&s->alloc, c);
	}
	basalt_vmem_init(&s->window, BASALT_INIT_VSPACE, WINDOW_BASE, WINDOW_END, &s->alloc);
	s->console = 0;
	s->tests = (test_resources_t){ .untyped = biggest, .untyped_bits = bits,
				       .huge = huge, .huge_bits = huge_bits,
				       .slot_first = split, .slot_end = bi->h.empty.end };
}

/* A badged copy of `cap` with `rights` in a fresh slot of ours; 0 if none. */
static basalt_cptr_t badged_copy(root_system_t *s, basalt_cptr_t cap, unsigned rights,
				 basalt_word_t badge)
{
	basalt_cptr_t c = basalt_alloc_slot(&s->alloc);

	if (c == 0 || basalt_cnode_mint(BASALT_INIT_CNODE, c, BASALT_WORD_BITS, BASALT_INIT_CNODE, cap,
					BASALT_WORD_BITS, rights, badge) != BASALT_OK)
		return 0;
	return c;
}

/* Load the driver and give it, in console.h's order: its endpoint, the
 * resource service (write, grant), its fault handler, an untyped and the
 * device tree. */
static basalt_error_t load_driver(root_system_t *s, basalt_process_t *p, basalt_cptr_t ep)
{
	basalt_word_t slot, fault_slot;
	basalt_error_t e;

	e = basalt_process_load(p, &s->alloc, &s->window, BASALT_INIT_ASID_POOL, module_uart_start,
				(basalt_word_t)(module_uart_end - module_uart_start), UART_CNODE_BITS,
				UART_PRIORITY, BASALT_INIT_TCB, "uart");
	if (e == BASALT_OK)
		e = basalt_process_give(p, ep, BASALT_RIGHTS_ALL, 0, &slot);
	if (e == BASALT_OK)
		e = basalt_process_give(p, resource_ep, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT,
					RESOURCE_BADGE_UART, &slot);
	if (e == BASALT_OK)
		e = basalt_process_give(p, resource_ep, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT,
					RESOURCE_BADGE_UART | RESOURCE_BADGE_FAULT, &fault_slot);
	if (e == BASALT_OK)
		e = basalt_process_set_fault_handler(p, fault_slot);
	if (e == BASALT_OK)
		e = basalt_process_give_untyped(p, UART_UNTYPED_BITS, &slot);
	if (e == BASALT_OK)
		e = basalt_process_share_dtb(p, s->bi);
	return e;
}

bool system_start_console(root_system_t *s)
{
	basalt_process_t driver;
	basalt_cptr_t ep;
	basalt_word_t status;
	basalt_error_t e;
	bool faulted;
	/* Clients may call and get replies, nothing more. */
	const unsigned client = BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT_REPLY;

	e = basalt_alloc_object(&s->alloc, BASALT_OBJ_ENDPOINT, 0, &resource_ep);
	if (e == BASALT_OK)
		e = resource_service_start(s, resource_ep, s->alloc.end, s->alloc.end + SERVICE_SLOTS);
	if (e != BASALT_OK) {
		printf("root: cannot start the resource service (error %d)\n", e);
		return false;
	}
	s->tests.resource = badged_copy(s, resource_ep, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT,
					RESOURCE_BADGE_TESTS);

	e = basalt_alloc_object(&s->alloc, BASALT_OBJ_ENDPOINT, 0, &ep);
	if (e == BASALT_OK)
		e = load_driver(s, &driver, ep);
	if (e == BASALT_OK) {
		basalt_debug_name_thread(driver.tcb, "uart");
		e = basalt_process_start(&driver);
	}
	if (e != BASALT_OK) {
		printf("root: cannot start the console driver (error %d)\n", e);
		return false;
	}
	/* It reports once it serves, or why it cannot; a fault reports too. */
	status = resource_service_wait_report(RESOURCE_BADGE_UART, &faulted);
	if (faulted || status != 0) {
		printf("root: the console driver did not start (%s %llu)\n",
		       faulted ? "fault" : "its report:", (unsigned long long)status);
		return false;
	}
	s->console = badged_copy(s, ep, client, CONSOLE_BADGE_SHELL);
	s->tests.console = badged_copy(s, ep, client, CONSOLE_BADGE_TESTS);
	return s->console != 0;
}
