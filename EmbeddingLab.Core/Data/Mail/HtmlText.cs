using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace EmbeddingLab.Core.Data.Mail;

/// <summary>
/// HTML reduced to the text a reader sees (AngleSharp's HTML5 parser): script, style, head and comments dropped,
/// block elements and &lt;br&gt; separate words, entities decoded, white space collapsed.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "title", "noscript", "template" };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "tr", "td", "th", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "pre", "hr", "center", "section", "article", "header", "footer", "dd", "dt", "form", "body",
    };

    public static string Convert(string html)
    {
        var parser = new HtmlParser();
        using var document = parser.ParseDocument(html);
        var sb = new StringBuilder(html.Length / 2);
        if (document.Body is { } body) Walk(body, sb);
        return Collapse(sb);
    }

    private static void Walk(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text: sb.Append(text.Data); break;
                case IElement element when Skipped.Contains(element.LocalName): break;
                case IElement element:
                    bool block = Blocks.Contains(element.LocalName);
                    if (block) sb.Append(' ');
                    Walk(element, sb);
                    if (block) sb.Append(' ');
                    break;
            }
        }
    }

    private static string Collapse(StringBuilder text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c) || c == '\u00a0') { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
