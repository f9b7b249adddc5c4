using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Infrastructure;

/// <summary>MudBlazor snackbars in browser tests.</summary>
public static class Snackbars
{
    /// <summary>
    /// Closes every snackbar shown (its close button, as a user would) and waits until none is left: a snackbar covers
    /// what a test hovers or checks with axe, and waiting for it to time out costs the app's six seconds each time. One
    /// that appears after the click still goes away on its own within the wait.
    /// </summary>
    public static async Task DismissAsync(IPage page)
    {
        await page.EvaluateAsync("() => document.querySelectorAll('.mud-snackbar button').forEach(b => b.click())");
        await page.WaitForSelectorAsync(".mud-snackbar", new() { State = WaitForSelectorState.Detached, Timeout = 20_000 });
    }
}
