/*
 * The root task: the one thread the kernel starts, holding every capability
 * the kernel hands out at boot.
 *
 * From boot memory (boot_alloc) it gets its CNode (2^ROOT_CNODE_BITS
 * slots, guard 64 - ROOT_CNODE_BITS so cptrs are slot numbers), its TCB,
 * a VSpace with ASID 1 from ASID pool 0, its ELF image copied into frames,
 * an IPC buffer, the boot info and a read-only copy of the device tree, all
 * mapped in that order with an unmapped page between them. Every one of
 * those objects gets a cap in the CNode (basalt/bootinfo.h lists where),
 * then every free range of RAM and every device range becomes untyped
 * caps. These boot objects are not made from untyped memory: they sit in
 * the kernel's boot data, and the audit accounts for them there.
 */
#include "boot/boot.h"

#include "arch/riscv/asid.h"
#include "arch/riscv/kernel_vm.h"
#include "arch/riscv/pte.h"
#include "arch/riscv/vspace.h"
#include "basalt/bootinfo.h"
#include "boot/boot_alloc.h"
#include "core/kmem.h"
#include "core/printk.h"
#include "base/mem.h"
#include "debug/audit.h"
#include "elf/elf.h"
#include "memmap/untyped.h"
#include "object/cdt.h"
#include "object/thread.h"
#include "sched/sched.h"

#define ROOT_CNODE_BITS 12
#define ROOT_PRIORITY BASALT_MAX_PRIORITY
#define MAX_BOOT_TABLES 64
#define MAX_UNTYPED_BLOCKS 1024

extern const char root_image_start[], root_image_end[];

typedef struct builder {
	cte_t *cnode;
	unsigned next_slot;
	cte_t *last;                  /* the last boot cap put on the CDT */
	uint64_t root_pa;             /* the VSpace root */
	basalt_bootinfo_t *bi;
	cap_t tables[MAX_BOOT_TABLES];   /* page tables made while mapping */
	unsigned table_count;
	diag_t *diag;
} builder_t;

static untyped_block_t untyped_blocks[MAX_UNTYPED_BLOCKS];
static uint32_t untyped_count;
static region_list_t untyped_scratch[2];

static bool fail(builder_t *b, const char *why)
{
	diag_set(b->diag, "%s", why);
	return false;
}

/* A boot cap in the next free slot, as a root of the derivation tree. */
static cte_t *put_cap(builder_t *b, cap_t cap)
{
	cte_t *slot = &b->cnode[b->next_slot++];

	cdt_insert_root(b->last, slot, cap);
	b->last = slot;
	return slot;
}

static cte_t *put_cap_at(builder_t *b, unsigned index, cap_t cap)
{
	cte_t *slot = &b->cnode[index];

	cdt_insert_root(b->last, slot, cap);
	b->last = slot;
	return slot;
}

static uint64_t alloc_or_zero(uint64_t size, unsigned align_bits)
{
	return boot_alloc(size, align_bits);
}

/* Map one 4 KiB page of the root task, making tables on the way. */
static bool map_page(builder_t *b, uint64_t vaddr, uint64_t pa, uint64_t perms)
{
	uint64_t *slot;
	unsigned missing;

	while ((slot = vspace_slot(b->root_pa, vaddr, 0, &missing)) == NULL) {
		uint64_t table, *parent;
		unsigned pmissing;
		cap_t c;

		if (missing == VSPACE_LEAF_ABOVE || b->table_count == MAX_BOOT_TABLES)
			return fail(b, "root task: too many page tables");
		table = alloc_or_zero(1u << BASALT_PAGE_TABLE_BITS, BASALT_PAGE_TABLE_BITS);
		if (table == 0)
			return fail(b, "root task: out of boot memory for page tables");
		parent = vspace_slot(b->root_pa, vaddr, missing + 1, &pmissing);
		*parent = pte_table(table);
		c = cap_page_table(table);
		c.flags = CAP_FLAG_MAPPED;
		c.word32 = 1;
		c.bits = (uint8_t)missing;
		c.w1 = vaddr & ~((1ull << (12 + 9 * (missing + 1))) - 1);
		b->tables[b->table_count++] = c;
	}
	*slot = pte_leaf(pa, perms | PTE_U);
	return true;
}

/* A frame cap for a page mapped in the root task. */
static cap_t mapped_frame(uint64_t pa, uint64_t vaddr, unsigned rights)
{
	cap_t c = cap_frame(pa, BASALT_FRAME_4K_BITS, rights, false);

	c.flags |= CAP_FLAG_MAPPED;
	c.word32 = 1;
	c.w1 = vaddr;
	return c;
}

static bool load_image(builder_t *b, const elf_image_t *elf)
{
	basalt_slot_range_t *r = &b->bi->h.image_frames;

	r->start = b->next_slot;
	for (uint32_t i = 0; i < elf->segment_count; i++) {
		const elf_segment_t *s = &elf->segments[i];
		uint64_t perms = ((s->flags & ELF_SEG_R) ? PTE_R : 0) |
				 ((s->flags & ELF_SEG_W) ? (PTE_W | PTE_R) : 0) |
				 ((s->flags & ELF_SEG_X) ? PTE_X : 0);

		for (uint64_t off = 0; off < s->memsz; off += 4096) {
			uint64_t pa = alloc_or_zero(4096, 12);

			if (pa == 0)
				return fail(b, "root task: out of boot memory for its image");
			if (off < s->filesz) {
				uint64_t n = s->filesz - off < 4096 ? s->filesz - off : 4096;

				memcpy(phys_to_virt(pa), elf->data + s->offset + off, n);
			}
			if (!map_page(b, s->vaddr + off, pa, perms))
				return false;
			put_cap(b, mapped_frame(pa, s->vaddr + off, BASALT_RIGHT_READ | BASALT_RIGHT_WRITE));
		}
	}
	r->end = b->next_slot;
	return true;
}

/* Map `pages` consecutive pages from `pa` at `vaddr`, one cap each. */
static bool map_region(builder_t *b, uint64_t vaddr, uint64_t pa, uint64_t pages, uint64_t perms,
		       unsigned rights, basalt_slot_range_t *range, int first_fixed_slot)
{
	if (range != NULL)
		range->start = b->next_slot;
	for (uint64_t i = 0; i < pages; i++) {
		cap_t c = mapped_frame(pa + i * 4096, vaddr + i * 4096, rights);

		if (!map_page(b, vaddr + i * 4096, pa + i * 4096, perms))
			return false;
		if (i == 0 && first_fixed_slot >= 0)
			put_cap_at(b, (unsigned)first_fixed_slot, c);
		else
			put_cap(b, c);
	}
	if (range != NULL)
		range->end = b->next_slot;
	return true;
}

static bool make_untyped(builder_t *b, boot_state_t *boot)
{
	untyped_list_t list = { untyped_blocks, MAX_UNTYPED_BLOCKS, 0 };
	basalt_bootinfo_t *bi = b->bi;

	if (!untyped_plan(&boot->map, &boot->board, &boot->fdt, &list, untyped_scratch))
		return fail(b, "too many untyped blocks for the kernel's table");
	if (list.count > BASALT_BOOTINFO_MAX_UNTYPED ||
	    list.count > (1u << ROOT_CNODE_BITS) - b->next_slot)
		return fail(b, "more untyped blocks than the boot info or root CNode can list");
	bi->h.untyped.start = b->next_slot;
	for (uint32_t i = 0; i < list.count; i++) {
		const untyped_block_t *u = &list.blocks[i];

		put_cap(b, cap_untyped(u->base, u->size_bits, u->device));
		bi->untyped_list[i] = (basalt_untyped_desc_t){ .paddr = u->base,
			.size_bits = u->size_bits, .is_device = u->device };
	}
	bi->h.untyped.end = b->next_slot;
	bi->h.untyped_count = list.count;
	untyped_count = list.count;
	audit_set_boot_facts(&(audit_boot_facts_t){
		.map = &boot->map, .untyped = untyped_blocks, .untyped_count = list.count,
		.boot_data_base = boot->load_pa + boot->image_size, .boot_data_end = boot->boot_data_end });
	return true;
}

void boot_report_untyped(void)
{
	uint64_t ram = 0, dev = 0;

	for (uint32_t i = 0; i < untyped_count; i++) {
		const untyped_block_t *u = &untyped_blocks[i];

		printk("untyped: 0x%016llx %2u %s\n", (unsigned long long)u->base, u->size_bits,
		       u->device ? "device" : "ram");
		if (u->device)
			dev += 1ull << u->size_bits;
		else
			ram += 1ull << u->size_bits;
	}
	printk("untyped: %u caps, ", untyped_count);
	printk_size(ram);
	printk(" RAM, ");
	printk_size(dev);
	printk(" device\n");
}

static void copy_cmdline(boot_state_t *boot, basalt_bootinfo_t *bi)
{
	fdt_prop_t p;
	uint32_t n = 0;

	if (boot->board.chosen >= 0 && fdt_get_prop(&boot->fdt, boot->board.chosen, "bootargs", &p)) {
		for (; n < p.len && n + 1 < BASALT_CMDLINE_MAX && p.data[n] != '\0'; n++)
			bi->h.cmdline[n] = (char)p.data[n];
	}
	bi->h.cmdline[n] = '\0';
}

static tcb_t *make_thread(builder_t *b, const elf_image_t *elf, uint64_t ipc_vaddr,
			  uint64_t bi_vaddr, cte_t *cnode_cap, cte_t *vspace_cap, cte_t *ipc_cap)
{
	uint64_t pa = alloc_or_zero(1u << BASALT_TCB_BITS, BASALT_TCB_BITS);
	tcb_t *t;

	if (pa == 0)
		return NULL;
	t = tcb_from_pa(pa);
	thread_init(t);
	put_cap_at(b, BASALT_INIT_TCB, cap_tcb(pa));
	t->priority = ROOT_PRIORITY;
	t->mcp = ROOT_PRIORITY;
	t->ctx.pc = elf->entry;
	ctx_set(&t->ctx, REG_A0, bi_vaddr);
	t->ipc_buffer_vaddr = ipc_vaddr;
	memcpy(t->name, "root", 5);
	cdt_insert(cnode_cap, &t->slots[TCB_SLOT_CTABLE], cnode_cap->cap);
	cdt_insert(vspace_cap, &t->slots[TCB_SLOT_VTABLE], vspace_cap->cap);
	{
		cap_t c = ipc_cap->cap;

		c.flags &= (uint8_t)~CAP_FLAG_MAPPED;
		c.word32 = 0;
		c.w1 = 0;
		cdt_insert(ipc_cap, &t->slots[TCB_SLOT_IPC_BUFFER], c);
	}
	t->state = THREAD_RUNNING;
	return t;
}

static tcb_t *root_thread;

bool boot_root_task(boot_state_t *boot, diag_t *diag)
{
	builder_t b = { .diag = diag, .last = &cdt_root };
	elf_image_t elf;
	uint64_t cnode_pa, pool_pa, ipc_pa, bi_pa, vaddr, ipc_vaddr, bi_vaddr, dtb_vaddr;
	uint64_t dtb_pages = (boot->dtb_size + 4095) / 4096;
	cte_t *cnode_slot, *vspace_slot, *ipc_slot;
	basalt_bootinfo_t *bi;
	asid_pool_t *pool;

	if (!elf_open(&elf, root_image_start, (size_t)(root_image_end - root_image_start),
		      vspace_config.user_top, diag))
		return false;

	/* The objects. */
	cnode_pa = alloc_or_zero((1ull << ROOT_CNODE_BITS) << BASALT_SLOT_BITS,
				 ROOT_CNODE_BITS + BASALT_SLOT_BITS);
	b.root_pa = alloc_or_zero(1u << BASALT_PAGE_TABLE_BITS, BASALT_PAGE_TABLE_BITS);
	pool_pa = alloc_or_zero(1u << BASALT_ASID_POOL_BITS, BASALT_ASID_POOL_BITS);
	ipc_pa = alloc_or_zero(4096, 12);
	bi_pa = alloc_or_zero(BASALT_BOOTINFO_PAGES * 4096ull, 12);
	if (cnode_pa == 0 || b.root_pa == 0 || pool_pa == 0 || ipc_pa == 0 || bi_pa == 0)
		return fail(&b, "out of boot memory for the root task");
	b.cnode = (cte_t *)phys_to_virt(cnode_pa);
	b.bi = bi = (basalt_bootinfo_t *)phys_to_virt(bi_pa);
	b.next_slot = BASALT_INIT_FIRST_FREE;

	/* The VSpace: ASID 1 of pool 0, the kernel's half copied in. */
	pool = (asid_pool_t *)phys_to_virt(pool_pa);
	asid_table[0] = pool_pa;
	pool->entries[1].root_pa = b.root_pa;
	asid_epoch_bump();
	vspace_copy_kernel_half(b.root_pa);

	cnode_slot = put_cap_at(&b, BASALT_INIT_CNODE,
				cap_cnode(cnode_pa, ROOT_CNODE_BITS, BASALT_WORD_BITS - ROOT_CNODE_BITS, 0));
	{
		cap_t v = cap_page_table(b.root_pa);

		v.flags = CAP_FLAG_MAPPED;
		v.word32 = 1;
		v.bits = (uint8_t)(vspace_config.levels - 1);
		vspace_slot = put_cap_at(&b, BASALT_INIT_VSPACE, v);
	}
	put_cap_at(&b, BASALT_INIT_IRQ_CONTROL, cap_control(CAP_IRQ_CONTROL));
	put_cap_at(&b, BASALT_INIT_ASID_CONTROL, cap_control(CAP_ASID_CONTROL));
	put_cap_at(&b, BASALT_INIT_ASID_POOL, cap_asid_pool(pool_pa, 0));

	/* The address space, in order, each region after an unmapped page. */
	if (!load_image(&b, &elf))
		return false;
	vaddr = elf.vend + 4096;
	ipc_vaddr = vaddr;
	if (!map_region(&b, ipc_vaddr, ipc_pa, 1, PTE_R | PTE_W,
			BASALT_RIGHT_READ | BASALT_RIGHT_WRITE, NULL, BASALT_INIT_IPC_BUFFER))
		return false;
	ipc_slot = &b.cnode[BASALT_INIT_IPC_BUFFER];
	bi_vaddr = ipc_vaddr + 2 * 4096;
	if (!map_region(&b, bi_vaddr, bi_pa, BASALT_BOOTINFO_PAGES, PTE_R, BASALT_RIGHT_READ, NULL,
			BASALT_INIT_BOOTINFO_FRAME))
		return false;
	bi->h.bootinfo_frames.start = b.next_slot - (BASALT_BOOTINFO_PAGES - 1);
	bi->h.bootinfo_frames.end = b.next_slot;
	dtb_vaddr = bi_vaddr + (BASALT_BOOTINFO_PAGES + 1) * 4096ull;
	if (!map_region(&b, dtb_vaddr, boot->dtb_copy_pa, dtb_pages, PTE_R, BASALT_RIGHT_READ,
			&bi->h.dtb_frames, -1))
		return false;

	/* The page tables made on the way. */
	bi->h.image_paging.start = b.next_slot;
	for (unsigned i = 0; i < b.table_count; i++)
		put_cap(&b, b.tables[i]);
	bi->h.image_paging.end = b.next_slot;

	root_thread = make_thread(&b, &elf, ipc_vaddr, bi_vaddr, cnode_slot, vspace_slot, ipc_slot);
	if (root_thread == NULL)
		return fail(&b, "out of boot memory for the root thread");

	/* Everything carved: what is left of RAM becomes untyped. */
	boot->boot_data_end = boot_alloc_end();
	boot_final_memory_map(boot);
	if (!make_untyped(&b, boot))
		return false;

	bi->h.magic = BASALT_BOOTINFO_MAGIC;
	bi->h.version = BASALT_BOOTINFO_VERSION;
	bi->h.self = bi_vaddr;
	bi->h.size = BASALT_BOOTINFO_PAGES * 4096ull;
	bi->h.node_id = 0;
	bi->h.num_nodes = 1;
	bi->h.ipc_buffer = ipc_vaddr;
	bi->h.init_cnode_bits = ROOT_CNODE_BITS;
	bi->h.empty.start = b.next_slot;
	bi->h.empty.end = 1u << ROOT_CNODE_BITS;
	bi->h.paging_levels = vspace_config.levels;
	bi->h.paging_bits = vspace_config.va_bits;
	bi->h.user_top = vspace_config.user_top;
	bi->h.hw_asid_bits = boot->asid_bits;
	bi->h.timebase_hz = boot->board.timebase_hz;
	bi->h.tick_us = boot->tick_us;
	bi->h.dtb_vaddr = dtb_vaddr;
	bi->h.dtb_size = boot->dtb_size;
	bi->h.image_vbase = elf.vbase;
	bi->h.image_vend = elf.vend;
	bi->h.debug_build = BASALT_DEBUG;
	copy_cmdline(boot, bi);
	return true;
}

tcb_t *boot_root_thread(void)
{
	return root_thread;
}
