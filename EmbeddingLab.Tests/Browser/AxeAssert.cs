using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Browser;

/// <summary>axe-core on a page's content (#main): serious and critical violations fail the test, listed with the elements they concern.</summary>
public static class AxeAssert
{
    public static async Task NoSeriousViolationsAsync(IPage page, string where)
    {
        // The page's own content (the layout's app bar, drawer and snackbars are checked with the shell).
        var result = await page.Locator("#main").RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{where}: " + string.Join("\n", bad.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }
}
