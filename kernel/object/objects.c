/*
 * Object sizes and creation (see objects.h).
 */
#include "object/objects.h"

#include "core/kmem.h"
#include "object/endpoint.h"
#include "object/notification.h"
#include "object/thread.h"

unsigned object_bits(basalt_object_type_t type, unsigned user_bits)
{
	switch (type) {
	case BASALT_OBJ_UNTYPED: return user_bits;
	case BASALT_OBJ_TCB: return BASALT_TCB_BITS;
	case BASALT_OBJ_ENDPOINT: return BASALT_ENDPOINT_BITS;
	case BASALT_OBJ_NOTIFICATION: return BASALT_NOTIFICATION_BITS;
	case BASALT_OBJ_CNODE: return user_bits + BASALT_SLOT_BITS;
	case BASALT_OBJ_FRAME_4K: return BASALT_FRAME_4K_BITS;
	case BASALT_OBJ_FRAME_2M: return BASALT_FRAME_2M_BITS;
	case BASALT_OBJ_FRAME_1G: return BASALT_FRAME_1G_BITS;
	case BASALT_OBJ_PAGE_TABLE: return BASALT_PAGE_TABLE_BITS;
	default: return 0;
	}
}

cap_t object_create(basalt_object_type_t type, uint64_t pa, unsigned user_bits, bool device,
		    uint64_t clean)
{
	switch (type) {
	case BASALT_OBJ_UNTYPED: {
		cap_t c = cap_untyped(pa, user_bits, device);

		c.w2 = clean;
		return c;
	}
	case BASALT_OBJ_TCB:
		thread_init((tcb_t *)phys_to_virt(pa));
		return cap_tcb(pa);
	case BASALT_OBJ_ENDPOINT:
		endpoint_init(pa);
		return cap_endpoint(pa, 0, BASALT_RIGHTS_ALL);
	case BASALT_OBJ_NOTIFICATION:
		notification_init(pa);
		return cap_notification(pa, 0, BASALT_RIGHT_READ | BASALT_RIGHT_WRITE);
	case BASALT_OBJ_CNODE:
		/* Zeroed memory is a CNode of empty slots. */
		return cap_cnode(pa, user_bits, 0, 0);
	case BASALT_OBJ_FRAME_4K:
	case BASALT_OBJ_FRAME_2M:
	case BASALT_OBJ_FRAME_1G:
		return cap_frame(pa, object_bits(type, 0), BASALT_RIGHT_READ | BASALT_RIGHT_WRITE,
				 device);
	case BASALT_OBJ_PAGE_TABLE:
		/* Zeroed memory is a table of invalid entries. */
		return cap_page_table(pa);
	default:
		return cap_null();
	}
}
