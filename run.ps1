#!/usr/bin/env pwsh
# Runs the study's BenchmarkDotNet suite; the same as run.sh. See ./run.ps1 --help.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

$usage = @'
Usage:
  ./run.ps1                     run the whole benchmark suite; results go to results/<machine-id>/<timestamp>/
  ./run.ps1 -- <BenchmarkDotNet arguments>
                                pass arguments to BenchmarkDotNet, e.g. ./run.ps1 -- --filter '*Dispatch*'
  ./run.ps1 --help              show this help
'@

$rest = @($args)
if ($rest.Count -gt 0) {
    switch ($rest[0]) {
        { $_ -in '-h', '--help' } { Write-Output $usage; exit 0 }
        '--' { $rest = @($rest | Select-Object -Skip 1) }
        default { [Console]::Error.WriteLine("run.ps1: unknown argument '$($rest[0])'; see ./run.ps1 --help"); exit 2 }
    }
}

& dotnet run -c Release --project benchmarks/Study.Benchmarks -- @rest
exit $LASTEXITCODE
