using System.Net;
using System.Text.RegularExpressions;
using Study.Reports;
using Study.Reports.Output;
using Study.Reports.Results;

namespace Study.Tests.Reports;

/// <summary>The report's plots as a reader sees them: every series it names is drawn, every time axis says its unit.</summary>
public sealed partial class PlotTests
{
    [Fact]
    public void EveryPlotDrawsEverySeriesItNames()
    {
        using var fixture = new ReportFixture();
        var plots = ReportPlots.Draw(ReportBuilder.Build(ResultSet.Load(fixture.Folder)));

        Assert.Contains(plots, p => p.File == ReportPlots.ForestFile);
        foreach (var plot in plots)
        {
            var drawn = Texts(plot.Svg);
            var lost = plot.Series.Where(name => !drawn.Contains(name)).ToList();
            Assert.True(lost.Count == 0, $"{plot.File} names {plot.Series.Count} series and does not draw {string.Join(", ", lost)}");
        }
    }

    [Fact]
    public void ALegendOfManySeriesLosesNone()
    {
        var plot = ReportPlots.NewPlot("many", "x (ms)", "y (ms)");
        for (int i = 0; i < 14; i++)
        {
            plot.Add.Scatter(new double[] { 0, 1 }, new double[] { i, i + 1 }).LegendText = $"series number {i}";
        }

        var file = ReportPlots.Save(plot, "many.svg", "many");
        Assert.Equal(14, file.Series.Count);
        Assert.All(file.Series, name => Assert.Contains(name, Texts(file.Svg)));
    }

    [Fact]
    public void EveryTimeAxisSaysItsUnit()
    {
        using var fixture = new ReportFixture();
        var plots = ReportPlots.Draw(ReportBuilder.Build(ResultSet.Load(fixture.Folder)));

        foreach (var plot in plots)
        {
            Assert.Equal(2, plot.AxisTitles.Count);
            foreach (string title in plot.AxisTitles.Where(t => t.Contains("time", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.True(Unit().IsMatch(title), $"{plot.File}: the axis \"{title}\" has no unit");
            }
        }
    }

    private static HashSet<string> Texts(string svg) =>
        [.. TextElement().Matches(svg).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim())];

    [GeneratedRegex("<text[^>]*>([^<]*)</text>")]
    private static partial Regex TextElement();

    [GeneratedRegex(@"\((ns|µs|ms|s|×|%)[,)]|\((?:[^()]*, )?(ns|µs|ms|s|×)\b")]
    private static partial Regex Unit();
}
