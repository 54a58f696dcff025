#!/bin/sh
# Installs the Debian 12 packages Basalt needs to build, run and test, and
# nothing else: only the ones dpkg says are missing. Quiet when everything is
# there. Works without a terminal (CI=true, no stdin): apt runs
# non-interactively, and sudo is only used with -n (it fails at once, with a
# clear message, when it would have to ask for a password).
#
# On a system without dpkg/apt-get it prints the package list and exits 1.
set -eu

PACKAGES="gcc make gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf
qemu-system-misc opensbi device-tree-compiler libfdt-dev libcmocka-dev
gdb-multiarch u-boot-qemu u-boot-tools python3 fdisk e2fsprogs clang gnuplot-nox
libclang-rt-14-dev llvm"

say() { printf 'install-deps: %s\n' "$*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	say "this is not a Debian system (no dpkg-query/apt-get)."
	say "install these Debian 12 packages (or your distribution's equivalents):"
	# shellcheck disable=SC2086
	say $PACKAGES
	exit 1
fi

# One dpkg-query call for all packages; anything not "ii" (installed, ok)
# counts as missing. Unknown packages make dpkg-query exit 1: ignore that,
# the missing line is what matters.
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $PACKAGES 2>/dev/null || true)
missing=
for p in $PACKAGES; do
	if ! printf '%s\n' "$installed" | grep -q "^$p ii"; then
		missing="$missing $p"
	fi
done
missing=${missing# }

if [ -z "$missing" ]; then
	exit 0
fi

say "missing Debian packages: $missing"

if [ "$(id -u)" -eq 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	if ! sudo -n true 2>/dev/null; then
		say "need root to install them, and 'sudo -n' cannot run without a password."
		say "run:  sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing"
		exit 1
	fi
	SUDO="sudo -n"
else
	say "need root to install them and sudo is not available."
	say "run as root:  apt-get update && apt-get install -y --no-install-recommends $missing"
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null; then
	say "apt-get update failed"
	exit 1
fi
# shellcheck disable=SC2086
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends $missing </dev/null; then
	say "apt-get install failed for: $missing"
	exit 1
fi
say "installed: $missing"
