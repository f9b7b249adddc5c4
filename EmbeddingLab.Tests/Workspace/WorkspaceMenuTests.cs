using Bunit;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Infrastructure;
using EmbeddingLab.Web.Components.Layout;
using EmbeddingLab.Web.Workspace;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EmbeddingLab.Tests.Workspace;

/// <summary>The app bar's workspace menu: it lists the session's sets, shows a name with markup as text, and opens the chosen set in the projector.</summary>
public sealed class WorkspaceMenuTests : MudTestContext
{
    private const string Markup = "<img src=x onerror=alert(1)>";

    public WorkspaceMenuTests() => AddWorkspaceServices();

    private SessionWorkspace Workspace => Services.GetRequiredService<SessionWorkspace>();

    private static EmbeddingSet Set(int rows, int dims) =>
        new(Enumerable.Range(0, rows).Select(i => $"k{i}").ToArray(), Enumerable.Range(0, rows * dims).Select(i => (float)(i % 7 + 1)).ToArray(), dims);

    /// <summary>Opens the menu and returns the popover provider holding its items.</summary>
    private (IRenderedComponent<WorkspaceMenu> Menu, IRenderedComponent<MudPopoverProvider> Popovers) Open()
    {
        var popovers = Render<MudPopoverProvider>();
        var menu = Render<WorkspaceMenu>();
        menu.Find("button").Click();
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-popover-open .mud-menu-item")), TimeSpan.FromSeconds(5));
        return (menu, popovers);
    }

    private static List<string> Items(IRenderedComponent<MudPopoverProvider> popovers) =>
        popovers.FindAll(".mud-popover-open .mud-menu-item").Select(i => i.TextContent.Trim()).ToList();

    [Fact]
    public void Lists_every_set_with_its_size_and_says_how_many_in_its_label()
    {
        Workspace.Add("Songs (demo)", Set(12, 4), "Songs", "demo songs");
        Workspace.Add("my words", Set(3, 5), "Words", "uploaded");
        var (menu, popovers) = Open();

        Assert.Contains("Workspace: 2 sets", menu.Markup);
        var items = Items(popovers);
        Assert.Contains("Songs (demo) · 12 × 4", items);
        Assert.Contains("my words · 3 × 5", items);
        Assert.Contains("Manage the workspace", items);
    }

    [Fact]
    public void A_set_name_with_markup_is_shown_as_text()
    {
        Workspace.Add(Markup, Set(3, 2), "Words", "a name that looks like HTML");
        var (_, popovers) = Open();

        Assert.Contains(Markup + " · 3 × 2", Items(popovers));
        Assert.Empty(popovers.FindAll(".mud-popover-open img"));
        Assert.DoesNotContain("<img src=x", popovers.Markup);
    }

    [Fact]
    public void Choosing_a_set_opens_it_in_the_projector()
    {
        Workspace.Add("first", Set(4, 2), "Words", "one");
        Workspace.Add(Markup, Set(3, 2), "Words", "two");
        var (_, popovers) = Open();

        popovers.FindAll(".mud-popover-open .mud-menu-item").Single(i => i.TextContent.Contains("onerror")).Click();

        Assert.Equal(Markup, Workspace.ProjectorRequest);
        Assert.EndsWith("/projector", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void A_set_added_while_the_page_is_open_appears_in_the_menu()
    {
        Workspace.Add("first", Set(4, 2), "Words", "one");
        var menu = Render<WorkspaceMenu>();
        Assert.Contains("Workspace: 1 set", menu.Markup);
        Workspace.Add("second", Set(2, 2), "Words", "two");
        menu.WaitForAssertion(() => Assert.Contains("Workspace: 2 sets", menu.Markup));
    }
}
