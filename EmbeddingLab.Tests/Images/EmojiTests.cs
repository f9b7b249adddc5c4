using EmbeddingLab.Core.Analysis.Neighbors;
using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Encoding.Images;
using EmbeddingLab.Core.Vectors;
using EmbeddingLab.Tests.Encoding.Images;
using EmbeddingLab.Web.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EmbeddingLab.Tests.Images;

/// <summary>The emoji package reader and the two emoji demo sets, on a few dozen emoji (never the full 1,911 here).</summary>
public sealed class EmojiTests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    [Fact]
    public void The_package_lists_each_emoji_once_with_its_category_and_an_existing_picture()
    {
        var all = EmojiDataset.Load();
        Assert.InRange(all.Count, 1800, 2000); // 1,911 in emoji-datasource-google 16.0.0 without skin-tone variants
        Assert.Equal(all.Count, all.Select(e => e.Key).Distinct().Count());
        var grinning = all.Single(e => e.Key == "grinning");
        Assert.Equal(("grinning face", "Smileys & Emotion", "face-smiling"), (grinning.Name, grinning.Category, grinning.Subcategory));
        Assert.True(File.Exists(grinning.ImagePath));
        Assert.Equal(10, all.Select(e => e.Category).Distinct().Count());
    }

    [Fact]
    public void Nearest_emoji_pictures_share_their_category_far_more_often_than_chance()
    {
        // 4 categories × 12 emoji spread over each: chance (Σ p²) is 0.25.
        var all = EmojiDataset.Load();
        string[] categories = ["Smileys & Emotion", "Animals & Nature", "Food & Drink", "Flags"];
        var chosen = categories.SelectMany(c => EmojiDataset.Spread(all.Where(e => e.Category == c).ToList(), 12)).ToList();
        var result = ImageSets.Encode(fixture.Encoder, chosen.Select(e => new ImageInput(e.Key, e.ImagePath)).ToArray(),
            [new MetadataColumn("category", chosen.Select(e => e.Category).ToArray())]);
        Assert.Empty(result.Failures);
        var agreement = LabelAgreement.Measure(result.Set, "category", k: 10);
        Assert.Equal(0.25, agreement.Chance, 1e-9);
        Assert.True(agreement.Share > 2 * agreement.Chance, $"share {agreement.Share:F3} vs chance {agreement.Chance:F3}");
    }

    [Fact]
    public async Task The_image_and_name_sets_have_the_same_keys_and_metadata_so_Compare_can_pair_them()
    {
        var settings = new EmojiDemoSettings(true, 8);
        using var encoders = new ImageEncoders();
        var images = await new EmojiImagesDemoSource(settings, encoders, NullLogger<EmojiImagesDemoSource>.Instance).BuildAsync(CancellationToken.None);
        var names = await new EmojiNamesDemoSource(settings).BuildAsync(CancellationToken.None);
        Assert.Equal(8, images.Count);
        Assert.Equal(512, images.Dimensions);
        Assert.Equal(images.Keys, names.Keys);
        foreach (var column in new[] { "name", "category", "subcategory", ImageColumn.Name })
            Assert.Equal(images.Column(column)!.Values, names.Column(column)!.Values);
        Assert.All(ImageColumn.Paths(images)!, p => Assert.True(File.Exists(p), p));
        Assert.True(ImageColumn.HasImages(names));
    }
}

public sealed class LabelAgreementTests
{
    [Fact]
    public void Share_counts_same_label_neighbours_and_chance_is_the_sum_of_squared_label_shares()
    {
        // Two tight pairs far apart, labels x x y z: with k = 1 rows 0 and 1 find each other (same label), 2 and 3 do not.
        var set = new EmbeddingSet(["a", "b", "c", "d"], [1, 0, 0.99f, 0.1f, 0, 1, 0.1f, 0.99f], 2,
            [new MetadataColumn("label", ["x", "x", "y", "z"])]);
        var result = LabelAgreement.Measure(set, "label", k: 1);
        Assert.Equal(0.5, result.Share, 1e-9);
        Assert.Equal(0.25 + 0.0625 + 0.0625, result.Chance, 1e-9);
    }
}
