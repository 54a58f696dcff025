/* The PLIC (see plic.h). */
#include "platform/plic.h"

void plic_init(plic_t *p)
{
	for (uint32_t w = 0; w <= p->ndev / 32; w++)
		p->enables[w] = 0;
	p->context[0] = 0;   /* threshold: every priority above 0 gets through */
}

void plic_enable(plic_t *p, uint32_t irq)
{
	if (irq == 0 || irq > p->ndev)
		return;
	p->priorities[irq] = 1;
	p->enables[irq / 32] |= 1u << (irq % 32);
}

void plic_disable(plic_t *p, uint32_t irq)
{
	if (irq == 0 || irq > p->ndev)
		return;
	p->enables[irq / 32] &= ~(1u << (irq % 32));
}

uint32_t plic_claim(plic_t *p)
{
	return p->context[1];
}

void plic_complete(plic_t *p, uint32_t irq)
{
	p->context[1] = irq;
}
