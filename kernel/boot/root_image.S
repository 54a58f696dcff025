/*
 * The root task's ELF file, carried inside the kernel image (the build
 * passes its path as ROOT_ELF). root_task.c checks and loads it.
 */
	.section .rodata.root_image, "a"
	.balign 16
	.globl root_image_start
root_image_start:
	.incbin ROOT_ELF
	.globl root_image_end
root_image_end:
	.balign 16
