namespace EmbeddingLab.Web;

/// <summary>
/// Per-browser display choices (light or dark theme). Kept in a cookie that the server reads while prerendering, so the
/// first paint already has the right theme; the layout writes the cookie when the user toggles.
/// </summary>
public sealed class UiPreferences
{
    public const string ThemeCookie = "el-theme";

    public bool IsDarkMode { get; set; }

    /// <summary>Raised after the theme changes, so every open component can re-render.</summary>
    public event Action? Changed;

    public void SetDarkMode(bool dark)
    {
        if (IsDarkMode == dark) return;
        IsDarkMode = dark;
        Changed?.Invoke();
    }
}
