using EmbeddingLab.Web.Compare;

namespace EmbeddingLab.Tests.Compare;

public class KeySuggestionsTests
{
    [Fact]
    public void A_short_key_typed_whole_comes_first_even_when_many_longer_keys_hold_it()
    {
        // Song ids: "0" is the 101st key holding "0" in the set's order.
        var keys = Enumerable.Range(1, 500).Select(i => (i * 10).ToString()).Append("0").ToList();
        var found = KeySuggestions.Find(keys, "0", 50);
        Assert.Equal(50, found.Count);
        Assert.Equal("0", found[0]);
    }

    [Fact]
    public void Exact_then_prefix_then_inside_each_in_the_sets_order_and_case_insensitive()
    {
        string[] keys = ["Warfare", "postwar", "war_of_1812", "War", "prewar", "wartime"];
        Assert.Equal(["War", "Warfare", "war_of_1812", "wartime", "postwar", "prewar"], KeySuggestions.Find(keys, "war", 10));
        Assert.Equal(["War", "Warfare"], KeySuggestions.Find(keys, "WAR", 2));
        Assert.Empty(KeySuggestions.Find(keys, "peace", 10));
        Assert.Equal(["Warfare", "postwar"], KeySuggestions.Find(keys, "", 2));
    }
}
