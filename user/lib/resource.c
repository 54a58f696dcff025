/* Resource protocol client stubs (see resource.h). */
#include "resource.h"

#include "basalt/bootinfo.h"

static basalt_error_t call_for_cap(basalt_cptr_t ep, unsigned label, basalt_word_t arg,
				   basalt_cptr_t slot)
{
	basalt_msginfo_t reply;

	basalt_set_receive_path(BASALT_INIT_CNODE, slot, BASALT_WORD_BITS);
	basalt_set_mr(0, arg);
	reply = basalt_call(ep, basalt_msginfo(label, 0, 0, 1));
	if (basalt_status() != BASALT_OK)
		return basalt_status();
	if (basalt_msginfo_label(reply) != BASALT_OK)
		return (basalt_error_t)basalt_msginfo_label(reply);
	return basalt_msginfo_extra_caps(reply) == 1 ? BASALT_OK : BASALT_INVALID_CAPABILITY;
}

basalt_error_t resource_device_frame(basalt_cptr_t ep, basalt_word_t paddr, basalt_cptr_t slot)
{
	return call_for_cap(ep, RESOURCE_DEVICE_FRAME, paddr, slot);
}

basalt_error_t resource_irq_handler(basalt_cptr_t ep, basalt_word_t line, basalt_cptr_t slot)
{
	return call_for_cap(ep, RESOURCE_IRQ_HANDLER, line, slot);
}

basalt_error_t resource_started(basalt_cptr_t ep, basalt_word_t status)
{
	basalt_msginfo_t reply;

	basalt_set_mr(0, status);
	reply = basalt_call(ep, basalt_msginfo(RESOURCE_STARTED, 0, 0, 1));
	if (basalt_status() != BASALT_OK)
		return basalt_status();
	return (basalt_error_t)basalt_msginfo_label(reply);
}
