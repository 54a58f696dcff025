/*
 * Hardware ASID allocation by generations (see asid.h).
 *
 * satp may implement anything from 0 to 16 ASID bits. Each VSpace keeps the
 * hardware ASID it last got and the generation it got it in. Invariants:
 *  - within one generation a hardware ASID belongs to at most one VSpace
 *    (the `used` bitmap), and ASID 0 always to the kernel's own satp, which
 *    maps no user memory;
 *  - a VSpace whose generation is not the current one has no entries in
 *    any TLB: starting a new generation flushes everything;
 *  - a freed ASID had its entries flushed before anyone can get it again.
 * So a thread never runs on a translation another VSpace left behind, and
 * the TLB is flushed only when the hardware ASIDs run out (rollover) — or,
 * with no ASID bits at all, on every switch between address spaces.
 */
#include "arch/riscv/asid.h"

#include "arch/riscv/csr.h"

#define HW_ASID_MAX_BITS 16

asid_hw_stats_t asid_hw_stats;

unsigned asid_hw_nbits;
static uint32_t hw_count;
uint64_t asid_hw_generation;
uint64_t asid_epoch = 1;   /* TCBs start with 0: nothing cached */
static uint64_t used[(1u << HW_ASID_MAX_BITS) / 64];
static uint32_t hint;

static bool is_used(uint32_t a) { return (used[a / 64] >> (a % 64)) & 1; }
static void set_used(uint32_t a) { used[a / 64] |= 1ull << (a % 64); }
static void clear_used(uint32_t a) { used[a / 64] &= ~(1ull << (a % 64)); }

void asid_hw_init(unsigned limit)
{
	uint64_t old = csr_read(satp);
	uint64_t got;

	/* Unimplemented ASID bits read back as zero; the implemented ones
	 * are the low ones. The kernel's tables stay in satp throughout. */
	csr_write(satp, old | (0xffffull << SATP_ASID_SHIFT));
	got = (csr_read(satp) >> SATP_ASID_SHIFT) & 0xffff;
	csr_write(satp, old);
	sfence_vma_all();
	asid_hw_nbits = 0;
	while (asid_hw_nbits < HW_ASID_MAX_BITS && (got >> asid_hw_nbits) & 1)
		asid_hw_nbits++;
	if (asid_hw_nbits > limit)
		asid_hw_nbits = limit;
	hw_count = 1u << asid_hw_nbits;
	/* Start from nothing, whatever came before (the host unit tests
	 * initialise the allocator once per case). */
	for (uint32_t i = 0; i < sizeof(used) / sizeof(used[0]); i++)
		used[i] = 0;
	asid_hw_stats = (asid_hw_stats_t){ 0 };
	asid_hw_generation = 1;
	asid_hw_stats.generation = asid_hw_generation;
	set_used(0);
	hint = 1;
}

static uint16_t entry_asid(const asid_entry_t *e) { return (uint16_t)(e->hw & 0xffff); }
static uint64_t entry_generation(const asid_entry_t *e) { return e->hw >> 16; }

static bool find_free(uint32_t *out)
{
	for (uint32_t n = 0; n < hw_count; n++) {
		uint32_t a = (hint + n) % hw_count;

		if (a != 0 && !is_used(a)) {
			*out = a;
			hint = a + 1;
			return true;
		}
	}
	return false;
}

uint16_t asid_hw_get(asid_entry_t *e)
{
	uint32_t a;

	if (asid_hw_nbits == 0) {
		/* Everyone shares ASID 0; stamping the generation lets
		 * asid_hw_of() answer inline next time. */
		e->hw = asid_hw_generation << 16;
		asid_epoch_bump();
		return 0;
	}
	if (entry_generation(e) == asid_hw_generation)
		return entry_asid(e);
	if (!find_free(&a)) {
		/* Out of hardware ASIDs: a new generation. Every VSpace must
		 * get a new one, and no old translation may survive. */
		asid_hw_generation++;
		for (uint32_t i = 0; i < sizeof(used) / sizeof(used[0]); i++)
			used[i] = 0;
		set_used(0);
		sfence_vma_all();
		asid_hw_stats.rollovers++;
		asid_hw_stats.generation = asid_hw_generation;
		hint = 1;
		find_free(&a);
	}
	set_used(a);
	e->hw = (asid_hw_generation << 16) | a;
	asid_epoch_bump();
	asid_hw_stats.allocations++;
	return (uint16_t)a;
}

void asid_hw_flush(const asid_entry_t *e)
{
	if (asid_hw_nbits == 0)
		sfence_vma_all();
	else if (entry_generation(e) == asid_hw_generation)
		sfence_vma_asid(entry_asid(e));
}

void asid_hw_release(asid_entry_t *e)
{
	asid_hw_flush(e);
	if (asid_hw_nbits != 0 && entry_generation(e) == asid_hw_generation)
		clear_used(entry_asid(e));
	e->hw = 0;
	asid_epoch_bump();
}
