using System.Net;
using System.Text;

namespace Study.Reports.Output;

/// <summary>
/// A report as blocks (headings, paragraphs, lists, tables, figures, code), written once and rendered to markdown and to
/// HTML, so that the two files always say the same thing. Inline <c>**bold**</c> and <c>`code`</c> are the only markup.
/// </summary>
public sealed class Document
{
    private readonly List<Block> _blocks = [];

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<Block> Blocks => _blocks;

    /// <summary>A heading of <paramref name="level"/> (1–3).</summary>
    public Document Heading(int level, string text) => Add(new HeadingBlock(level, text));

    /// <summary>A paragraph.</summary>
    public Document Paragraph(string text) => Add(new ParagraphBlock(text));

    /// <summary>A bulleted list.</summary>
    public Document List(IEnumerable<string> items) => Add(new ListBlock([.. items]));

    /// <summary>A table; the first column is left-aligned, the rest right-aligned unless <paramref name="leftColumns"/> says more.</summary>
    public Document Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int leftColumns = 1) =>
        Add(new TableBlock(header, [.. rows], leftColumns));

    /// <summary>A figure: an image file beside the report (<paramref name="file"/>) with its SVG text for embedding.</summary>
    public Document Figure(string file, string caption, string svg) => Add(new FigureBlock(file, caption, svg));

    /// <summary>A block of code or command lines.</summary>
    public Document Code(string text) => Add(new CodeBlock(text));

    /// <summary>A warning the reader must not miss, set apart from the text.</summary>
    public Document Warning(string text) => Add(new WarningBlock(text));

    /// <summary>Folds what <paramref name="content"/> adds under <paramref name="summary"/>: closed until the reader opens it (HTML's <c>details</c>, in markdown too).</summary>
    public Document Fold(string summary, Action<Document> content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Add(new FoldBlock(summary));
        content(this);
        return Add(new FoldEndBlock());
    }

    private Document Add(Block block)
    {
        _blocks.Add(block);
        return this;
    }

    /// <summary>One block of a <see cref="Document"/>.</summary>
    public abstract record Block;

    /// <summary>A heading.</summary>
    public sealed record HeadingBlock(int Level, string Text) : Block;

    /// <summary>A paragraph.</summary>
    public sealed record ParagraphBlock(string Text) : Block;

    /// <summary>A bulleted list.</summary>
    public sealed record ListBlock(IReadOnlyList<string> Items) : Block;

    /// <summary>A table.</summary>
    public sealed record TableBlock(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, int LeftColumns) : Block;

    /// <summary>A figure.</summary>
    public sealed record FigureBlock(string File, string Caption, string Svg) : Block;

    /// <summary>Code.</summary>
    public sealed record CodeBlock(string Text) : Block;

    /// <summary>A warning.</summary>
    public sealed record WarningBlock(string Text) : Block;

    /// <summary>The start of a folded part, with its summary line.</summary>
    public sealed record FoldBlock(string Summary) : Block;

    /// <summary>The end of a folded part.</summary>
    public sealed record FoldEndBlock : Block;
}

/// <summary>Renders a <see cref="Document"/> as GitHub-flavoured markdown, figures as links to their files.</summary>
internal static class MarkdownRenderer
{
    /// <summary>The markdown text.</summary>
    public static string Render(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var md = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Document.HeadingBlock h:
                    md.Append('#', h.Level).Append(' ').AppendLine(h.Text).AppendLine();
                    break;
                case Document.ParagraphBlock p:
                    md.AppendLine(p.Text).AppendLine();
                    break;
                case Document.ListBlock l:
                    foreach (string item in l.Items)
                    {
                        md.Append("- ").AppendLine(item);
                    }

                    md.AppendLine();
                    break;
                case Document.TableBlock t:
                    md.Append("| ").AppendJoin(" | ", t.Header.Select(Cell)).AppendLine(" |");
                    md.Append('|').AppendJoin('|', t.Header.Select((_, i) => i < t.LeftColumns ? " :--- " : " ---: ")).AppendLine("|");
                    foreach (var row in t.Rows)
                    {
                        md.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
                    }

                    md.AppendLine();
                    break;
                case Document.FigureBlock f:
                    // The caption once, under the figure; the image's alternative text is its file's name.
                    md.Append("![").Append(Path.GetFileNameWithoutExtension(f.File)).Append("](").Append(f.File).AppendLine(")").AppendLine();
                    md.Append('*').Append(f.Caption).AppendLine("*").AppendLine();
                    break;
                case Document.FoldBlock fold:
                    md.Append("<details><summary>").Append(System.Net.WebUtility.HtmlEncode(fold.Summary)).AppendLine("</summary>").AppendLine();
                    break;
                case Document.FoldEndBlock:
                    md.AppendLine("</details>").AppendLine();
                    break;
                case Document.CodeBlock c:
                    md.AppendLine("```").AppendLine(c.Text).AppendLine("```").AppendLine();
                    break;
                case Document.WarningBlock w:
                    md.Append("> **Warning:** ").AppendLine(w.Text).AppendLine();
                    break;
            }
        }

        return md.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}

/// <summary>
/// Renders a <see cref="Document"/> as one self-contained HTML page: styles inline, figures embedded as SVG data, no
/// script and no network. Wide tables scroll inside their own box, so the page itself never scrolls sideways, from a
/// 375-pixel phone up.
/// </summary>
internal static class HtmlRenderer
{
    private const string Style = """
        :root { color-scheme: light; }
        body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; padding: 1rem; max-width: 72rem; color: #1b1f24; overflow-wrap: anywhere; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; } h3 { font-size: 1.1rem; }
        .table { overflow-x: auto; margin: 0 0 1rem; }
        table { border-collapse: collapse; font-size: 0.85rem; }
        th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; text-align: right; vertical-align: top; overflow-wrap: normal; }
        th { background: #f6f8fa; } td.l, th.l { text-align: left; }
        figure { margin: 1rem 0; } figure img { width: 100%; max-width: 56rem; height: auto; display: block; }
        figcaption { font-size: 0.9rem; color: #57606a; }
        pre { background: #f6f8fa; padding: 0.75rem; overflow-x: auto; white-space: pre-wrap; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
        a { color: #0969da; }
        .warning { background: #fff4e5; border-left: 4px solid #f0a020; padding: 0.4rem 0.8rem; }
        details { margin: 0 0 1rem; } summary { cursor: pointer; font-weight: 600; }
        """;

    /// <summary>The HTML page.</summary>
    public static string Render(Document document, string title)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>")
            .AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).AppendLine("</title>")
            .Append("<style>").Append(Style).AppendLine("</style></head><body>");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Document.HeadingBlock h:
                    html.Append("<h").Append(h.Level).Append('>').Append(Inline(h.Text)).Append("</h").Append(h.Level).AppendLine(">");
                    break;
                case Document.ParagraphBlock p:
                    html.Append("<p>").Append(Inline(p.Text)).AppendLine("</p>");
                    break;
                case Document.ListBlock l:
                    html.AppendLine("<ul>");
                    foreach (string item in l.Items)
                    {
                        html.Append("<li>").Append(Inline(item)).AppendLine("</li>");
                    }

                    html.AppendLine("</ul>");
                    break;
                case Document.TableBlock t:
                    html.AppendLine("<div class=\"table\"><table><thead><tr>");
                    for (int i = 0; i < t.Header.Count; i++)
                    {
                        html.Append(i < t.LeftColumns ? "<th class=\"l\">" : "<th>").Append(Inline(t.Header[i])).Append("</th>");
                    }

                    html.AppendLine("</tr></thead><tbody>");
                    foreach (var row in t.Rows)
                    {
                        html.Append("<tr>");
                        for (int i = 0; i < row.Count; i++)
                        {
                            html.Append(i < t.LeftColumns ? "<td class=\"l\">" : "<td>").Append(Inline(row[i])).Append("</td>");
                        }

                        html.AppendLine("</tr>");
                    }

                    html.AppendLine("</tbody></table></div>");
                    break;
                case Document.FigureBlock f:
                    string data = Convert.ToBase64String(Encoding.UTF8.GetBytes(f.Svg));
                    html.Append("<figure><img src=\"data:image/svg+xml;base64,").Append(data).Append("\" alt=\"").Append(Encode(f.Caption))
                        .Append("\"><figcaption>").Append(Inline(f.Caption)).AppendLine("</figcaption></figure>");
                    break;
                case Document.CodeBlock c:
                    html.Append("<pre><code>").Append(Encode(c.Text)).AppendLine("</code></pre>");
                    break;
                case Document.WarningBlock w:
                    html.Append("<p class=\"warning\"><strong>Warning:</strong> ").Append(Inline(w.Text)).AppendLine("</p>");
                    break;
                case Document.FoldBlock fold:
                    html.Append("<details><summary>").Append(Inline(fold.Summary)).AppendLine("</summary>");
                    break;
                case Document.FoldEndBlock:
                    html.AppendLine("</details>");
                    break;
            }
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    /// <summary>
    /// Encodes text and turns <c>**bold**</c>, <c>*emphasis*</c>, <c>`code`</c> and markdown's links,
    /// <c>[text](relative/path)</c>, into tags. A link's target has no space or parenthesis; an interval such as
    /// <c>[0.9, 1.1] (slower)</c> stays text, and so does a lone asterisk.
    /// </summary>
    private static string Inline(string text)
    {
        var result = new StringBuilder();
        bool bold = false, code = false, emphasis = false;
        for (int i = 0; i < text.Length; i++)
        {
            if (!code && text[i] == '[' && Link(text, i) is { } link)
            {
                // A report's markdown links another report's markdown; its HTML links that report's HTML.
                string target = Path.GetFileName(link.Target) == "report.md" ? link.Target[..^2] + "html" : link.Target;
                result.Append("<a href=\"").Append(Encode(target)).Append("\">").Append(Inline(link.Text)).Append("</a>");
                i = link.End;
            }
            else if (!code && text[i] == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                result.Append(bold ? "</strong>" : "<strong>");
                bold = !bold;
                i++;
            }
            else if (!code && text[i] == '*' && (emphasis || (i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && text.IndexOf('*', i + 2) > i)))
            {
                result.Append(emphasis ? "</em>" : "<em>");
                emphasis = !emphasis;
            }
            else if (text[i] == '`')
            {
                result.Append(code ? "</code>" : "<code>");
                code = !code;
            }
            else
            {
                result.Append(Encode(text[i].ToString()));
            }
        }

        return result.Append(code ? "</code>" : string.Empty).Append(emphasis ? "</em>" : string.Empty).Append(bold ? "</strong>" : string.Empty).ToString();
    }

    private static (string Text, string Target, int End)? Link(string text, int open)
    {
        int close = text.IndexOf("](", open + 1, StringComparison.Ordinal);
        if (close < 0 || text.IndexOf('[', open + 1, close - open - 1) >= 0)
        {
            return null;
        }

        int end = text.IndexOf(')', close + 2);
        string target = end < 0 ? string.Empty : text[(close + 2)..end];
        return target.Length == 0 || target.Any(c => char.IsWhiteSpace(c) || c == '(') ? null : (text[(open + 1)..close], target, end);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
