/*
 * What the object core calls outside itself, as recording stubs, and the
 * registry of objects they check against.
 *
 * Every object a test makes is recorded (h_note_created). Finalisation
 * (finalise_cap with `final`, finalise_tcb_prepare) marks its record, and
 * fails the test at once if the object was never made or is finalised a
 * second time. h_registry_reconcile() (part of h_audit) then compares the
 * records with the caps on the derivation list: an object no cap names any
 * more must have been finalised exactly once (a CNode, which has no
 * finalisation of its own, must be empty), and one still named must not
 * have been (except a TCB whose last cap is a zombie: it was prepared).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "harness_internal.h"

#include "core/preempt.h"
#include "object/endpoint.h"
#include "object/finalise.h"
#include "object/notification.h"
#include "object/thread.h"

/* One object, or for untyped all the live untyped of one address and
 * size (an untyped child can be exactly as big as its parent): `made`
 * counts them, `named` the caps found naming them. */
typedef struct rec {
	obj_key_t key;
	uint32_t made, finalised, named;
	bool by_zombie_only;
} rec_t;

static rec_t *recs;
static size_t nrecs, cap_recs;
static uint32_t *index_tab;     /* open addressing: record number + 1, 0 = empty */
static size_t index_size;

/* Finalisations preempted part way (see one_unit()). */
#define BEGUN_MAX 16
typedef struct begun {
	uint64_t obj, badge;
	uint8_t type;
} begun_t;
static begun_t begun[BEGUN_MAX];
static unsigned nbegun;

h_event_t h_log[H_LOG_MAX];
unsigned h_log_len;
unsigned h_cancel_badged_calls;
bool h_verify_final;

bool h_key_of(const cap_t *c, obj_key_t *k)
{
	*k = (obj_key_t){ .obj = c->obj, .type = c->type };
	switch (c->type) {
	case CAP_UNTYPED:
	case CAP_FRAME:
	case CAP_CNODE:
		k->bits = c->bits;     /* size bits; a CNode's radix */
		return true;
	case CAP_ZOMBIE:
		if (c->flags & CAP_FLAG_ZOMBIE_TCB) {
			k->type = CAP_TCB;
		} else {
			k->type = CAP_CNODE;
			k->bits = (uint8_t)(c->bits - BASALT_SLOT_BITS);
		}
		return true;
	case CAP_TCB:
	case CAP_ENDPOINT:
	case CAP_NOTIFICATION:
	case CAP_PAGE_TABLE:
		return true;
	default:
		return false;   /* reply, control caps: no object of their own */
	}
}

static uint64_t key_hash(const obj_key_t *k)
{
	uint64_t h = k->obj * 0x9e3779b97f4a7c15ull ^ ((uint64_t)k->type << 8 | k->bits);

	return h ^ (h >> 29);
}

static bool key_eq(const obj_key_t *a, const obj_key_t *b)
{
	return a->obj == b->obj && a->type == b->type && a->bits == b->bits;
}

static void index_rebuild(void)
{
	size_t want = 1024;

	while (want < nrecs * 2 + 16)
		want *= 2;
	if (want != index_size) {
		free(index_tab);
		index_tab = malloc(want * sizeof(*index_tab));
		index_size = want;
	}
	memset(index_tab, 0, index_size * sizeof(*index_tab));
	for (size_t i = 0; i < nrecs; i++) {
		size_t h = key_hash(&recs[i].key) & (index_size - 1);

		while (index_tab[h] != 0)
			h = (h + 1) & (index_size - 1);
		index_tab[h] = (uint32_t)(i + 1);
	}
}

static rec_t *rec_find(const obj_key_t *k)
{
	size_t h;

	if (index_size == 0)
		return NULL;
	for (h = key_hash(k) & (index_size - 1); index_tab[h] != 0; h = (h + 1) & (index_size - 1)) {
		if (key_eq(&recs[index_tab[h] - 1].key, k))
			return &recs[index_tab[h] - 1];
	}
	return NULL;
}

void h_registry_reset(void)
{
	nrecs = 0;
	index_rebuild();
	h_log_clear();
	h_cancel_badged_calls = 0;
	h_verify_final = false;
	h_finalise_preempts = false;
	nbegun = 0;
}

void h_log_clear(void)
{
	h_log_len = 0;
}

static void log_event(uint8_t type, bool final, uint64_t obj, uint64_t badge)
{
	if (h_log_len < H_LOG_MAX)
		h_log[h_log_len++] = (h_event_t){ type, final, obj, badge };
}

void h_note_created(const cap_t *c)
{
	obj_key_t k;
	rec_t *r;

	if (!h_key_of(c, &k))
		fail_msg("h_note_created: a %s cap names no object", cap_type_name(c->type));
	r = rec_find(&k);
	if (r != NULL && k.type == CAP_UNTYPED) {
		r->made++;
		return;
	}
	/* Memory is reused only after its untyped is reset, and h_call_once
	 * settles the registry before a retype that resets. */
	if (r != NULL)
		fail_msg("%s at 0x%llx made while the previous one there is live",
			 cap_type_name(k.type), (unsigned long long)k.obj);
	if (nrecs == cap_recs) {
		cap_recs = cap_recs == 0 ? 1024 : cap_recs * 2;
		recs = realloc(recs, cap_recs * sizeof(*recs));
	}
	recs[nrecs++] = (rec_t){ .key = k, .made = 1 };
	if (nrecs * 2 + 16 > index_size) {
		index_rebuild();
	} else {
		size_t h = key_hash(&k) & (index_size - 1);

		while (index_tab[h] != 0)
			h = (h + 1) & (index_size - 1);
		index_tab[h] = (uint32_t)nrecs;
	}
}

static void mark_finalised(const obj_key_t *k)
{
	rec_t *r = rec_find(k);

	if (r == NULL)
		fail_msg("finalised %s 0x%llx, which was never made", cap_type_name(k->type),
			 (unsigned long long)k->obj);
	if (r->finalised == r->made)
		fail_msg("%s 0x%llx finalised twice", cap_type_name(k->type), (unsigned long long)k->obj);
	r->finalised++;
}

unsigned h_finalised(unsigned cap_type, uint64_t pa)
{
	for (size_t i = 0; i < nrecs; i++) {
		if (recs[i].key.type == cap_type && recs[i].key.obj == pa)
			return recs[i].finalised;
	}
	return 0;
}

uint64_t h_live_objects(void)
{
	return nrecs;
}

/* An independent "is this the last cap to its object" by scanning every
 * cap, to check the `final` the kernel passes. */
static bool scan_is_final(const cte_t *slot)
{
	obj_key_t k, o;

	/* Untyped caps never count as the same object (seL4's rule). */
	if (slot->cap.type == CAP_UNTYPED || !h_key_of(&slot->cap, &k))
		return true;
	for (const cte_t *s = cdt_root.next; s != NULL; s = s->next) {
		if (s != slot && s->cap.type == slot->cap.type && h_key_of(&s->cap, &o) &&
		    key_eq(&k, &o) && cap_is_device(&s->cap) == cap_is_device(&slot->cap))
			return false;
	}
	return true;
}

/* ---- the stubs ---- */

/*
 * With h_finalise_preempts, finalisation and CancelBadgedSends model a
 * long operation of two units: the first call for an object passes a
 * preemption point (and, if preempted, remembers it has begun); the call
 * that completes records the result. So they make progress however often
 * preemption strikes, as the real ones do (each waiter woken is progress).
 */
static exception_t one_unit(uint8_t type, uint64_t obj, uint64_t badge)
{
	exception_t ex;

	for (unsigned i = 0; i < nbegun; i++) {
		if (begun[i].type == type && begun[i].obj == obj && begun[i].badge == badge) {
			begun[i] = begun[--nbegun];
			return EXC_NONE;
		}
	}
	if (!h_finalise_preempts)
		return EXC_NONE;
	ex = preemption_point();
	if (ex != EXC_NONE) {
		/* Operations given up part way leave entries behind: forget the
		 * oldest (its object then just takes one more unit). */
		if (nbegun == BEGUN_MAX)
			memmove(begun, begun + 1, --nbegun * sizeof(begun[0]));
		begun[nbegun++] = (begun_t){ obj, badge, type };
	}
	return ex;
}

exception_t finalise_cap(cte_t *slot, bool final)
{
	const cap_t *c = &slot->cap;
	obj_key_t k;

	h_stack_note();
	if (h_verify_final && c->type != CAP_REPLY && scan_is_final(slot) != final)
		fail_msg("finalise_cap(%s 0x%llx, final=%d) but a scan of all caps says %d",
			 cap_type_name(c->type), (unsigned long long)c->obj, final, !final);
	if (one_unit(c->type, c->obj, final) != EXC_NONE)
		return EXC_PREEMPTED;
	if (c->type == CAP_REPLY) {
		log_event(c->type, final, c->obj, 0);
		return EXC_NONE;
	}
	if (final && (c->type == CAP_CNODE || c->type == CAP_TCB || c->type == CAP_ZOMBIE))
		fail_msg("finalise_cap: a final %s cap (they go through zombies)", cap_type_name(c->type));
	log_event(c->type, final, c->obj, 0);
	if (!final || !h_key_of(c, &k))
		return EXC_NONE;
	mark_finalised(&k);
	return EXC_NONE;
}

void finalise_tcb_prepare(const cap_t *tcb_cap)
{
	obj_key_t k = { .obj = tcb_cap->obj, .type = CAP_TCB };

	if (tcb_cap->type != CAP_TCB)
		fail_msg("finalise_tcb_prepare on a %s cap", cap_type_name(tcb_cap->type));
	log_event(CAP_TCB, true, tcb_cap->obj, 0);
	mark_finalised(&k);
}

/* object_create's precondition: the memory of a new object is zero. */
static void expect_zero(const char *what, uint64_t pa, uint64_t size)
{
	const uint8_t *p = phys_to_virt(pa);

	for (uint64_t i = 0; i < size; i++) {
		if (p[i] != 0)
			fail_msg("new %s at 0x%llx: byte %llu is 0x%02x, not zero", what,
				 (unsigned long long)pa, (unsigned long long)i, p[i]);
	}
}

/* As the real thread_init does for the derivation tree: the TCB's master
 * reply cap goes at the head of the list. */
void thread_init(tcb_t *t)
{
	expect_zero("TCB", virt_to_phys(t), 1u << BASALT_TCB_BITS);
	t->tag = TCB_TAG;
	cdt_insert_root(&cdt_root, &t->slots[TCB_SLOT_REPLY], cap_reply(virt_to_phys(t), true, true));
}

void endpoint_init(uint64_t pa)
{
	expect_zero("endpoint", pa, 1u << BASALT_ENDPOINT_BITS);
	((endpoint_t *)phys_to_virt(pa))->tag = ENDPOINT_TAG;
}

void notification_init(uint64_t pa)
{
	expect_zero("notification", pa, 1u << BASALT_NOTIFICATION_BITS);
	((notification_t *)phys_to_virt(pa))->tag = NOTIFICATION_TAG;
}

exception_t endpoint_cancel_badged_sends(uint64_t ep_pa, uint64_t badge)
{
	if (one_unit(CAP_ENDPOINT, ep_pa, badge | 1ull << 63) != EXC_NONE)
		return EXC_PREEMPTED;
	h_cancel_badged_calls++;
	log_event(CAP_ENDPOINT, false, ep_pa, badge);
	return EXC_NONE;
}

/* ---- reconciling records with the caps that exist ---- */
static void expect_dead_cnode_empty(const obj_key_t *k)
{
	const cte_t *s = phys_to_virt(k->obj);

	for (uint64_t i = 0; i < (1ull << k->bits); i++) {
		if (!cap_is_null(&s[i].cap) || s[i].prev != NULL || s[i].next != NULL)
			fail_msg("CNode 0x%llx is gone but its slot %llu still holds a %s cap",
				 (unsigned long long)k->obj, (unsigned long long)i,
				 cap_type_name(s[i].cap.type));
	}
}

void h_registry_reconcile(void)
{
	size_t kept = 0;

	for (size_t i = 0; i < nrecs; i++) {
		recs[i].named = 0;
		recs[i].by_zombie_only = true;
	}
	for (const cte_t *s = cdt_root.next; s != NULL; s = s->next) {
		obj_key_t k;
		rec_t *r;

		if (!h_key_of(&s->cap, &k))
			continue;
		r = rec_find(&k);
		if (r == NULL)
			fail_msg("a %s cap names 0x%llx, where no such object was made",
				 cap_type_name(s->cap.type), (unsigned long long)k.obj);
		r->named++;
		if (s->cap.type != CAP_ZOMBIE)
			r->by_zombie_only = false;
	}
	for (size_t i = 0; i < nrecs; i++) {
		rec_t *r = &recs[i];

		if (r->key.type == CAP_UNTYPED) {
			/* Untyped caps cannot be copied: one cap per untyped. */
			if (r->named > r->made)
				fail_msg("%u caps to untyped 0x%llx (2^%u), %u made", r->named,
					 (unsigned long long)r->key.obj, r->key.bits, r->made);
			if (r->finalised != r->made - r->named)
				fail_msg("untyped 0x%llx (2^%u): %u of %u gone, %u finalised",
					 (unsigned long long)r->key.obj, r->key.bits,
					 r->made - r->named, r->made, r->finalised);
			r->made = r->named;
			r->finalised = 0;
			if (r->made > 0)
				recs[kept++] = *r;
			continue;
		}
		if (r->named) {
			if (r->finalised && !(r->key.type == CAP_TCB && r->by_zombie_only))
				fail_msg("%s 0x%llx was finalised but caps to it remain",
					 cap_type_name(r->key.type), (unsigned long long)r->key.obj);
			recs[kept++] = *r;
			continue;
		}
		if (r->key.type == CAP_CNODE) {
			if (r->finalised)
				fail_msg("CNode 0x%llx was finalised (it has no finalisation)",
					 (unsigned long long)r->key.obj);
			expect_dead_cnode_empty(&r->key);
		} else if (!r->finalised) {
			fail_msg("%s 0x%llx lost its last cap without being finalised",
				 cap_type_name(r->key.type), (unsigned long long)r->key.obj);
		}
		if (r->key.type == CAP_TCB) {
			const tcb_t *t = phys_to_virt(r->key.obj);

			for (unsigned j = 0; j < TCB_SLOTS; j++) {
				if (!cap_is_null(&t->slots[j].cap))
					fail_msg("TCB 0x%llx is gone but its slot %u holds a %s cap",
						 (unsigned long long)r->key.obj, j,
						 cap_type_name(t->slots[j].cap.type));
			}
		}
	}
	nrecs = kept;
	index_rebuild();
}
