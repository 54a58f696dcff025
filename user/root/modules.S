/*
 * Programs the root task carries and can start (the build passes their
 * paths): the demo server, the console UART driver and the system-call
 * fuzzer.
 */
	.section .rodata.modules, "a"
	.balign 16
	.globl module_server_start
module_server_start:
	.incbin SERVER_ELF
	.globl module_server_end
module_server_end:
	.balign 16
	.globl module_uart_start
module_uart_start:
	.incbin UART_ELF
	.globl module_uart_end
module_uart_end:
	.balign 16
	.globl module_fuzz_start
module_fuzz_start:
	.incbin FUZZ_ELF
	.globl module_fuzz_end
module_fuzz_end:
	.balign 16
