#!/usr/bin/env bash
# Runs the study's BenchmarkDotNet suite. See ./run.sh --help.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'TEXT'
Usage:
  ./run.sh                      run the whole benchmark suite; results go to results/<machine-id>/<timestamp>/
  ./run.sh -- <BenchmarkDotNet arguments>
                                pass arguments to BenchmarkDotNet, e.g. ./run.sh -- --filter '*Dispatch*'
  ./run.sh --help               show this help
TEXT
}

case "${1-}" in
  -h | --help) usage; exit 0 ;;
  --) shift ;;
  "") ;;
  *) echo "run.sh: unknown argument '$1'; see ./run.sh --help" >&2; exit 2 ;;
esac

exec dotnet run -c Release --project benchmarks/Study.Benchmarks -- "$@"
