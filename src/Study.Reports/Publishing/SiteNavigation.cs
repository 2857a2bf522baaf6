using System.Text;

namespace Study.Reports.Publishing;

/// <summary>
/// A navigation bar at the top of every HTML page of a published site — its own pages, the reports, the comparisons
/// and BenchmarkDotNet's exports alike — linking back to the index and to the machines side by side, relative to the
/// page, so the site works from any folder and offline.
/// </summary>
internal static class SiteNavigation
{
    private const string Marker = "<nav class=\"study-site\"";

    /// <summary>Adds the bar to every page under <paramref name="site"/> that has none yet.</summary>
    public static void AddTo(string site)
    {
        foreach (string page in Directory.EnumerateFiles(site, "*.html", SearchOption.AllDirectories))
        {
            string html = File.ReadAllText(page);
            int body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
            int open = body < 0 ? -1 : html.IndexOf('>', body);
            if (open < 0 || html.Contains(Marker, StringComparison.Ordinal))
            {
                continue;
            }

            string up = string.Concat(Enumerable.Repeat("../", Path.GetRelativePath(site, page).Count(c => c is '/' or '\\')));
            var nav = new StringBuilder()
                .Append(Marker).Append(" style=\"font: 14px/1.5 system-ui, sans-serif; padding: 0.4rem 1rem; border-bottom: 1px solid #d0d7de; background: #f6f8fa;\">")
                .Append("<a href=\"").Append(up).Append("index.html\">Every machine and run</a> · ")
                .Append("<a href=\"").Append(up).Append("machines.html\">The machines side by side</a>")
                .Append("</nav>");
            File.WriteAllText(page, html.Insert(open + 1, nav.ToString()));
        }
    }
}
