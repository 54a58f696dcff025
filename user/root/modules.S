/*
 * Programs the root task carries and can start (the build passes their
 * paths): the demo server and the console UART driver.
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
