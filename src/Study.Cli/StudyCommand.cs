using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Spectre.Console;
using Study.Reports;
using Study.Reports.Advising;
using Study.Reports.Analysis;
using Study.Reports.Comparison;
using Study.Reports.Output;
using Study.Reports.Publishing;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Cli;

/// <summary>
/// The command line: <c>study compare &lt;base&gt; &lt;diff&gt; [&lt;run&gt; …]</c>, <c>study report [&lt;results-folder&gt;]</c>,
/// <c>study publish [&lt;results-root&gt;]</c> and <c>study summary</c>. Exit codes: 0 done; 1 a regression with <c>--fail-on-regression</c>, or a stale section with
/// <c>summary --check</c>; 2 bad input, with one line on standard error and never a stack trace; 3 a fault of the
/// report itself, in one line too.
/// </summary>
internal static class StudyCommand
{
    public const int Regression = 1;
    public const int BadInput = 2;
    public const int Failed = 3;

    /// <summary>A console width no table of the study reaches: lines are as long as their content.</summary>
    private const int Unwrapped = 100_000;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var runsArgument = new Argument<string[]>("runs")
        {
            Description = "two runs or more, each a results folder or a BenchmarkDotNet full JSON file; the first is the base the others are compared with",
            Arity = ArgumentArity.OneOrMore,
        };
        var threshold = new Option<string>("--threshold") { Description = "the relative difference that matters, e.g. 5% (default) or 0.1", DefaultValueFactory = _ => "5%" };
        var noise = new Option<string>("--noise") { Description = "an absolute difference of medians below this is 'same', e.g. 500ns or 2us (default 0)", DefaultValueFactory = _ => "0ns" };
        var format = new Option<string>("--format")
        {
            Description = "table (default, for a terminal), md, html or json; for two runs also job-summary (a GitHub job summary block), github-action-benchmark or bencher (the diff run's figures for those trend tools)",
            DefaultValueFactory = _ => "table",
        };
        var outFile = new Option<string?>("--out") { Description = "write to this file (atomically) instead of standard output" };
        var failOnRegression = new Option<bool>("--fail-on-regression") { Description = "exit with 1 when anything is slower beyond the threshold" };
        var byCanary = new Option<bool>("--by-canary")
        {
            Description = "divide each ratio by the machine's speed at that case (the canaries' ratio); off by default: it is right for compute, not for process starts, pipes or I/O",
        };
        var compare = new Command("compare", "Compares runs: two side by side (per benchmark, the environments, the gap within each machine, the model's costs), or k at once as a matrix (the gaps of every run, and in how many runs each answer holds).")
        {
            runsArgument, threshold, noise, format, outFile, failOnRegression, byCanary,
        };
        compare.SetAction(parse => Compare(
            parse.GetValue(runsArgument) ?? [], parse.GetValue(threshold)!, parse.GetValue(noise)!,
            parse.GetValue(format)!, parse.GetValue(outFile), parse.GetValue(failOnRegression), parse.GetValue(byCanary), output, error));
        var folderArgument = new Argument<string?>("results-folder")
        {
            Description = "a results folder (default: the newest complete run of this machine under results/)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var alpha = new Option<double>("--alpha") { Description = "the significance level of each verdict's test (default 0.01)", DefaultValueFactory = _ => 0.01 };
        var reportThreshold = new Option<string>("--threshold") { Description = "the relative difference that matters, e.g. 5% (default)", DefaultValueFactory = _ => "5%" };
        var export = new Option<string?>("--export") { Description = $"instead of the report's files, write the run's figures for a trend tool: {string.Join(", ", Exports.Formats)}" };
        var exportOut = new Option<string?>("--out") { Description = "with --export: write to this file (atomically) instead of standard output" };
        var report = new Command("report", "Writes report.md, report.html (with its plots) and report.json into a results folder.")
        {
            folderArgument, reportThreshold, alpha, export, exportOut,
        };
        report.SetAction(parse => Report(parse.GetValue(folderArgument), parse.GetValue(reportThreshold)!, parse.GetValue(alpha), parse.GetValue(export), parse.GetValue(exportOut), output, error));
        var rootArgument = new Argument<string?>("results-root")
        {
            Description = "the results to publish: <machine>/<stamp>/ run folders (default: results/ of this repository)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var siteOut = new Option<string>("--out") { Description = "the site's folder (default: site/ beside results/); replaced whole, only if study publish wrote it", DefaultValueFactory = _ => string.Empty };
        var pairs = new Option<string[]>("--compare")
        {
            Description = "also compare BASE with DIFF (run folders, or machine/stamp under the root); repeat for more pairs",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var publish = new Command("publish", "Writes one static site of every machine and run under a results root: an index, each run's report and files, each machine's history, the machines side by side, comparisons; ready for GitHub Pages.")
        {
            rootArgument, siteOut, pairs, reportThreshold, alpha,
        };
        publish.SetAction(parse => Publish(parse.GetValue(rootArgument), parse.GetValue(siteOut)!, parse.GetValue(pairs) ?? [], parse.GetValue(reportThreshold)!, parse.GetValue(alpha), output, error));
        var summaryFolder = new Argument<string?>("results-folder")
        {
            Description = "the run whose figures to print (with --kind); not needed with --update or --check",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var kind = new Option<string>("--kind") { Description = $"which figures: {string.Join(", ", RunSummary.Kinds)} (default answer)", DefaultValueFactory = _ => "answer" };
        var update = new Option<string[]>("--update") { Description = "rewrite every <!-- study summary KIND RUN --> section of these files from its run", AllowMultipleArgumentsPerToken = true };
        var check = new Option<string[]>("--check") { Description = "exit with 1 when a marked section of these files differs from what its run gives", AllowMultipleArgumentsPerToken = true };
        var summary = new Command("summary", "Figures of a run for a document, generated from the run: printed, or written into marked sections of files (--update), or checked (--check).")
        {
            summaryFolder, kind, update, check,
        };
        summary.SetAction(parse => Summary(parse.GetValue(summaryFolder), parse.GetValue(kind)!, parse.GetValue(update) ?? [], parse.GetValue(check) ?? [], output, error));
        var adviseFolder = new Argument<string[]>("results-folders")
        {
            Description = "the run whose measurements predict (default: the newest complete run of this machine under results/; FOLDER@3.14 for another interpreter of a run); several: the advice of each, and what differs between them",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var size = new Option<string[]>("--size") { Description = "a task's size: a duration on one thread (40us, 2.5ms, 1s) or kernel iterations (1e6); repeat it for a list of one task each" };
        var count = new Option<long>("--count") { Description = "how many tasks of --size (default 1)", DefaultValueFactory = _ => 1 };
        var sizes = new Option<string?>("--sizes") { Description = "a file of task sizes, one a line, each optionally followed by how many tasks have it (a histogram)" };
        var workers = new Option<int?>("--workers") { Description = "the pool's workers (default: the run's core count)" };
        var warm = new Option<bool>("--warm") { Description = "the pool already runs; by default it is created for the job and shut down after (cold)" };
        var runtimeOption = new Option<string>("--runtime") { Description = $"what you can run: {string.Join(", ", RuntimeChoice.Names)} (default cpython: every way the run measured)", DefaultValueFactory = _ => "cpython" };
        var chunksize = new Option<int>("--chunksize") { Description = "tasks a process pool's map sends in one message (default 1)", DefaultValueFactory = _ => 1 };
        var adviseFormat = new Option<string>("--format") { Description = "table (default, for a terminal), md or json", DefaultValueFactory = _ => "table" };
        var adviseOut = new Option<string?>("--out") { Description = "write to this file (atomically) instead of standard output" };
        var advise = new Command("advise", "Predicts your own workload on this machine from a run's measurements: each executor's time with an interval, the best, its gain over the next best and over sequential code, and what decides it.")
        {
            adviseFolder, size, count, sizes, workers, warm, runtimeOption, chunksize, adviseFormat, adviseOut,
        };
        advise.SetAction(parse => Advise(
            parse.GetValue(adviseFolder) ?? [], parse.GetValue(size) ?? [], parse.GetValue(count), parse.GetValue(sizes), parse.GetValue(workers),
            parse.GetValue(warm), parse.GetValue(runtimeOption)!, parse.GetValue(chunksize), parse.GetValue(adviseFormat)!, parse.GetValue(adviseOut), output, error));
        var root = new RootCommand("The study's tools over BenchmarkDotNet results.") { compare, report, summary, publish, advise };

        // System.CommandLine's own --version prints the entry assembly's version: under a test host, the host's.
        if (args is ["--version"])
        {
            output.WriteLine(typeof(StudyCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            return 0;
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"study: {parsed.Errors[0].Message.ReplaceLineEndings(" ")} (see study --help)");
            return BadInput;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static int Compare(
        string[] paths, string thresholdText, string noiseText, string format, string? outFile, bool failOnRegression,
        bool byCanary, TextWriter output, TextWriter error)
    {
        try
        {
            var settings = new ComparisonSettings(ParseThreshold(thresholdText), ParseTime(noiseText), ByCanary: byCanary);
            if (format is not ("table" or "md" or "html" or "json" or Exports.JobSummary or Exports.GitHubActionBenchmark or Exports.Bencher))
            {
                throw new ResultsException($"--format {format}: use table, md, html, json, {string.Join(", ", Exports.Formats)}");
            }

            if (paths.Length < 2)
            {
                throw new ResultsException($"compare needs two runs or more, and was given {paths.Length}");
            }

            var runs = paths.Select(ResultSet.Load).ToList();
            if (runs.Count > 2 && Exports.Formats.Contains(format))
            {
                throw new ResultsException($"--format {format} takes two runs, and was given {runs.Count}");
            }

            if (runs.Count > 2)
            {
                return CompareMany(runs, settings, format, outFile, failOnRegression, output);
            }

            var report = Comparer.Compare(runs[0], runs[1], settings);
            string? text = format switch
            {
                "md" => ComparisonDocument.Markdown(report),
                "html" => ComparisonDocument.Html(report),
                "json" => ComparisonJson.Write(report),
                Exports.JobSummary => Exports.ForJobSummary(report),
                Exports.GitHubActionBenchmark => Exports.ForGitHubActionBenchmark(runs[1]),
                Exports.Bencher => Exports.ForBencher(runs[1]),
                _ => null,
            };
            if (text is null)
            {
                ComparisonTerminal.Write(report, Terminal(output));
            }
            else
            {
                Emit(text, outFile, output);
            }

            return failOnRegression && report.HasRegression ? Regression : 0;
        }
        catch (Exception e) when (e is ResultsException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"study: {e.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    /// <summary>
    /// The console tables are written to: a terminal's own width on a terminal, and no width at all elsewhere (Spectre
    /// takes 80 columns where it sees no terminal, and would break names mid-word in a file or a pipe).
    /// </summary>
    private static IAnsiConsole Terminal(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = Unwrapped;
        }

        return console;
    }

    private static int CompareMany(List<ResultSet> runs, ComparisonSettings settings, string format, string? outFile, bool failOnRegression, TextWriter output)
    {
        var report = RunMatrix.Compare(runs, settings);
        string? text = format switch
        {
            "md" => MatrixDocument.Markdown(report),
            "html" => MatrixDocument.Html(report),
            "json" => MatrixDocument.Json(report),
            _ => null,
        };
        if (text is null)
        {
            MatrixDocument.Write(report, Terminal(output));
        }
        else
        {
            Emit(text, outFile, output);
        }

        return failOnRegression && report.Benchmarks.Any(b => b.Cells.Any(c => c?.Verdict == Verdict.Slower)) ? Regression : 0;
    }

    private static int Report(string? folder, string thresholdText, double alpha, string? export, string? exportOut, TextWriter output, TextWriter error)
    {
        try
        {
            CheckAlpha(alpha);
            string path = folder ?? ResultsFolders.NewestRun(Directory.GetCurrentDirectory());
            if (export is not null || exportOut is not null)
            {
                string text = export switch
                {
                    Exports.GitHubActionBenchmark => Exports.ForGitHubActionBenchmark(ResultSet.Load(path)),
                    Exports.Bencher => Exports.ForBencher(ResultSet.Load(path)),
                    Exports.JobSummary => Exports.ForJobSummary(ReportBuilder.Build(ResultSet.Load(path), new Judgement(ParseThreshold(thresholdText), alpha))),
                    _ => throw new ResultsException($"--export {export}: use {string.Join(", ", Exports.Formats)}"),
                };
                Emit(text, exportOut, output);
                return 0;
            }

            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            var written = ReportWriter.Write(path, new Judgement(ParseThreshold(thresholdText), alpha));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Report: {Path.Combine(path, "report.html")} (and report.md, report.json, in {stopwatch.Elapsed.TotalSeconds:0.0} s); {written.Model.Summary}"));
            return 0;
        }
        catch (Exception e) when (e is ResultsException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"study: {e.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
        catch (Exception e)
        {
            // A fault of the report's own, not of the input: still one line, and a code of its own.
            error.WriteLine($"study: the report failed ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); the results folder is unchanged");
            return Failed;
        }
    }

    private static int Publish(string? root, string outFolder, string[] pairs, string thresholdText, double alpha, TextWriter output, TextWriter error)
    {
        try
        {
            CheckAlpha(alpha);
            if (pairs.Length % 2 != 0)
            {
                throw new ResultsException($"--compare takes a base and a diff, and was given {pairs.Length} name{(pairs.Length == 1 ? string.Empty : "s")}");
            }

            string resultsRoot = root ?? Path.Combine(ResultsFolders.RepositoryRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(), ResultsFolders.Root);
            string site = outFolder.Length > 0 ? outFolder : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(resultsRoot))!, "site");
            double threshold = ParseThreshold(thresholdText);
            var published = SitePublisher.Publish(resultsRoot, site,
                [.. Enumerable.Range(0, pairs.Length / 2).Select(i => (pairs[2 * i], pairs[(2 * i) + 1]))],
                new ComparisonSettings(threshold), new Judgement(threshold, alpha));
            foreach (string warning in published.Warnings)
            {
                error.WriteLine($"study: warning: {warning}");
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Site: {Path.Combine(published.Folder, "index.html")} ({published.Runs} runs of {published.Machines} machine{(published.Machines == 1 ? string.Empty : "s")}, {published.Pages} pages, in {published.Elapsed.TotalSeconds:0.0} s){(published.Interrupted.Count > 0 ? $"; {published.Interrupted.Count} interrupted runs not published" : string.Empty)}"));
            return 0;
        }
        catch (Exception e) when (e is ResultsException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"study: {e.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha is > 0 and < 1))
        {
            throw new ResultsException($"--alpha {alpha.ToString(CultureInfo.InvariantCulture)}: use a level between 0 and 1, such as 0.01");
        }
    }

    private static int Advise(
        string[] folders, string[] size, long count, string? sizes, int? workers, bool warm, string runtime, int chunksize,
        string format, string? outFile, TextWriter output, TextWriter error)
    {
        try
        {
            if (format is not ("table" or "md" or "json"))
            {
                throw new ResultsException($"--format {format}: use table, md or json");
            }

            if ((size.Length == 0) == (sizes is null))
            {
                throw new ResultsException(size.Length == 0 ? "no task size given (use --size SIZE [--count N], or --sizes FILE)" : "give --size or --sizes, not both");
            }

            var tasks = size.Length > 0 ? TaskSizes.FromArguments(size, count) : TaskSizes.ReadFile(sizes!);
            var choice = RuntimeChoice.Parse(runtime);
            // Each run advises with its own core count unless --workers says otherwise: "this machine's cores".
            var runs = (folders.Length > 0 ? folders : [ResultsFolders.NewestRun(Directory.GetCurrentDirectory())])
                .Select(ResultSet.Load)
                .Select(results => Advisor.Advise(results, new WorkloadSpec(tasks, workers ?? new StudyCases(results).Cores, warm, choice, chunksize)))
                .ToList();
            if (format == "table" && outFile is null)
            {
                var console = Terminal(output);
                foreach (var advice in runs)
                {
                    AdviceTerminal(advice, console);
                }

                foreach (string line in AdviceComparison.Differences(runs))
                {
                    console.WriteLine(line);
                }

                return 0;
            }

            // A file gets Markdown for "table": a table of boxes means nothing outside a terminal.
            string text = format == "json"
                ? runs.Count == 1 ? AdviceText.Json(runs[0]) : AdviceText.Json(runs)
                : runs.Count == 1 ? AdviceText.Markdown(runs[0]) : AdviceText.Markdown(runs);
            Emit(text, outFile, output);
            return 0;
        }
        catch (Exception e) when (e is ResultsException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"study: {e.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    /// <summary>The advice for a terminal: its verdict, a table of the executors, and how to read the interval.</summary>
    private static void AdviceTerminal(Advice advice, IAnsiConsole console)
    {
        console.MarkupLine($"[dim]{Markup.Escape(advice.Source)} ({advice.Cores} cores)[/]");
        console.MarkupLine($"[bold]{Markup.Escape(AdviceText.Describe(advice.Workload))}[/]");
        console.MarkupLine($"[green]{Markup.Escape(AdviceText.Verdict(advice))}[/]");
        if (AdviceText.Why(advice) is { } why)
        {
            console.WriteLine(why);
        }

        var table = new Table().AddColumns("executor", "predicted", "interval", "start-up", "dispatch", "compute", "idle cores", "GIL", "shutdown");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var e in advice.Executors)
        {
            var p = e.Predicted;
            table.AddRow(new[] { e.Name, Time(e.Time), $"{Time(e.Lower)} – {Time(e.Upper)}", Time(p.StartUp), Time(p.Dispatch + p.Transfer), Time(p.Compute), Time(p.Skew), Time(p.Gil), Time(p.Shutdown) }
                .Select(cell => Markup.Escape(cell)).ToArray());
        }

        console.Write(table);
        foreach (string missing in advice.NotPredicted)
        {
            console.WriteLine($"Not predicted: {missing}.");
        }

        console.WriteLine(AdviceText.Reading(advice));

        static string Time(double nanoseconds) => AdviceText.Time(nanoseconds);
    }

    private static void Emit(string text, string? outFile, TextWriter output)
    {
        if (outFile is null)
        {
            output.Write(text);
        }
        else
        {
            WriteAtomically(outFile, text);
        }
    }

    private static int Summary(string? folder, string kind, string[] update, string[] check, TextWriter output, TextWriter error)
    {
        try
        {
            static StudyReport Build(string path) => ReportBuilder.Build(ResultSet.Load(path));
            if (update.Length == 0 && check.Length == 0)
            {
                string path = folder ?? ResultsFolders.NewestRun(Directory.GetCurrentDirectory());
                output.Write(RunSummary.Markdown(kind, Build(path), path));
                return 0;
            }

            int stale = 0;
            foreach (string file in update.Concat(check))
            {
                if (!File.Exists(file))
                {
                    throw new ResultsException($"{file}: no such file");
                }

                string full = Path.GetFullPath(file);
                string directory = Path.GetDirectoryName(full)!;
                string root = ResultsFolders.RepositoryRoot(directory) ?? throw new ResultsException($"{file}: not inside the study's repository");
                var changed = new List<string>();
                string text = File.ReadAllText(full);
                string updated = RunSummary.Update(text, directory, root, Build, changed);
                if (update.Contains(file))
                {
                    if (updated != text)
                    {
                        WriteAtomically(full, updated);
                    }

                    output.WriteLine($"{file}: {changed.Count} section{(changed.Count == 1 ? string.Empty : "s")} rewritten");
                }
                else
                {
                    foreach (string section in changed)
                    {
                        error.WriteLine($"study: {file}: the section '{section}' differs from what its run gives; run study summary --update {file}");
                    }

                    stale += changed.Count;
                }
            }

            return stale > 0 ? Regression : 0;
        }
        catch (Exception e) when (e is ResultsException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"study: {e.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    /// <summary>"5%", "5 %" or "0.05".</summary>
    internal static double ParseThreshold(string text)
    {
        string trimmed = text.Trim();
        bool percent = trimmed.EndsWith('%');
        if (double.TryParse(percent ? trimmed[..^1] : trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0)
        {
            return percent ? value / 100 : value;
        }

        throw new ResultsException($"--threshold {text}: use a percentage such as 5% or a fraction such as 0.05");
    }

    /// <summary>"500ns", "2us", "2µs", "1.5ms" or "0.1s", in nanoseconds.</summary>
    internal static double ParseTime(string text)
    {
        string trimmed = text.Trim();
        (string Suffix, double Scale)[] units = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9)];
        foreach (var (suffix, scale) in units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(trimmed[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0)
            {
                return value * scale;
            }
        }

        throw new ResultsException($"--noise {text}: use a time such as 500ns, 2us, 1.5ms or 0.1s");
    }

    private static void WriteAtomically(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, full, overwrite: true);
    }
}
