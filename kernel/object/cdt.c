/*
 * The capability derivation tree as a depth-first list (see cdt.h).
 */
#include "object/cdt.h"

#include "core/panic.h"
#include "object/cap_rules.h"

cte_t cdt_root;

bool cdt_is_parent_of(const cte_t *a, const cte_t *b)
{
	if (!(a->mdb & CTE_REVOCABLE) || !cap_same_region(&a->cap, &b->cap))
		return false;
	switch (a->cap.type) {
	case CAP_ENDPOINT:
	case CAP_NOTIFICATION: {
		/* An unbadged original is the parent of every cap to the
		 * object; a badged one only of copies of its own badge. */
		uint64_t badge = cap_badge(&a->cap);

		if (badge == 0)
			return true;
		return cap_badge(&b->cap) == badge && !(b->mdb & CTE_FIRST_BADGED);
	}
	default:
		return true;
	}
}

bool cdt_is_final(const cte_t *slot)
{
	if (slot->prev != NULL && cap_same_object(&slot->prev->cap, &slot->cap))
		return false;
	if (slot->next != NULL && cap_same_object(&slot->cap, &slot->next->cap))
		return false;
	return true;
}

cte_t *cdt_parent(const cte_t *slot)
{
	for (cte_t *p = slot->prev; p != NULL; p = p->prev) {
		if (cdt_is_parent_of(p, slot))
			return p;
	}
	return NULL;
}

static void link_after(cte_t *after, cte_t *dest)
{
	dest->prev = after;
	dest->next = after->next;
	if (after->next != NULL)
		after->next->prev = dest;
	after->next = dest;
}

void cdt_insert(cte_t *src, cte_t *dest, cap_t cap)
{
	bool revocable = cap_is_revocable(&cap, &src->cap);

	assert(cap_is_null(&dest->cap) && dest->prev == NULL && dest->next == NULL);
	dest->cap = cap;
	dest->mdb = revocable ? (CTE_REVOCABLE | CTE_FIRST_BADGED) : 0;
	link_after(src, dest);
}

void cdt_insert_new(cte_t *parent, cte_t *dest, cap_t cap)
{
	assert(cap_is_null(&dest->cap) && dest->prev == NULL && dest->next == NULL);
	dest->cap = cap;
	dest->mdb = CTE_REVOCABLE | CTE_FIRST_BADGED;
	link_after(parent, dest);
}

void cdt_insert_root(cte_t *after, cte_t *dest, cap_t cap)
{
	cdt_insert_new(after, dest, cap);
}

void cdt_move(cte_t *src, cte_t *dest, cap_t cap)
{
	assert(cap_is_null(&dest->cap) && dest->prev == NULL && dest->next == NULL);
	assert(src != dest);
	dest->cap = cap;
	dest->mdb = src->mdb;
	dest->prev = src->prev;
	dest->next = src->next;
	if (dest->prev != NULL)
		dest->prev->next = dest;
	if (dest->next != NULL)
		dest->next->prev = dest;
	src->cap = cap_null();
	src->mdb = 0;
	src->prev = src->next = NULL;
}

void cdt_swap(cte_t *a, cte_t *b)
{
	cte_t *pa = a->prev, *na = a->next, *pb = b->prev, *nb = b->next;
	cap_t cap = a->cap;
	uint64_t mdb = a->mdb;

	if (a == b)
		return;
	/* Each cap keeps its place in the list; the slots trade places. */
	if (na == b) {                  /* ... pa a b nb ... */
		b->prev = pa; b->next = a;
		a->prev = b; a->next = nb;
		if (pa != NULL) pa->next = b;
		if (nb != NULL) nb->prev = a;
	} else if (nb == a) {           /* ... pb b a na ... */
		a->prev = pb; a->next = b;
		b->prev = a; b->next = na;
		if (pb != NULL) pb->next = a;
		if (na != NULL) na->prev = b;
	} else {
		a->prev = pb; a->next = nb;
		b->prev = pa; b->next = na;
		if (pa != NULL) pa->next = b;
		if (na != NULL) na->prev = b;
		if (pb != NULL) pb->next = a;
		if (nb != NULL) nb->prev = a;
	}
	a->cap = b->cap;
	a->mdb = b->mdb;
	b->cap = cap;
	b->mdb = mdb;
}

void cdt_remove(cte_t *slot)
{
	if (slot->prev != NULL)
		slot->prev->next = slot->next;
	if (slot->next != NULL) {
		slot->next->prev = slot->prev;
		/* The next cap inherits "first of its badge": it becomes the
		 * parent of the badge's remaining copies (seL4's emptySlot). */
		if (slot->mdb & CTE_FIRST_BADGED)
			slot->next->mdb |= CTE_FIRST_BADGED;
	}
	slot->cap = cap_null();
	slot->mdb = 0;
	slot->prev = slot->next = NULL;
}
