/*
 * The shell's commands (see shell.h): each looks at the system through the
 * root task's own capabilities and boot info.
 */
#include "shell.h"

#include "console.h"
#include "fmt/fmt.h"
#include "print.h"

static void cmd_help(root_system_t *s, const char *args);

/* "512 KiB" for 2^bits bytes. */
static void print_size(unsigned bits)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned u = bits / 10 < 5 ? bits / 10 : 5;

	printf("%llu %s", 1ull << (bits - 10 * u), units[u]);
}

static void cmd_untyped(root_system_t *s, const char *args)
{
	const basalt_bootinfo_t *bi = s->bi;

	printf("untyped: %llu caps from the kernel, slots %llu-%llu of the root CNode\n",
	       (unsigned long long)bi->h.untyped_count, (unsigned long long)bi->h.untyped.start,
	       (unsigned long long)bi->h.untyped.end - 1);
	printf("  slot  physical address    bits  kind    size\n");
	for (basalt_word_t i = 0; i < bi->h.untyped_count; i++) {
		const basalt_untyped_desc_t *u = &bi->untyped_list[i];

		printf("  %4llu  0x%016llx  %4u  %-6s  ", (unsigned long long)(bi->h.untyped.start + i),
		       (unsigned long long)u->paddr, u->size_bits, u->is_device ? "device" : "ram");
		print_size(u->size_bits);
		printf("\n");
	}
}

static const char *const cap_types[BASALT_CAP_TYPE_NUM] = {
	[BASALT_CAP_TYPE_NULL] = "null",
	[BASALT_CAP_TYPE_UNTYPED] = "untyped",
	[BASALT_CAP_TYPE_ENDPOINT] = "endpoint",
	[BASALT_CAP_TYPE_NOTIFICATION] = "notification",
	[BASALT_CAP_TYPE_REPLY] = "reply",
	[BASALT_CAP_TYPE_CNODE] = "cnode",
	[BASALT_CAP_TYPE_TCB] = "tcb",
	[BASALT_CAP_TYPE_IRQ_CONTROL] = "irq control",
	[BASALT_CAP_TYPE_IRQ_HANDLER] = "irq handler",
	[BASALT_CAP_TYPE_ZOMBIE] = "zombie",
	[BASALT_CAP_TYPE_FRAME] = "frame",
	[BASALT_CAP_TYPE_PAGE_TABLE] = "page table",
	[BASALT_CAP_TYPE_ASID_CONTROL] = "asid control",
	[BASALT_CAP_TYPE_ASID_POOL] = "asid pool",
};

/* What a slot holds: from the boot info, or whose range it is in. */
static const char *slot_role(const root_system_t *s, basalt_word_t slot)
{
	const basalt_bootinfo_t *bi = s->bi;
	static const char *const fixed[BASALT_INIT_FIRST_FREE] = {
		[BASALT_INIT_TCB] = "the root task's thread",
		[BASALT_INIT_CNODE] = "its CNode (this CSpace)",
		[BASALT_INIT_VSPACE] = "its VSpace",
		[BASALT_INIT_IRQ_CONTROL] = "interrupt control",
		[BASALT_INIT_ASID_CONTROL] = "ASID control",
		[BASALT_INIT_ASID_POOL] = "its ASID pool",
		[BASALT_INIT_IPC_BUFFER] = "its IPC buffer",
		[BASALT_INIT_BOOTINFO_FRAME] = "boot info",
	};
	const struct { const basalt_slot_range_t *r; const char *role; } ranges[] = {
		{ &bi->h.bootinfo_frames, "boot info" },
		{ &bi->h.image_frames, "the root task's image" },
		{ &bi->h.image_paging, "its page tables" },
		{ &bi->h.dtb_frames, "the device tree copy" },
		{ &bi->h.untyped, "untyped from the kernel" },
	};

	if (slot < BASALT_INIT_FIRST_FREE)
		return fixed[slot] != (void *)0 ? fixed[slot] : "";
	for (unsigned i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		if (slot >= ranges[i].r->start && slot < ranges[i].r->end)
			return ranges[i].role;
	}
	if (slot >= bi->h.empty.start && slot < s->alloc.end)
		return "the root task's own";
	if (slot >= s->alloc.end && slot < s->tests.slot_first)
		return "the resource service's";
	if (slot >= s->tests.slot_first && slot < s->tests.slot_end)
		return "the test suite's";
	return "";
}

static void print_run(basalt_word_t first, basalt_word_t last, basalt_word_t count, unsigned type,
		      const char *role)
{
	char slots[32];

	if (first == last)
		fmt_snprintf(slots, sizeof(slots), "%llu", (unsigned long long)first);
	else
		fmt_snprintf(slots, sizeof(slots), "%llu-%llu", (unsigned long long)first,
			     (unsigned long long)last);
	printf("  %-11s %-13s %5llu  %s\n", slots, type < BASALT_CAP_TYPE_NUM ? cap_types[type] : "?",
	       (unsigned long long)count, role);
}

/* Occupied slots of the root CNode: runs of one type and role together
 * (empty slots in between do not end a run; the count is of caps). */
static void cmd_caps(root_system_t *s, const char *args)
{
	const basalt_bootinfo_t *bi = s->bi;
	basalt_word_t slots = 1ull << bi->h.init_cnode_bits, used = 0, first = 0, last = 0, count = 0;
	unsigned run_type = BASALT_CAP_TYPE_NULL;
	const char *run_role = "";

	if (!bi->h.debug_build) {
		printf("caps: needs a debug build (it asks the kernel with a debugging call)\n");
		return;
	}
	printf("caps: occupied slots of the root CNode (%llu slots)\n", (unsigned long long)slots);
	printf("  slots       type          count  what\n");
	for (basalt_word_t i = 0; i <= slots; i++) {
		unsigned type = i < slots ? basalt_debug_cap_identify(i) : BASALT_CAP_TYPE_NUM;
		const char *role = i < slots ? slot_role(s, i) : "";

		if (type == BASALT_CAP_TYPE_NULL)
			continue;
		if (run_type != BASALT_CAP_TYPE_NULL && (type != run_type || role != run_role)) {
			print_run(first, last, count, run_type, run_role);
			run_type = BASALT_CAP_TYPE_NULL;
		}
		if (i == slots)
			break;
		used++;
		if (run_type == BASALT_CAP_TYPE_NULL) {
			first = i;
			count = 0;
			run_type = type;
			run_role = role;
		}
		last = i;
		count++;
	}
	printf("caps: %llu of %llu slots occupied\n", (unsigned long long)used,
	       (unsigned long long)slots);
}

static void cmd_console(root_system_t *s, const char *args)
{
	console_info_t info;
	console_status_t st = console_info(s->console, &info);

	if (st != CONSOLE_OK) {
		printf("console: the driver did not answer (%d)\n", st);
		return;
	}
	printf("console: %s at 0x%llx, interrupt %llu: %llu interrupts, %llu bytes received\n",
	       info.kind == CONSOLE_KIND_NS16550A ? "ns16550a" :
	       info.kind == CONSOLE_KIND_SIFIVE ? "sifive,uart0" : "?",
	       (unsigned long long)info.paddr, (unsigned long long)info.irq,
	       (unsigned long long)info.interrupts, (unsigned long long)info.received);
}

static void cmd_test(root_system_t *s, const char *args)
{
	run_tests(args, &s->tests);
}

/* The fuzzer needs a debug build (the audit); 100,000 calls by default
 * here, a few seconds. */
static void cmd_fuzz(root_system_t *s, const char *args)
{
	if (!s->bi->h.debug_build) {
		printf("fuzz: only debug builds have the audit the fuzzer needs\n");
		return;
	}
	run_fuzz(args[0] != '\0' ? args : "100000", s);
}

static void cmd_halt(root_system_t *s, const char *args)
{
	if (!s->bi->h.debug_build) {
		printf("halt: only debug builds can power off\n");
		return;
	}
	printf("halt: powering off\n");
	basalt_debug_halt(0);
}

const shell_cmd_t shell_cmds[] = {
	{ "help", "", "this list", cmd_help },
	{ "untyped", "", "the untyped caps the kernel gave the root task", cmd_untyped },
	{ "caps", "", "the occupied slots of the root CNode and their types", cmd_caps },
	{ "console", "", "the console driver: its device, interrupts, bytes received", cmd_console },
	{ "test", "[PATTERN]", "run the in-QEMU tests whose id or name contains PATTERN", cmd_test },
	{ "fuzz", "[CALLS[:SEED]]", "run the system-call fuzzer (debug builds)", cmd_fuzz },
	{ "halt", "", "power off (debug builds)", cmd_halt },
	{ (void *)0, (void *)0, (void *)0, (void *)0 },
};

static void cmd_help(root_system_t *s, const char *args)
{
	printf("commands:\n");
	for (const shell_cmd_t *c = shell_cmds; c->name != (void *)0; c++) {
		char usage[32];

		fmt_snprintf(usage, sizeof(usage), "%s %s", c->name, c->args);
		printf("  %-18s %s\n", usage, c->help);
	}
}
