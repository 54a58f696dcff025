platform-srcs := platform/plic.c platform/uart_drivers.c platform/uart_ns16550.c platform/uart_sifive.c \
	platform/poweroff_sifive_test.c
