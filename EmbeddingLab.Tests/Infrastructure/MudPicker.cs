using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Infrastructure;

/// <summary>
/// Picks an item from a MudAutocomplete or MudSelect list in a browser test.
/// Under load the list can be re-rendered between Playwright finding an item and clicking it (the autocomplete first
/// lists every key, then the filtered ones), and a click on a replaced item is lost: the popover stays open and nothing
/// is chosen. So each pick waits for the list it means, clicks, and clicks again (at most three times) until the
/// popover has closed and the page shows the choice.
/// </summary>
public static class MudPicker
{
    private const string OpenItems = ".mud-popover-open .mud-list-item";

    /// <summary>Types <paramref name="text"/> into an autocomplete and clicks the suggestion matching <paramref name="item"/>.</summary>
    /// <param name="chosen">A selector that appears once the page has acted on the choice.</param>
    public static async Task AutocompleteAsync(IPage page, string inputSelector, string text, Regex item, string chosen, float timeout = 60_000)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (!await page.Locator(OpenItems).First.IsVisibleAsync())
                await page.FillAsync(inputSelector, text);
            // Wait for the filtered list (every suggestion holds the typed text), not the full list shown first. Typing
            // into a field the circuit has not wired up yet is lost (the list never filters): type again, from empty.
            try
            {
                await page.WaitForFunctionAsync(
                    "t => { const items = [...document.querySelectorAll('.mud-popover-open .mud-list-item')]; return items.length > 0 && items.every(i => i.textContent.toLowerCase().includes(t)); }",
                    text.ToLowerInvariant(), new() { Timeout = attempt < 3 ? 15_000f : timeout });
            }
            catch (TimeoutException) when (attempt < 3)
            {
                await page.FillAsync(inputSelector, "");
                await page.FillAsync(inputSelector, text);
                continue;
            }
            if (await ClickAndWaitAsync(page, page.Locator(OpenItems, new() { HasTextRegex = item }).First, chosen, attempt, timeout))
                return;
        }
    }

    /// <summary>Opens a select and clicks the option whose text contains <paramref name="option"/>.</summary>
    /// <param name="chosen">A selector or JavaScript predicate (<c>() =&gt; …</c>) that holds once the page shows the choice.</param>
    public static async Task SelectAsync(IPage page, string selectSelector, string option, string chosen, float timeout = 60_000)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (!await page.Locator(OpenItems).First.IsVisibleAsync())
                await page.ClickAsync(selectSelector);
            if (await ClickAndWaitAsync(page, page.Locator(OpenItems, new() { HasTextString = option }).First, chosen, attempt, timeout))
                return;
        }
    }

    /// <summary>The regex for a suggestion whose whole text is <paramref name="text"/>.</summary>
    public static Regex Exactly(string text) => new($"^\\s*{Regex.Escape(text)}\\s*$");

    private static async Task<bool> ClickAndWaitAsync(IPage page, ILocator item, string chosen, int attempt, float timeout)
    {
        await item.ClickAsync(new() { Timeout = timeout });
        // A lost click leaves the list open; a later attempt clicks again. The last attempt waits the whole timeout.
        var wait = attempt < 3 ? 15_000f : timeout;
        try
        {
            if (chosen.StartsWith("()", StringComparison.Ordinal))
                await page.WaitForFunctionAsync(chosen, null, new() { Timeout = wait });
            else
                await page.WaitForSelectorAsync(chosen, new() { Timeout = wait });
            await page.WaitForSelectorAsync(".mud-popover-open .mud-list-item", new() { State = WaitForSelectorState.Detached, Timeout = wait });
            return true;
        }
        catch (TimeoutException) when (attempt < 3)
        {
            return false;
        }
    }
}
