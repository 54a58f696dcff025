/* Interrupts-off stretches, measured in instructions (see irqoff.h). */
#include "debug/irqoff.h"

#include "arch/riscv/context.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/hart.h"
#include "basalt/message.h"

/* Set at boot when S-mode may read instret (head.S records 0 when the
 * firmware forbids it: then there is nothing to measure with). */
extern uint64_t boot_entry_instret;

static inline uint64_t now(void)
{
	return csr_read(instret);
}

static uint64_t entry_kind(const arch_context_t *ctx)
{
	uint64_t cause = csr_read(scause);

	if (cause != EXC_ECALL_U)
		return cause;
	return IRQOFF_KIND_SYSCALL | (ctx_get(ctx, REG_A7) & 0xffff) << 16 |
	       (basalt_msginfo_label(ctx_get(ctx, REG_A1)) & 0xffff);
}

void irqoff_entry(void)
{
	hart_local_t *h = hart_self();

	if (boot_entry_instret == 0)
		return;
	h->irqoff_kind = entry_kind((const arch_context_t *)(uintptr_t)h->cur_ctx);
	h->irqoff_start = now();
}

static void stretch_end(hart_local_t *h, uint64_t t)
{
	uint64_t n;

	if (h->irqoff_start == 0)
		return;
	n = t - h->irqoff_start;
	if (n > h->irqoff_max) {
		h->irqoff_max = n;
		h->irqoff_max_kind = h->irqoff_kind;
	}
	h->irqoff_start = 0;
}

void irqoff_exit(void)
{
	stretch_end(hart_self(), now());
}

void irqoff_poll(void)
{
	hart_local_t *h = hart_self();
	uint64_t t = now();

	if (h->irqoff_start == 0)
		return;
	stretch_end(h, t);
	h->irqoff_start = t;
}

void irqoff_discard(void)
{
	hart_self()->irqoff_start = 0;
}

uint64_t irqoff_max(uint64_t *kind, bool reset)
{
	uint64_t best = 0;

	*kind = 0;
	for (unsigned i = 0; i < MAX_CPUS; i++) {
		hart_local_t *h = &hart_locals[i];

		if (h->irqoff_max > best) {
			best = h->irqoff_max;
			*kind = h->irqoff_max_kind;
		}
		if (reset)
			h->irqoff_max = h->irqoff_max_kind = 0;
	}
	return best;
}
