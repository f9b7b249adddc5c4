using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Tests.Vectors;

public class EmbeddingSetTests
{
    [Fact]
    public void Lookup_by_key_and_row_returns_the_stored_vector()
    {
        var set = new EmbeddingSet(["x", "y"], [1, 2, 3, 4], 2);
        Assert.Equal(1, set.IndexOf("y"));
        Assert.Equal(-1, set.IndexOf("z"));
        Assert.Equal([3f, 4f], set.Vector("y").ToArray());
        Assert.Equal(2, set.Count);
        Assert.Equal(2, set.Dimensions);
    }

    [Fact]
    public void Unknown_key_error_names_the_key()
    {
        var set = new EmbeddingSet(["x"], [1, 2], 2);
        var e = Assert.Throws<KeyNotFoundException>(() => set.Vector("queen"));
        Assert.Contains("\"queen\"", e.Message);
    }

    [Fact]
    public void Duplicate_keys_and_wrong_sizes_are_rejected_with_the_reason()
    {
        var dup = Assert.Throws<ArgumentException>(() => new EmbeddingSet(["a", "a"], new float[4], 2));
        Assert.Contains("\"a\" appears twice", dup.Message);
        var size = Assert.Throws<ArgumentException>(() => new EmbeddingSet(["a", "b"], new float[3], 2));
        Assert.Contains("need 4", size.Message);
        var column = Assert.Throws<ArgumentException>(() => new EmbeddingSet(["a"], new float[2], 2, [new MetadataColumn("title", ["t1", "t2"])]));
        Assert.Contains("title", column.Message);
    }

    [Fact]
    public void Normalized_copy_has_unit_rows_and_leaves_zero_rows_zero()
    {
        var set = new EmbeddingSet(["a", "z"], [3, 4, 0, 0], 2);
        Assert.Equal([0.6f, 0.8f], set.UnitVector(0).ToArray());
        Assert.Equal([0f, 0f], set.UnitVector(1).ToArray());
        Assert.Equal([3f, 4f], set.Vector(0).ToArray()); // the original is untouched
        Assert.Equal(5f, set.Norms[0]);
    }

    [Fact]
    public void Metadata_columns_follow_subsets_and_label_rows()
    {
        var set = new EmbeddingSet(["1", "2", "3"], new float[6], 2,
            [new MetadataColumn("title", ["One", "Two", ""]), new MetadataColumn("year", ["1990", "2001", "1985"])]);
        Assert.Equal("Two", set.MetadataValue("TITLE", 1));
        Assert.True(set.Column("year")!.IsNumeric);
        Assert.False(set.Column("title")!.IsNumeric);
        Assert.Equal("3", set.DisplayLabel(2)); // empty title falls back to the key
        var sub = set.Subset([2, 0]);
        Assert.Equal(["3", "1"], sub.Keys);
        Assert.Equal(["", "One"], sub.Column("title")!.Values);
        var withGenre = set.WithColumn(new MetadataColumn("genre", ["rock", "jazz", "rock"]));
        Assert.Equal(3, withGenre.Metadata.Count);
        Assert.Equal(2, set.Metadata.Count); // the original keeps its columns
    }
}
