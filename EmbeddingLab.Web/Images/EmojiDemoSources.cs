using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Encoding;
using EmbeddingLab.Core.Encoding.BagOfWords;
using EmbeddingLab.Core.Encoding.Images;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Web.Workspace;

namespace EmbeddingLab.Web.Images;

/// <summary>
/// Settings of the emoji demos (<c>EmbeddingLab:Demos:Emoji</c>, on by default; <c>EmojiLimit</c> keeps that many emoji
/// spread over the categories — tests use a few dozen instead of encoding all 1,911).
/// </summary>
public sealed record EmojiDemoSettings(bool Enabled, int? Limit)
{
    public static EmojiDemoSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("EmbeddingLab:Demos");
        return new EmojiDemoSettings(section.GetValue("Emoji", true), section.GetValue<int?>("EmojiLimit"));
    }

    public string Variant => Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all";

    public IReadOnlyList<Emoji> Load()
    {
        var all = EmojiDataset.Load();
        return Limit is int n ? EmojiDataset.Spread(all, Math.Max(2, n)) : all;
    }

    /// <summary>name, category, subcategory and image columns, shared by both emoji sets so their rows pair by key.</summary>
    public static MetadataColumn[] Columns(IReadOnlyList<Emoji> emoji) =>
    [
        new("name", emoji.Select(e => e.Name).ToArray()),
        new("category", emoji.Select(e => e.Category).ToArray()),
        new("subcategory", emoji.Select(e => e.Subcategory).ToArray()),
        new(ImageColumn.Name, emoji.Select(e => e.ImagePath).ToArray()),
    ];
}

/// <summary>"Emoji (images, ResNet-18)": the emoji pictures of emoji-datasource-google encoded with the pretrained ResNet-18.</summary>
public sealed class EmojiImagesDemoSource(EmojiDemoSettings settings, ImageEncoders encoders, ILogger<EmojiImagesDemoSource> log) : IDemoSetSource
{
    public const string SetName = "Emoji (images, ResNet-18)";

    public string Name => SetName;
    public string Kind => "Images";
    public string Description => "The Google emoji (npm emoji-datasource-google, 64×64 PNGs, skin tones left out) encoded with the pretrained ResNet-18 (512-d pooled features); metadata: name, category, subcategory, image.";
    // After the quick demos: all 1,911 pictures take minutes on a small machine the first time (then come from the cache).
    public int Order => 110;
    public string Variant => settings.Variant;

    public Task<EmbeddingSet> BuildAsync(CancellationToken cancellationToken)
    {
        var emoji = settings.Load();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var inputs = emoji.Select(e => new ImageInput(e.Key, e.ImagePath)).ToArray();
        var result = ImageSets.Encode(encoders.ResNet18, inputs, EmojiDemoSettings.Columns(emoji).Where(c => c.Name != ImageColumn.Name),
            cancellationToken: cancellationToken);
        foreach (var failure in result.Failures) log.LogWarning("Emoji {Key} left out: {Reason}", failure.Key, failure.Reason);
        log.LogInformation("Encoded {Count} emoji pictures with ResNet-18 in {Seconds:F1} s", result.Set.Count, started.Elapsed.TotalSeconds);
        return Task.FromResult(result.Set);
    }
}

/// <summary>
/// "Emoji (names)": the same emoji's names ("grinning face") encoded as sentences with the Sentences page's default
/// encoder (TF-IDF, scikit-learn defaults), same keys and metadata as the image set, so Compare pairs the two spaces.
/// </summary>
public sealed class EmojiNamesDemoSource(EmojiDemoSettings settings) : IDemoSetSource
{
    public const string SetName = "Emoji (names)";

    public string Name => SetName;
    public string Kind => "Sentences";
    public string Description => "The names of the Google emoji (\"grinning face\") encoded with TF-IDF (scikit-learn defaults); same keys and metadata as Emoji (images, ResNet-18), so Compare shows whether pictures and names agree.";
    public int Order => 12; // after the existing quick demos, so their order is unchanged
    public string Variant => settings.Variant;

    public Task<EmbeddingSet> BuildAsync(CancellationToken cancellationToken)
    {
        var emoji = settings.Load();
        var names = emoji.Select(e => e.Name).ToArray();
        var encoder = TfidfEncoder.Fit(names, cancellationToken: cancellationToken);
        var matrix = encoder.Encode(names, null, cancellationToken);
        return Task.FromResult(new EmbeddingSet(emoji.Select(e => e.Key).ToArray(), matrix, encoder.Dimensions, EmojiDemoSettings.Columns(emoji)));
    }
}
