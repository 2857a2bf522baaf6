using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;

namespace Study.Benchmarks;

/// <summary>The one configuration of the suite. Jobs come from the classes' attributes (<c>Jobs.cs</c>).</summary>
public static class StudyConfig
{
    /// <summary>Creates the configuration.</summary>
    public static IConfig Create() => ManualConfig.CreateEmpty()
        // Console output, so that a person running ./run.sh sees progress.
        .AddLogger(ConsoleLogger.Default)
        // The default columns, plus the median and percentiles: process starts have long tails.
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
        // Full JSON is what reports and machine comparisons read; markdown and HTML are for people; CSV for tools.
        .AddExporter(JsonExporter.Full, MarkdownExporter.GitHub, HtmlExporter.Default, CsvExporter.Default)
        // One time unit for every row, so that columns compare at a glance.
        .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond))
        // Rivals run next to each other in time; the summary keeps the declared order, each executor beside the others.
        .WithOrderer(new Stability.RivalOrderer())
        .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
}
