using System.Net;
using EmbeddingLab.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace EmbeddingLab.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class ShellBrowserTests(AppServerFixture app)
{
    [Fact]
    public async Task Health_answers_200()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(app.BaseUrl + "/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"ok\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Home_renders_and_navigation_reaches_every_page()
    {
        var page = await app.OpenAsync("/");
        try
        {
            Assert.Equal("Look inside embeddings", await page.InnerTextAsync("h1"));
            foreach (var (link, heading, path) in new[] { ("Songs", "Songs", "/songs"), ("Words", "Words", "/words"), ("Sentences", "Sentences", "/sentences"), ("Projector", "Projector", "/projector"), ("Images", "Images", "/images"), ("Compare", "Compare", "/compare") })
            {
                await page.ClickAsync($"nav >> text={link}");
                // The path, not the whole URL: the projector writes its view into the query as soon as it shows.
                await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
                // The URL changes before the new page renders: wait for its heading.
                await page.Locator("h1", new() { HasTextString = heading }).WaitForAsync();
            }
            await page.ClickAsync("text=EmbeddingLab");
            await page.WaitForURLAsync(app.BaseUrl + "/");
            await page.Locator("h1", new() { HasTextString = "Look inside embeddings" }).WaitForAsync();
            Assert.False(await page.IsVisibleAsync("#blazor-error-ui"));
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Fact]
    public async Task Every_stylesheet_and_script_the_home_page_links_answers_200()
    {
        var page = await app.OpenAsync("/");
        List<string> urls;
        try
        {
            // Absolute addresses as the browser resolved them (link.href, script.src), after the page went interactive.
            urls = (await page.EvalOnSelectorAllAsync<string[]>("link[rel~=stylesheet][href], script[src]",
                "els => els.map(e => e.href || e.src)")).Distinct().ToList();
        }
        finally { await page.Context.CloseAsync(); }

        // MudBlazor's and our CSS, the scoped CSS bundle (a 404 once), blazor.web.js and MudBlazor's script at least.
        Assert.True(urls.Count >= 4, "too few assets linked: " + string.Join(", ", urls));
        Assert.Contains(urls, u => u.Contains(".styles.css"));
        Assert.Contains(urls, u => u.Contains("blazor.web"));
        using var http = new HttpClient();
        var failed = new List<string>();
        foreach (var url in urls)
        {
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK || body.Length == 0) failed.Add($"{url} → {(int)response.StatusCode}, {body.Length} bytes");
        }
        Assert.True(failed.Count == 0, "assets that did not answer 200 with content: " + string.Join("; ", failed));
    }

    [Fact]
    public async Task Unknown_address_shows_the_not_found_page()
    {
        var page = await app.NewPageAsync();
        try
        {
            var response = await page.GotoAsync(app.BaseUrl + "/no-such-page");
            Assert.Equal(404, response!.Status);
            Assert.Contains("Not Found", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        }
        finally { await page.Context.CloseAsync(); }
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Home_has_no_serious_accessibility_violations(string theme)
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "el-theme", Value = theme, Url = app.BaseUrl }]);
            await page.GotoAsync(app.BaseUrl + "/");
            await AppServerFixture.WaitForInteractiveAsync(page);
            var result = await page.RunAxe();
            var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(bad.Count == 0, $"Home ({theme}): " + string.Join("; ", bad.Select(v =>
                $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")));
        }
        finally { await page.Context.CloseAsync(); }
    }
}
