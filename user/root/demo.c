/*
 * The demo `make run` shows: what the root task was given, then a client
 * and a server talking over IPC. The server is a separate program (built
 * from user/server/) that the root task loads into its own address space
 * and CSpace; the root task is its client. Then a pager backs a thread's
 * memory on demand (demo_pager.c).
 *
 * Boot argument "fault" (a debugging aid, docs/debugging.md): before it
 * ends, the demo also starts a thread named 'faulter' that writes to an
 * unmapped address and has no fault handler, so the kernel suspends it and
 * logs one "fault:" line; its TCB keeps the fault for basalt-fault.
 */
#include "base/mem.h"
#include "bootinfo.h"
#include "print.h"
#include "process.h"
#include "root.h"
#include "thread.h"

extern const char module_server_start[], module_server_end[];

int run_pager_demo(basalt_alloc_t *alloc, basalt_vmem_t *vmem);

#define FAULT_ADDR  0xdead0000ul    /* mapped nowhere in the root VSpace */

static void summary(const basalt_bootinfo_t *bi)
{
	unsigned long long ram = 0, dev = 0;

	for (basalt_word_t i = 0; i < bi->h.untyped_count; i++) {
		const basalt_untyped_desc_t *u = &bi->untyped_list[i];

		if (u->is_device)
			dev += 1ull << u->size_bits;
		else
			ram += 1ull << u->size_bits;
	}
	printf("demo: %llu KiB of RAM and %llu KiB of device memory as %llu untyped caps\n",
	       ram >> 10, dev >> 10, (unsigned long long)bi->h.untyped_count);
	printf("demo: user addresses below 0x%llx, %llu-level page tables, %llu ASID bits\n",
	       (unsigned long long)bi->h.user_top, (unsigned long long)bi->h.paging_levels,
	       (unsigned long long)bi->h.hw_asid_bits);
}

/* Pack a short string into message registers (8 bytes each). */
static unsigned put_text(const char *s)
{
	unsigned n = (unsigned)((strlen(s) + 8) / 8);

	for (unsigned i = 0; i < n; i++) {
		basalt_word_t w = 0;

		for (unsigned b = 0; b < 8 && s[i * 8 + b] != '\0'; b++)
			w |= (basalt_word_t)(unsigned char)s[i * 8 + b] << (8 * b);
		basalt_set_mr(i, w);
	}
	return n;
}

static void get_text(unsigned n, char *out, unsigned size)
{
	unsigned k = 0;

	for (unsigned i = 0; i < n; i++) {
		basalt_word_t w = basalt_get_mr(i);

		for (unsigned b = 0; b < 8 && k + 1 < size; b++)
			out[k++] = (char)(w >> (8 * b));
	}
	out[k < size ? k : size - 1] = '\0';
}

static void faulter(void *addr)
{
	*(volatile basalt_word_t *)addr = 1;
}

/* The 'faulter' thread, at the root task's own priority: it runs (and
 * faults) while the root task yields, so the fault is logged before the
 * demo goes on. */
static basalt_error_t demo_fault(basalt_vmem_t *vm)
{
	basalt_thread_t th;
	basalt_error_t e;

	e = basalt_thread_create(&th, vm, BASALT_INIT_TCB, BASALT_MAX_PRIORITY, 1, 0);
	if (e != BASALT_OK)
		return e;
	basalt_debug_name_thread(th.tcb, "faulter");     /* debug builds only */
	e = basalt_thread_start(&th, faulter, (void *)FAULT_ADDR);
	if (e == BASALT_OK)
		basalt_yield();
	return e;
}

int run_demo(root_system_t *s)
{
	const basalt_bootinfo_t *bi = s->bi;
	static const char *const words[] = { "hello, server", "this is the root task",
					     "capabilities all the way down" };
	basalt_process_t server;
	basalt_cptr_t ep;
	basalt_word_t child_ep;
	basalt_error_t e;

	summary(bi);
	e = basalt_alloc_object(&s->alloc, BASALT_OBJ_ENDPOINT, 0, &ep);
	if (e == BASALT_OK)
		e = basalt_process_load(&server, &s->alloc, &s->window, BASALT_INIT_ASID_POOL,
					module_server_start,
					(basalt_word_t)(module_server_end - module_server_start), 8, 200,
					BASALT_INIT_TCB, "server");
	if (e == BASALT_OK)
		e = basalt_process_give(&server, ep, BASALT_RIGHTS_ALL, 0, &child_ep);
	if (e == BASALT_OK)
		e = basalt_process_start(&server);
	if (e != BASALT_OK) {
		printf("demo: cannot start the server (error %d)\n", e);
		return 1;
	}
	basalt_debug_name_thread(server.tcb, "server");
	printf("demo: started the server program (its endpoint is slot %llu of its CSpace)\n",
	       (unsigned long long)child_ep);
	for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		char reply[64];
		basalt_msginfo_t r;

		r = basalt_call(ep, basalt_msginfo(0, 0, 0, put_text(words[i])));
		get_text(basalt_msginfo_length(r), reply, sizeof(reply));
		printf("demo: client sent \"%s\", server replied \"%s\" (request %llu)\n", words[i], reply,
		       (unsigned long long)basalt_msginfo_label(r));
	}
	if (run_pager_demo(&s->alloc, &s->window) != 0)
		return 1;
	if (basalt_bootarg("fault", NULL, 0) && (e = demo_fault(&s->window)) != BASALT_OK) {
		printf("demo: cannot start the faulting thread (error %d)\n", e);
		return 1;
	}
	printf("demo: done\n");
	return 0;
}
