/*
 * Checkers over the whole capability state, written independently of the
 * code under test except where noted (the parent of a cap is computed with
 * cdt_is_parent_of, as the kernel's own audit does; test_cdt.c checks that
 * function on its own).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "harness.h"
#include "harness_internal.h"

#include "object/tcb.h"

/* More slots than fit in RAM (plus the static ones) means a cycle. */
#define LIST_LIMIT (H_RAM_SIZE / sizeof(cte_t) + H_STATIC_SLOTS + 16)

uint64_t h_check_list(void)
{
	const cte_t *prev = &cdt_root;
	uint64_t n = 0;

	if (cdt_root.prev != NULL)
		fail_msg("cdt_root has a prev link (%p)", (void *)cdt_root.prev);
	for (const cte_t *s = cdt_root.next; s != NULL; prev = s, s = s->next) {
		if (++n > LIST_LIMIT)
			fail_msg("derivation list longer than %llu slots: a cycle", (unsigned long long)LIST_LIMIT);
		if (s->prev != prev)
			fail_msg("list position %llu: slot %p's prev is %p, not %p", (unsigned long long)n,
				 (void *)s, (void *)s->prev, (void *)prev);
		if (cap_is_null(&s->cap))
			fail_msg("list position %llu: empty slot %p is on the list", (unsigned long long)n,
				 (void *)s);
		if (s == &cdt_root)
			fail_msg("list position %llu: the sentinel again (a cycle)", (unsigned long long)n);
	}
	return n;
}

/* ---- where slots live ---- */
typedef struct container {
	uintptr_t base, end;
	bool tcb;
} container_t;

static int by_base(const void *a, const void *b)
{
	const container_t *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

static bool is_static_slot(const cte_t *s)
{
	return (uintptr_t)s >= (uintptr_t)h_static_slot(0) &&
	       (uintptr_t)s < (uintptr_t)h_static_slot(0) + H_STATIC_SLOTS * sizeof(cte_t);
}

/* The slot lies in a live CNode (at a slot boundary) or is one of a live
 * TCB's own slots. */
static bool in_container(const container_t *c, size_t n, const cte_t *s)
{
	size_t lo = 0, hi = n;
	uintptr_t a = (uintptr_t)s;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c[mid].base <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Containers are distinct live objects: they do not overlap. */
	if (lo == 0 || a >= c[lo - 1].end)
		return false;
	if (c[lo - 1].tcb) {
		const tcb_t *t = (const tcb_t *)c[lo - 1].base;

		return s >= t->slots && s < t->slots + TCB_SLOTS;
	}
	return (a - c[lo - 1].base) % sizeof(cte_t) == 0;
}

/* Grown as needed and kept: a failing check leaves through a longjmp. */
static container_t *containers;
static uint64_t containers_cap;

static void check_slot_homes(uint64_t count)
{
	container_t *c;
	size_t n = 0, u = 0;
	uint64_t pos = 0;

	if (count + 1 > containers_cap) {
		containers_cap = count + 1024;
		containers = realloc(containers, containers_cap * sizeof(*containers));
	}
	c = containers;

	for (const cte_t *s = cdt_root.next; s != NULL; s = s->next) {
		const cap_t *k = &s->cap;
		bool tcb = k->type == CAP_TCB || (k->type == CAP_ZOMBIE && (k->flags & CAP_FLAG_ZOMBIE_TCB));
		bool cnode = k->type == CAP_CNODE || (k->type == CAP_ZOMBIE && !(k->flags & CAP_FLAG_ZOMBIE_TCB));
		uint64_t base, size;

		if ((tcb || cnode) && cap_object_range(k, &base, &size))
			c[n++] = (container_t){ (uintptr_t)phys_to_virt(base),
						(uintptr_t)phys_to_virt(base) + size, tcb };
	}
	qsort(c, n, sizeof(*c), by_base);
	for (size_t i = 0; i < n; i++) {        /* copies name one object: dedupe */
		if (u > 0 && c[u - 1].base == c[i].base && c[u - 1].end == c[i].end)
			continue;
		if (u > 0 && c[i].base < c[u - 1].end)
			fail_msg("live CNodes/TCBs overlap at %p", (void *)c[i].base);
		c[u++] = c[i];
	}
	for (const cte_t *s = cdt_root.next; s != NULL; s = s->next, pos++) {
		if (is_static_slot(s) || in_container(c, u, s))
			continue;
		fail_msg("list position %llu: slot %p (a %s cap) is in no live CNode or TCB: a cap "
			 "left in a freed object", (unsigned long long)pos + 1, (void *)s,
			 cap_type_name(s->cap.type));
	}
}

/* ---- what caps name ---- */
#define MAX_DEPTH 256

typedef struct frame {
	const cte_t *slot;
	bool has_child;
	cap_t child;
	uint64_t child_base;
} frame_t;

static bool inside(uint64_t obase, uint64_t osize, uint64_t ibase, uint64_t isize)
{
	return ibase >= obase && isize <= osize && ibase - obase <= osize - isize;
}

static bool tcb_live(uint64_t pa)
{
	for (const cte_t *s = cdt_root.next; s != NULL; s = s->next) {
		if (s->cap.obj == pa && (s->cap.type == CAP_TCB ||
					 (s->cap.type == CAP_ZOMBIE && (s->cap.flags & CAP_FLAG_ZOMBIE_TCB))))
			return true;
	}
	return false;
}

static void check_cap(const cte_t *s, frame_t *parent)
{
	const cap_t *c = &s->cap;
	uint64_t base, size;

	if (c->type == CAP_REPLY) {
		const tcb_t *t = phys_to_virt(c->obj);

		if ((c->flags & CAP_FLAG_MASTER) && s != &t->slots[TCB_SLOT_REPLY])
			fail_msg("master reply cap of 0x%llx outside its TCB", (unsigned long long)c->obj);
		if (!(c->flags & CAP_FLAG_MASTER) && !tcb_live(c->obj))
			fail_msg("reply cap to TCB 0x%llx, which is gone", (unsigned long long)c->obj);
		return;
	}
	if (!cap_object_range(c, &base, &size))
		return;
	if (base & (size - 1))
		fail_msg("%s at 0x%llx not aligned to its size", cap_type_name(c->type),
			 (unsigned long long)base);
	if (cap_is_device(c) ? h_in_ram(base, 1) : !h_in_ram(base, size))
		fail_msg("%s%s at 0x%llx %s RAM", cap_is_device(c) ? "device " : "",
			 cap_type_name(c->type), (unsigned long long)base,
			 cap_is_device(c) ? "inside" : "outside");
	if (c->type == CAP_UNTYPED && (c->w1 > size || c->w2 > size))
		fail_msg("untyped 0x%llx: watermark 0x%llx / clean 0x%llx past its size",
			 (unsigned long long)base, (unsigned long long)c->w1, (unsigned long long)c->w2);
	if (parent == NULL || parent->slot->cap.type != CAP_UNTYPED)
		return;
	{
		const cap_t *u = &parent->slot->cap;

		if (!inside(u->obj, u->w1, base, size))
			fail_msg("%s 0x%llx lies outside [0x%llx, +0x%llx), its untyped's used part",
				 cap_type_name(c->type), (unsigned long long)base,
				 (unsigned long long)u->obj, (unsigned long long)u->w1);
		if (cap_is_device(u) != cap_is_device(c) && c->type != CAP_ZOMBIE)
			fail_msg("%s 0x%llx: device flag differs from its untyped's",
				 cap_type_name(c->type), (unsigned long long)base);
		/* Children of one untyped: newest first, at falling addresses,
		 * never overlapping (copies of one object aside). */
		if (parent->has_child && !cap_same_object(&parent->child, c) &&
		    base + size > parent->child_base)
			fail_msg("children of untyped 0x%llx overlap: 0x%llx and 0x%llx",
				 (unsigned long long)u->obj, (unsigned long long)base,
				 (unsigned long long)parent->child_base);
		parent->has_child = true;
		parent->child = *c;
		parent->child_base = base;
	}
}

static void check_naming(void)
{
	static frame_t stack[MAX_DEPTH];
	unsigned depth = 0;

	for (const cte_t *s = cdt_root.next; s != NULL; s = s->next) {
		while (depth > 0 && !cdt_is_parent_of(stack[depth - 1].slot, s))
			depth--;
		check_cap(s, depth > 0 ? &stack[depth - 1] : NULL);
		if (s->mdb & CTE_REVOCABLE) {
			if (depth == MAX_DEPTH)
				fail_msg("derivation tree deeper than %d", MAX_DEPTH);
			stack[depth++] = (frame_t){ .slot = s };
		}
	}
}

void h_audit(void)
{
	uint64_t n = h_check_list();

	check_slot_homes(n);
	check_naming();
	h_registry_reconcile();
}

/* ---- snapshots ---- */
typedef struct snap_slot {
	const cte_t *slot;
	cte_t copy;
} snap_slot_t;

struct h_snapshot {
	snap_slot_t *list;
	uint64_t n;
	bool with_ram;
	cte_t root;
	cte_t statics[H_STATIC_SLOTS];
};

/* One snapshot at a time, kept in static storage (a failing check leaves
 * through a longjmp; nothing to free). */
static uint8_t *ram_copy;
static h_snapshot_t snap;
static uint64_t snap_cap;

void h_snapshot_reset(void)
{
	snap.n = 0;
}

h_snapshot_t *h_snapshot_take(void)
{
	return h_snapshot_take_ex(true);
}

h_snapshot_t *h_snapshot_take_ex(bool with_ram)
{
	h_snapshot_t *s = &snap;
	uint64_t n = h_check_list(), i = 0;

	s->with_ram = with_ram;
	if (!with_ram)
		goto list;
	if (ram_copy == NULL) {
		ram_copy = mmap(NULL, H_RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (ram_copy == MAP_FAILED)
			fail_msg("mmap for the RAM snapshot failed");
	}
	memcpy(ram_copy, h_ram(), H_RAM_SIZE);
list:
	if (n + 1 > snap_cap) {
		snap_cap = n + 1024;
		s->list = realloc(s->list, snap_cap * sizeof(*s->list));
	}
	for (const cte_t *c = cdt_root.next; c != NULL; c = c->next)
		s->list[i++] = (snap_slot_t){ c, *c };
	s->n = n;
	s->root = cdt_root;
	memcpy(s->statics, h_static_slot(0), sizeof(s->statics));
	return s;
}

void h_snapshot_expect_same(h_snapshot_t *s, const char *what)
{
	const uint8_t *now = h_ram();
	uint64_t i = 0;

	if (memcmp(&s->root, &cdt_root, sizeof(cdt_root)) != 0)
		fail_msg("%s: the list head changed", what);
	for (const cte_t *c = cdt_root.next; c != NULL; c = c->next, i++) {
		if (i >= s->n || s->list[i].slot != c)
			fail_msg("%s: derivation list changed at position %llu", what, (unsigned long long)i);
		if (memcmp(&s->list[i].copy, c, sizeof(*c)) != 0)
			fail_msg("%s: slot %p (list position %llu) changed", what, (void *)c,
				 (unsigned long long)i);
	}
	if (i != s->n)
		fail_msg("%s: list has %llu slots, had %llu", what, (unsigned long long)i,
			 (unsigned long long)s->n);
	if (memcmp(s->statics, h_static_slot(0), sizeof(s->statics)) != 0)
		fail_msg("%s: a harness slot changed", what);
	if (s->with_ram && h_env.caller != NULL) {
		/* The caller's message registers carry each call's arguments
		 * (h_call_once()), as in the kernel: not the object state a
		 * failed call must leave alone. */
		uint64_t off = (uint64_t)((const uint8_t *)&h_env.caller->ctx.regs[REG_A2 - 1] - now);

		if (off + BASALT_MSG_REGISTERS * 8 <= H_RAM_SIZE)
			memcpy(ram_copy + off, now + off, BASALT_MSG_REGISTERS * 8);
	}
	if (s->with_ram && memcmp(ram_copy, now, H_RAM_SIZE) != 0) {
		uint64_t off = 0;

		while (ram_copy[off] == now[off])
			off++;
		fail_msg("%s: memory changed at 0x%llx", what, (unsigned long long)(H_RAM_BASE + off));
	}
}
