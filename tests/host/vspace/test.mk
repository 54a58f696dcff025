# The kernel's VSpace page-table walk (kernel/arch/riscv/vspace_walk.c)
# over a fake RAM, in Sv39, Sv48 and Sv57.
host-tests += vspace
test-vspace-srcs := tests/host/vspace/test_vspace_walk.c kernel/arch/riscv/vspace_walk.c
