# Host fuzzing of the device-tree reader, the board facts, the boot memory
# map and dtinfo's JSON writer (tests/fuzz/README.md, docs/testing.md).
# Included by the Makefile after the host test suites.
#
# Each target tests/fuzz/fuzz_NAME.c is built twice:
#  - build/host/tests/fuzz-NAME: with HOST_CC under ASan/UBSan and
#    replay.c, a host test suite that `make test` runs: it replays the saved
#    corpus tests/fuzz/corpus/NAME/ and the crashers in
#    tests/fuzz/regressions/NAME/ (needs no clang);
#  - build/fuzz/fuzz-NAME: with clang's libFuzzer, for `make fuzz-dtb`.

FUZZ_CC      ?= clang
FUZZ_TIME    ?= 60
FUZZ_TARGETS ?= fdt bootmap json
FUZZ_ARGS    ?=
FUZZ_BUILD   := $(BUILD)/fuzz

fuzz-all-targets := fdt bootmap json
fuzz-fdt-srcs     := tests/fuzz/fuzz_fdt.c tests/fuzz/fuzz_fdt_values.c
fuzz-bootmap-srcs := tests/fuzz/fuzz_bootmap.c tests/fuzz/fuzz_bootmap_check.c \
	tests/fuzz/fuzz_bootmap_xlate.c
fuzz-json-srcs    := tests/fuzz/fuzz_json.c scripts/dtinfo/json.c
# Device-tree targets get the FDT dictionary; the JSON one reads no DTB.
fuzz-fdt-dict     := tests/fuzz/fdt.dict
fuzz-bootmap-dict := tests/fuzz/fdt.dict

# ---- replay suites (part of host-tests, so `make test` builds them)
host-tests += $(patsubst %,fuzz-%,$(fuzz-all-targets))
$(foreach t,$(fuzz-all-targets),$(eval \
	test-fuzz-$(t)-srcs := $(fuzz-$(t)-srcs) tests/fuzz/fuzz_util.c tests/fuzz/replay.c))

# ---- libFuzzer binaries
FUZZ_CFLAGS = $(HOST_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

$(FUZZ_BUILD)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(say) FUZZCC $<
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

define fuzz_rule
$(FUZZ_BUILD)/fuzz-$(1): $$(patsubst %,$(FUZZ_BUILD)/obj/%.o,$$(fuzz-$(1)-srcs) \
		tests/fuzz/fuzz_util.c $(lib-srcs))
	$(say) FUZZLD $$@
	$(Q)$(FUZZ_CC) $$(FUZZ_CFLAGS) -fsanitize=fuzzer $$^ -o $$@
endef
$(foreach t,$(fuzz-all-targets),$(eval $(call fuzz_rule,$(t))))

# Fails early, and says why, when clang or its fuzzer runtime is missing.
fuzz-toolchain:
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' | \
	$(FUZZ_CC) -x c - -fsanitize=fuzzer -o /dev/null 2>/dev/null || { \
		echo "fuzz: '$(FUZZ_CC) -fsanitize=fuzzer' cannot link: install clang and"; \
		echo "fuzz: libclang-rt-14-dev (make deps does)"; exit 1; }

fuzzers: fuzz-toolchain $(patsubst %,$(FUZZ_BUILD)/fuzz-%,$(fuzz-all-targets))

# ---- seeds: the DTB corpus, tests/fuzz/seeds/*.dts, control blocks
fuzz-seeds: $(FUZZ_BUILD)/seeds/.done
$(FUZZ_BUILD)/seeds/.done: tests/fuzz/make_seeds.py $(wildcard tests/fuzz/seeds/*.dts) \
		$(wildcard tests/dtb/*.dtb)
	$(say) SEEDS $(FUZZ_BUILD)/seeds
	$(Q)$(PYTHON) tests/fuzz/make_seeds.py --dtc $(DTC) $(FUZZ_BUILD)/seeds
	@touch $@

# ---- fuzzing: FUZZ_TIME seconds per target, new inputs in build/fuzz/corpus
# libFuzzer's progress goes to build/fuzz/logs/NAME.log; a crash prints the
# end of it, with the sanitizer's report and the crashing input's path.
fuzz-dtb: deps
	@$(MAKE) --no-print-directory fuzzers fuzz-seeds
	$(Q)set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts/$$t $(FUZZ_BUILD)/logs \
			tests/fuzz/corpus/$$t; \
		dict=; [ "$$t" = json ] || dict=-dict=tests/fuzz/fdt.dict; \
		log=$(FUZZ_BUILD)/logs/$$t.log; \
		echo "fuzz-dtb: $$t for $(FUZZ_TIME) s (log: $$log)"; \
		if $(FUZZ_BUILD)/fuzz-$$t -max_total_time=$(FUZZ_TIME) -timeout=10 \
			-artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t/ -print_final_stats=1 $$dict \
			$(FUZZ_ARGS) $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t \
			$(FUZZ_BUILD)/seeds/$$t >$$log 2>&1; then \
			grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' $$log || true; \
			echo "fuzz-dtb: $$t: $$(ls $(FUZZ_BUILD)/corpus/$$t | wc -l) inputs in $(FUZZ_BUILD)/corpus/$$t"; \
		else \
			tail -n 60 $$log; \
			echo "fuzz-dtb: $$t found a problem (above; input saved in $(FUZZ_BUILD)/artifacts/$$t/)"; \
			exit 1; \
		fi; \
	done

# ---- refreshing the saved corpus: minimise saved + new + seeds into it
# The saved corpus is for replay in `make test`, so it keeps one input per
# covered edge (-use_counters=0): hit counts would keep hundreds of big
# blobs (1.5 MB for fdt alone). The JSON inputs are tiny: they keep counts.
fuzz-merge-fdt     := -use_counters=0
fuzz-merge-bootmap := -use_counters=0
fuzz-merge-json    :=

fuzz-corpus: fuzzers fuzz-seeds
	$(Q)set -e; for t in $(FUZZ_TARGETS); do \
		rm -rf $(FUZZ_BUILD)/merged/$$t; \
		mkdir -p $(FUZZ_BUILD)/merged/$$t $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t \
			$(FUZZ_BUILD)/logs; \
		case $$t in fdt) m='$(fuzz-merge-fdt)';; bootmap) m='$(fuzz-merge-bootmap)';; \
			*) m='$(fuzz-merge-json)';; esac; \
		$(FUZZ_BUILD)/fuzz-$$t -merge=1 $$m $(FUZZ_BUILD)/merged/$$t tests/fuzz/corpus/$$t \
			$(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/seeds/$$t \
			>$(FUZZ_BUILD)/logs/$$t-merge.log 2>&1 || \
		{ tail -n 40 $(FUZZ_BUILD)/logs/$$t-merge.log; exit 1; }; \
		rm -f tests/fuzz/corpus/$$t/*; \
		cp $(FUZZ_BUILD)/merged/$$t/* tests/fuzz/corpus/$$t/; \
		echo "fuzz-corpus: tests/fuzz/corpus/$$t: $$(ls tests/fuzz/corpus/$$t | wc -l) inputs," \
			"$$(cat tests/fuzz/corpus/$$t/* | wc -c) bytes"; \
	done

.PHONY: fuzz-toolchain fuzzers fuzz-seeds fuzz-dtb fuzz-corpus
