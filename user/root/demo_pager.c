/*
 * The pager part of the `make run` demo: a thread whose 32-page region is
 * backed on demand by libbasalt's pager (user/lib/pager.h, docs/pager.md),
 * and whose one stray write is reported instead of resumed.
 */
#include "pager.h"
#include "print.h"

#define DEMO_REGION 0x200000000ull   /* 8 GiB: nothing else lives there */
#define DEMO_PAGES 32

static basalt_pager_t pager;
static volatile basalt_word_t sum;

/* Touch every page (each first touch is a fault the pager serves), then
 * write just past the region. */
static void demo_client(void *arg)
{
	volatile basalt_word_t *p = arg;

	for (unsigned i = 0; i < DEMO_PAGES; i++) {
		sum += p[i * 512];        /* a fresh page reads zero */
		p[i * 512] = i;
	}
	for (unsigned i = 0; i < DEMO_PAGES; i++)
		sum += p[i * 512];
	p[DEMO_PAGES * 512] = 1;      /* outside the region */
	sum = ~0ull;                  /* never reached */
}

int run_pager_demo(basalt_alloc_t *alloc, basalt_vmem_t *vmem)
{
	basalt_pager_config_t cfg = {
		.alloc = alloc, .vmem = vmem, .frame_slots_bits = 8, .max_pages = DEMO_PAGES,
		.priority = 210, .authority = BASALT_INIT_TCB,
	};
	basalt_cptr_t ntfn, fault_ep;
	basalt_thread_t t;
	unsigned client;
	basalt_error_t e;

	/* The pager's own memory: 1 MiB of untyped; a notification for its
	 * segmentation-fault reports. */
	e = basalt_alloc_object(alloc, BASALT_OBJ_UNTYPED, 20, &cfg.untyped);
	if (e == BASALT_OK)
		e = basalt_alloc_object(alloc, BASALT_OBJ_NOTIFICATION, 0, &ntfn);
	cfg.segv_ntfn = ntfn;
	if (e == BASALT_OK)
		e = basalt_pager_create(&pager, &cfg);
	if (e == BASALT_OK)
		e = basalt_pager_add_client(&pager, vmem->vspace, &client, &fault_ep);
	if (e == BASALT_OK)
		e = basalt_pager_add_region(&pager, client, DEMO_REGION, DEMO_PAGES,
					    BASALT_MAP_READ | BASALT_MAP_WRITE, BASALT_PAGER_NO_OBJECT, 0);
	if (e == BASALT_OK)
		e = basalt_pager_start(&pager);
	if (e == BASALT_OK)
		e = basalt_thread_create(&t, vmem, BASALT_INIT_TCB, 200, 2, fault_ep);
	if (e == BASALT_OK)
		e = basalt_thread_start(&t, demo_client, (void *)DEMO_REGION);
	if (e != BASALT_OK) {
		printf("demo: cannot start the pager (error %d)\n", e);
		return 1;
	}
	basalt_debug_name_thread(t.tcb, "paged");
	printf("demo: a thread touches %u pages nobody mapped; the pager backs them on demand\n",
	       DEMO_PAGES);
	basalt_wait(ntfn);
	printf("demo: the pager served %llu page faults with %llu zeroed frames; the thread summed "
	       "%llu; its stray write stopped it\n", (unsigned long long)pager.stats.faults - 1,
	       (unsigned long long)pager.stats.zero_fills, (unsigned long long)sum);
	return 0;
}
