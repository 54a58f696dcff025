/*
 * dtinfo: what Basalt would see on a board, computed on the host from its
 * device tree blob.
 *
 *   dtinfo [--json] [--kernel-size N] FILE.dtb
 *
 * It runs the kernel's own code (lib/fdt, lib/board, lib/memmap) on the
 * blob and prints the result: by default as the boot log's lines
 * (docs/boot-console.md: board:, paging:, console:, hart:, memory:,
 * device: ...), with --json as one JSON object whose keys tests and scripts
 * rely on. --kernel-size N also places a kernel of N bytes the way the boot
 * would (lowest 2 MiB-aligned free RAM) and shows what stays free and the
 * untyped caps the root task would get: give N as the kernel's whole
 * footprint (its image plus the boot data the boot log reports), and the
 * list is exactly the kernel's.
 *
 * Exit status: 0 when the kernel would accept the board, 2 when it would
 * refuse it (one line on stderr: "dtinfo: FILE: REASON", the same reason
 * the kernel prints), 1 for usage and I/O errors. Warnings the kernel
 * would print at boot go to stderr too ("dtinfo: FILE: warning: ...").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/board.h"
#include "fdt/fdt.h"
#include "memmap/memmap.h"
#include "memmap/untyped.h"
#include "json.h"

#define DTINFO_KERNEL_ALIGN (2u * 1024 * 1024)  /* the kernel runs from 2 MiB */
#define DTINFO_PATH_MAX 256

/* Everything dtinfo learned about one blob. */
typedef struct dtinfo {
	const char *file;
	fdt_t fdt;
	board_t board;
	bootmap_t map;            /* the device tree's own reservations only */
	bootmap_t with_kernel;    /* ... plus the kernel image (--kernel-size) */
	uint64_t kernel_size;     /* 0: not asked */
	uint64_t kernel_base;
	paging_mode_t paging;
	untyped_block_t untyped[2048];   /* what the root task would get */
	uint32_t untyped_count;
	bool untyped_overflow;
} dtinfo_t;

static void usage(FILE *out)
{
	fputs("usage: dtinfo [--json] [--kernel-size N] FILE.dtb\n"
	      "  prints what Basalt would see on the board this device tree describes\n"
	      "  --json           machine-readable output\n"
	      "  --kernel-size N  also reserve an N-byte kernel image (N may end in K, M or G)\n"
	      "exit status: 0 accepted, 2 rejected (reason on stderr), 1 usage or I/O error\n",
	      out);
}

/* ---- small helpers ---- */

static const char *node_path(const dtinfo_t *d, int node, char *buf)
{
	if (node < 0 || !fdt_get_path(&d->fdt, node, buf, DTINFO_PATH_MAX))
		snprintf(buf, DTINFO_PATH_MAX, "?");
	return buf;
}

/* The node's first compatible string, or NULL. */
static const char *first_compatible(const dtinfo_t *d, int node)
{
	fdt_prop_t prop;

	if (node < 0 || !fdt_get_prop(&d->fdt, node, "compatible", &prop))
		return NULL;
	return fdt_prop_string_at(&prop, 0);
}

static const char *string_prop(const dtinfo_t *d, int node, const char *name)
{
	fdt_prop_t prop;
	const char *s;

	if (node < 0 || !fdt_get_prop(&d->fdt, node, name, &prop) || !fdt_prop_string(&prop, &s))
		return NULL;
	return s;
}

/* The hart the boot would run on: the header's boot_cpuid_phys when that
 * hart is usable, else the first usable one (what SBI HSM would start). */
static const board_hart_t *boot_hart(const dtinfo_t *d)
{
	const board_hart_t *h = board_find_hart(&d->board, d->fdt.boot_cpuid);
	uint32_t i;

	if (h != NULL && h->usable)
		return h;
	for (i = 0; i < d->board.hart_count; i++) {
		if (d->board.harts[i].usable)
			return &d->board.harts[i];
	}
	return NULL;
}

/* Human units as in the boot log: the largest unit that divides the size
 * exactly, else whole KiB (rounded down), else bytes. */
static void format_size(uint64_t size, char *buf, size_t n)
{
	static const struct { uint64_t unit; const char *name; } units[] = {
		{ 1ull << 40, "TiB" }, { 1ull << 30, "GiB" }, { 1ull << 20, "MiB" },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (size >= units[i].unit && size % units[i].unit == 0) {
			snprintf(buf, n, "%llu %s", (unsigned long long)(size / units[i].unit),
				 units[i].name);
			return;
		}
	}
	if (size >= 1024)
		snprintf(buf, n, "%llu KiB", (unsigned long long)(size / 1024));
	else
		snprintf(buf, n, "%llu bytes", (unsigned long long)size);
}

/* As the boot log words it: "reserved-memory PATH [no-map]", "device PATH",
 * or the reason's name. */
static const char *reason_text(const dtinfo_t *d, const mem_region_t *r, char *buf)
{
	char path[DTINFO_PATH_MAX];

	if (r->reason == RESERVE_DT_NODE)
		snprintf(buf, DTINFO_PATH_MAX + 32, "reserved-memory %s%s",
			 node_path(d, r->node, path), r->no_map ? " no-map" : "");
	else if (r->reason == RESERVE_DEVICE)
		snprintf(buf, DTINFO_PATH_MAX + 32, "device %s", node_path(d, r->node, path));
	else
		return reserve_reason_name(r->reason);
	return buf;
}

/* ---- human-readable report ---- */

static void print_range_line(const char *kind, uint64_t base, uint64_t size,
			     const char *tail)
{
	char human[32];

	format_size(size, human, sizeof(human));
	printf("memory: %-8s [0x%016llx, 0x%016llx) %s%s%s\n", kind,
	       (unsigned long long)base, (unsigned long long)(base + size), human,
	       tail != NULL ? " " : "", tail != NULL ? tail : "");
}

static void print_memory(const dtinfo_t *d)
{
	const bootmap_t *m = d->kernel_size != 0 ? &d->with_kernel : &d->map;
	char buf[DTINFO_PATH_MAX + 32];
	uint32_t i;

	for (i = 0; i < m->ram.count; i++)
		print_range_line("ram", m->ram.r[i].base, m->ram.r[i].size, NULL);
	for (i = 0; i < m->reserved.count; i++)
		print_range_line("reserved", m->reserved.r[i].base, m->reserved.r[i].size,
				 reason_text(d, &m->reserved.r[i], buf));
	for (i = 0; i < m->free.count; i++)
		print_range_line("free", m->free.r[i].base, m->free.r[i].size, NULL);
}

static void print_harts(const dtinfo_t *d)
{
	const board_hart_t *boot = boot_hart(d);
	uint32_t i;

	for (i = 0; i < d->board.hart_count; i++) {
		const board_hart_t *h = &d->board.harts[i];
		const char *state = h == boot ? "boot" : h->usable ? "parked" :
				    !h->enabled ? "disabled" : "unusable";

		printf("hart: %llu %s %s\n", (unsigned long long)h->id,
		       paging_mode_name(h->mmu), state);
	}
}

static void print_console(const dtinfo_t *d)
{
	const board_console_t *c = &d->board.console;
	char path[DTINFO_PATH_MAX];
	const char *compat;

	if (c->node < 0) {
		const char *asked = string_prop(d, d->board.chosen, "stdout-path");

		if (c->unresolved)
			printf("console: none (stdout-path \"%s\" names no node; SBI console)\n",
			       asked != NULL ? asked : "?");
		else
			printf("console: none (%s; SBI console)\n", d->board.chosen < 0 ?
			       "no /chosen" : "no stdout-path");
		return;
	}
	compat = first_compatible(d, c->node);
	printf("console: %s at 0x%016llx (%s)\n", compat != NULL ? compat : "-",
	       (unsigned long long)c->base, node_path(d, c->node, path));
}

static void print_blocks(const dtinfo_t *d)
{
	const board_block_t *intc = &d->board.intc, *timer = &d->board.timer;
	char path[DTINFO_PATH_MAX];

	if (intc->node >= 0)
		printf("intc: %s at 0x%016llx, %u sources (%s)\n", intc->compatible,
		       (unsigned long long)intc->base, (unsigned)intc->ndev,
		       node_path(d, intc->node, path));
	else
		printf("intc: none\n");
	if (timer->node >= 0)
		printf("timer: %s at 0x%016llx (%s)\n", timer->compatible,
		       (unsigned long long)timer->base, node_path(d, timer->node, path));
	else
		printf("timer: none (SBI timer)\n");
}

static void print_devices(const dtinfo_t *d)
{
	char path[DTINFO_PATH_MAX];
	uint32_t i;

	for (i = 0; i < d->board.device_count; i++) {
		const board_device_t *dev = &d->board.devices[i];
		const char *compat = first_compatible(d, dev->node);

		printf("device: [0x%016llx, 0x%016llx) %s %s\n", (unsigned long long)dev->base,
		       (unsigned long long)(dev->base + dev->size),
		       compat != NULL ? compat : "-", node_path(d, dev->node, path));
	}
}

static void print_human(const dtinfo_t *d)
{
	const char *model = string_prop(d, fdt_root(&d->fdt), "model");
	const char *bootargs = string_prop(d, d->board.chosen, "bootargs");
	unsigned levels = d->paging == PAGING_SV39 ? 3 : d->paging == PAGING_SV48 ? 4 : 5;

	printf("board: %s\n", model != NULL ? model : "(no model)");
	printf("paging: %s (%u levels)\n", paging_mode_name(d->paging), levels);
	print_console(d);
	printf("timebase: %llu Hz\n", (unsigned long long)d->board.timebase_hz);
	print_blocks(d);
	print_harts(d);
	if (d->kernel_size != 0)
		printf("kernel: %llu bytes at 0x%016llx\n", (unsigned long long)d->kernel_size,
		       (unsigned long long)d->kernel_base);
	print_memory(d);
	print_devices(d);
	if (bootargs != NULL)
		printf("bootargs: %s\n", bootargs);
}

/* ---- JSON report ---- */

static void json_range_list(json_t *j, const region_list_t *list)
{
	uint32_t i;

	json_begin_array(j);
	for (i = 0; i < list->count; i++) {
		json_begin_flat_array(j);
		json_u64(j, list->r[i].base);
		json_u64(j, list->r[i].size);
		json_end_array(j);
	}
	json_end_array(j);
}

static void json_memory(json_t *j, const dtinfo_t *d)
{
	uint32_t i;

	json_key(j, "memory");
	json_begin_array(j);
	for (i = 0; i < d->board.memory_count; i++) {
		json_begin_flat_array(j);
		json_u64(j, d->board.memory[i].base);
		json_u64(j, d->board.memory[i].size);
		json_end_array(j);
	}
	json_end_array(j);
}

static void json_reserved(json_t *j, const dtinfo_t *d)
{
	char path[DTINFO_PATH_MAX];
	uint32_t i;

	json_key(j, "reserved");
	json_begin_array(j);
	for (i = 0; i < d->map.reserved.count; i++) {
		const mem_region_t *r = &d->map.reserved.r[i];

		json_begin_object(j);
		json_key(j, "base");
		json_u64(j, r->base);
		json_key(j, "size");
		json_u64(j, r->size);
		/* reason: a /reserved-memory child's path, else the reason's
		 * name ("memreserve", "device"); path: the node, if any. */
		json_key(j, "reason");
		json_string(j, r->reason == RESERVE_DT_NODE ? node_path(d, r->node, path)
							    : reserve_reason_name(r->reason));
		json_key(j, "path");
		json_string(j, r->node >= 0 ? node_path(d, r->node, path) : NULL);
		json_key(j, "no_map");
		json_bool(j, r->no_map);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_harts(json_t *j, const dtinfo_t *d)
{
	uint32_t i;

	json_key(j, "harts");
	json_begin_array(j);
	for (i = 0; i < d->board.hart_count; i++) {
		const board_hart_t *h = &d->board.harts[i];

		json_begin_object(j);
		json_key(j, "id");
		json_u64(j, h->id);
		json_key(j, "mmu");
		json_string(j, h->mmu == PAGING_NONE ? NULL : paging_mode_name(h->mmu));
		json_key(j, "enabled");
		json_bool(j, h->enabled);
		json_key(j, "usable");
		json_bool(j, h->usable);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_console(json_t *j, const dtinfo_t *d)
{
	const board_console_t *c = &d->board.console;
	char path[DTINFO_PATH_MAX];

	json_key(j, "console");
	if (c->node < 0) {
		json_null(j);
	} else {
		json_begin_object(j);
		json_key(j, "path");
		json_string(j, node_path(d, c->node, path));
		json_key(j, "compatible");
		json_string(j, first_compatible(d, c->node));
		json_key(j, "base");
		json_u64(j, c->base);
		json_key(j, "size");
		json_u64(j, c->size);
		json_end_object(j);
	}
	json_key(j, "console_unresolved");
	json_bool(j, c->unresolved);
}

static void json_block(json_t *j, const dtinfo_t *d, const char *key,
		       const board_block_t *b, bool is_intc)
{
	char path[DTINFO_PATH_MAX];

	json_key(j, key);
	if (b->node < 0) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_key(j, "compatible");
	json_string(j, b->compatible);
	json_key(j, "path");
	json_string(j, node_path(d, b->node, path));
	json_key(j, "base");
	json_u64(j, b->base);
	json_key(j, "size");
	json_u64(j, b->size);
	if (is_intc) {
		json_key(j, "ndev");
		json_u64(j, b->ndev);
	}
	json_end_object(j);
}

static void json_devices(json_t *j, const dtinfo_t *d)
{
	char path[DTINFO_PATH_MAX];
	uint32_t i;

	json_key(j, "devices");
	json_begin_array(j);
	for (i = 0; i < d->board.device_count; i++) {
		const board_device_t *dev = &d->board.devices[i];

		json_begin_object(j);
		json_key(j, "path");
		json_string(j, node_path(d, dev->node, path));
		json_key(j, "compatible");
		json_string(j, first_compatible(d, dev->node));
		json_key(j, "base");
		json_u64(j, dev->base);
		json_key(j, "size");
		json_u64(j, dev->size);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_kernel(json_t *j, const dtinfo_t *d)
{
	json_key(j, "kernel");
	if (d->kernel_size == 0) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_key(j, "base");
	json_u64(j, d->kernel_base);
	json_key(j, "size");
	json_u64(j, d->kernel_size);
	json_key(j, "free");
	json_range_list(j, &d->with_kernel.free);
	json_end_object(j);
}

/* "untyped": [{base, size_bits, device}], for the kernel placed with
 * --kernel-size (or none at all). */
static void json_untyped(json_t *j, const dtinfo_t *d)
{
	json_key(j, "untyped");
	if (d->untyped_overflow) {
		json_null(j);
		return;
	}
	json_begin_array(j);
	for (uint32_t i = 0; i < d->untyped_count; i++) {
		json_begin_object(j);
		json_key(j, "base");
		json_u64(j, d->untyped[i].base);
		json_key(j, "size_bits");
		json_u64(j, d->untyped[i].size_bits);
		json_key(j, "device");
		json_bool(j, d->untyped[i].device);
		json_end_object(j);
	}
	json_end_array(j);
}

/* 0, or 1 when the writer refused the calls (a bug here: the message says
 * which, instead of a truncated document passing for a report). */
static int print_json(const dtinfo_t *d)
{
	const board_hart_t *boot = boot_hart(d);
	json_t j;

	json_init(&j, stdout);
	json_begin_object(&j);
	json_key(&j, "file");
	json_string(&j, d->file);
	json_key(&j, "model");
	json_string(&j, string_prop(d, fdt_root(&d->fdt), "model"));
	json_memory(&j, d);
	json_reserved(&j, d);
	json_harts(&j, d);
	json_key(&j, "boot_hart");
	if (boot != NULL)
		json_u64(&j, boot->id);
	else
		json_null(&j);
	json_key(&j, "boot_mmu");
	json_string(&j, paging_mode_name(d->paging));
	json_console(&j, d);
	json_key(&j, "timebase");
	json_u64(&j, d->board.timebase_hz);
	json_block(&j, d, "intc", &d->board.intc, true);
	json_block(&j, d, "timer", &d->board.timer, false);
	json_devices(&j, d);
	json_key(&j, "bootargs");
	json_string(&j, string_prop(d, d->board.chosen, "bootargs"));
	json_key(&j, "free");
	json_range_list(&j, &d->map.free);
	json_kernel(&j, d);
	json_untyped(&j, d);
	json_end_object(&j);
	if (!json_finish(&j)) {
		fflush(stdout);
		fprintf(stderr, "dtinfo: %s: JSON writer: %s\n", d->file, json_error(&j));
		return 1;
	}
	return 0;
}

/* ---- loading and analysis ---- */

static int reject(const dtinfo_t *d, const char *reason)
{
	fprintf(stderr, "dtinfo: %s: %s\n", d->file, reason);
	return 2;
}

static uint8_t *read_file(const char *name, size_t *size)
{
	FILE *f = fopen(name, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, len = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (len == cap) {
			uint8_t *bigger = realloc(buf, cap == 0 ? 65536 : cap * 2);

			if (bigger == NULL) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = bigger;
			cap = cap == 0 ? 65536 : cap * 2;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	*size = len;
	return buf;
}

static int plan_untyped(dtinfo_t *d, const bootmap_t *map)
{
	static region_list_t scratch[2];
	untyped_list_t list = { d->untyped, sizeof(d->untyped) / sizeof(d->untyped[0]), 0 };

	d->untyped_overflow = !untyped_plan(map, &d->board, &d->fdt, &list, scratch);
	d->untyped_count = list.count;
	return 0;
}

/* Runs the kernel's code on the blob; 0 or the exit status for a refusal. */
static int analyse(dtinfo_t *d, const uint8_t *blob, size_t size)
{
	diag_t diag;
	memmap_status_t mst;

	if (fdt_open(&d->fdt, blob, size, &diag) != FDT_OK)
		return reject(d, diag.msg);
	if (board_from_fdt(&d->board, &d->fdt, &diag) != BOARD_OK)
		return reject(d, diag.msg);
	if (bootmap_derive(&d->map, &d->board, NULL, 0, &diag) != MEMMAP_OK)
		return reject(d, diag.msg);
	/* The kernel's boot warnings, word for word. */
	for (uint32_t i = 0; i < d->map.reserved.count; i++) {
		if (d->map.reserved.r[i].reason == RESERVE_DEVICE) {
			bootmap_device_warning(&d->fdt, &d->map.reserved.r[i], &diag);
			fprintf(stderr, "dtinfo: %s: warning: %s\n", d->file, diag.msg);
		}
	}
	d->paging = board_paging_mode(&d->fdt, &d->board);
	if (d->kernel_size == 0)
		return plan_untyped(d, &d->map);
	d->with_kernel = d->map;
	mst = bootmap_take(&d->with_kernel, d->kernel_size, DTINFO_KERNEL_ALIGN,
			   RESERVE_KERNEL_IMAGE, &d->kernel_base);
	if (mst != MEMMAP_OK) {
		char msg[128];

		snprintf(msg, sizeof(msg), "no room for a %llu-byte kernel image (%s)",
			 (unsigned long long)d->kernel_size, memmap_status_name(mst));
		return reject(d, msg);
	}
	return plan_untyped(d, &d->with_kernel);
}

/* "N", "0xN", optionally followed by K, M or G (binary units). */
static bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (*s == '\0' || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || end == s)
		return false;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift != 0)
		end++;
	if (*end != '\0' || v == 0 || v > (UINT64_MAX >> shift))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

int main(int argc, char **argv)
{
	static dtinfo_t d;   /* large (board and memory tables): not on the stack */
	bool json = false;
	uint8_t *blob;
	size_t size = 0;
	int i, status;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--kernel-size") == 0 && i + 1 < argc) {
			if (!parse_size(argv[++i], &d.kernel_size)) {
				fprintf(stderr, "dtinfo: bad --kernel-size '%s'\n", argv[i]);
				return 1;
			}
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			fprintf(stderr, "dtinfo: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 1;
		}
	}
	if (i + 1 != argc) {
		usage(stderr);
		return 1;
	}
	d.file = argv[i];
	blob = read_file(d.file, &size);
	if (blob == NULL) {
		fprintf(stderr, "dtinfo: %s: %s\n", d.file, strerror(errno));
		return 1;
	}
	status = analyse(&d, blob, size);
	if (status == 0) {
		if (json)
			status = print_json(&d);
		else
			print_human(&d);
	}
	free(blob);
	return status;
}
