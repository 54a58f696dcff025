/* Device frames by the page (see devmem.h). */
#include "devmem.h"

void basalt_devmem_init(basalt_devmem_t *d, const basalt_bootinfo_t *bi, basalt_alloc_t *alloc)
{
	d->bi = bi;
	d->alloc = alloc;
	d->count = 0;
}

static int new_node(basalt_devmem_t *d, basalt_cptr_t cap, basalt_word_t base, unsigned bits)
{
	if (d->count >= BASALT_DEVMEM_MAX_NODES)
		return -1;
	d->nodes[d->count] = (basalt_devmem_node_t){ .base = base, .cap = cap, .bits = (uint8_t)bits,
						     .state = BASALT_DEVMEM_WHOLE };
	return (int)d->count++;
}

/* The node of the boot info's device untyped covering pa (made on first
 * use), or -1 with the reason in *e. */
static int top_node(basalt_devmem_t *d, basalt_word_t pa, basalt_error_t *e)
{
	const basalt_bootinfo_t *bi = d->bi;

	for (basalt_word_t i = 0; i < bi->h.untyped_count; i++) {
		const basalt_untyped_desc_t *u = &bi->untyped_list[i];
		basalt_cptr_t cap = bi->h.untyped.start + i;
		int n;

		if (!u->is_device || pa < u->paddr || pa - u->paddr >= (1ull << u->size_bits))
			continue;
		for (unsigned k = 0; k < d->count; k++) {
			if (d->nodes[k].cap == cap)
				return (int)k;
		}
		n = new_node(d, cap, u->paddr, u->size_bits);
		*e = BASALT_NOT_ENOUGH_MEMORY;
		return n;
	}
	*e = BASALT_INVALID_ARGUMENT;
	return -1;
}

/* Split node n into two halves in two fresh consecutive slots. */
static basalt_error_t split(basalt_devmem_t *d, int n)
{
	basalt_devmem_node_t *node = &d->nodes[n];
	basalt_alloc_t *a = d->alloc;
	basalt_cptr_t lo = basalt_alloc_slot(a), hi = basalt_alloc_slot(a);
	unsigned half = node->bits - 1u;
	basalt_error_t e;
	int l, h;

	if (lo == 0 || hi != lo + 1 || d->count + 2 > BASALT_DEVMEM_MAX_NODES)
		return BASALT_NOT_ENOUGH_MEMORY;
	e = basalt_untyped_retype(node->cap, BASALT_OBJ_UNTYPED, half, a->cnode, 0, 0, lo, 2);
	if (e != BASALT_OK)
		return e;
	l = new_node(d, lo, node->base, half);
	h = new_node(d, hi, node->base + (1ull << half), half);
	(void)h;
	node = &d->nodes[n];
	node->state = BASALT_DEVMEM_SPLIT;
	node->lower = (uint16_t)l;
	return BASALT_OK;
}

basalt_error_t basalt_devmem_frame(basalt_devmem_t *d, basalt_word_t pa, basalt_cptr_t *frame)
{
	basalt_error_t e;
	int n;

	if ((pa & 4095) != 0)
		return BASALT_ALIGNMENT_ERROR;
	n = top_node(d, pa, &e);
	if (n < 0)
		return e;
	/* Down to the page: split where nobody has yet. */
	while (d->nodes[n].bits > 12) {
		basalt_devmem_node_t *node = &d->nodes[n];

		if (node->state == BASALT_DEVMEM_WHOLE) {
			e = split(d, n);
			if (e != BASALT_OK)
				return e;
			node = &d->nodes[n];
		}
		n = node->lower + (pa - node->base >= (1ull << (node->bits - 1)) ? 1 : 0);
	}
	if (d->nodes[n].state == BASALT_DEVMEM_FRAME)
		return BASALT_REVOKE_FIRST;
	*frame = basalt_alloc_slot(d->alloc);
	if (*frame == 0)
		return BASALT_NOT_ENOUGH_MEMORY;
	e = basalt_untyped_retype(d->nodes[n].cap, BASALT_OBJ_FRAME_4K, 0, d->alloc->cnode, 0, 0,
				  *frame, 1);
	if (e != BASALT_OK) {
		d->alloc->next--;   /* the slot was the last one taken */
		return e;
	}
	d->nodes[n].state = BASALT_DEVMEM_FRAME;
	d->nodes[n].frame = *frame;
	return BASALT_OK;
}
