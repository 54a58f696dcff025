/*
 * The pager (see pager.h): setting it up, in the creator's thread, and the
 * control calls. The pager thread itself is pager_thread.c.
 */
#include "pager.h"

#include "base/mem.h"
#include "bootinfo.h"

void basalt_pager_thread(void *arg);   /* pager_thread.c */

#define PAGE 4096u

/* Bookkeeping entries (4 bytes each) from the heap, zero (fresh pages). */
static uint32_t *heap_take(basalt_pager_t *p, basalt_word_t n)
{
	uint32_t *r;

	if (n > p->heap_size - p->heap_used)
		return (void *)0;
	r = p->heap + p->heap_used;
	p->heap_used += n;
	return r;
}

basalt_error_t basalt_pager_create(basalt_pager_t *p, const basalt_pager_config_t *cfg)
{
	basalt_alloc_t *a = cfg->alloc;
	unsigned root_bits = (unsigned)basalt_bootinfo()->h.init_cnode_bits;
	basalt_word_t heap_pages = (cfg->max_pages * sizeof(uint32_t) + PAGE - 1) / PAGE, heap;
	basalt_error_t e;

	memset(p, 0, sizeof(*p));
	p->cfg = *cfg;
	p->frame_bits = cfg->frame_slots_bits;
	p->next_slot = 3;   /* 0: none; 1, 2: the copy windows */
	if (p->frame_bits < 2 || p->frame_bits > BASALT_CNODE_MAX_RADIX || heap_pages == 0)
		return BASALT_INVALID_ARGUMENT;

	/* The two-level CSpace of pager.h. */
	e = basalt_alloc_object(a, BASALT_OBJ_CNODE, BASALT_PAGER_TOP_BITS, &p->top);
	if (e == BASALT_OK)
		e = basalt_alloc_object(a, BASALT_OBJ_CNODE, p->frame_bits, &p->frames);
	if (e == BASALT_OK)
		e = basalt_alloc_object(a, BASALT_OBJ_ENDPOINT, 0, &p->ep);
	if (e == BASALT_OK)
		e = basalt_cnode_mint(p->top, BASALT_PAGER_TOP_ROOT, BASALT_PAGER_TOP_BITS, a->cnode,
				      a->cnode, a->depth, BASALT_RIGHTS_ALL,
				      basalt_cnode_guard(0, BASALT_WORD_BITS - BASALT_PAGER_TOP_BITS -
								root_bits));
	if (e == BASALT_OK)
		e = basalt_cnode_mint(p->top, BASALT_PAGER_TOP_FRAMES, BASALT_PAGER_TOP_BITS, a->cnode,
				      p->frames, a->depth, BASALT_RIGHTS_ALL,
				      basalt_cnode_guard(0, BASALT_WORD_BITS - BASALT_PAGER_TOP_BITS -
								p->frame_bits));
	if (e != BASALT_OK)
		return e;

	/* Bookkeeping and the copy windows, in the shared address space. */
	e = basalt_vmem_new_pages(cfg->vmem, heap_pages, BASALT_MAP_READ | BASALT_MAP_WRITE, &heap,
				  (void *)0);
	if (e != BASALT_OK)
		return e;
	p->heap = (uint32_t *)heap;
	p->heap_size = heap_pages * (PAGE / sizeof(uint32_t));
	p->window[0] = basalt_vmem_reserve(cfg->vmem, 1);
	p->window[1] = basalt_vmem_reserve(cfg->vmem, 1);
	if (p->window[0] == 0 || p->window[1] == 0)
		return BASALT_NOT_ENOUGH_MEMORY;

	/* Its thread: made like any libbasalt thread, then moved to its own
	 * CSpace (root slot numbers keep their meaning there). */
	e = basalt_thread_create(&p->thread, cfg->vmem, cfg->authority, cfg->priority, 4,
				 cfg->fault_ep);
	if (e == BASALT_OK)
		e = basalt_tcb_set_space(p->thread.tcb, cfg->fault_ep, p->top, basalt_cnode_guard(0, 0),
					 cfg->vmem->vspace);
	if (e == BASALT_OK)
		basalt_debug_name_thread(p->thread.tcb, "pager");
	return e;
}

basalt_error_t basalt_pager_add_client(basalt_pager_t *p, basalt_cptr_t vspace, unsigned *client,
				       basalt_cptr_t *fault_ep)
{
	basalt_alloc_t *a = p->cfg.alloc;
	basalt_pager_client_t *c;
	basalt_cptr_t slot;
	basalt_error_t e;

	if (p->nclients == BASALT_PAGER_MAX_CLIENTS)
		return BASALT_NOT_ENOUGH_MEMORY;
	slot = basalt_alloc_slot(a);
	if (slot == 0)
		return BASALT_NOT_ENOUGH_MEMORY;
	c = &p->clients[p->nclients];
	/* The badge names the client; badge 0 is for control calls. */
	e = basalt_cnode_mint(a->cnode, slot, a->depth, a->cnode, p->ep, a->depth, BASALT_RIGHTS_ALL,
			      p->nclients + 1);
	if (e != BASALT_OK)
		return e;
	c->vspace = vspace;
	c->fault_ep = slot;
	*client = p->nclients++;
	*fault_ep = slot;
	return BASALT_OK;
}

basalt_error_t basalt_pager_add_object(basalt_pager_t *p, basalt_word_t pages, unsigned *object)
{
	basalt_pager_object_t *o;

	if (p->nobjects == BASALT_PAGER_MAX_OBJECTS || pages == 0)
		return BASALT_INVALID_ARGUMENT;
	o = &p->objects[p->nobjects];
	o->page = heap_take(p, pages);
	if (o->page == (void *)0)
		return BASALT_NOT_ENOUGH_MEMORY;
	o->pages = pages;
	*object = p->nobjects++;
	return BASALT_OK;
}

static bool overlaps(const basalt_pager_region_t *r, unsigned client, basalt_word_t start,
		     basalt_word_t end)
{
	return r->client == client && start < r->start + r->pages * PAGE && r->start < end;
}

basalt_error_t basalt_pager_add_region(basalt_pager_t *p, unsigned client, basalt_word_t start,
				       basalt_word_t pages, unsigned rights, int object,
				       basalt_word_t object_first)
{
	basalt_pager_region_t *r;
	basalt_word_t end = start + pages * PAGE;

	if (client >= p->nclients || pages == 0 || (start & (PAGE - 1)) != 0 || end <= start)
		return BASALT_INVALID_ARGUMENT;
	if (object != BASALT_PAGER_NO_OBJECT &&
	    (object < 0 || (unsigned)object >= p->nobjects ||
	     object_first + pages > p->objects[object].pages || object_first + pages < pages))
		return BASALT_RANGE_ERROR;
	if (p->nregions == BASALT_PAGER_MAX_REGIONS)
		return BASALT_NOT_ENOUGH_MEMORY;
	for (unsigned i = 0; i < p->nregions; i++) {
		if (overlaps(&p->regions[i], client, start, end))
			return BASALT_DELETE_FIRST;
	}
	r = &p->regions[p->nregions];
	r->page = heap_take(p, pages);
	if (r->page == (void *)0)
		return BASALT_NOT_ENOUGH_MEMORY;
	r->client = client;
	r->start = start;
	r->pages = pages;
	/* RISC-V cannot map write without read. */
	r->rights = rights & BASALT_MAP_WRITE ? rights | BASALT_MAP_READ : rights;
	r->object = object;
	r->object_first = object_first;
	p->nregions++;
	return BASALT_OK;
}

basalt_error_t basalt_pager_start(basalt_pager_t *p)
{
	return basalt_thread_start(&p->thread, basalt_pager_thread, p);
}

basalt_error_t basalt_pager_object_write(basalt_pager_t *p, unsigned object, basalt_word_t page,
					 const void *src)
{
	basalt_set_mr(0, object);
	basalt_set_mr(1, page);
	basalt_set_mr(2, (basalt_word_t)(uintptr_t)src);
	return (basalt_error_t)basalt_msginfo_label(
		basalt_call(p->ep, basalt_msginfo(BASALT_PAGER_CTL_WRITE, 0, 0, 3)));
}

basalt_error_t basalt_pager_query(basalt_pager_t *p, unsigned client, basalt_word_t vaddr,
				  basalt_pager_page_state_t *state, basalt_word_t *paddr)
{
	basalt_error_t e;

	basalt_set_mr(0, client);
	basalt_set_mr(1, vaddr);
	e = (basalt_error_t)basalt_msginfo_label(
		basalt_call(p->ep, basalt_msginfo(BASALT_PAGER_CTL_QUERY, 0, 0, 2)));
	if (e == BASALT_OK) {
		*state = (basalt_pager_page_state_t)basalt_get_mr(0);
		*paddr = basalt_get_mr(1);
	}
	return e;
}
