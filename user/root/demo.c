/*
 * The demo `make run` shows: what the root task was given.
 */
#include "bootinfo.h"
#include "print.h"

int run_demo(void)
{
	const basalt_bootinfo_t *bi = basalt_bootinfo();
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
	printf("demo: done\n");
	return 0;
}
