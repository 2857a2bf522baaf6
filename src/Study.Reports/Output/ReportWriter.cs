using System.Text.Json;
using Study.Reports.Analysis;
using Study.Reports.Results;
using Study.Reports.Statistics;

namespace Study.Reports.Output;

/// <summary>
/// Writes a results folder's report: <c>report.md</c> and its SVG plots, <c>report.html</c> (self-contained) and
/// <c>report.json</c> (every figure the report states), and each traced call as a Chrome trace in <c>timelines/</c>;
/// for a run of several interpreters, each other interpreter's report in <c>python-&lt;id&gt;/</c>. Every file is written beside its final name first and renamed
/// only once all are written, so a failure or an interrupt leaves an earlier report whole.
/// </summary>
public static class ReportWriter
{
    /// <summary>The files a report consists of, beside its plots.</summary>
    public static readonly string[] Files = ["report.md", "report.html", "report.json"];

    /// <summary>Reads <paramref name="folder"/>, builds its report and writes it there.</summary>
    /// <returns>The report written.</returns>
    /// <exception cref="ResultsException">The folder holds no results of this study.</exception>
    public static StudyReport Write(string folder, Judgement? judgement = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new ResultsException($"{folder}: no such folder");
        }

        var results = ResultSet.Load(folder);
        // Each other interpreter's report, built once: its answer goes on the run's first screen, and it is written
        // whole in a folder of its own (python-3.14/), which the run's report links.
        var others = results.OtherPythons.ToDictionary(id => id, id => ReportBuilder.Build(results.ForPython(id), judgement), StringComparer.Ordinal);
        var report = ReportBuilder.Build(results, judgement, others);
        var files = FilesOf(report, string.Empty);
        foreach (var (python, theirs) in others)
        {
            files.AddRange(FilesOf(theirs, PythonAnswer.FolderOf(python)));
        }

        WriteAll(folder, files);
        return report;
    }

    /// <summary>A report's files, named from <paramref name="subfolder"/> of the run's folder.</summary>
    private static List<(string Name, string Text)> FilesOf(StudyReport report, string subfolder)
    {
        var plots = ReportPlots.Draw(report);
        var document = ReportDocument.Create(report, plots);
        var files = new List<(string Name, string Text)>();
        files.AddRange(plots.Select(p => (p.File, p.Svg)));
        files.AddRange(report.Timelines.Select(t => (Path.Combine(TracedCall.FolderName, ChromeTrace.FileNameOf(t)), ChromeTrace.Write(t))));
        files.Add(("report.json", ToJson(report)));
        files.Add(("report.md", MarkdownRenderer.Render(document)));
        files.Add(("report.html", HtmlRenderer.Render(document, "Threads or processes? The study's report")));
        return [.. files.Select(f => (Path.Combine(subfolder, f.Name), f.Text))];
    }

    /// <summary>Writes every file beside its final name, then renames them all: a failure leaves the earlier report whole.</summary>
    private static void WriteAll(string folder, List<(string Name, string Text)> files)
    {
        var written = new List<(string Temporary, string Final)>();
        try
        {
            foreach (var (name, text) in files)
            {
                string final = Path.Combine(folder, name);
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                string temporary = final + ".tmp";
                File.WriteAllText(temporary, text);
                written.Add((temporary, final));
            }

            foreach (var (temporary, final) in written)
            {
                File.Move(temporary, final, overwrite: true);
            }
        }
        finally
        {
            foreach (var (temporary, _) in written)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Serializes <paramref name="report"/> as <c>report.json</c> does.</summary>
    public static string ToJson(StudyReport report) => JsonSerializer.Serialize(report, ComparisonJson.Options);
}
