using Bunit;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Layout;
using EmbeddingLab.Web.Components.Pages;

namespace EmbeddingLab.Tests.Workspace;

/// <summary>The Home page introduces every page: one card per page of the navigation, each linking to it.</summary>
public sealed class HomeCardsTests : MudTestContext
{
    public HomeCardsTests()
    {
        AddWorkspaceServices();
        // The workspace panels under the cards have their own tests (and need the workspace store): stubbed here.
        ComponentFactories.AddStub<EmbeddingLab.Web.Components.Home.DemoProgressPanel>();
        ComponentFactories.AddStub<EmbeddingLab.Web.Components.Home.WorkspaceTable>();
        ComponentFactories.AddStub<EmbeddingLab.Web.Components.Home.BookmarkList>();
    }

    [Fact]
    public void Every_page_in_the_navigation_has_a_card_on_the_home_page_Images_included()
    {
        var nav = Render<NavMenu>();
        var pages = nav.FindAll("a[href]").Select(a => a.GetAttribute("href")!.TrimStart('/')).Where(h => h.Length > 0).ToList();
        Assert.Contains("images", pages);
        Assert.Contains("compare", pages);

        var home = Render<Home>();
        var cards = home.FindAll("[data-testid=page-card]");
        var links = cards.Select(c => c.QuerySelector("h2 a")!.GetAttribute("href")!.TrimStart('/')).ToList();
        Assert.Equal(pages, links);

        var images = cards.Single(c => c.QuerySelector("h2 a")!.GetAttribute("href")!.TrimStart('/') == "images");
        Assert.Equal("Images", images.QuerySelector("h2")!.TextContent.Trim());
        Assert.Contains("ResNet-18", images.TextContent);
    }
}
