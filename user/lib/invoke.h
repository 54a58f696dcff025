/*
 * libbasalt, level 1: typed wrappers for every kernel object invocation
 * (argument meanings in basalt/invocation.h; errors in basalt/errors.h).
 *
 * Each returns the error code of the reply (BASALT_OK on success). After an
 * error, basalt_error_detail(i) gives the detail words the kernel sent
 * (which argument, the allowed range, the lookup failure, ...).
 */
#ifndef LIBBASALT_INVOKE_H
#define LIBBASALT_INVOKE_H

#include "basalt/context.h"
#include "basalt/invocation.h"
#include "basalt/objects.h"
#include "sys.h"

static inline basalt_word_t basalt_error_detail(unsigned i)
{
	return basalt_get_mr(i);
}

/* Untyped */
basalt_error_t basalt_untyped_retype(basalt_cptr_t untyped, basalt_word_t type,
				     basalt_word_t size_bits, basalt_cptr_t root,
				     basalt_word_t node_index, basalt_word_t node_depth,
				     basalt_word_t node_offset, basalt_word_t num_objects);

/* CNode: slots are (root CNode cap, index, depth) */
basalt_error_t basalt_cnode_copy(basalt_cptr_t dest_root, basalt_word_t dest_index,
				 basalt_word_t dest_depth, basalt_cptr_t src_root,
				 basalt_word_t src_index, basalt_word_t src_depth, unsigned rights);
basalt_error_t basalt_cnode_mint(basalt_cptr_t dest_root, basalt_word_t dest_index,
				 basalt_word_t dest_depth, basalt_cptr_t src_root,
				 basalt_word_t src_index, basalt_word_t src_depth, unsigned rights,
				 basalt_word_t badge);
basalt_error_t basalt_cnode_move(basalt_cptr_t dest_root, basalt_word_t dest_index,
				 basalt_word_t dest_depth, basalt_cptr_t src_root,
				 basalt_word_t src_index, basalt_word_t src_depth);
basalt_error_t basalt_cnode_mutate(basalt_cptr_t dest_root, basalt_word_t dest_index,
				   basalt_word_t dest_depth, basalt_cptr_t src_root,
				   basalt_word_t src_index, basalt_word_t src_depth,
				   basalt_word_t badge);
basalt_error_t basalt_cnode_rotate(basalt_cptr_t dest_root, basalt_word_t dest_index,
				   basalt_word_t dest_depth, basalt_cptr_t pivot_root,
				   basalt_word_t pivot_index, basalt_word_t pivot_depth,
				   basalt_word_t pivot_badge, basalt_cptr_t src_root,
				   basalt_word_t src_index, basalt_word_t src_depth,
				   basalt_word_t src_badge);
basalt_error_t basalt_cnode_delete(basalt_cptr_t root, basalt_word_t index, basalt_word_t depth);
basalt_error_t basalt_cnode_revoke(basalt_cptr_t root, basalt_word_t index, basalt_word_t depth);
basalt_error_t basalt_cnode_save_caller(basalt_cptr_t root, basalt_word_t index,
					basalt_word_t depth);
basalt_error_t basalt_cnode_cancel_badged_sends(basalt_cptr_t root, basalt_word_t index,
						basalt_word_t depth);

/* TCB */
basalt_error_t basalt_tcb_configure(basalt_cptr_t tcb, basalt_cptr_t fault_ep,
				    basalt_cptr_t cspace_root, basalt_word_t cspace_data,
				    basalt_cptr_t vspace_root, basalt_word_t ipc_buffer_vaddr,
				    basalt_cptr_t ipc_buffer_frame);
basalt_error_t basalt_tcb_set_space(basalt_cptr_t tcb, basalt_cptr_t fault_ep,
				    basalt_cptr_t cspace_root, basalt_word_t cspace_data,
				    basalt_cptr_t vspace_root);
basalt_error_t basalt_tcb_set_ipc_buffer(basalt_cptr_t tcb, basalt_word_t vaddr,
					 basalt_cptr_t frame);
basalt_error_t basalt_tcb_set_priority(basalt_cptr_t tcb, basalt_cptr_t authority,
				       basalt_word_t priority);
basalt_error_t basalt_tcb_set_mc_priority(basalt_cptr_t tcb, basalt_cptr_t authority,
					  basalt_word_t mcp);
basalt_error_t basalt_tcb_set_sched_params(basalt_cptr_t tcb, basalt_cptr_t authority,
					   basalt_word_t mcp, basalt_word_t priority);
basalt_error_t basalt_tcb_suspend(basalt_cptr_t tcb);
basalt_error_t basalt_tcb_resume(basalt_cptr_t tcb);
basalt_error_t basalt_tcb_read_registers(basalt_cptr_t tcb, bool suspend, unsigned count,
					 basalt_user_context_t *out);
basalt_error_t basalt_tcb_write_registers(basalt_cptr_t tcb, bool resume, unsigned count,
					  const basalt_user_context_t *regs);
basalt_error_t basalt_tcb_copy_registers(basalt_cptr_t tcb, basalt_cptr_t source,
					 unsigned flags);
basalt_error_t basalt_tcb_bind_notification(basalt_cptr_t tcb, basalt_cptr_t ntfn);
basalt_error_t basalt_tcb_unbind_notification(basalt_cptr_t tcb);
basalt_error_t basalt_tcb_set_tls_base(basalt_cptr_t tcb, basalt_word_t tls);

/* Virtual memory */
basalt_error_t basalt_frame_map(basalt_cptr_t frame, basalt_cptr_t vspace, basalt_word_t vaddr,
				unsigned rights, unsigned attributes);
basalt_error_t basalt_frame_unmap(basalt_cptr_t frame);
basalt_error_t basalt_frame_get_address(basalt_cptr_t frame, basalt_word_t *paddr);
basalt_error_t basalt_page_table_map(basalt_cptr_t table, basalt_cptr_t vspace,
				     basalt_word_t vaddr, unsigned level);
basalt_error_t basalt_page_table_unmap(basalt_cptr_t table);
basalt_error_t basalt_asid_control_make_pool(basalt_cptr_t control, basalt_cptr_t untyped,
					     basalt_cptr_t root, basalt_word_t index,
					     basalt_word_t depth);
basalt_error_t basalt_asid_pool_assign(basalt_cptr_t pool, basalt_cptr_t vspace);

/* Interrupts */
basalt_error_t basalt_irq_control_get(basalt_cptr_t control, basalt_word_t irq, basalt_cptr_t root,
				      basalt_word_t index, basalt_word_t depth);
basalt_error_t basalt_irq_handler_ack(basalt_cptr_t handler);
basalt_error_t basalt_irq_handler_set_notification(basalt_cptr_t handler, basalt_cptr_t ntfn);
basalt_error_t basalt_irq_handler_clear(basalt_cptr_t handler);

/* Debugging: give a thread a name the kernel and debugger show (debug
 * builds; elsewhere ILLEGAL_OPERATION, without asking the kernel). */
basalt_error_t basalt_debug_name_thread(basalt_cptr_t tcb, const char *name);

#endif
