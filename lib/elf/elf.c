/*
 * ELF64 executables (see elf.h). All multi-byte fields are read with
 * explicit little-endian loads: the data may be unaligned and comes from a
 * file, so nothing is cast to a struct pointer.
 */
#include "elf/elf.h"

#define PAGE 4096ull

static uint64_t rd(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static bool in_file(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

bool elf_open(elf_image_t *out, const void *data, size_t size, uint64_t user_top, diag_t *diag)
{
	const uint8_t *d = data;
	uint64_t phoff, phentsize, phnum;

	out->data = d;
	out->size = size;
	out->segment_count = 0;
	if (size < 64 || d[0] != 0x7f || d[1] != 'E' || d[2] != 'L' || d[3] != 'F') {
		diag_set(diag, "not an ELF file");
		return false;
	}
	if (d[4] != 2 || d[5] != 1) {
		diag_set(diag, "not a 64-bit little-endian ELF file");
		return false;
	}
	if (rd(d + 16, 2) != 2 || rd(d + 18, 2) != 243) {
		diag_set(diag, "not a RISC-V executable (type %llu, machine %llu)",
			 (unsigned long long)rd(d + 16, 2), (unsigned long long)rd(d + 18, 2));
		return false;
	}
	out->entry = rd(d + 24, 8);
	phoff = rd(d + 32, 8);
	phentsize = rd(d + 54, 2);
	phnum = rd(d + 56, 2);
	if (phentsize < 56 || phnum == 0 || !in_file(size, phoff, phentsize * phnum)) {
		diag_set(diag, "program headers outside the file");
		return false;
	}
	out->vbase = UINT64_MAX;
	out->vend = 0;
	for (uint64_t i = 0; i < phnum; i++) {
		const uint8_t *ph = d + phoff + i * phentsize;
		elf_segment_t s;
		uint64_t end;

		if (rd(ph, 4) != 1)   /* PT_LOAD */
			continue;
		s.flags = (uint32_t)rd(ph + 4, 4) & 7u;
		s.offset = rd(ph + 8, 8);
		s.vaddr = rd(ph + 16, 8);
		s.filesz = rd(ph + 32, 8);
		s.memsz = rd(ph + 40, 8);
		if (s.memsz == 0)
			continue;
		if (out->segment_count == ELF_MAX_SEGMENTS) {
			diag_set(diag, "more than %u loadable segments", ELF_MAX_SEGMENTS);
			return false;
		}
		if (s.filesz > s.memsz || !in_file(size, s.offset, s.filesz)) {
			diag_set(diag, "segment %llu: file bytes outside the file", (unsigned long long)i);
			return false;
		}
		if (s.vaddr % PAGE != 0) {
			diag_set(diag, "segment %llu at 0x%llx is not page-aligned", (unsigned long long)i,
				 (unsigned long long)s.vaddr);
			return false;
		}
		if (s.vaddr >= user_top || s.memsz > user_top - s.vaddr ||
		    s.memsz > UINT64_MAX - PAGE) {
			diag_set(diag, "segment %llu [0x%llx, +0x%llx) outside the user range",
				 (unsigned long long)i, (unsigned long long)s.vaddr,
				 (unsigned long long)s.memsz);
			return false;
		}
		end = (s.vaddr + s.memsz + PAGE - 1) & ~(PAGE - 1);
		for (uint32_t k = 0; k < out->segment_count; k++) {
			const elf_segment_t *o = &out->segments[k];
			uint64_t oend = (o->vaddr + o->memsz + PAGE - 1) & ~(PAGE - 1);

			if (s.vaddr < oend && o->vaddr < end) {
				diag_set(diag, "segments %u and %llu share pages", (unsigned)k,
					 (unsigned long long)i);
				return false;
			}
		}
		out->segments[out->segment_count++] = s;
		if (s.vaddr < out->vbase)
			out->vbase = s.vaddr;
		if (end > out->vend)
			out->vend = end;
	}
	if (out->segment_count == 0) {
		diag_set(diag, "no loadable segments");
		return false;
	}
	if (out->entry < out->vbase || out->entry >= out->vend) {
		diag_set(diag, "entry point 0x%llx outside the image", (unsigned long long)out->entry);
		return false;
	}
	return true;
}
