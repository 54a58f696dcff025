/*
 * RISC-V supervisor CSRs and the few privileged instructions the kernel uses,
 * as static inline accessors. This is the only place generic code gets at
 * machine state; everything else includes arch headers built on it.
 */
#ifndef BASALT_ARCH_RISCV_CSR_H
#define BASALT_ARCH_RISCV_CSR_H

#include <stdint.h>

#define csr_read(csr) ({ uint64_t v__; \
	__asm__ volatile("csrr %0, " #csr : "=r"(v__)); v__; })
#define csr_write(csr, val) ({ uint64_t v__ = (uint64_t)(val); \
	__asm__ volatile("csrw " #csr ", %0" :: "rK"(v__) : "memory"); })
#define csr_set(csr, bits) ({ uint64_t v__ = (uint64_t)(bits); \
	__asm__ volatile("csrs " #csr ", %0" :: "rK"(v__) : "memory"); })
#define csr_clear(csr, bits) ({ uint64_t v__ = (uint64_t)(bits); \
	__asm__ volatile("csrc " #csr ", %0" :: "rK"(v__) : "memory"); })

/* sstatus */
#define SSTATUS_SIE   (1ull << 1)
#define SSTATUS_SPIE  (1ull << 5)
#define SSTATUS_SPP   (1ull << 8)
#define SSTATUS_FS    (3ull << 13)
#define SSTATUS_SUM   (1ull << 18)

/* satp: MODE in bits 63:60, ASID in 59:44, root PPN in 43:0. */
#define SATP_MODE_SHIFT 60
#define SATP_MODE_BARE  0ull
#define SATP_MODE_SV39  8ull
#define SATP_MODE_SV48  9ull
#define SATP_MODE_SV57  10ull
#define SATP_ASID_SHIFT 44
#define SATP_PPN_MASK   ((1ull << 44) - 1)

/* scause: interrupt bit and the exception codes the kernel names. */
#define SCAUSE_INTERRUPT (1ull << 63)
#define EXC_INST_MISALIGNED   0
#define EXC_INST_ACCESS       1
#define EXC_ILLEGAL_INST      2
#define EXC_BREAKPOINT        3
#define EXC_LOAD_MISALIGNED   4
#define EXC_LOAD_ACCESS       5
#define EXC_STORE_MISALIGNED  6
#define EXC_STORE_ACCESS      7
#define EXC_ECALL_U           8
#define EXC_ECALL_S           9
#define EXC_INST_PAGE_FAULT   12
#define EXC_LOAD_PAGE_FAULT   13
#define EXC_STORE_PAGE_FAULT  15

static inline void sfence_vma_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

/* Flush the translations of one ASID (all pages), of one page in one
 * ASID, or of one page in every ASID. Global (kernel) entries stay. */
static inline void sfence_vma_asid(uint64_t asid)
{
	__asm__ volatile("sfence.vma zero, %0" :: "r"(asid) : "memory");
}

static inline void sfence_vma_page(uint64_t vaddr, uint64_t asid)
{
	__asm__ volatile("sfence.vma %0, %1" :: "r"(vaddr), "r"(asid) : "memory");
}

static inline void sfence_vma_page_all(uint64_t vaddr)
{
	__asm__ volatile("sfence.vma %0, zero" :: "r"(vaddr) : "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi");
}

static inline uint64_t read_tp(void)
{
	uint64_t v;
	__asm__ volatile("mv %0, tp" : "=r"(v));
	return v;
}

static inline void write_tp(uint64_t v)
{
	__asm__ volatile("mv tp, %0" :: "r"(v));
}

#endif
