using Study.Reports.Comparison;
using Study.Reports.Results;
using Study.Reports.Statistics;
using static Study.Benchmarks.Tools.SyntheticResults;

namespace Study.Tests.Reports;

/// <summary>
/// The verdict rule on samples whose truth is known: a verdict is read from the ratio's interval, the one-sided
/// Mann–Whitney tests inverted, so that it never contradicts the interval it is shown with.
/// </summary>
public sealed class VerdictTests
{
    [Fact]
    public void FiveHeavilyOverlappingValuesASideAreNotCalledSlower()
    {
        // Two quick runs of WorkListBenchmarks.Run(Gil, Tiny, 2 workers, cold): Perfolizer 0.6.1's equivalence test called
        // this "slower" at every level, because the Hodges–Lehmann shift exceeds ten times the threshold's.
        double[] baseline = [383e6, 101e6, 87e6, 73e6, 261e6];
        double[] diff = [350e6, 181e6, 196e6, 163e6, 135e6];

        foreach (double alpha in new[] { 0.05, 0.01, 0.05 / 184 })
        {
            var versus = new Judgement(0.05, alpha).Compare(diff, baseline);
            Assert.Equal(Verdict.Unknown, versus.Verdict);
            Assert.True(versus.Lower < 1 && versus.Upper > 1, $"[{versus.Lower}, {versus.Upper}] at α = {alpha}");
        }
    }

    [Fact]
    public void OverlappingFiveASideSamplesAreNeverSlowerOrFasterAtABonferroniLevel()
    {
        var random = new Random(17);
        var judgement = new Judgement(0.05, 0.05 / 184);
        for (int i = 0; i < 200; i++)
        {
            // Whatever the true shift, 5 against 5 cannot reach p = 1.4e-4 each way (the least is 1/252).
            var versus = judgement.Compare(Lognormal(random, 1e6 * (1 + (i % 5 * 0.1)), 0.3, 5), Lognormal(random, 1e6, 0.3, 5));
            Assert.Equal(Verdict.Unknown, versus.Verdict);
        }
    }

    [Fact]
    public void ATenPercentShiftOnEveryTenthOf480BenchmarksIsFoundAndNothingElse()
    {
        var random = new Random(480);
        var names = Enumerable.Range(0, 480).Select(Name).ToList();
        var baseline = ResultSet.Load(Folder(names.Select(n => new Entry("Shift", n, "", "Job", Lognormal(random, 1e6, 0.03, 15)))));
        var diff = ResultSet.Load(Folder(names.Select((n, i) => new Entry("Shift", n, "", "Job", Lognormal(random, i % 10 == 0 ? 1.1e6 : 1e6, 0.03, 15)))));

        var report = Comparer.Compare(baseline, diff, new ComparisonSettings());

        var shifted = report.Benchmarks.Where(b => int.Parse(b.Title[^4..], System.Globalization.CultureInfo.InvariantCulture) % 10 == 0).ToList();
        var rest = report.Benchmarks.Except(shifted).ToList();
        int found = shifted.Count(b => b.Verdict.IsSlower());
        Assert.True(found >= 45, $"{found} of {shifted.Count} shifted benchmarks called slower");
        Assert.DoesNotContain(rest, b => b.Verdict.IsSlower() || b.Verdict.IsFaster());
    }

    [Fact]
    public void NoVerdictContradictsItsInterval()
    {
        var random = new Random(3);
        var judgement = Judgement.Default;
        for (int i = 0; i < 300; i++)
        {
            int n = 3 + (i % 13);
            var versus = judgement.Compare(Lognormal(random, 1e6 * (0.85 + (i % 7 * 0.05)), 0.05 + (i % 3 * 0.05), n), Lognormal(random, 1e6, 0.05, n));
            if (versus.Lower > 1)
            {
                Assert.True(versus.Verdict.IsSlower(), $"{versus}");
            }
            else if (versus.Upper < 1)
            {
                Assert.True(versus.Verdict.IsFaster(), $"{versus}");
            }
            else
            {
                Assert.False(versus.Verdict.IsSlower() || versus.Verdict.IsFaster(), $"{versus}");
            }
        }
    }

    [Theory]
    [InlineData(1.10, 1.20, Verdict.Slower)]
    [InlineData(1.01, 1.20, Verdict.SlightlySlower)]
    [InlineData(0.97, 1.04, Verdict.Same)]
    [InlineData(0.90, 1.02, Verdict.Unknown)]
    [InlineData(0.901, 0.997, Verdict.SlightlyFaster)]
    [InlineData(0.80, 0.94, Verdict.Faster)]
    public void AnIntervalReadsAgainstTheThreshold(double lower, double upper, Verdict expected) =>
        Assert.Equal(expected, new Judgement(0.05, 0.01).Read(lower, upper));

    [Fact]
    public void FiveASideWithNoOverlapIsDecidedAtTheReportsLevel()
    {
        // The quick profile's grid has five iterations a side: at α = 0.01 (0.005 each way) a clear difference is still told.
        var versus = Judgement.Default.Compare([200, 201, 202, 203, 204], [100, 101, 102, 103, 104]);
        Assert.Equal(Verdict.Slower, versus.Verdict);
        Assert.True(versus.Lower > 1.05, $"{versus}");
    }
}
