# Host unit tests of the kernel's capability layer: cap.c, cdt.c, cspace.c,
# cnode.c, untyped.c, delete.c and objects.c, compiled as they are, over
# fake physical RAM with controllable preemption (harness.h).
host-tests += caps
test-caps-srcs := tests/host/caps/main.c tests/host/caps/harness_mem.c \
	tests/host/caps/harness_objects.c tests/host/caps/harness_check.c \
	tests/host/caps/harness_inv.c \
	tests/host/caps/test_cspace.c tests/host/caps/test_cdt.c \
	tests/host/caps/test_untyped.c tests/host/caps/test_cnode.c \
	tests/host/caps/test_delete.c tests/host/caps/test_random.c \
	kernel/object/cap.c kernel/object/cdt.c kernel/object/cspace.c \
	kernel/object/cnode.c kernel/object/untyped.c kernel/object/delete.c \
	kernel/object/objects.c
