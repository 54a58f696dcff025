/* Loading a program into a new address space (see process.h). */
#include "process.h"

#include "base/mem.h"
#include "bootinfo.h"
#include "elf/elf.h"

#define CHILD_STACK_PAGES 16

/* Fill a page through a copy of its frame cap mapped in our window (a
 * frame cap maps in one place at a time); `fill(ctx, page)` writes it. */
static basalt_error_t fill_page(basalt_process_t *p, basalt_cptr_t frame,
				void (*fill)(const void *ctx, uint8_t *page), const void *ctx)
{
	basalt_alloc_t *a = p->alloc;
	basalt_cptr_t view = basalt_alloc_slot(a);
	basalt_word_t win = basalt_vmem_reserve(p->window, 1);
	basalt_error_t e;

	if (view == 0 || win == 0)
		return BASALT_NOT_ENOUGH_MEMORY;
	e = basalt_cnode_copy(a->cnode, view, a->depth, a->cnode, frame, a->depth, BASALT_RIGHTS_ALL);
	if (e == BASALT_OK)
		e = basalt_vmem_map_frame(p->window, view, win, BASALT_MAP_READ | BASALT_MAP_WRITE);
	if (e != BASALT_OK)
		return e;
	fill(ctx, (uint8_t *)win);
	basalt_frame_unmap(view);
	basalt_cnode_delete(a->cnode, view, a->depth);
	return BASALT_OK;
}

/* One fresh page for the child, filled by `fill` unless it is NULL (new
 * frames are zero), then mapped at `vaddr` in the child's VSpace with
 * `rights`. Its frame cap in *frame_out unless that is NULL. */
static basalt_error_t child_page(basalt_process_t *p, basalt_word_t vaddr, unsigned rights,
				 void (*fill)(const void *ctx, uint8_t *page), const void *ctx,
				 basalt_cptr_t *frame_out)
{
	basalt_cptr_t frame;
	basalt_error_t e;

	e = basalt_alloc_object(p->alloc, BASALT_OBJ_FRAME_4K, 0, &frame);
	if (e == BASALT_OK && fill != (void *)0)
		e = fill_page(p, frame, fill, ctx);
	if (e != BASALT_OK)
		return e;
	if (frame_out != (void *)0)
		*frame_out = frame;
	return basalt_vmem_map_frame(&p->vmem, frame, vaddr, rights);
}

typedef struct segment_fill {
	const elf_image_t *elf;
	const elf_segment_t *seg;
	basalt_word_t offset;
} segment_fill_t;

static void fill_segment(const void *ctx, uint8_t *page)
{
	const segment_fill_t *f = ctx;
	basalt_word_t n = 0;

	if (f->offset < f->seg->filesz) {
		n = f->seg->filesz - f->offset < 4096 ? f->seg->filesz - f->offset : 4096;
		memcpy(page, f->elf->data + f->seg->offset + f->offset, n);
	}
	memset(page + n, 0, 4096 - n);
}

/* The child's boot info, from what the parent recorded in `p`. */
static void fill_bootinfo(const void *ctx, uint8_t *page)
{
	const basalt_process_t *p = ctx;
	basalt_bootinfo_t *bi = (basalt_bootinfo_t *)page;
	basalt_bootinfo_header_t *h = &bi->h;

	memset(page, 0, 4096);
	h->magic = BASALT_BOOTINFO_MAGIC;
	h->version = BASALT_BOOTINFO_VERSION;
	h->self = p->info_vaddr;
	h->size = 4096;
	h->num_nodes = 1;
	h->ipc_buffer = p->ipc_buffer;
	h->init_cnode_bits = p->cnode_bits;
	h->empty.start = p->next_slot;
	h->empty.end = 1ull << p->cnode_bits;
	h->untyped = p->untyped;
	h->untyped_count = p->untyped.end - p->untyped.start;
	for (basalt_word_t i = 0; i < h->untyped_count; i++)
		bi->untyped_list[i] = (basalt_untyped_desc_t){ .paddr = 0,
							       .size_bits = p->untyped_bits[i] };
	h->dtb_vaddr = p->dtb_vaddr;
	h->dtb_size = p->dtb_size;
	/* The same kernel serves the child: its debugging calls exist or not. */
	h->debug_build = basalt_bootinfo()->h.debug_build;
	memcpy(h->cmdline, p->cmdline, sizeof(h->cmdline));
}

basalt_error_t basalt_process_load(basalt_process_t *p, basalt_alloc_t *alloc,
				   basalt_vmem_t *window, basalt_cptr_t asid_pool,
				   const void *elf_data, basalt_word_t elf_size, unsigned cnode_bits,
				   unsigned priority, basalt_cptr_t authority, const char *cmdline)
{
	elf_image_t elf;
	diag_t diag;
	basalt_word_t stack;
	basalt_cptr_t ipc_frame;
	basalt_user_context_t regs = { 0 };
	basalt_error_t e;
	unsigned i;

	memset(p, 0, sizeof(*p));
	p->alloc = alloc;
	p->window = window;
	p->cnode_bits = cnode_bits;
	for (i = 0; cmdline[i] != '\0' && i + 1 < BASALT_CMDLINE_MAX; i++)
		p->cmdline[i] = cmdline[i];
	if (!elf_open(&elf, elf_data, elf_size, 1ull << 38, &diag))
		return BASALT_INVALID_ARGUMENT;
	p->entry = elf.entry;
	e = basalt_alloc_object(alloc, BASALT_OBJ_PAGE_TABLE, 0, &p->vspace);
	if (e == BASALT_OK)
		e = basalt_asid_pool_assign(asid_pool, p->vspace);
	if (e == BASALT_OK)
		e = basalt_alloc_object(alloc, BASALT_OBJ_CNODE, cnode_bits, &p->cnode);
	if (e == BASALT_OK)
		e = basalt_alloc_object(alloc, BASALT_OBJ_TCB, 0, &p->tcb);
	if (e != BASALT_OK)
		return e;

	/* The image, page by page. */
	basalt_vmem_init(&p->vmem, p->vspace, elf.vend + 4096, 1ull << 38, alloc);
	for (uint32_t s = 0; s < elf.segment_count; s++) {
		const elf_segment_t *seg = &elf.segments[s];
		unsigned rights = ((seg->flags & ELF_SEG_R) ? BASALT_MAP_READ : 0) |
				  ((seg->flags & ELF_SEG_W) ? BASALT_MAP_READ | BASALT_MAP_WRITE : 0) |
				  ((seg->flags & ELF_SEG_X) ? BASALT_MAP_EXECUTE : 0);

		for (basalt_word_t off = 0; off < seg->memsz; off += 4096) {
			segment_fill_t f = { &elf, seg, off };

			e = child_page(p, seg->vaddr + off, rights, fill_segment, &f, (void *)0);
			if (e != BASALT_OK)
				return e;
		}
	}
	/* Its IPC buffer, boot info (written at start) and stack, after the
	 * image. */
	p->ipc_buffer = basalt_vmem_reserve(&p->vmem, 1);
	p->info_vaddr = basalt_vmem_reserve(&p->vmem, 1);
	stack = basalt_vmem_reserve(&p->vmem, CHILD_STACK_PAGES);
	if (p->ipc_buffer == 0 || p->info_vaddr == 0 || stack == 0)
		return BASALT_NOT_ENOUGH_MEMORY;
	e = child_page(p, p->ipc_buffer, BASALT_MAP_READ | BASALT_MAP_WRITE, (void *)0, (void *)0,
		       &ipc_frame);
	if (e == BASALT_OK)
		e = child_page(p, p->info_vaddr, BASALT_MAP_READ, (void *)0, (void *)0, &p->info_frame);
	for (basalt_word_t i = 0; i < CHILD_STACK_PAGES && e == BASALT_OK; i++)
		e = child_page(p, stack + i * 4096, BASALT_MAP_READ | BASALT_MAP_WRITE, (void *)0,
			       (void *)0, (void *)0);
	if (e != BASALT_OK)
		return e;

	/* Its CSpace: a guard so slot numbers are cptrs, and its own caps. */
	e = basalt_tcb_configure(p->tcb, 0, p->cnode, basalt_cnode_guard(0, 64 - cnode_bits),
				 p->vspace, p->ipc_buffer, ipc_frame);
	if (e == BASALT_OK)
		e = basalt_tcb_set_sched_params(p->tcb, authority, priority, priority);
	if (e != BASALT_OK)
		return e;
	/* Its own TCB, CNode (with the guard, as its CSpace root has) and
	 * VSpace, where a root task finds them. */
	e = basalt_cnode_copy(p->cnode, BASALT_INIT_TCB, cnode_bits, alloc->cnode, p->tcb,
			      alloc->depth, BASALT_RIGHTS_ALL);
	if (e == BASALT_OK)
		e = basalt_cnode_mint(p->cnode, BASALT_INIT_CNODE, cnode_bits, alloc->cnode, p->cnode,
				      alloc->depth, BASALT_RIGHTS_ALL,
				      basalt_cnode_guard(0, 64 - cnode_bits));
	if (e == BASALT_OK)
		e = basalt_cnode_copy(p->cnode, BASALT_INIT_VSPACE, cnode_bits, alloc->cnode, p->vspace,
				      alloc->depth, BASALT_RIGHTS_ALL);
	if (e != BASALT_OK)
		return e;
	p->next_slot = BASALT_INIT_FIRST_FREE;
	regs.words[BASALT_CTX_PC] = elf.entry;
	regs.words[BASALT_CTX_A0] = p->info_vaddr;
	return basalt_tcb_write_registers(p->tcb, false, BASALT_CTX_A0 + 1, &regs);
}

basalt_error_t basalt_process_give(basalt_process_t *p, basalt_cptr_t cap, unsigned rights,
				   basalt_word_t badge, basalt_word_t *child_slot)
{
	basalt_word_t slot = p->next_slot;
	basalt_error_t e;

	if (slot >= (1ull << p->cnode_bits))
		return BASALT_RANGE_ERROR;
	if (badge != 0)
		e = basalt_cnode_mint(p->cnode, slot, p->cnode_bits, p->alloc->cnode, cap,
				      p->alloc->depth, rights, badge);
	else
		e = basalt_cnode_copy(p->cnode, slot, p->cnode_bits, p->alloc->cnode, cap,
				      p->alloc->depth, rights);
	if (e == BASALT_OK) {
		p->next_slot++;
		*child_slot = slot;
	}
	return e;
}

basalt_error_t basalt_process_give_untyped(basalt_process_t *p, unsigned size_bits,
					   basalt_word_t *child_slot)
{
	basalt_alloc_t *a = p->alloc;
	basalt_word_t slot = p->next_slot, n = p->untyped.end - p->untyped.start;
	basalt_error_t e = BASALT_NOT_ENOUGH_MEMORY;

	if (slot >= (1ull << p->cnode_bits) || n >= BASALT_PROCESS_MAX_UNTYPED ||
	    (n > 0 && p->untyped.end != slot))
		return BASALT_RANGE_ERROR;
	/* The destination is the child's CNode, named through our cap to it. */
	for (unsigned i = 0; i < a->untyped_count && e == BASALT_NOT_ENOUGH_MEMORY; i++)
		e = basalt_untyped_retype(a->untyped[i], BASALT_OBJ_UNTYPED, size_bits, a->cnode,
					  p->cnode, a->depth, slot, 1);
	if (e != BASALT_OK)
		return e;
	if (n == 0)
		p->untyped.start = slot;
	p->untyped.end = slot + 1;
	p->untyped_bits[n] = (uint8_t)size_bits;
	p->next_slot++;
	*child_slot = slot;
	return BASALT_OK;
}

basalt_error_t basalt_process_share_dtb(basalt_process_t *p, const basalt_bootinfo_t *parent_bi)
{
	basalt_word_t first = parent_bi->h.dtb_frames.start, end = parent_bi->h.dtb_frames.end;
	basalt_word_t vaddr = basalt_vmem_reserve(&p->vmem, end - first);
	basalt_error_t e;

	if (parent_bi->h.dtb_vaddr == 0 || end <= first)
		return BASALT_INVALID_ARGUMENT;
	if (vaddr == 0)
		return BASALT_NOT_ENOUGH_MEMORY;
	/* A read-only copy of each frame cap, mapped in the child (ours stay
	 * mapped where they are). */
	for (basalt_word_t f = first; f < end; f++) {
		basalt_cptr_t copy = basalt_alloc_slot(p->alloc);

		if (copy == 0)
			return BASALT_NOT_ENOUGH_MEMORY;
		e = basalt_cnode_copy(p->alloc->cnode, copy, p->alloc->depth, p->alloc->cnode, f,
				      p->alloc->depth, BASALT_RIGHT_READ);
		if (e == BASALT_OK)
			e = basalt_vmem_map_frame(&p->vmem, copy, vaddr + (f - first) * 4096,
						  BASALT_MAP_READ);
		if (e != BASALT_OK)
			return e;
	}
	p->dtb_vaddr = vaddr + (parent_bi->h.dtb_vaddr & 4095);
	p->dtb_size = parent_bi->h.dtb_size;
	return BASALT_OK;
}

basalt_error_t basalt_process_set_fault_handler(basalt_process_t *p, basalt_word_t child_slot)
{
	return basalt_tcb_set_space(p->tcb, child_slot, p->cnode,
				    basalt_cnode_guard(0, 64 - p->cnode_bits), p->vspace);
}

basalt_error_t basalt_process_start(basalt_process_t *p)
{
	basalt_error_t e = fill_page(p, p->info_frame, fill_bootinfo, p);

	if (e != BASALT_OK)
		return e;
	return basalt_tcb_resume(p->tcb);
}
