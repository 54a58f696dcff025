/*
 * The harness's machine: fake physical RAM, the kernel's window onto it,
 * controllable preemption points, and panic/printk that fail the test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "harness.h"

#include "core/kmem.h"
#include "core/panic.h"
#include "core/preempt.h"
#include "core/printk.h"

/*
 * The kernel reaches memory with inline arithmetic on kmem_layout
 * (core/kmem.h): pa + window_offset for RAM, and for pointers at or above
 * image_start (the kernel image's statics) va - image_offset. So the
 * harness reserves one stretch of address space standing for physical
 * addresses [0, RAM end) followed by a page of "image" holding its static
 * slots. Only the RAM part is accessible: device memory (H_DEV_PA) and
 * anything else below RAM fault at once, so object code touching it
 * crashes the suite loudly instead of writing somewhere harmless.
 */
#define RESERVE (H_RAM_BASE + H_RAM_SIZE + 4096)

kmem_layout_t kmem_layout = { 0, ~0ull, 0 };
static uint8_t *space;          /* pa 0 */
static uint8_t *ram;            /* pa H_RAM_BASE */
static cte_t *static_slots;     /* the "image" page after RAM */
static uint64_t boot_next;

static void map_space(void)
{
	void *p = mmap(NULL, RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("reserving the fake physical address space");
		abort();
	}
	space = p;
	ram = space + H_RAM_BASE;
	static_slots = (cte_t *)(ram + H_RAM_SIZE);
	if (mprotect(ram, H_RAM_SIZE + 4096, PROT_READ | PROT_WRITE) != 0) {
		perror("mprotect fake RAM");
		abort();
	}
	kmem_layout.window_offset = (uint64_t)(uintptr_t)space;
	kmem_layout.image_start = (uint64_t)(uintptr_t)static_slots;
	kmem_layout.image_offset = (uint64_t)(uintptr_t)static_slots - H_STATIC_PA;
}

void *h_ram(void)
{
	if (ram == NULL)
		map_space();
	return ram;
}

bool h_in_ram(uint64_t pa, uint64_t size)
{
	return pa >= H_RAM_BASE && size <= H_RAM_SIZE && pa - H_RAM_BASE <= H_RAM_SIZE - size;
}

/* Garbage, so that memory the kernel forgets to zero is seen: every word
 * is a non-canonical pointer, a huge count and a non-null cap type. */
void h_ram_fill_garbage(void)
{
	memset(h_ram(), 0xa5, H_RAM_SIZE);
	boot_next = H_RAM_BASE;
	memset(static_slots, 0, H_STATIC_SLOTS * sizeof(cte_t));
}

uint64_t h_boot_alloc(unsigned bits)
{
	uint64_t size = 1ull << bits;
	uint64_t pa = (boot_next + size - 1) & ~(size - 1);

	if (pa + size > H_RAM_BASE + H_BOOT_SIZE)
		fail_msg("h_boot_alloc: boot area full (2^%u bytes asked)", bits);
	boot_next = pa + size;
	memset(phys_to_virt(pa), 0, size);
	return pa;
}

cte_t *h_static_slot(unsigned i)
{
	if (i >= H_STATIC_SLOTS)
		fail_msg("h_static_slot(%u): only %u", i, H_STATIC_SLOTS);
	h_ram();
	return &static_slots[i];
}

/* ---- preemption ---- */
enum preempt_mode { P_NEVER, P_EVERY, P_RANDOM, P_AT };

static enum preempt_mode mode;
static uint64_t every_n, at_k, rng;
static unsigned one_in;
uint64_t h_preempt_calls;
bool h_finalise_preempts;
uint64_t h_restart_limit = 50000000;

static void preempt_mode(enum preempt_mode m)
{
	mode = m;
	h_preempt_calls = 0;
}

void h_preempt_never(void) { preempt_mode(P_NEVER); }

void h_preempt_every(unsigned n)
{
	preempt_mode(P_EVERY);
	every_n = n == 0 ? 1 : n;
}

void h_preempt_random(uint64_t seed, unsigned n)
{
	preempt_mode(P_RANDOM);
	rng = seed;
	one_in = n == 0 ? 1 : n;
}

void h_preempt_at(uint64_t k)
{
	preempt_mode(P_AT);
	at_k = k;
}

/* ---- stack depth ---- */
static uintptr_t stack_top, stack_low;

void h_stack_reset(void)
{
	volatile char here;

	stack_top = stack_low = (uintptr_t)&here;
}

/* Called from the stubs the kernel code calls at its deepest points. */
void h_stack_note(void)
{
	volatile char here;

	if ((uintptr_t)&here < stack_low)
		stack_low = (uintptr_t)&here;
}

uint64_t h_stack_used(void)
{
	return stack_top - stack_low;
}

exception_t preemption_point(void)
{
	bool stop = false;

	h_stack_note();
	h_preempt_calls++;
	switch (mode) {
	case P_NEVER: break;
	case P_EVERY: stop = h_preempt_calls % every_n == 0; break;
	case P_RANDOM: stop = h_rand(&rng) % one_in == 0; break;
	case P_AT: stop = h_preempt_calls == at_k; break;
	}
	return stop ? EXC_PREEMPTED : EXC_NONE;
}

void preemption_reset(void)
{
}

/* ---- kernel bugs fail the test ---- */
void panic(const char *format, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, format);
	vsnprintf(msg, sizeof(msg), format, ap);
	va_end(ap);
	print_error("kernel panic: %s\n", msg);
	_fail(__FILE__, __LINE__);
	abort();
}

/* The object core has nothing to print: output means something is off. */
void printk(const char *format, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, format);
	vsnprintf(msg, sizeof(msg), format, ap);
	va_end(ap);
	fail_msg("unexpected printk from the object code: %s", msg);
}

uint64_t h_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

bool h_caps_equal(const cap_t *a, const cap_t *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}
