/*
 * Instructions whose exact address the fault tests check (tests_fault.c,
 * tests_vm.c): each is a tiny function with a global label on the one
 * instruction that faults, so a test can compare a fault message's pc with
 * it. Uncompressed throughout (.option norvc): the fault tests skip an
 * instruction by replying with pc + 4.
 */
	.option norvc
	.text

/* uint64_t test_insn_load(uint64_t *p): return *p */
	.globl test_insn_load, test_insn_load_at
test_insn_load:
test_insn_load_at:
	ld	a0, 0(a0)
	ret

/* void test_insn_store(uint64_t *p, uint64_t v): *p = v */
	.globl test_insn_store, test_insn_store_at
test_insn_store:
test_insn_store_at:
	sd	a1, 0(a0)
	ret

/* uint64_t test_insn_call(void *code): jump to code (it must return) */
	.globl test_insn_call
test_insn_call:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	jalr	a0
	ld	ra, 8(sp)
	addi	sp, sp, 16
	ret

/* void test_insn_illegal(void): an all-zero word is illegal */
	.globl test_insn_illegal, test_insn_illegal_at
test_insn_illegal:
test_insn_illegal_at:
	.4byte	0
	ret

/* void test_insn_ebreak(void) */
	.globl test_insn_ebreak, test_insn_ebreak_at
test_insn_ebreak:
test_insn_ebreak_at:
	ebreak
	ret

/* uint64_t test_insn_amo(uint32_t *p): an AMO on p (misaligned p traps:
 * atomics cannot be split, so no layer below emulates them) */
	.globl test_insn_amo, test_insn_amo_at
test_insn_amo:
test_insn_amo_at:
	amoadd.w a0, zero, (a0)
	ret

/* uint64_t test_insn_unknown_syscall(a0 .. a6): ecall with a7 = 0x7777,
 * returns what a0 holds afterwards */
	.globl test_insn_unknown_syscall, test_insn_unknown_syscall_at
test_insn_unknown_syscall:
	li	a7, 0x7777
test_insn_unknown_syscall_at:
	ecall
	ret

/* Code to copy into a page and run there: returns 42. */
	.globl test_code_ret42, test_code_ret42_end
test_code_ret42:
	li	a0, 42
	ret
test_code_ret42_end:
