/*
 * What the root task runs besides its own code, and how its memory and
 * slots are shared out. In both modes (the shell and `test` on the command
 * line) the root task first starts:
 *
 *   - the resource service (resource_service.c), a thread of its own that
 *     hands device frames and IRQ handlers to the programs it starts;
 *   - the console UART driver (user/uart), a program of its own, which
 *     finds the console in the device tree and gets its capabilities from
 *     that service.
 *
 * The in-QEMU test suite gets resources nobody else touches, so that it
 * runs the same from the shell as on its own: the largest RAM untyped (for
 * its arena), the upper part of the root CNode's empty slots and the
 * addresses [0x40000000, 0x80000000) of the root VSpace. The root task's
 * own objects come from every other RAM untyped, the lower slots and the
 * window [0x80000000, 0x100000000).
 */
#ifndef BASALT_ROOT_SYSTEM_H
#define BASALT_ROOT_SYSTEM_H

#include "alloc.h"
#include "test.h"
#include "vmem.h"

/* Badges of the resource service's clients; a child's fault handler cap
 * is its badge with RESOURCE_BADGE_FAULT. */
#define RESOURCE_BADGE_UART  1u
#define RESOURCE_BADGE_TESTS 2u
#define RESOURCE_BADGE_FAULT (1ull << 62)

/* Badges of the console driver's clients (never CONSOLE_BADGE_IRQ). */
#define CONSOLE_BADGE_SHELL 1u
#define CONSOLE_BADGE_TESTS 2u

typedef struct root_system {
	const basalt_bootinfo_t *bi;
	basalt_alloc_t alloc;          /* the root task's own slots and RAM */
	basalt_vmem_t window;          /* the root task's own addresses */
	basalt_cptr_t console;         /* our cap to the console driver; 0 without one */
	test_resources_t tests;        /* what the in-QEMU suite may use */
} root_system_t;

/* Share out the boot info's slots and untyped. */
void system_init(root_system_t *s, const basalt_bootinfo_t *bi);

/* Start the resource service and the console driver, and wait for the
 * driver's report. False (the reason printed) when there is no driver. */
bool system_start_console(root_system_t *s);

/* The resource service (resource_service.c): start its thread, serving
 * `ep` with slots [slot_first, slot_end) of its own. */
basalt_error_t resource_service_start(root_system_t *s, basalt_cptr_t ep,
				      basalt_word_t slot_first, basalt_word_t slot_end);

/* Wait until the child with this badge reports (RESOURCE_STARTED or a
 * fault); its status (0: running) or, after a fault, its fault label. */
basalt_word_t resource_service_wait_report(basalt_word_t badge, bool *faulted);

#endif
