/*
 * Function names for kernel addresses, found by the kernel itself at run
 * time (panic backtraces): no host tool is needed to read a crash report.
 *
 * The table is generated at build time from a first link of the kernel
 * (scripts/gen_symtab.py) and linked into the final image; see
 * docs/debugging.md, "How the kernel names its own functions". It holds
 * every function in .text, sorted by address, as offsets from the image
 * base, with the function's size.
 */
#ifndef BASALT_KERNEL_SYMBOLS_H
#define BASALT_KERNEL_SYMBOLS_H

#include <stdbool.h>
#include <stdint.h>

/* One function: [KERNEL_IMAGE_VBASE + offset, ... + size), its name at
 * names + name. Generated code fills these in; nothing else writes them. */
typedef struct symtab_entry {
	uint32_t offset;
	uint32_t size;
	uint32_t name;
} symtab_entry_t;

typedef struct symtab {
	uint32_t count;
	const symtab_entry_t *entries;   /* sorted by offset, disjoint */
	const char *names;               /* NUL-terminated names, back to back */
} symtab_t;

/* The generated table (build/kernel/symtab.c). */
extern const symtab_t kernel_symtab;

/* What symbol_lookup() found: the function containing an address. */
typedef struct symbol {
	const char *name;
	uintptr_t start;
	uint64_t size;
} symbol_t;

/* The function whose code contains `addr`; false if none does (an address
 * outside .text, or in padding between functions). */
bool symbol_lookup(uintptr_t addr, symbol_t *out);

/*
 * Print `addr` as "name+0xOFF/0xSIZE" (or "?"). A return address is looked
 * up one byte earlier, because a call that never returns may be the last
 * instruction of its function, and then its return address is already the
 * next function's first byte; the offset printed is still from `addr`.
 */
void symbol_print(uintptr_t addr, bool return_address);

#endif
