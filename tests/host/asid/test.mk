# The hardware ASID allocator (kernel/arch/riscv/asid_hw.c) on the host.
# asid_hw.c reaches the hart only through "arch/riscv/csr.h"; for this test
# it is compiled against a stand-in (tests/host/asid/stub/arch/riscv/csr.h:
# a fake satp with a chosen number of ASID bits, and sfence.vma calls
# recorded). -iquote directories are searched before -I ones for quoted
# includes, so the stand-in wins over kernel/arch/riscv/csr.h for this one
# object, which no other host test links.
host-tests += asid
test-asid-srcs := tests/host/asid/test_asid_hw.c kernel/arch/riscv/asid_hw.c
$(BUILD)/host/san/kernel/arch/riscv/asid_hw.c.o: HOST_CFLAGS += -iquote tests/host/asid/stub
$(BUILD)/host/san/tests/host/asid/test_asid_hw.c.o: HOST_CFLAGS += -iquote tests/host/asid/stub
