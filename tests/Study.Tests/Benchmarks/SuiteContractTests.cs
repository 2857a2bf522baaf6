using BenchmarkDotNet.Running;
using Study.Benchmarks;
using Study.Benchmarks.CPython;
using Study.Reports.Results;

namespace Study.Tests.Benchmarks;

/// <summary>
/// The report reads the suite by the names in <see cref="Suite"/>: each one must exist among the suite's benchmark
/// cases, and every profile must run it (the full profile alone, for the few the report can stand in for), or the report would quietly call the case "not measured".
/// One test case an entry, so a failure names the benchmark that was renamed.
/// </summary>
public sealed class SuiteContractTests
{
    private static readonly Lazy<IReadOnlyList<BenchmarkCase>> AllCases = new(() =>
        [.. typeof(StudyConfig).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsPublic: true } && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), true)))
            .SelectMany(t => BenchmarkConverter.TypeToBenchmarks(t, StudyConfig.Create()).BenchmarksCases)]);

    public static TheoryData<string> Entries => [.. Suite.Read.Select(e => e.ToString())];

    public static TheoryData<string, Profile> EntriesByProfile
    {
        get
        {
            var data = new TheoryData<string, Profile>();
            foreach (var entry in Suite.Read)
            {
                foreach (var profile in entry.FullOnly ? [Profile.Full] : Enum.GetValues<Profile>())
                {
                    data.Add(entry.ToString(), profile);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void EveryBenchmarkTheReportReadsExistsWithItsParameters(string entry)
    {
        var method = Entry(entry);
        var cases = Of(AllCases.Value, method);
        Assert.True(cases.Count > 0, $"the report reads {method}, and the suite has no such benchmark: rename it in Study.Reports.Results.Suite too");
        foreach (string parameter in method.Parameters)
        {
            Assert.True(cases.All(c => c.Parameters.Items.Any(p => p.Name == parameter)), $"the report reads parameter {parameter} of {method}, which it does not have");
        }
    }

    [Theory]
    [MemberData(nameof(EntriesByProfile))]
    public void EveryProfileRunsEveryBenchmarkTheReportReads(string entry, Profile profile)
    {
        var method = Entry(entry);
        var filter = new ProfileFilter(profile);
        bool runs = Of(AllCases.Value, method).Any(c => c.Descriptor.Type.Namespace == typeof(CPythonDriver).Namespace
            ? CPythonCases.IsIn(profile, c)
            : filter.Predicate(c));
        Assert.True(runs, $"the {profile} profile runs no case of {method}, which the report reads");
    }

    [Fact]
    public void EveryExecutorTheReportNamesIsAValueOfTheGridsExecutorParameter()
    {
        Assert.Equal(ExecutorKinds.DotNet.Select(k => k.ToString()).Order(), Values(Suite.Types.Grid, Suite.Parameters.Executor).Order());
        Assert.Equal(ExecutorKinds.CPython.Select(k => k.ToString()).Order(), Values(Suite.Types.CPythonGrid, Suite.Parameters.Executor).Order());
    }

    [Fact]
    public void EveryKernelSiteTheReportNamesIsAValueOfTheKernelsSiteParameter() =>
        Assert.Equal(new[] { Suite.Sites.InProcess, Suite.Sites.WorkerAot, Suite.Sites.WorkerJit }, Values(Suite.Types.Kernel, Suite.Parameters.Site).Order());

    [Fact]
    public void TheSuitesNamespaceIsTheOneTheReportLooksFor() =>
        Assert.All(AllCases.Value, c => Assert.StartsWith(Suite.Namespace, c.Descriptor.Type.Namespace, StringComparison.Ordinal));

    private static SuiteMethod Entry(string name) => Suite.Read.Single(e => e.ToString() == name);

    private static List<BenchmarkCase> Of(IEnumerable<BenchmarkCase> cases, SuiteMethod method) =>
        [.. cases.Where(c => c.Descriptor.Type.Name == method.Type && c.Descriptor.WorkloadMethod.Name == method.Method)];

    private static IEnumerable<string> Values(string type, string parameter) => AllCases.Value
        .Where(c => c.Descriptor.Type.Name == type)
        .Select(c => c.Parameters.Items.Single(p => p.Name == parameter).Value?.ToString() ?? "null")
        .Distinct();
}
