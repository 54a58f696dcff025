/*
 * The pager thread (see pager.h): receives its clients' faults and the
 * creator's control calls on one endpoint, told apart by the badge (0 =
 * control, n = client n - 1).
 *
 * Invariants (why each fault needs only a look at one table entry):
 *  - every frame cap of the frame CNode has one role: an object's page
 *    (never mapped itself), one client page (mapped at exactly that page,
 *    in that client's VSpace), a page table, or a copy window (slots 1, 2,
 *    only while copying);
 *  - a SHARED client page maps a read-only copy of its object page's cap
 *    (the cap itself lacks the write right), a PRIVATE one a frame no
 *    other page maps;
 *  - an entry changes only here, in this one thread, so a fault on a page
 *    that is already right was overtaken by an earlier fault of another
 *    thread of the same client: it is answered without change.
 * The thread runs in the creator's address space with the CSpace of
 * pager.h: creator cptrs as they are, frames as basalt_pager_frame_cptr().
 */
#include "pager.h"

#include "base/mem.h"
#include "basalt/fault.h"
#include "print.h"

#define PAGE 4096u
#define WINDOW_SLOT(w) (1u + (w))

void basalt_pager_thread(void *arg);

typedef struct fault {
	unsigned client;
	basalt_word_t label, pc, addr, access;
} fault_t;

static basalt_cptr_t frame(uint32_t slot)
{
	return basalt_pager_frame_cptr(slot);
}

static uint32_t new_slot(basalt_pager_t *p)
{
	return p->next_slot < (1u << p->frame_bits) ? p->next_slot++ : 0;
}

/* A new object (frame or page table) in a fresh slot; 0 if out of slots
 * or memory. */
static uint32_t make(basalt_pager_t *p, basalt_word_t type)
{
	uint32_t s = new_slot(p);

	if (s == 0 || basalt_untyped_retype(p->cfg.untyped, type, 0, p->frames, 0, 0, s, 1) != BASALT_OK)
		return 0;
	return s;
}

/* Map frame `slot` at `vaddr` of `vspace`, adding the page tables Frame_Map
 * reports missing (FAILED_LOOKUP's bits left name the level, docs/vm.md). */
static basalt_error_t map(basalt_pager_t *p, basalt_cptr_t vspace, uint32_t slot,
			  basalt_word_t vaddr, unsigned rights)
{
	for (unsigned tries = 0; tries < 8; tries++) {
		basalt_error_t e = basalt_frame_map(frame(slot), vspace, vaddr, rights, 0);
		basalt_word_t bits_left;
		uint32_t table;

		if (e != BASALT_FAILED_LOOKUP)
			return e;
		bits_left = basalt_error_detail(2);
		if (bits_left < 21 || (bits_left - 12) % 9 != 0)
			return e;
		table = make(p, BASALT_OBJ_PAGE_TABLE);
		if (table == 0)
			return BASALT_NOT_ENOUGH_MEMORY;
		e = basalt_page_table_map(frame(table), vspace, vaddr,
					  (unsigned)((bits_left - 12) / 9 - 1));
		if (e != BASALT_OK)
			return e;
		p->stats.tables++;
	}
	return BASALT_FAILED_LOOKUP;
}

/* Window w shows frame `slot` (through a copy of its cap with `rights`). */
static void *window_open(basalt_pager_t *p, unsigned w, uint32_t slot, unsigned rights)
{
	unsigned cap_rights = rights & BASALT_MAP_WRITE ? BASALT_RIGHTS_ALL : BASALT_RIGHT_READ;

	if (basalt_cnode_copy(p->frames, WINDOW_SLOT(w), p->frame_bits, p->frames, slot, p->frame_bits,
			      cap_rights) != BASALT_OK)
		return (void *)0;
	if (map(p, p->cfg.vmem->vspace, WINDOW_SLOT(w), p->window[w], rights) != BASALT_OK) {
		basalt_cnode_delete(p->frames, WINDOW_SLOT(w), p->frame_bits);
		return (void *)0;
	}
	return (void *)p->window[w];
}

static void window_close(basalt_pager_t *p, unsigned w)
{
	/* Deleting the copy unmaps it. */
	basalt_cnode_delete(p->frames, WINDOW_SLOT(w), p->frame_bits);
}

/* Copy 4 KiB into frame `dst`: from frame `src`, or from `from` (an
 * address of the shared space) when src is 0. */
static basalt_error_t copy_into(basalt_pager_t *p, uint32_t dst, uint32_t src, const void *from)
{
	void *d = window_open(p, 1, dst, BASALT_MAP_READ | BASALT_MAP_WRITE);
	const void *s = from;

	if (d == (void *)0)
		return BASALT_INVALID_ARGUMENT;
	if (src != 0 && (s = window_open(p, 0, src, BASALT_MAP_READ)) == (void *)0) {
		window_close(p, 1);
		return BASALT_INVALID_ARGUMENT;
	}
	memcpy(d, s, PAGE);
	if (src != 0)
		window_close(p, 0);
	window_close(p, 1);
	return BASALT_OK;
}

/* The object page's frame, made (zero) on first use. */
static uint32_t object_page(basalt_pager_t *p, basalt_pager_object_t *o, basalt_word_t i)
{
	if (o->page[i] == 0)
		o->page[i] = make(p, BASALT_OBJ_FRAME_4K);
	return o->page[i];
}

static basalt_pager_region_t *find_region(basalt_pager_t *p, unsigned client, basalt_word_t addr,
					  basalt_word_t *index)
{
	for (unsigned i = 0; i < p->nregions; i++) {
		basalt_pager_region_t *r = &p->regions[i];

		if (r->client == client && addr >= r->start && addr - r->start < r->pages * PAGE) {
			*index = (addr - r->start) / PAGE;
			return r;
		}
	}
	return (void *)0;
}

static const char *access_name(basalt_word_t access)
{
	return access == BASALT_ACCESS_WRITE ? "write" : access == BASALT_ACCESS_EXEC ? "fetch" : "read";
}

/* Report a fault the pager will not fix; the thread is not resumed. */
static void segv(basalt_pager_t *p, const fault_t *f, const char *why)
{
	p->last_segv = (basalt_pager_segv_t){ .client = f->client, .label = f->label, .pc = f->pc,
					      .addr = f->addr, .access = f->access, .why = why };
	p->stats.segvs++;
	if (f->label == BASALT_FAULT_VM)
		printf("pager: segmentation fault: client %u, pc 0x%llx, %s at 0x%llx: %s\n", f->client,
		       (unsigned long long)f->pc, access_name(f->access), (unsigned long long)f->addr,
		       why);
	else
		printf("pager: segmentation fault: client %u, pc 0x%llx: %s\n", f->client,
		       (unsigned long long)f->pc, why);
	if (p->cfg.on_segv != (void *)0)
		p->cfg.on_segv(&p->last_segv, p->cfg.segv_arg);
	if (p->cfg.segv_ntfn != 0)
		basalt_signal(p->cfg.segv_ntfn);
}

static bool allowed(const basalt_pager_region_t *r, basalt_word_t access)
{
	unsigned need = access == BASALT_ACCESS_WRITE ? BASALT_MAP_WRITE :
			access == BASALT_ACCESS_EXEC ? BASALT_MAP_EXECUTE : BASALT_MAP_READ;

	return (r->rights & need) != 0;
}

/* A fresh frame only this page maps (zeroed, or a copy of the object page
 * `src`), replacing whatever the entry held. */
static const char *make_private(basalt_pager_t *p, const basalt_pager_region_t *r,
				uint32_t *entry, basalt_word_t vaddr, uint32_t src)
{
	basalt_cptr_t vspace = p->clients[r->client].vspace;
	uint32_t s = *entry >> 2;

	if ((*entry & 3) == BASALT_PAGER_SHARED) {
		/* Its read-only copy of the object's cap goes (unmapping it);
		 * the slot takes the new frame. */
		basalt_cnode_delete(p->frames, s, p->frame_bits);
		*entry = 0;
		if (basalt_untyped_retype(p->cfg.untyped, BASALT_OBJ_FRAME_4K, 0, p->frames, 0, 0, s,
					  1) != BASALT_OK)
			return "out of memory";
	} else if ((s = make(p, BASALT_OBJ_FRAME_4K)) == 0) {
		return "out of memory or frame slots";
	}
	if (src != 0 && copy_into(p, s, src, (void *)0) != BASALT_OK)
		return "cannot copy the page";
	if (map(p, vspace, s, vaddr, r->rights) != BASALT_OK)
		return "cannot map the page";
	*entry = s << 2 | BASALT_PAGER_PRIVATE;
	if (src != 0)
		p->stats.cow_copies++;
	else
		p->stats.zero_fills++;
	return (void *)0;
}

/* Map the object's page read-only for a reader or fetcher. */
static const char *share(basalt_pager_t *p, const basalt_pager_region_t *r, uint32_t *entry,
			 basalt_word_t vaddr, uint32_t master)
{
	uint32_t s = new_slot(p);

	if (s == 0)
		return "out of frame slots";
	if (basalt_cnode_copy(p->frames, s, p->frame_bits, p->frames, master, p->frame_bits,
			      BASALT_RIGHT_READ) != BASALT_OK)
		return "cannot copy the object's cap";
	if (map(p, p->clients[r->client].vspace, s, vaddr, r->rights & ~BASALT_MAP_WRITE) != BASALT_OK)
		return "cannot map the page";
	*entry = s << 2 | BASALT_PAGER_SHARED;
	p->stats.shared_maps++;
	return (void *)0;
}

/* Serve a VM fault: NULL when fixed (reply), else why not. */
static const char *serve_vm(basalt_pager_t *p, const fault_t *f)
{
	basalt_word_t i, vaddr = f->addr & ~(basalt_word_t)(PAGE - 1);
	basalt_pager_region_t *r = find_region(p, f->client, f->addr, &i);
	uint32_t *entry, state;

	if (r == (void *)0)
		return "outside any region";
	if (!allowed(r, f->access))
		return f->access == BASALT_ACCESS_WRITE ? "the region is read-only" :
		       f->access == BASALT_ACCESS_EXEC ? "the region is not executable" :
							  "the region is not readable";
	entry = &r->page[i];
	state = *entry & 3;
	if (r->object == BASALT_PAGER_NO_OBJECT) {
		if (state != BASALT_PAGER_ABSENT) {
			p->stats.spurious++;
			return (void *)0;
		}
		return make_private(p, r, entry, vaddr, 0);
	}
	{
		basalt_pager_object_t *o = &p->objects[r->object];
		basalt_word_t oi = r->object_first + i;

		if (state == BASALT_PAGER_PRIVATE ||
		    (state == BASALT_PAGER_SHARED && f->access != BASALT_ACCESS_WRITE)) {
			p->stats.spurious++;
			return (void *)0;
		}
		if (f->access == BASALT_ACCESS_WRITE)
			/* Copy-on-write; an object page never touched is zero,
			 * so a fresh frame needs no copy. */
			return make_private(p, r, entry, vaddr, o->page[oi]);
		if (object_page(p, o, oi) == 0)
			return "out of memory or frame slots";
		return share(p, r, entry, vaddr, o->page[oi]);
	}
}

/* A control call from the creator; the reply's label and MRs. */
static basalt_msginfo_t control(basalt_pager_t *p, basalt_msginfo_t info)
{
	basalt_word_t a = basalt_get_mr(0), b = basalt_get_mr(1), c = basalt_get_mr(2);

	switch (basalt_msginfo_label(info)) {
	case BASALT_PAGER_CTL_WRITE: {
		uint32_t s;

		if (a >= p->nobjects || b >= p->objects[a].pages)
			return basalt_msginfo(BASALT_RANGE_ERROR, 0, 0, 0);
		s = object_page(p, &p->objects[a], b);
		if (s == 0)
			return basalt_msginfo(BASALT_NOT_ENOUGH_MEMORY, 0, 0, 0);
		if (copy_into(p, s, 0, (const void *)(uintptr_t)c) != BASALT_OK)
			return basalt_msginfo(BASALT_INVALID_ARGUMENT, 0, 0, 0);
		return basalt_msginfo(BASALT_OK, 0, 0, 0);
	}
	case BASALT_PAGER_CTL_QUERY: {
		basalt_word_t i, pa = 0;
		basalt_pager_region_t *r = a < p->nclients ? find_region(p, (unsigned)a, b, &i) : (void *)0;
		uint32_t entry;

		if (r == (void *)0)
			return basalt_msginfo(BASALT_INVALID_ARGUMENT, 0, 0, 0);
		entry = r->page[i];
		if ((entry & 3) != BASALT_PAGER_ABSENT &&
		    basalt_frame_get_address(frame(entry >> 2), &pa) != BASALT_OK)
			return basalt_msginfo(BASALT_INVALID_CAPABILITY, 0, 0, 0);
		basalt_set_mr(0, entry & 3);
		basalt_set_mr(1, pa);
		return basalt_msginfo(BASALT_OK, 0, 0, 2);
	}
	default:
		return basalt_msginfo(BASALT_ILLEGAL_OPERATION, 0, 0, 0);
	}
}

void basalt_pager_thread(void *arg)
{
	basalt_pager_t *p = arg;
	basalt_word_t badge;
	basalt_msginfo_t info = basalt_recv(p->ep, &badge);

	for (;;) {
		basalt_msginfo_t answer = basalt_msginfo(0, 0, 0, 0);
		const char *why = (void *)0;

		if (badge == 0) {
			answer = control(p, info);
		} else {
			/* Read the message before invocations overwrite it. */
			fault_t f = { .client = (unsigned)(badge - 1), .label = basalt_msginfo_label(info),
				      .pc = basalt_get_mr(0) };

			p->stats.faults++;
			if (f.label == BASALT_FAULT_VM) {
				f.addr = basalt_get_mr(BASALT_VM_FAULT_ADDR);
				f.access = basalt_get_mr(BASALT_VM_FAULT_ACCESS);
				why = f.client < p->nclients ? serve_vm(p, &f) : "unknown client";
			} else {
				why = "not a page fault";
			}
			if (why != (void *)0) {
				/* No reply: the next receive drops the reply cap
				 * and the thread stays stopped. */
				segv(p, &f, why);
				info = basalt_recv(p->ep, &badge);
				continue;
			}
		}
		info = basalt_reply_recv(p->ep, answer, &badge);
	}
}
