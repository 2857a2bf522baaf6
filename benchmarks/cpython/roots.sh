#!/usr/bin/env bash
# CPython 3.13 and 3.14 for a Debian-like machine whose own python3 is older: Debian's packages, each installed with
# debootstrap into a root of its own (trixie has python3.13, sid python3.14), and beside each root a launcher that runs
# that interpreter as if it were installed here, for `./run.sh --python`.
#
#   benchmarks/cpython/roots.sh [--dir DIR] [VERSION ...]     (default: 3.13 3.14; DIR: $STUDY_PYTHON_ROOTS or
#                                                              ~/.cache/study-pythons)
#
# Prints one launcher a line (DIR/python3.14, …). Idempotent: a root whose interpreter answers is kept; a root left
# half-built by an interrupted run is built again (debootstrap writes into ROOT.partial, renamed once complete).
#
# The launcher runs the interpreter in a mount namespace of its own (unshare), where the host's /proc and /dev (with
# /dev/shm, which multiprocessing's semaphores need) and the host's data folders (every top-level folder but the
# system's own, and /var/tmp: wherever a clone, a results folder or a trace folder may be) are bound into the root
# at their own paths, so the driver, its arguments and its files mean the same inside as outside. The namespace, and
# every mount in it, ends with the interpreter's last process: nothing is left mounted, whichever way it exits.
#
# Needs root (debootstrap, unshare, chroot) and debootstrap (apt-get install debootstrap); refuses in one line without.
set -euo pipefail

dir=${STUDY_PYTHON_ROOTS:-${XDG_CACHE_HOME:-$HOME/.cache}/study-pythons}
versions=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) [ $# -ge 2 ] || { echo "roots.sh: --dir takes a folder" >&2; exit 2; }; dir=$2; shift 2 ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    3.13 | 3.14) versions+=("$1"); shift ;;
    *) echo "roots.sh: unknown argument '$1' (versions: 3.13, 3.14; see --help)" >&2; exit 2 ;;
  esac
done
[ ${#versions[@]} -gt 0 ] || versions=(3.13 3.14)

[ "$(id -u)" -eq 0 ] || { echo "roots.sh: needs root (debootstrap, unshare and chroot do); run it with sudo" >&2; exit 2; }
command -v debootstrap > /dev/null || { echo "roots.sh: needs debootstrap: apt-get install debootstrap" >&2; exit 2; }
command -v unshare > /dev/null || { echo "roots.sh: needs unshare (util-linux)" >&2; exit 2; }

# The Debian suite that packages each version.
suite_of() {
  case "$1" in
    3.13) echo trixie ;;
    3.14) echo sid ;;
  esac
}

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
for version in "${versions[@]}"; do
  root=$dir/root-$version
  launcher=$dir/python$version
  if ! [ -x "$root/usr/bin/python$version" ] || ! chroot "$root" "python$version" -c 'pass' 2> /dev/null; then
    rm -rf "$root.partial"
    log=$(mktemp)
    if ! debootstrap --variant=minbase --include="python$version" "$(suite_of "$version")" "$root.partial" > "$log" 2>&1; then
      echo "roots.sh: debootstrap of $(suite_of "$version") with python$version failed; its log: $log" >&2
      exit 1
    fi
    rm -f "$log"
    rm -rf "$root"
    mv "$root.partial" "$root"
  fi

  tmp=$launcher.tmp
  {
    echo '#!/usr/bin/env bash'
    echo "# CPython $version from Debian $(suite_of "$version"), in its own root (written by benchmarks/cpython/roots.sh: see there)."
    printf 'root=%q\nversion=%q\n' "$root" "$version"
    cat <<'LAUNCHER'
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "python$version: this launcher needs root (unshare, mount, chroot)" >&2; exit 2; }
# First pass: into a mount namespace of its own, as this same script; second pass: the mounts, then the interpreter.
if [ -z "${STUDY_ROOT_NAMESPACE-}" ]; then
  STUDY_ROOT_NAMESPACE=1 exec unshare --mount --propagation private -- "$(readlink -f "$0")" "$@"
fi
unset STUDY_ROOT_NAMESPACE
mount --rbind /proc "$root/proc"
mount --rbind /dev "$root/dev"
# Every top-level folder of the host but the system's own (the root has its own /usr, /etc, …), and /var/tmp: a clone,
# a results folder or a trace folder may be anywhere (CI clones into a folder of its own at the top).
for host in /* /var/tmp; do
  case "$host" in
    /bin | /boot | /dev | /etc | /lib | /lib32 | /lib64 | /libx32 | /lost+found | /proc | /run | /sbin | /sys | /usr | /var) continue ;;
  esac
  if [ -d "$host" ] && ! [ -L "$host" ]; then
    mkdir -p "$root$host"
    mount --rbind "$host" "$root$host"
  fi
done
exec chroot "$root" /bin/sh -c 'cd "$1" 2> /dev/null || cd /; shift; exec "$0" "$@"' "python$version" "$PWD" "$@"
LAUNCHER
  } > "$tmp"
  chmod +x "$tmp"
  mv "$tmp" "$launcher"
  "$launcher" -c 'import sys; assert sys.version_info[:2] == tuple(map(int, sys.argv[1].split(".")))' "$version" \
    || { echo "roots.sh: $launcher does not run Python $version" >&2; exit 1; }
  echo "$launcher"
done
