#!/usr/bin/env pwsh
# Runs the study's BenchmarkDotNet suite; the same as run.sh, for PowerShell (on Linux too). See ./run.ps1 --help.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

$usage = @'
Usage:
  ./run.ps1             the quick profile: every executor and shape, the model's microbenchmarks, CPython beside .NET (~10 min here)
  ./run.ps1 full        the full grid and every measurement, at least 10 iterations a case (under an hour here)
  ./run.ps1 dry         every benchmark once on a tiny scale: the whole pipeline in under a minute, for CI
  ./run.ps1 --cpus N [profile] [-- ...]
                        the whole study on N of this machine's cores (a second, smaller machine out of this one):
                        the suite, every worker and CPython inherit the affinity; its results go under a machine id of N cores
  ./run.ps1 [--python PATH]... [profile] [-- ...]
                        measure other interpreters beside python3 (also STUDY_PYTHONS, separated as PATH is): the article's
                        case, the overheads, start-up, shutdown and the sweep of each; their reports in the run's python-<id>/
  ./run.ps1 [profile] -- <BenchmarkDotNet arguments>
                        pass arguments on, e.g. ./run.ps1 -- --filter '*WorkList*'
  ./run.ps1 [profile] -- --disturb 120 [--disturb-after 60] [--disturb-cores 1]
                        load a core for 120 s from 60 s into the run, to see what a busy machine does to the
                        report (its stability section names the cases that ran while the machine was slow)
  ./run.ps1 compare <base> <diff> [<run> ...] [--threshold 5%] [--noise 0ns] [--format table|md|html|json] [--out FILE] [--fail-on-regression] [--by-canary]
                        compare two results folders (or full JSON files), or k at once (a matrix, and the gap in every run);
                        --by-canary divides out the machine's speed; exit 1 on a regression with --fail-on-regression,
                        2 on bad input
  ./run.ps1 report [<results-folder>] [--threshold 5%] [--alpha 0.01]
                        write report.md, report.html (plots embedded) and report.json into a run's folder
                        (default: the newest complete run of this machine); every run above ends with its report
  ./run.ps1 publish [<results-root>] [--out site] [--compare <base> <diff>]...
                        one static site of every machine and run under results/ (default), with each machine's history, the machines
                        side by side and comparisons, written to site/ (default; git-ignored), ready for GitHub Pages
  ./run.ps1 report <results-folder> --export github-action-benchmark|bencher|job-summary [--out FILE]
                        a run's figures for trend tools (compare's --format takes job-summary, github-action-benchmark, bencher too)
  ./run.ps1 advise [<results-folder> ...] (--size SIZE [--count N] | --sizes FILE) [--workers N] [--warm]
                        [--runtime cpython|cpython:fork|cpython:spawn|cpython:forkserver|cpython:interpreters|dotnet]
                        [--chunksize N] [--format table|md|json] [--out FILE]
                        your own workload predicted from a run (default: the newest complete one): each executor's
                        time with an interval, the best, its gain, and what decides it (SIZE: 40us, 2.5ms or 1e6 iterations);
                        several runs: each one's advice, and what differs between them
  ./run.ps1 summary [<results-folder>] [--kind answer|run|article|costs|model|crossover|stability]
  ./run.ps1 summary --update FILE... | --check FILE...
                        a run's figures as markdown; --update rewrites every <!-- study summary KIND RUN --> section
                        of the files from its run, --check exits with 1 when one differs (CI checks the READMEs)
  ./run.ps1 --help      this help

Each run writes results/<machine-id>/<timestamp>/ (a dry run artifacts/results/…; STUDY_RESULTS=<folder> moves them) (BenchmarkDotNet's JSON, markdown, HTML, CSV, env.json, canary.jsonl and the report);
an interrupted run leaves <timestamp>.partial/, marked INCOMPLETE.
'@

# PowerShell itself takes a bare `--` out of a script's arguments, so `./run.ps1 -- --filter x` arrives here as
# `--filter x`: whatever starts with a dash after the optional profile is BenchmarkDotNet's.
$rest = @($args)

# Builds a project (silent when it builds, its errors shown once when not) and returns the program built: MSBuild's TargetPath, the
# property both wrappers read, so neither spells out a build folder.
function Get-Program([string] $project) {
    $log = & dotnet build $project -c Release --nologo -v quiet -clp:ErrorsOnly 2>&1
    if ($LASTEXITCODE -ne 0) { $log | ForEach-Object { [Console]::Error.WriteLine($_) }; exit $LASTEXITCODE }
    return (& dotnet msbuild $project -p:Configuration=Release -getProperty:TargetPath).Trim()
}

if ($rest.Count -gt 0 -and ($rest[0] -eq 'compare' -or $rest[0] -eq 'report' -or $rest[0] -eq 'summary' -or $rest[0] -eq 'publish' -or $rest[0] -eq 'advise')) {
    $study = Get-Program src/Study.Cli
    & dotnet $study @rest
    exit $LASTEXITCODE
}
# --cpus N: the run and everything it starts are held to the first N CPUs, as run.sh does: through taskset on Linux
# (PowerShell's own affinity would bind only its main thread there), through this process's affinity on Windows
# (children inherit it); macOS has no affinity to set. STUDY_CPUS tells the suite; CPython 3.13+ reads PYTHON_CPU_COUNT.
$launcher = @()
if ($rest.Count -gt 0 -and $rest[0] -eq '--cpus') {
    $cpus = 0
    $available = [Environment]::ProcessorCount
    if ($rest.Count -lt 2 -or -not [int]::TryParse([string]$rest[1], [ref]$cpus) -or $cpus -lt 1 -or $cpus -gt $available) {
        [Console]::Error.WriteLine("run.ps1: --cpus takes 1 to $available, the cores this machine lets the run use"); exit 2
    }
    if ($IsMacOS) {
        [Console]::Error.WriteLine('run.ps1: --cpus needs CPU affinity, which macOS does not offer; nothing was run'); exit 2
    }
    $env:STUDY_CPUS = "$cpus"
    $env:PYTHON_CPU_COUNT = "$cpus"
    if ($IsLinux) {
        if (-not (Get-Command taskset -ErrorAction SilentlyContinue)) {
            [Console]::Error.WriteLine('run.ps1: --cpus needs taskset (util-linux) on Linux; nothing was run'); exit 2
        }
        $launcher = @('taskset', '-c', ((0..($cpus - 1)) -join ','))
    }
    else {
        [Diagnostics.Process]::GetCurrentProcess().ProcessorAffinity = [IntPtr](([long]1 -shl $cpus) - 1)
    }
    $rest = @($rest | Select-Object -Skip 2)
}

# --python PATH (repeatable, before or after the profile): another interpreter measured beside python3.
$pythons = @()
function Read-Pythons {
    while ($script:rest.Count -gt 0 -and $script:rest[0] -eq '--python') {
        if ($script:rest.Count -lt 2 -or [string]::IsNullOrEmpty([string]$script:rest[1])) {
            [Console]::Error.WriteLine("run.ps1: --python takes an interpreter's path"); exit 2
        }
        $script:pythons += @('--python', [string]$script:rest[1])
        $script:rest = @($script:rest | Select-Object -Skip 2)
    }
}
Read-Pythons

$profileName = 'quick'
if ($rest.Count -gt 0) {
    switch -regex ($rest[0]) {
        '^(-h|--help)$' { Write-Output $usage; exit 0 }
        '^(quick|full|dry)$' { $profileName = $rest[0]; $rest = @($rest | Select-Object -Skip 1) }
        '^-' { }
        default { [Console]::Error.WriteLine("run.ps1: unknown argument '$($rest[0])'; see ./run.ps1 --help"); exit 2 }
    }
}
Read-Pythons
if ($rest.Count -gt 0) {
    if ($rest[0] -eq '--') {
        $rest = @($rest | Select-Object -Skip 1)
    }
    elseif ($rest[0] -notlike '-*') {
        [Console]::Error.WriteLine("run.ps1: unexpected '$($rest[0])' after the profile; BenchmarkDotNet arguments go after --")
        exit 2
    }
}

$suite = Get-Program benchmarks/Study.Benchmarks
if ($launcher.Count -gt 0) {
    & $launcher[0] @($launcher | Select-Object -Skip 1) dotnet $suite --profile $profileName @pythons @rest
}
else {
    & dotnet $suite --profile $profileName @pythons @rest
}
exit $LASTEXITCODE
