/* Loading a program into a new address space (see process.h). */
#include "process.h"

#include "base/mem.h"
#include "elf/elf.h"

#define CHILD_STACK_PAGES 16

/* One fresh page for the child: filled through our window, then mapped at
 * `vaddr` in the child's VSpace with `rights`. `fill(ctx, page)` writes it. */
static basalt_error_t child_page(basalt_process_t *p, basalt_vmem_t *window, basalt_vmem_t *child,
				 basalt_word_t vaddr, unsigned rights,
				 void (*fill)(const void *ctx, uint8_t *page), const void *ctx)
{
	basalt_cptr_t frame, view;
	basalt_word_t win;
	basalt_error_t e;

	e = basalt_alloc_object(p->alloc, BASALT_OBJ_FRAME_4K, 0, &frame);
	if (e != BASALT_OK)
		return e;
	if (fill != (void *)0) {
		/* A copy of the frame cap maps it in our window (a frame cap
		 * maps in one place at a time). */
		view = basalt_alloc_slot(p->alloc);
		win = basalt_vmem_reserve(window, 1);
		if (view == 0 || win == 0)
			return BASALT_NOT_ENOUGH_MEMORY;
		e = basalt_cnode_copy(p->alloc->cnode, view, p->alloc->depth, p->alloc->cnode, frame,
				      p->alloc->depth, BASALT_RIGHTS_ALL);
		if (e == BASALT_OK)
			e = basalt_vmem_map_frame(window, view, win, BASALT_MAP_READ | BASALT_MAP_WRITE);
		if (e != BASALT_OK)
			return e;
		fill(ctx, (uint8_t *)win);
		basalt_frame_unmap(view);
		basalt_cnode_delete(p->alloc->cnode, view, p->alloc->depth);
	}
	return basalt_vmem_map_frame(child, frame, vaddr, rights);
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

typedef struct info_fill {
	basalt_word_t ipc_buffer, self;
	unsigned cnode_bits;
	const char *cmdline;
} info_fill_t;

static void fill_bootinfo(const void *ctx, uint8_t *page)
{
	const info_fill_t *f = ctx;
	basalt_bootinfo_header_t *h = (basalt_bootinfo_header_t *)page;
	unsigned i;

	memset(page, 0, 4096);
	h->magic = BASALT_BOOTINFO_MAGIC;
	h->version = BASALT_BOOTINFO_VERSION;
	h->self = f->self;
	h->size = 4096;
	h->num_nodes = 1;
	h->ipc_buffer = f->ipc_buffer;
	h->init_cnode_bits = f->cnode_bits;
	for (i = 0; f->cmdline[i] != '\0' && i + 1 < BASALT_CMDLINE_MAX; i++)
		h->cmdline[i] = f->cmdline[i];
}

basalt_error_t basalt_process_load(basalt_process_t *p, basalt_alloc_t *alloc,
				   basalt_vmem_t *window, basalt_cptr_t asid_pool,
				   const void *elf_data, basalt_word_t elf_size, unsigned cnode_bits,
				   unsigned priority, basalt_cptr_t authority, const char *cmdline)
{
	elf_image_t elf;
	diag_t diag;
	basalt_vmem_t child;
	basalt_word_t stack, ipc, info;
	basalt_cptr_t ipc_frame;
	basalt_user_context_t regs = { 0 };
	basalt_error_t e;

	p->alloc = alloc;
	p->cnode_bits = cnode_bits;
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
	basalt_vmem_init(&child, p->vspace, elf.vend + 4096, 1ull << 38, alloc);
	for (uint32_t s = 0; s < elf.segment_count; s++) {
		const elf_segment_t *seg = &elf.segments[s];
		unsigned rights = ((seg->flags & ELF_SEG_R) ? BASALT_MAP_READ : 0) |
				  ((seg->flags & ELF_SEG_W) ? BASALT_MAP_READ | BASALT_MAP_WRITE : 0) |
				  ((seg->flags & ELF_SEG_X) ? BASALT_MAP_EXECUTE : 0);

		for (basalt_word_t off = 0; off < seg->memsz; off += 4096) {
			segment_fill_t f = { &elf, seg, off };

			e = child_page(p, window, &child, seg->vaddr + off, rights, fill_segment, &f);
			if (e != BASALT_OK)
				return e;
		}
	}
	/* Its IPC buffer, boot info and stack, after the image. */
	ipc = basalt_vmem_reserve(&child, 1);
	info = basalt_vmem_reserve(&child, 1);
	stack = basalt_vmem_reserve(&child, CHILD_STACK_PAGES);
	if (ipc == 0 || info == 0 || stack == 0)
		return BASALT_NOT_ENOUGH_MEMORY;
	e = basalt_alloc_object(alloc, BASALT_OBJ_FRAME_4K, 0, &ipc_frame);
	if (e == BASALT_OK)
		e = basalt_vmem_map_frame(&child, ipc_frame, ipc, BASALT_MAP_READ | BASALT_MAP_WRITE);
	{
		info_fill_t f = { ipc, info, cnode_bits, cmdline };

		if (e == BASALT_OK)
			e = child_page(p, window, &child, info, BASALT_MAP_READ, fill_bootinfo, &f);
	}
	for (basalt_word_t i = 0; i < CHILD_STACK_PAGES && e == BASALT_OK; i++)
		e = child_page(p, window, &child, stack + i * 4096, BASALT_MAP_READ | BASALT_MAP_WRITE,
			       (void *)0, (void *)0);
	if (e != BASALT_OK)
		return e;

	/* Its CSpace: a guard so slot numbers are cptrs, and its own caps. */
	e = basalt_tcb_configure(p->tcb, 0, p->cnode, basalt_cnode_guard(0, 64 - cnode_bits),
				 p->vspace, ipc, ipc_frame);
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
	regs.words[BASALT_CTX_A0] = info;
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

basalt_error_t basalt_process_start(basalt_process_t *p)
{
	return basalt_tcb_resume(p->tcb);
}
