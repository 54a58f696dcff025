host-tests += pagetable
test-pagetable-srcs := tests/host/pagetable/test_pagetable.c kernel/arch/riscv/pagetable.c
