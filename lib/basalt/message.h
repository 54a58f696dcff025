/*
 * Messages: the message-info word, message registers and the IPC buffer.
 *
 * Every IPC and every invocation carries a message-info word:
 *
 *   63                                   12 11     9 8   7 6        0
 *  +---------------------------------------+--------+-----+----------+
 *  |                 label                 | unwrap | xcap|  length  |
 *  +---------------------------------------+--------+-----+----------+
 *
 *   length  number of message registers (0..BASALT_MSG_MAX_LENGTH)
 *   xcap    number of extra capabilities sent (0..BASALT_MSG_MAX_EXTRA_CAPS)
 *   unwrap  (received) bit i set: extra cap i was unwrapped into its badge
 *   label   free for the sender; for invocations, the operation; in the
 *           reply to an invocation, the error code (0 = success)
 *
 * The first BASALT_MSG_REGISTERS message registers travel in CPU registers
 * (a2..a5), the rest in the IPC buffer's msg[] at the same index.
 */
#ifndef BASALT_ABI_MESSAGE_H
#define BASALT_ABI_MESSAGE_H

#include "basalt/types.h"

#define BASALT_MSG_MAX_LENGTH     120
#define BASALT_MSG_MAX_EXTRA_CAPS 3
#define BASALT_MSG_REGISTERS      4

#define BASALT_MSGINFO_LENGTH_BITS 7
#define BASALT_MSGINFO_XCAP_SHIFT  7
#define BASALT_MSGINFO_UNWRAP_SHIFT 9
#define BASALT_MSGINFO_LABEL_SHIFT 12
#define BASALT_MSGINFO_LABEL_MAX   ((1ull << 52) - 1)

typedef basalt_word_t basalt_msginfo_t;

static inline basalt_msginfo_t basalt_msginfo(basalt_word_t label, unsigned unwrapped,
					      unsigned extra_caps, unsigned length)
{
	return ((label & BASALT_MSGINFO_LABEL_MAX) << BASALT_MSGINFO_LABEL_SHIFT) |
	       ((basalt_word_t)(unwrapped & 7u) << BASALT_MSGINFO_UNWRAP_SHIFT) |
	       ((basalt_word_t)(extra_caps & 3u) << BASALT_MSGINFO_XCAP_SHIFT) |
	       (basalt_word_t)(length & 0x7fu);
}

static inline basalt_word_t basalt_msginfo_label(basalt_msginfo_t m)
{
	return m >> BASALT_MSGINFO_LABEL_SHIFT;
}

static inline unsigned basalt_msginfo_length(basalt_msginfo_t m)
{
	return (unsigned)(m & 0x7fu);
}

static inline unsigned basalt_msginfo_extra_caps(basalt_msginfo_t m)
{
	return (unsigned)((m >> BASALT_MSGINFO_XCAP_SHIFT) & 3u);
}

static inline unsigned basalt_msginfo_unwrapped(basalt_msginfo_t m)
{
	return (unsigned)((m >> BASALT_MSGINFO_UNWRAP_SHIFT) & 7u);
}

/*
 * The IPC buffer: one per thread, 1 KiB, 1 KiB-aligned inside a RAM frame
 * the thread has mapped (TCB Configure / SetIPCBuffer names both). The
 * kernel reaches it through the frame, never through a user pointer.
 *
 *   msg[]            message registers (indexes below BASALT_MSG_REGISTERS
 *                    travel in CPU registers instead)
 *   user_data        the user library's own word (thread-local pointer)
 *   caps_or_badges[] sending: capability pointers of the extra caps;
 *                    receiving: the badge of each unwrapped cap
 *   receive_*        where a received capability goes: the CNode
 *                    (resolved from the receiver's CSpace root, all bits),
 *                    then index and depth inside it
 */
#define BASALT_IPC_BUFFER_BITS 10
#define BASALT_IPC_BUFFER_SIZE (1u << BASALT_IPC_BUFFER_BITS)

typedef struct basalt_ipc_buffer {
	basalt_word_t tag;
	basalt_word_t msg[BASALT_MSG_MAX_LENGTH];
	basalt_word_t user_data;
	basalt_word_t caps_or_badges[BASALT_MSG_MAX_EXTRA_CAPS];
	basalt_cptr_t receive_cnode;
	basalt_cptr_t receive_index;
	basalt_word_t receive_depth;
} basalt_ipc_buffer_t;

_Static_assert(sizeof(basalt_ipc_buffer_t) == BASALT_IPC_BUFFER_SIZE, "IPC buffer layout");

#endif
