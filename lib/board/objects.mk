lib-srcs += lib/board/board.c lib/board/board_reg.c lib/board/board_devices.c \
	lib/board/board_cpus.c lib/board/board_chosen.c lib/board/board_irq.c
