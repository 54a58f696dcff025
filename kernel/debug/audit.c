/*
 * The invariant audit (see audit.h). It only reads kernel state; it runs
 * with interrupts off and takes time proportional to the number of caps,
 * which is acceptable for a debug-build test aid (release builds have no
 * audit system call).
 */
#include "debug/audit.h"

#include "arch/riscv/asid.h"
#include "arch/riscv/vspace.h"
#include "core/kmem.h"
#include "core/printk.h"
#include "object/cap_rules.h"
#include "object/cdt.h"
#include "object/endpoint.h"
#include "object/notification.h"
#include "object/thread.h"
#include "sched/sched.h"

#define MAX_DEPTH 96
#define MAX_REPORTS 8

static audit_boot_facts_t facts;
static unsigned failures;
static bool loud;

void audit_set_boot_facts(const audit_boot_facts_t *f)
{
	facts = *f;
}

static void bad(const char *fmt, unsigned long long a, unsigned long long b)
{
	failures++;
	if (loud && failures <= MAX_REPORTS) {
		printk("audit: ");
		printk(fmt, a, b);
		printk("\n");
	}
}

static bool inside(uint64_t obase, uint64_t osize, uint64_t ibase, uint64_t isize)
{
	return ibase >= obase && isize <= osize && ibase - obase <= osize - isize;
}

static bool in_ram(uint64_t base, uint64_t size)
{
	const region_list_t *ram = &facts.map->ram;

	for (uint32_t i = 0; i < ram->count; i++) {
		if (inside(ram->r[i].base, ram->r[i].size, base, size))
			return true;
	}
	return false;
}

static bool in_boot_untyped(uint64_t base, uint64_t size, bool device)
{
	for (uint32_t i = 0; i < facts.untyped_count; i++) {
		const untyped_block_t *u = &facts.untyped[i];

		if (u->device == device && inside(u->base, 1ull << u->size_bits, base, size))
			return true;
	}
	return false;
}

static bool in_boot_data(uint64_t base, uint64_t size)
{
	return inside(facts.boot_data_base, facts.boot_data_end - facts.boot_data_base, base, size);
}

/* One frame of the ancestor stack: a cap that can have children, and the
 * last direct child seen (to check an untyped's children are disjoint). */
typedef struct frame {
	const cte_t *slot;
	uint64_t child_base, child_size;
	bool has_child;
	cap_t child;
} frame_t;

static frame_t stack[MAX_DEPTH];

static void check_cap_memory(const cte_t *s, const frame_t *parent)
{
	const cap_t *c = &s->cap;
	uint64_t base, size;
	bool device = cap_is_device(c);

	if (!cap_object_range(c, &base, &size))
		return;
	if (size == 0 || base + size < base) {
		bad("cap at 0x%llx: object range wraps (base 0x%llx)", (unsigned long long)(uintptr_t)s, base);
		return;
	}
	if (base & (size - 1))
		bad("cap at 0x%llx: object at 0x%llx not naturally aligned", (unsigned long long)(uintptr_t)s, base);
	if (!device && !in_ram(base, size))
		bad("cap at 0x%llx: RAM object at 0x%llx outside RAM", (unsigned long long)(uintptr_t)s, base);
	if (parent != NULL && parent->slot->cap.type == CAP_UNTYPED) {
		const cap_t *u = &parent->slot->cap;

		if (!inside(u->obj, u->w1, base, size))
			bad("object at 0x%llx not below its untyped's watermark (untyped 0x%llx)", base, u->obj);
		if (cap_is_device(u) != device && c->type != CAP_ZOMBIE)
			bad("object at 0x%llx: device flag differs from its untyped 0x%llx", base, u->obj);
	} else if (parent == NULL) {
		/* A root: a boot untyped, a boot object, or an orphan whose
		 * ancestors were deleted (still inside boot memory). */
		if (!in_boot_untyped(base, size, device) && !in_boot_data(base, size))
			bad("cap at 0x%llx: object 0x%llx in no boot untyped and not boot data",
			    (unsigned long long)(uintptr_t)s, base);
	}
	if (c->type == CAP_UNTYPED && (c->w1 > size || c->w2 > size))
		bad("untyped 0x%llx: watermark 0x%llx past its end", base, c->w1);
}

/* Children of one untyped come newest first, at descending addresses:
 * each must end where the previous one (in list order) begins, unless
 * both name the same object. */
static void check_sibling(frame_t *parent, const cte_t *s)
{
	uint64_t base, size;

	if (parent->slot->cap.type != CAP_UNTYPED || !cap_object_range(&s->cap, &base, &size))
		return;
	if (parent->has_child && !cap_same_object(&parent->child, &s->cap) &&
	    !(base + size <= parent->child_base))
		bad("untyped children overlap at 0x%llx and 0x%llx", base, parent->child_base);
	parent->has_child = true;
	parent->child = s->cap;
	parent->child_base = base;
	parent->child_size = size;
}

static void check_thread(const tcb_t *t)
{
	if (t->tag != TCB_TAG) {
		bad("TCB at 0x%llx has no TCB tag (0x%llx)", virt_to_phys(t), t->tag);
		return;
	}
	if (t->queued && t->state != THREAD_RUNNING)
		bad("TCB 0x%llx queued but not runnable (state %llu)", virt_to_phys(t), t->state);
	if ((t->state == THREAD_BLOCKED_ON_SEND || t->state == THREAD_BLOCKED_ON_RECEIVE)) {
		const endpoint_t *ep = endpoint_at(t->blocked_on);
		const tcb_t *q;

		for (q = ep->head; q != NULL && q != t; q = q->ep_next)
			;
		if (q == NULL)
			bad("TCB 0x%llx waits on endpoint 0x%llx but is not on its queue",
			    virt_to_phys(t), t->blocked_on);
	}
	if (t->state == THREAD_BLOCKED_ON_NOTIFICATION) {
		const notification_t *n = notification_at(t->blocked_on);
		const tcb_t *q;

		for (q = n->head; q != NULL && q != t; q = q->ep_next)
			;
		if (q == NULL)
			bad("TCB 0x%llx waits on notification 0x%llx but is not on its queue",
			    virt_to_phys(t), t->blocked_on);
	}
}

static void check_tree(void)
{
	const cte_t *prev = &cdt_root;
	unsigned depth = 0;
	uint64_t count = 0, limit;

	/* More caps than 64-byte slots fit in RAM means a cycle. */
	limit = region_list_total(&facts.map->ram) / sizeof(cte_t) + 1024;
	for (const cte_t *s = cdt_root.next; s != NULL; prev = s, s = s->next) {
		frame_t *parent;

		if (++count > limit) {
			bad("derivation list longer than memory allows: a cycle (%llu caps)", count, 0);
			return;
		}
		if (s->prev != prev)
			bad("derivation list: slot 0x%llx's prev is 0x%llx", (unsigned long long)(uintptr_t)s,
			    (unsigned long long)(uintptr_t)s->prev);
		if (cap_is_null(&s->cap))
			bad("derivation list: empty slot 0x%llx on it", (unsigned long long)(uintptr_t)s, 0);
		while (depth > 0 && !cdt_is_parent_of(stack[depth - 1].slot, s))
			depth--;
		parent = depth > 0 ? &stack[depth - 1] : NULL;
		check_cap_memory(s, parent);
		if (parent != NULL)
			check_sibling(parent, s);
		if (s->cap.type == CAP_TCB)
			check_thread(tcb_from_pa(s->cap.obj));
		if (s->cap.type == CAP_ENDPOINT && endpoint_at(s->cap.obj)->tag != ENDPOINT_TAG)
			bad("endpoint 0x%llx has no endpoint tag", s->cap.obj, 0);
		if (s->cap.type == CAP_NOTIFICATION && notification_at(s->cap.obj)->tag != NOTIFICATION_TAG)
			bad("notification 0x%llx has no notification tag", s->cap.obj, 0);
		if (s->mdb & CTE_REVOCABLE) {
			if (depth == MAX_DEPTH) {
				bad("derivation tree deeper than %llu", MAX_DEPTH, 0);
				return;
			}
			stack[depth++] = (frame_t){ .slot = s };
		}
	}
}

static void check_conservation(void)
{
	const region_list_t *free = &facts.map->free;
	uint64_t covered = 0;
	uint32_t f = 0;
	uint64_t at = free->count > 0 ? free->r[0].base : 0;

	/* The RAM blocks, in order, tile the free ranges exactly. */
	for (uint32_t i = 0; i < facts.untyped_count; i++) {
		const untyped_block_t *u = &facts.untyped[i];

		if (u->device)
			continue;
		if (f >= free->count || u->base != at) {
			bad("boot untyped 0x%llx does not continue the free RAM at 0x%llx", u->base, at);
			return;
		}
		at += 1ull << u->size_bits;
		covered += 1ull << u->size_bits;
		if (at == free->r[f].base + free->r[f].size && ++f < free->count)
			at = free->r[f].base;
	}
	if (covered != region_list_total(free))
		bad("boot untyped cover 0x%llx bytes of 0x%llx free", covered, region_list_total(free));
	for (uint32_t i = 0; i < facts.map->reserved.count; i++) {
		const mem_region_t *r = &facts.map->reserved.r[i];

		for (uint32_t k = 0; k < free->count; k++) {
			if (r->base < free->r[k].base + free->r[k].size && free->r[k].base < r->base + r->size)
				bad("reserved 0x%llx overlaps free RAM at 0x%llx", r->base, free->r[k].base);
		}
	}
}

static void check_vspaces(void)
{
	const uint64_t *kernel_root = phys_to_virt(vspace_config.kernel_root_pa);

	for (uint32_t p = 0; p < BASALT_ASID_POOLS; p++) {
		const asid_pool_t *pool;

		if (asid_table[p] == 0)
			continue;
		pool = phys_to_virt(asid_table[p]);
		for (uint32_t i = 0; i < ASID_POOL_ENTRIES; i++) {
			const asid_entry_t *e = &pool->entries[i];
			const uint64_t *root;

			if (e->root_pa == 0)
				continue;
			if (p == 0 && i == 0)
				bad("ASID 0 is assigned (to 0x%llx)", e->root_pa, 0);
			root = phys_to_virt(e->root_pa);
			for (unsigned k = 256; k < 512; k++) {
				if (root[k] != kernel_root[k]) {
					bad("VSpace 0x%llx: kernel half entry %llu differs", e->root_pa, k);
					break;
				}
			}
			/* Current hardware ASIDs are unique. */
			if (asid_hw_bits() != 0 && (e->hw >> 16) == asid_hw_stats.generation) {
				for (uint32_t q = p; q < BASALT_ASID_POOLS; q++) {
					const asid_pool_t *op;

					if (asid_table[q] == 0)
						continue;
					op = phys_to_virt(asid_table[q]);
					for (uint32_t j = (q == p ? i + 1 : 0); j < ASID_POOL_ENTRIES; j++) {
						if (op->entries[j].root_pa != 0 && op->entries[j].hw == e->hw)
							bad("hardware ASID 0x%llx given to two VSpaces (0x%llx)",
							    e->hw, op->entries[j].root_pa);
					}
				}
			}
		}
	}
}

static void check_ready_queues(void)
{
	sched_hart_t *s = sched_here();

	for (unsigned p = 0; p < BASALT_NUM_PRIORITIES; p++) {
		bool bit = (s->bitmap[p / 64] >> (p % 64)) & 1;

		if (bit != (s->head[p] != NULL))
			bad("ready queue %llu: bitmap says %llu", p, bit);
		for (const tcb_t *t = s->head[p]; t != NULL; t = t->sched_next) {
			if (t->priority != p || !t->queued || t->state != THREAD_RUNNING)
				bad("TCB 0x%llx on ready queue %llu is wrong there", virt_to_phys(t), p);
		}
	}
	for (unsigned w = 0; w < BASALT_NUM_PRIORITIES / 64; w++) {
		bool bit = (s->bitmap_words >> w) & 1;

		if (bit != (s->bitmap[w] != 0))
			bad("ready bitmap word %llu: summary bit says %llu", w, bit);
	}
}

unsigned audit_run(bool verbose)
{
	failures = 0;
	loud = verbose;
	if (facts.map == NULL)
		return 0;
	check_tree();
	check_conservation();
	check_vspaces();
	check_ready_queues();
	if (loud && failures > MAX_REPORTS)
		printk("audit: ... %u violations in all\n", failures);
	return failures;
}
