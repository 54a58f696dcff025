/* Typed invocation wrappers (see invoke.h). */
#include "invoke.h"

#include "bootinfo.h"

static basalt_error_t invoke(basalt_cptr_t cap, basalt_word_t label, unsigned caps, unsigned mrs)
{
	basalt_msginfo_t reply = basalt_call(cap, basalt_msginfo(label, 0, caps, mrs));

	return (basalt_error_t)basalt_msginfo_label(reply);
}

/*
 * An invocation of at most four message words, passed straight in
 * registers rather than through the IPC buffer (MR0-MR3 travel in a2-a5
 * either way): the hot VM calls. On an error the reply's words (the error's
 * details) are copied to the IPC buffer, where basalt_get_mr() finds them
 * as after any other call.
 */
static inline __attribute__((always_inline)) basalt_error_t
invoke_regs(basalt_cptr_t cap, basalt_word_t label, unsigned caps, unsigned n, basalt_word_t w0,
	    basalt_word_t w1, basalt_word_t w2)
{
	basalt_regs_t r = { .a0 = cap, .info = basalt_msginfo(label, 0, caps, n),
			    .mr = { w0, w1, w2, 0 } };
	basalt_error_t e;

	basalt_syscall(BASALT_SYS_CALL, &r);
	basalt_tls()->status = r.status;
	e = (basalt_error_t)basalt_msginfo_label(r.info);
	if (e != BASALT_OK) {
		basalt_ipc_buffer_t *b = basalt_ipc_buffer();

		for (unsigned i = 0; i < 4; i++)
			b->msg[i] = r.mr[i];
	}
	return e;
}

static void mrs(unsigned n, const basalt_word_t *v)
{
	for (unsigned i = 0; i < n; i++)
		basalt_set_mr(i, v[i]);
}

basalt_error_t basalt_untyped_retype(basalt_cptr_t untyped, basalt_word_t type,
				     basalt_word_t size_bits, basalt_cptr_t root,
				     basalt_word_t node_index, basalt_word_t node_depth,
				     basalt_word_t node_offset, basalt_word_t num_objects)
{
	const basalt_word_t v[] = { type, size_bits, node_index, node_depth, node_offset, num_objects };

	mrs(6, v);
	basalt_set_cap(0, root);
	return invoke(untyped, BASALT_INV_UNTYPED_RETYPE, 1, 6);
}

basalt_error_t basalt_cnode_copy(basalt_cptr_t dest_root, basalt_word_t dest_index,
				 basalt_word_t dest_depth, basalt_cptr_t src_root,
				 basalt_word_t src_index, basalt_word_t src_depth, unsigned rights)
{
	const basalt_word_t v[] = { dest_index, dest_depth, src_index, src_depth, rights };

	mrs(5, v);
	basalt_set_cap(0, src_root);
	return invoke(dest_root, BASALT_INV_CNODE_COPY, 1, 5);
}

basalt_error_t basalt_cnode_mint(basalt_cptr_t dest_root, basalt_word_t dest_index,
				 basalt_word_t dest_depth, basalt_cptr_t src_root,
				 basalt_word_t src_index, basalt_word_t src_depth, unsigned rights,
				 basalt_word_t badge)
{
	const basalt_word_t v[] = { dest_index, dest_depth, src_index, src_depth, rights, badge };

	mrs(6, v);
	basalt_set_cap(0, src_root);
	return invoke(dest_root, BASALT_INV_CNODE_MINT, 1, 6);
}

basalt_error_t basalt_cnode_move(basalt_cptr_t dest_root, basalt_word_t dest_index,
				 basalt_word_t dest_depth, basalt_cptr_t src_root,
				 basalt_word_t src_index, basalt_word_t src_depth)
{
	const basalt_word_t v[] = { dest_index, dest_depth, src_index, src_depth };

	mrs(4, v);
	basalt_set_cap(0, src_root);
	return invoke(dest_root, BASALT_INV_CNODE_MOVE, 1, 4);
}

basalt_error_t basalt_cnode_mutate(basalt_cptr_t dest_root, basalt_word_t dest_index,
				   basalt_word_t dest_depth, basalt_cptr_t src_root,
				   basalt_word_t src_index, basalt_word_t src_depth,
				   basalt_word_t badge)
{
	const basalt_word_t v[] = { dest_index, dest_depth, src_index, src_depth, badge };

	mrs(5, v);
	basalt_set_cap(0, src_root);
	return invoke(dest_root, BASALT_INV_CNODE_MUTATE, 1, 5);
}

basalt_error_t basalt_cnode_rotate(basalt_cptr_t dest_root, basalt_word_t dest_index,
				   basalt_word_t dest_depth, basalt_cptr_t pivot_root,
				   basalt_word_t pivot_index, basalt_word_t pivot_depth,
				   basalt_word_t pivot_badge, basalt_cptr_t src_root,
				   basalt_word_t src_index, basalt_word_t src_depth,
				   basalt_word_t src_badge)
{
	const basalt_word_t v[] = { dest_index, dest_depth, pivot_index, pivot_depth, pivot_badge,
				    src_index, src_depth, src_badge };

	mrs(8, v);
	basalt_set_cap(0, pivot_root);
	basalt_set_cap(1, src_root);
	return invoke(dest_root, BASALT_INV_CNODE_ROTATE, 2, 8);
}

static basalt_error_t cnode_target(basalt_cptr_t root, basalt_word_t label, basalt_word_t index,
				   basalt_word_t depth)
{
	basalt_set_mr(0, index);
	basalt_set_mr(1, depth);
	return invoke(root, label, 0, 2);
}

basalt_error_t basalt_cnode_delete(basalt_cptr_t root, basalt_word_t index, basalt_word_t depth)
{
	return cnode_target(root, BASALT_INV_CNODE_DELETE, index, depth);
}

basalt_error_t basalt_cnode_revoke(basalt_cptr_t root, basalt_word_t index, basalt_word_t depth)
{
	return cnode_target(root, BASALT_INV_CNODE_REVOKE, index, depth);
}

basalt_error_t basalt_cnode_save_caller(basalt_cptr_t root, basalt_word_t index,
					basalt_word_t depth)
{
	return cnode_target(root, BASALT_INV_CNODE_SAVE_CALLER, index, depth);
}

basalt_error_t basalt_cnode_cancel_badged_sends(basalt_cptr_t root, basalt_word_t index,
						basalt_word_t depth)
{
	return cnode_target(root, BASALT_INV_CNODE_CANCEL_BADGED_SENDS, index, depth);
}

basalt_error_t basalt_tcb_configure(basalt_cptr_t tcb, basalt_cptr_t fault_ep,
				    basalt_cptr_t cspace_root, basalt_word_t cspace_data,
				    basalt_cptr_t vspace_root, basalt_word_t ipc_buffer_vaddr,
				    basalt_cptr_t ipc_buffer_frame)
{
	const basalt_word_t v[] = { fault_ep, cspace_data, ipc_buffer_vaddr };

	mrs(3, v);
	basalt_set_cap(0, cspace_root);
	basalt_set_cap(1, vspace_root);
	basalt_set_cap(2, ipc_buffer_frame);
	return invoke(tcb, BASALT_INV_TCB_CONFIGURE, 3, 3);
}

basalt_error_t basalt_tcb_set_space(basalt_cptr_t tcb, basalt_cptr_t fault_ep,
				    basalt_cptr_t cspace_root, basalt_word_t cspace_data,
				    basalt_cptr_t vspace_root)
{
	basalt_set_mr(0, fault_ep);
	basalt_set_mr(1, cspace_data);
	basalt_set_cap(0, cspace_root);
	basalt_set_cap(1, vspace_root);
	return invoke(tcb, BASALT_INV_TCB_SET_SPACE, 2, 2);
}

basalt_error_t basalt_tcb_set_ipc_buffer(basalt_cptr_t tcb, basalt_word_t vaddr,
					 basalt_cptr_t frame)
{
	basalt_set_mr(0, vaddr);
	basalt_set_cap(0, frame);
	return invoke(tcb, BASALT_INV_TCB_SET_IPC_BUFFER, vaddr != 0 ? 1 : 0, 1);
}

basalt_error_t basalt_tcb_set_priority(basalt_cptr_t tcb, basalt_cptr_t authority,
				       basalt_word_t priority)
{
	basalt_set_mr(0, priority);
	basalt_set_cap(0, authority);
	return invoke(tcb, BASALT_INV_TCB_SET_PRIORITY, 1, 1);
}

basalt_error_t basalt_tcb_set_mc_priority(basalt_cptr_t tcb, basalt_cptr_t authority,
					  basalt_word_t mcp)
{
	basalt_set_mr(0, mcp);
	basalt_set_cap(0, authority);
	return invoke(tcb, BASALT_INV_TCB_SET_MC_PRIORITY, 1, 1);
}

basalt_error_t basalt_tcb_set_sched_params(basalt_cptr_t tcb, basalt_cptr_t authority,
					   basalt_word_t mcp, basalt_word_t priority)
{
	basalt_set_mr(0, mcp);
	basalt_set_mr(1, priority);
	basalt_set_cap(0, authority);
	return invoke(tcb, BASALT_INV_TCB_SET_SCHED_PARAMS, 1, 2);
}

basalt_error_t basalt_tcb_suspend(basalt_cptr_t tcb)
{
	return invoke(tcb, BASALT_INV_TCB_SUSPEND, 0, 0);
}

basalt_error_t basalt_tcb_resume(basalt_cptr_t tcb)
{
	return invoke(tcb, BASALT_INV_TCB_RESUME, 0, 0);
}

basalt_error_t basalt_tcb_read_registers(basalt_cptr_t tcb, bool suspend, unsigned count,
					 basalt_user_context_t *out)
{
	basalt_error_t e;

	basalt_set_mr(0, suspend ? BASALT_TCB_SUSPEND_SOURCE : 0);
	basalt_set_mr(1, count);
	e = invoke(tcb, BASALT_INV_TCB_READ_REGISTERS, 0, 2);
	if (e == BASALT_OK) {
		for (unsigned i = 0; i < count && i < BASALT_CONTEXT_WORDS; i++)
			out->words[i] = basalt_get_mr(i);
	}
	return e;
}

basalt_error_t basalt_tcb_write_registers(basalt_cptr_t tcb, bool resume, unsigned count,
					  const basalt_user_context_t *regs)
{
	basalt_set_mr(0, resume ? BASALT_TCB_RESUME_TARGET : 0);
	basalt_set_mr(1, count);
	for (unsigned i = 0; i < count && i < BASALT_CONTEXT_WORDS; i++)
		basalt_set_mr(2 + i, regs->words[i]);
	return invoke(tcb, BASALT_INV_TCB_WRITE_REGISTERS, 0, 2 + count);
}

basalt_error_t basalt_tcb_copy_registers(basalt_cptr_t tcb, basalt_cptr_t source, unsigned flags)
{
	basalt_set_mr(0, flags);
	basalt_set_cap(0, source);
	return invoke(tcb, BASALT_INV_TCB_COPY_REGISTERS, 1, 1);
}

basalt_error_t basalt_tcb_bind_notification(basalt_cptr_t tcb, basalt_cptr_t ntfn)
{
	basalt_set_cap(0, ntfn);
	return invoke(tcb, BASALT_INV_TCB_BIND_NOTIFICATION, 1, 0);
}

basalt_error_t basalt_tcb_unbind_notification(basalt_cptr_t tcb)
{
	return invoke(tcb, BASALT_INV_TCB_UNBIND_NOTIFICATION, 0, 0);
}

basalt_error_t basalt_tcb_set_tls_base(basalt_cptr_t tcb, basalt_word_t tls)
{
	basalt_set_mr(0, tls);
	return invoke(tcb, BASALT_INV_TCB_SET_TLS_BASE, 0, 1);
}

basalt_error_t basalt_frame_map(basalt_cptr_t frame, basalt_cptr_t vspace, basalt_word_t vaddr,
				unsigned rights, unsigned attributes)
{
	basalt_set_cap(0, vspace);
	return invoke_regs(frame, BASALT_INV_FRAME_MAP, 1, 3, vaddr, rights, attributes);
}

basalt_error_t basalt_frame_unmap(basalt_cptr_t frame)
{
	return invoke_regs(frame, BASALT_INV_FRAME_UNMAP, 0, 0, 0, 0, 0);
}

basalt_error_t basalt_frame_get_address(basalt_cptr_t frame, basalt_word_t *paddr)
{
	basalt_error_t e = invoke(frame, BASALT_INV_FRAME_GET_ADDRESS, 0, 0);

	if (e == BASALT_OK)
		*paddr = basalt_get_mr(0);
	return e;
}

basalt_error_t basalt_page_table_map(basalt_cptr_t table, basalt_cptr_t vspace,
				     basalt_word_t vaddr, unsigned level)
{
	basalt_set_cap(0, vspace);
	return invoke_regs(table, BASALT_INV_PAGE_TABLE_MAP, 1, 2, vaddr, level, 0);
}

basalt_error_t basalt_page_table_unmap(basalt_cptr_t table)
{
	return invoke(table, BASALT_INV_PAGE_TABLE_UNMAP, 0, 0);
}

basalt_error_t basalt_asid_control_make_pool(basalt_cptr_t control, basalt_cptr_t untyped,
					     basalt_cptr_t root, basalt_word_t index,
					     basalt_word_t depth)
{
	basalt_set_mr(0, index);
	basalt_set_mr(1, depth);
	basalt_set_cap(0, untyped);
	basalt_set_cap(1, root);
	return invoke(control, BASALT_INV_ASID_CONTROL_MAKE_POOL, 2, 2);
}

basalt_error_t basalt_asid_pool_assign(basalt_cptr_t pool, basalt_cptr_t vspace)
{
	basalt_set_cap(0, vspace);
	return invoke(pool, BASALT_INV_ASID_POOL_ASSIGN, 1, 0);
}

basalt_error_t basalt_irq_control_get(basalt_cptr_t control, basalt_word_t irq, basalt_cptr_t root,
				      basalt_word_t index, basalt_word_t depth)
{
	basalt_set_mr(0, irq);
	basalt_set_mr(1, index);
	basalt_set_mr(2, depth);
	basalt_set_cap(0, root);
	return invoke(control, BASALT_INV_IRQ_ISSUE_HANDLER, 1, 3);
}

basalt_error_t basalt_irq_handler_ack(basalt_cptr_t handler)
{
	return invoke(handler, BASALT_INV_IRQ_ACK, 0, 0);
}

basalt_error_t basalt_irq_handler_set_notification(basalt_cptr_t handler, basalt_cptr_t ntfn)
{
	basalt_set_cap(0, ntfn);
	return invoke(handler, BASALT_INV_IRQ_SET_NOTIFICATION, 1, 0);
}

basalt_error_t basalt_irq_handler_clear(basalt_cptr_t handler)
{
	return invoke(handler, BASALT_INV_IRQ_CLEAR, 0, 0);
}

basalt_error_t basalt_debug_name_thread(basalt_cptr_t tcb, const char *name)
{
	char *dst = (char *)basalt_ipc_buffer()->msg;
	unsigned i;
	basalt_regs_t r = { .a0 = tcb };

	/* A release kernel has no debugging calls: an unknown one faults. */
	if (!basalt_bootinfo()->h.debug_build)
		return BASALT_ILLEGAL_OPERATION;
	for (i = 0; i + 1 < 32 && name[i] != '\0'; i++)
		dst[i] = name[i];
	dst[i] = '\0';
	basalt_syscall(BASALT_SYS_DEBUG_NAME_THREAD, &r);
	return (basalt_error_t)r.status;
}
