#!/usr/bin/env bash
# Runs the study's BenchmarkDotNet suite; a thin wrapper around benchmarks/Study.Benchmarks. See ./run.sh --help.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'TEXT'
Usage:
  ./run.sh              the quick profile: every executor and shape, the model's microbenchmarks, CPython beside .NET (~10 min here)
  ./run.sh full         the full grid and every measurement, at least 10 iterations a case (under an hour here)
  ./run.sh dry          every benchmark once on a tiny scale: the whole pipeline in under a minute, for CI
  ./run.sh --cpus N [profile] [-- ...]
                        the whole study on N of this machine's cores (a second, smaller machine out of this one):
                        the suite, every worker and CPython inherit the affinity; its results go under a machine id of N cores
  ./run.sh [--python PATH]... [profile] [-- ...]
                        measure other interpreters beside python3 (also STUDY_PYTHONS, separated as PATH is): the article's
                        case, the overheads, start-up, shutdown and the sweep of each; their reports in the run's python-<id>/
  ./run.sh pythons [3.13] [3.14]
                        CPython 3.13 and 3.14 from Debian's packages, each in a root of its own (debootstrap; needs root),
                        and a launcher for each that --python takes (benchmarks/cpython/roots.sh)
  ./run.sh [profile] -- <BenchmarkDotNet arguments>
                        pass arguments on, e.g. ./run.sh -- --filter '*WorkList*'
  ./run.sh [profile] -- --disturb 120 [--disturb-after 60] [--disturb-cores 1]
                        load a core for 120 s from 60 s into the run, to see what a busy machine does to the
                        report (its stability section names the cases that ran while the machine was slow)
  ./run.sh compare <base> <diff> [<run> ...] [--threshold 5%] [--noise 0ns] [--format table|md|html|json] [--out FILE] [--fail-on-regression] [--by-canary]
                        compare two results folders (or full JSON files), or k at once (a matrix, and the gap in every run);
                        --by-canary divides out the machine's speed; exit 1 on a regression with --fail-on-regression,
                        2 on bad input
  ./run.sh report [<results-folder>] [--threshold 5%] [--alpha 0.01]
                        write report.md, report.html (plots embedded) and report.json into a run's folder
                        (default: the newest complete run of this machine); every run above ends with its report
  ./run.sh publish [<results-root>] [--out site] [--compare <base> <diff>]...
                        one static site of every machine and run under results/ (default), with each machine's history, the machines
                        side by side and comparisons, written to site/ (default; git-ignored), ready for GitHub Pages
  ./run.sh report <results-folder> --export github-action-benchmark|bencher|job-summary [--out FILE]
                        a run's figures for trend tools (compare's --format takes job-summary, github-action-benchmark, bencher too)
  ./run.sh advise [<results-folder> ...] (--size SIZE [--count N] | --sizes FILE) [--workers N] [--warm]
                        [--runtime cpython|cpython:fork|cpython:spawn|cpython:forkserver|cpython:interpreters|dotnet]
                        [--chunksize N] [--format table|md|json] [--out FILE]
                        your own workload predicted from a run (default: the newest complete one): each executor's
                        time with an interval, the best, its gain, and what decides it (SIZE: 40us, 2.5ms or 1e6 iterations);
                        several runs: each one's advice, and what differs between them
  ./run.sh summary [<results-folder>] [--kind answer|run|article|costs|model|crossover|stability]
  ./run.sh summary --update FILE... | --check FILE...
                        a run's figures as markdown; --update rewrites every <!-- study summary KIND RUN --> section
                        of the files from its run, --check exits with 1 when one differs (CI checks the READMEs)
  ./run.sh --help       this help

Each run writes results/<machine-id>/<timestamp>/ (a dry run artifacts/results/…; STUDY_RESULTS=<folder> moves them) (BenchmarkDotNet's JSON, markdown, HTML, CSV, env.json, canary.jsonl and the report);
an interrupted run leaves <timestamp>.partial/, marked INCOMPLETE.
TEXT
}

# Builds a project (silent when it builds, its errors shown once when not) and prints the program built: MSBuild's TargetPath, the
# property both wrappers read, so neither spells out a build folder.
program() {
  local log
  log=$(dotnet build "$1" -c Release --nologo -v quiet -clp:ErrorsOnly 2>&1) || { printf '%s\n' "$log" >&2; exit 1; }
  dotnet msbuild "$1" -p:Configuration=Release -getProperty:TargetPath
}

if [ "${1-}" = pythons ]; then
  shift
  exec benchmarks/cpython/roots.sh "$@"
fi

if [ "${1-}" = compare ] || [ "${1-}" = report ] || [ "${1-}" = summary ] || [ "${1-}" = publish ] || [ "${1-}" = advise ]; then
  study=$(program src/Study.Cli)
  exec dotnet "$study" "$@"
fi

# --cpus N: the run and everything it starts are held to the first N CPUs (Linux's affinity, which children
# inherit; .NET's ProcessorCount, the machine id and the grid's "cores" worker count follow it, and CPython 3.13+
# reads PYTHON_CPU_COUNT). STUDY_CPUS tells the suite, which records it in env.json.
launcher=()
if [ "${1-}" = --cpus ]; then
  cpus=${2-}
  available=$(nproc 2> /dev/null || echo 0)
  if ! [[ "$cpus" =~ ^[0-9]+$ ]] || [ "$cpus" -lt 1 ] || [ "$cpus" -gt "$available" ]; then
    echo "run.sh: --cpus takes 1 to $available, the cores this machine lets the run use" >&2; exit 2
  fi
  command -v taskset > /dev/null || { echo "run.sh: --cpus needs taskset (util-linux), which $(uname -s) does not have here; nothing was run" >&2; exit 2; }
  export STUDY_CPUS=$cpus PYTHON_CPU_COUNT=$cpus
  launcher=(taskset -c "$(seq -s, 0 $((cpus - 1)))")
  shift 2
fi

# --python PATH (repeatable, before or after the profile): another interpreter measured beside python3.
pythons=()
python_options() {
  while [ "${1-}" = --python ]; do
    [ $# -ge 2 ] && [ -n "$2" ] || { echo "run.sh: --python takes an interpreter's path" >&2; exit 2; }
    pythons+=(--python "$2")
    shift 2
  done
  rest=("$@")
}
python_options "$@"; set -- ${rest[@]+"${rest[@]}"}

profile=quick
case "${1-}" in
  -h | --help) usage; exit 0 ;;
  quick | full | dry) profile=$1; shift ;;
  -- | "") ;;
  *) echo "run.sh: unknown argument '$1'; see ./run.sh --help" >&2; exit 2 ;;
esac
python_options "$@"; set -- ${rest[@]+"${rest[@]}"}
case "${1-}" in
  --) shift ;;
  "") ;;
  *) echo "run.sh: unexpected '$1' after the profile; BenchmarkDotNet arguments go after --" >&2; exit 2 ;;
esac

suite=$(program benchmarks/Study.Benchmarks)
exec "${launcher[@]}" dotnet "$suite" --profile "$profile" ${pythons[@]+"${pythons[@]}"} "$@"
