using EmbeddingLab.Web.SentenceSupport;
using Microsoft.AspNetCore.Components;

namespace EmbeddingLab.Web.Components.Sentences;

/// <summary>
/// Base of the Sentences page's panels: each reads the session's <see cref="SentencesState"/> and re-renders itself
/// when it changes (job callbacks raise the change on worker threads).
/// </summary>
public abstract class SentencesPanel : ComponentBase, IDisposable
{
    [Inject] protected SentencesState State { get; set; } = default!;

    protected override void OnInitialized()
    {
        State.EnsureStarted();
        State.Changed += OnStateChanged;
    }

    private void OnStateChanged() => _ = InvokeAsync(StateHasChanged);

    public virtual void Dispose()
    {
        State.Changed -= OnStateChanged;
        GC.SuppressFinalize(this);
    }
}
