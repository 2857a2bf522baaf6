using Microsoft.Playwright;
using Study.Reports.Output;

namespace Study.Tests.Reports;

/// <summary>
/// The fixture's report.html, and every committed one, in a real browser: headless Chromium (Debian's <c>chromium</c>, driven by Playwright;
/// Playwright cannot download its own browsers here). Every image loads, nothing is logged as an error, the page
/// does not scroll sideways on a 375-pixel phone or a 1280-pixel screen, and on the screen the answer and its forest
/// plot are above the fold.
/// </summary>
/// <remarks>
/// Without Chromium (STUDY_CHROMIUM, /usr/bin/chromium or /usr/bin/chromium-browser) the test is reported as skipped,
/// with the reason: <c>dotnet test</c> on a fresh machine needs no browser, and a check that did not run never shows
/// as passed. CI installs Chromium and fails on any skipped test (<c>.ci/run</c>).
/// </remarks>
public sealed class ReportBrowserTests
{
    [ChromiumFact(Timeout = 120_000)]
    public async Task TheReportLoadsEveryImageLogsNoErrorAndNeverScrollsSideways()
    {
        string chromium = ChromiumFactAttribute.Chromium!;

        // STUDY_REPORT_HTML checks another report (a run's own) instead of the fixture's.
        using var fixture = new ReportFixture();
        string? other = Environment.GetEnvironmentVariable("STUDY_REPORT_HTML");
        if (other is null)
        {
            ReportWriter.Write(fixture.Folder);
        }

        string url = new Uri(Path.GetFullPath(other ?? Path.Combine(fixture.Folder, "report.html"))).AbsoluteUri;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            // Root in a container has no user namespace for Chromium's sandbox.
            Args = ["--no-sandbox"],
        });
        foreach (int width in new[] { 375, 1280 })
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = 800 } });
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };
            page.PageError += (_, error) => errors.Add(error);
            page.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url}");

            await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });

            int images = await page.EvaluateAsync<int>("document.images.length");
            int broken = await page.EvaluateAsync<int>("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length");
            int scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            int clientWidth = await page.EvaluateAsync<int>("document.documentElement.clientWidth");
            Assert.True(images >= 4, $"{images} images at {width} px");
            Assert.Equal(0, broken);
            Assert.Empty(errors);
            Assert.True(scrollWidth <= clientWidth, $"at {width} px the page is {scrollWidth} px wide: it scrolls sideways");
            if (width == 1280)
            {
                Assert.Null(await FirstScreenProblem(page));
            }

            await page.CloseAsync();
        }
    }

    /// <summary>Every report.html committed under results/ answers on its first screen, as the fixture's does.</summary>
    [ChromiumFact(Timeout = 300_000)]
    public async Task EveryCommittedReportAnswersOnItsFirstScreen()
    {
        string root = Study.Reports.Results.ResultsFolders.RepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no Study.sln above the test's folder");
        var reports = Directory.EnumerateFiles(Path.Combine(root, "results"), "report.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(reports);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Chromium!, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var problems = new List<string>();
        foreach (string report in reports)
        {
            await page.GotoAsync(new Uri(report).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
            if (await FirstScreenProblem(page) is { } problem)
            {
                problems.Add($"{Path.GetRelativePath(root, report)}: {problem}");
            }
        }

        Assert.Empty(problems);
    }

    /// <summary>
    /// Null when the page's first screen answers: the answer sentence and the whole forest plot above the fold of the
    /// window (800 px); otherwise what is not.
    /// </summary>
    private static async Task<string?> FirstScreenProblem(IPage page)
    {
        double answer = await page.EvaluateAsync<double>(
            "(() => { const p = [...document.querySelectorAll('p')].find(e => e.textContent.startsWith('The fastest way to run the article')); return p ? p.getBoundingClientRect().bottom : -1; })()");
        double forest = await page.EvaluateAsync<double>(
            "(() => { const i = [...document.images].find(e => e.alt.startsWith('The answer at a glance')); return i && i.complete && i.naturalWidth > 0 ? i.getBoundingClientRect().bottom : -1; })()");
        return answer is <= 0 or > 800 ? $"the answer sentence ends at {answer} px"
            : forest is <= 0 or > 800 ? $"the forest plot ends at {forest} px"
            : null;
    }
}

/// <summary>
/// The published site in a real browser (as <see cref="ReportBrowserTests"/>): every page of a site built from fixture
/// runs of two machines loads and links back to the index, every link and image inside it resolves to a file of the site, nothing is logged as an
/// error, and no page of the site's own (nor a report) scrolls sideways at 375 or 1280 pixels. BenchmarkDotNet's own
/// HTML exports, published among a run's raw files, are checked for loading and links only.
/// </summary>
public sealed class SiteBrowserTests
{
    [ChromiumFact(Timeout = 300_000)]
    public async Task EveryPageLoadsEveryLinkAndImageResolvesAndNoPageScrollsSideways()
    {
        // STUDY_SITE checks another site (the committed results', published) instead of the fixture's.
        using var fixture = new SiteFixture();
        string site = Environment.GetEnvironmentVariable("STUDY_SITE") ?? fixture.Site;
        if (Environment.GetEnvironmentVariable("STUDY_SITE") is null)
        {
            fixture.Add("machine-c", "20261201-150000", slowFork: false, cores: 2, otherPython: "3.14"); // its other interpreter's report links back to the run's
            Study.Reports.Publishing.SitePublisher.Publish(fixture.Root, site, [], new(), Study.Reports.Statistics.Judgement.Default);
        }

        var pages = Directory.EnumerateFiles(site, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.True(pages.Count >= 8, $"{pages.Count} pages");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Chromium!, Headless = true, Args = ["--no-sandbox"] });
        var problems = new List<string>();
        foreach (int width in new[] { 375, 1280 })
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = 800 } });
            string current = string.Empty;
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    problems.Add($"{current}: {message.Text}");
                }
            };
            page.PageError += (_, error) => problems.Add($"{current}: {error}");
            page.RequestFailed += (_, request) => problems.Add($"{current}: request failed: {request.Url}");
            foreach (string file in pages)
            {
                current = Path.GetRelativePath(site, file);
                await page.GotoAsync(new Uri(file).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
                int broken = await page.EvaluateAsync<int>("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length");
                if (broken > 0)
                {
                    problems.Add($"{current}: {broken} broken images");
                }

                string[] hrefs = await page.EvaluateAsync<string[]>("[...document.links].map(a => a.href)");
                string index = Path.GetFullPath(Path.Combine(site, "index.html"));
                if (!hrefs.Any(h => Uri.TryCreate(h.Split('#')[0], UriKind.Absolute, out var u) && u.IsFile && Path.GetFullPath(u.LocalPath) == index))
                {
                    problems.Add($"{current}: no link back to the site's index");
                }

                foreach (string href in hrefs)
                {
                    var target = new Uri(href.Split('#')[0]);
                    if (!target.IsFile)
                    {
                        problems.Add($"{current}: a link leaves the site: {href}");
                    }
                    else if (!File.Exists(target.LocalPath) || !Path.GetFullPath(target.LocalPath).StartsWith(Path.GetFullPath(site), StringComparison.Ordinal))
                    {
                        problems.Add($"{current}: a link that does not resolve inside the site: {href}");
                    }
                }

                bool benchmarkDotNets = current.Replace('\\', '/').Contains("/results/", StringComparison.Ordinal);
                int scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                int clientWidth = await page.EvaluateAsync<int>("document.documentElement.clientWidth");
                if (!benchmarkDotNets && scrollWidth > clientWidth)
                {
                    problems.Add($"{current}: at {width} px the page is {scrollWidth} px wide");
                }
            }

            await page.CloseAsync();
        }

        Assert.Empty(problems);
    }
}

/// <summary>A fact that xunit reports as skipped, naming what is missing, on a machine without Chromium.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>The browser found, or null.</summary>
    public static string? Chromium { get; } = new[] { Environment.GetEnvironmentVariable("STUDY_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>Skips the test when <see cref="Chromium"/> is null.</summary>
    public ChromiumFactAttribute()
    {
        if (Chromium is null)
        {
            Skip = "no Chromium here: install Debian's chromium or set STUDY_CHROMIUM to a Chromium executable";
        }
    }
}
