/*
 * Host stand-in for kernel/arch/riscv/csr.h, for the ASID allocator's unit
 * test only (see tests/host/asid/test.mk). satp is a variable that keeps
 * only the ASID bits the fake hart "implements"; every sfence.vma is
 * recorded by the test (test_asid_hw.c), which models the TLB with them.
 */
#ifndef BASALT_ARCH_RISCV_CSR_H
#define BASALT_ARCH_RISCV_CSR_H

#include <stdint.h>

#define SATP_MODE_SHIFT 60
#define SATP_ASID_SHIFT 44
#define SATP_PPN_MASK   ((1ull << 44) - 1)

uint64_t fake_read_satp(void);
void fake_write_satp(uint64_t v);

#define csr_read(csr) fake_read_##csr()
#define csr_write(csr, val) fake_write_##csr((uint64_t)(val))

void sfence_vma_all(void);
void sfence_vma_asid(uint64_t asid);
void sfence_vma_page(uint64_t vaddr, uint64_t asid);
void sfence_vma_page_all(uint64_t vaddr);

#endif
