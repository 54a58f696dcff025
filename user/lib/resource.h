/*
 * The resource protocol: how a program the root task starts (a device
 * driver) asks it for the device capabilities it needs, and tells it that
 * it is up. The root task serves it (user/root/resource_service.c); this
 * header is shared by both sides (docs/console.md, "Capabilities").
 *
 * One endpoint; every request is a Call. The client's cap needs the write
 * and grant rights: grant, because a reply can carry a capability only
 * when the caller's cap has it. A reply that carries one puts it in the
 * receive slot the caller set (basalt_set_receive_path), which must be
 * empty. Requests, by label:
 *
 *   RESOURCE_DEVICE_FRAME (1)  MR0 = physical address of a device page
 *                              reply: a 4 KiB frame cap for that page
 *   RESOURCE_IRQ_HANDLER (2)   MR0 = interrupt line (the controller's input)
 *                              reply: an IRQ handler cap for that line
 *   RESOURCE_STARTED (3)       MR0 = 0: the program is ready to serve;
 *                              anything else: it could not start (its own
 *                              code, for the parent's report). Empty reply.
 *
 * The reply's label is a basalt_error_t (the kernel's error codes, with the
 * same detail words where the service passes a kernel error on):
 *
 *   ILLEGAL_OPERATION    no such label
 *   TRUNCATED_MESSAGE    no MR0
 *   ALIGNMENT_ERROR      the address is not page-aligned
 *   INVALID_ARGUMENT     MR0 = 0: the address is not device memory
 *   REVOKE_FIRST         that page's frame / that line's handler has been
 *                        handed out already (each goes to one asker)
 *   RANGE_ERROR          no such line (MR0 = 1, MR1 = the highest)
 *   NOT_ENOUGH_MEMORY    the service is out of slots
 *
 * The service keeps its own copy of every cap it hands out, so it can
 * revoke what it gave.
 */
#ifndef LIBBASALT_RESOURCE_H
#define LIBBASALT_RESOURCE_H

#include "sys.h"

enum resource_label {
	RESOURCE_DEVICE_FRAME = 1,
	RESOURCE_IRQ_HANDLER = 2,
	RESOURCE_STARTED = 3,
};

/* Client stubs: `ep` is the caller's cap to the service, `slot` an empty
 * slot of the caller's root CNode (a plain slot number) for the cap.
 * They return the reply's label, or the kernel's status when the Call
 * itself failed, or BASALT_INVALID_CAPABILITY when an OK reply brought no
 * cap (the caller's cap lacks the grant right). */
basalt_error_t resource_device_frame(basalt_cptr_t ep, basalt_word_t paddr, basalt_cptr_t slot);
basalt_error_t resource_irq_handler(basalt_cptr_t ep, basalt_word_t line, basalt_cptr_t slot);
basalt_error_t resource_started(basalt_cptr_t ep, basalt_word_t status);

#endif
