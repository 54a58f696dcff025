/*
 * Address-to-function lookup in the generated symbol table (symbols.h).
 *
 * Runs on the panic path, so it only reads: no locks, no allocation, and a
 * table that is empty (the first link stage) or odd simply yields "?".
 */
#include "core/symbols.h"

#include "arch/riscv/layout.h"
#include "core/printk.h"

bool symbol_lookup(uintptr_t addr, symbol_t *out)
{
	const symtab_t *t = &kernel_symtab;
	const symtab_entry_t *e;
	uint64_t off;
	uint32_t lo = 0, hi = t->count;

	if (addr < KERNEL_IMAGE_VBASE || addr - KERNEL_IMAGE_VBASE > UINT32_MAX)
		return false;
	off = addr - KERNEL_IMAGE_VBASE;

	/* Binary search for the last entry starting at or below off. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->entries[mid].offset <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	e = &t->entries[lo - 1];
	if (off - e->offset >= e->size)
		return false;
	out->name = t->names + e->name;
	out->start = KERNEL_IMAGE_VBASE + e->offset;
	out->size = e->size;
	return true;
}

void symbol_print(uintptr_t addr, bool return_address)
{
	symbol_t s;

	if (!symbol_lookup(return_address ? addr - 1 : addr, &s)) {
		printk("?");
		return;
	}
	printk("%s+0x%llx/0x%llx", s.name, (unsigned long long)(addr - s.start),
	       (unsigned long long)s.size);
}
