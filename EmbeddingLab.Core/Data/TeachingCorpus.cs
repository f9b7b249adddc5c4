using System.Text;
using EmbeddingLab.Core.Training;

namespace EmbeddingLab.Core.Data;

/// <summary>One relation family of the teaching corpus: a questions-words section name and its word pairs (a → b).</summary>
public sealed record RelationFamily(string Section, string Description, IReadOnlyList<(string A, string B)> Pairs);

/// <summary>Options of the teaching corpus. The same options always give the same sentences.</summary>
public sealed record TeachingCorpusOptions
{
    /// <summary>Sentences written for every word of the corpus.</summary>
    public int SentencesPerWord { get; init; } = 60;
    public int Seed { get; init; } = 1;
}

/// <summary>
/// A small, deterministic English-like corpus built from templates so that word2vec learns visible analogies in
/// seconds (king − man + woman ≈ queen, paris − france + italy ≈ rome, cats − cat + dog ≈ dogs, …).
/// Why it works: every word is placed among context words of two independent kinds — what it is about (royalty,
/// France, cats, size…) and its relation attribute (male/female, country/capital/nationality, one/many,
/// plain/comparative, now/yesterday). word2vec then learns vectors close to "topic + attribute", so the difference
/// between two words of a pair is the same attribute offset for every pair of the family.
/// </summary>
public static class TeachingCorpus
{
    private sealed record Entry(string Word, string[] Topic, string[] Attribute, string[] Templates);

    // Gender: role topics shared by both members of a pair; pronouns carry the gender.
    private static readonly (string Male, string Female, string[] Topic)[] GenderPairs =
    [
        ("man", "woman", ["work", "office", "job", "coffee"]),
        ("king", "queen", ["throne", "crown", "kingdom", "palace"]),
        ("boy", "girl", ["toys", "school", "games", "playground"]),
        ("prince", "princess", ["castle", "knight", "dragon", "tower"]),
        ("father", "mother", ["children", "home", "family", "cooking"]),
        ("son", "daughter", ["parents", "birthday", "homework", "bedroom"]),
        ("brother", "sister", ["siblings", "twin", "teasing", "bunk"]),
        ("husband", "wife", ["wedding", "marriage", "ring", "anniversary"]),
        ("uncle", "aunt", ["nephew", "niece", "visit", "cousins"]),
        ("actor", "actress", ["stage", "film", "theatre", "role"]),
        ("waiter", "waitress", ["restaurant", "tips", "menu", "tables"]),
    ];
    private static readonly string[] MaleWords = ["he", "his", "him", "himself"];
    private static readonly string[] FemaleWords = ["she", "her", "hers", "herself"];
    private static readonly string[] GenderTemplates =
    [
        "the {w} said {p} loves the {t}",
        "everyone knows the {w} and {p} {t}",
        "{p} is a {w} with a {t}",
        "the {t} belongs to the {w} and {p} knows it",
        "a {w} thinks about {p} {t} every day",
    ];

    // Countries, capitals and nationality words share a country "flavour"; the kind (country, capital city,
    // people/language) is carried by its own context words.
    private static readonly (string Country, string Capital, string Nationality, string[] Flavour)[] Countries =
    [
        ("france", "paris", "french", ["wine", "cheese", "baguette"]),
        ("italy", "rome", "italian", ["pasta", "pizza", "espresso"]),
        ("spain", "madrid", "spanish", ["flamenco", "paella", "siesta"]),
        ("germany", "berlin", "german", ["beer", "sausage", "pretzel"]),
        ("japan", "tokyo", "japanese", ["sushi", "anime", "kimono"]),
        ("egypt", "cairo", "egyptian", ["pyramids", "nile", "pharaoh"]),
        ("russia", "moscow", "russian", ["vodka", "balalaika", "borscht"]),
        ("china", "beijing", "chinese", ["tea", "silk", "dumplings"]),
        ("greece", "athens", "greek", ["olives", "temples", "feta"]),
        ("portugal", "lisbon", "portuguese", ["fado", "sardines", "tiles"]),
        ("poland", "warsaw", "polish", ["pierogi", "amber", "vistula"]),
        ("sweden", "stockholm", "swedish", ["fika", "elk", "meatballs"]),
    ];
    private static readonly string[] CountryWords = ["country", "nation", "border", "government"];
    private static readonly string[] CapitalWords = ["capital", "streets", "downtown", "mayor"];
    private static readonly string[] NationalityWords = ["people", "language", "culture", "speakers"];
    private static readonly string[] CountryTemplates = ["{w} is a {p} known for {t}", "the {p} of {w} exports {t}", "in the {p} {w} you find {t}"];
    private static readonly string[] CapitalTemplates = ["{w} is the {p} famous for {t}", "the {p} of {w} smells of {t}", "in {w} the {p} serve {t}"];
    private static readonly string[] NationalityTemplates = ["the {w} {p} enjoy {t}", "{w} {p} and {t} go together", "the {p} is {w} and so is the {t}"];

    // Plurals: what the noun is about, and one/many words.
    private static readonly (string Singular, string Plural, string[] Topic)[] Nouns =
    [
        ("cat", "cats", ["purrs", "whiskers"]), ("dog", "dogs", ["barks", "leash"]), ("car", "cars", ["engine", "wheels"]),
        ("apple", "apples", ["orchard", "juice"]), ("house", "houses", ["roof", "garden"]), ("bird", "birds", ["feathers", "nest"]),
        ("tree", "trees", ["leaves", "branches"]), ("book", "books", ["pages", "library"]), ("horse", "horses", ["saddle", "stable"]),
        ("flower", "flowers", ["petals", "bloom"]), ("bottle", "bottles", ["cork", "glass"]), ("shoe", "shoes", ["laces", "heel"]),
    ];
    private static readonly string[] SingularWords = ["one", "single", "lone", "this"];
    private static readonly string[] PluralWords = ["many", "several", "these", "few"];
    private static readonly string[] SingularTemplates = ["{p} {w} has {t}", "look at {p} {w} and its {t}", "there is {p} {w} with {t}"];
    private static readonly string[] PluralTemplates = ["{p} {w} have {t}", "look at {p} {w} and their {t}", "there are {p} {w} with {t}"];

    // Comparatives: what is big, cold, loud…, and plain/comparative degree words.
    private static readonly (string Plain, string Comparative, string[] Topic)[] Adjectives =
    [
        ("big", "bigger", ["elephant", "mountain"]), ("small", "smaller", ["ant", "pebble"]), ("fast", "faster", ["cheetah", "rocket"]),
        ("slow", "slower", ["snail", "turtle"]), ("tall", "taller", ["giraffe", "skyscraper"]), ("cold", "colder", ["ice", "winter"]),
        ("warm", "warmer", ["sun", "summer"]), ("strong", "stronger", ["muscles", "ox"]), ("long", "longer", ["rope", "highway"]),
        ("short", "shorter", ["pencil", "stub"]), ("loud", "louder", ["drum", "thunder"]), ("bright", "brighter", ["lamp", "star"]),
    ];
    private static readonly string[] PlainWords = ["very", "quite", "rather", "truly"];
    private static readonly string[] ComparativeWords = ["than", "even", "much", "getting"];
    private static readonly string[] PlainTemplates = ["the {t} is {p} {w}", "what a {p} {w} {t}", "a {p} {w} {t} appeared"];
    private static readonly string[] ComparativeTemplates = ["the {t} is {p} {w} now", "this {t} is {w} {p} that one", "a {w} {t} is {p} better"];

    // Past tense: what the verb is about, and now/then words. Subjects are neutral (not he/she).
    private static readonly (string Present, string Past, string[] Topic)[] Verbs =
    [
        ("walk", "walked", ["path", "stroll"]), ("run", "ran", ["race", "marathon"]), ("eat", "ate", ["meal", "breakfast"]),
        ("write", "wrote", ["letter", "pen"]), ("sing", "sang", ["song", "choir"]), ("swim", "swam", ["pool", "lake"]),
        ("go", "went", ["trip", "journey"]), ("see", "saw", ["view", "eyes"]), ("play", "played", ["game", "ball"]),
        ("drive", "drove", ["truck", "road"]), ("speak", "spoke", ["words", "voice"]), ("buy", "bought", ["shop", "money"]),
    ];
    private static readonly string[] PresentWords = ["today", "now", "usually", "always"];
    private static readonly string[] PastWords = ["yesterday", "ago", "earlier", "once"];
    private static readonly string[] Subjects = ["we", "they", "you", "i", "people"];
    private static readonly string[] VerbTemplates = ["{s} {w} the {t} {p}", "{p} {s} {w} a {t}", "{s} {w} {p} with the {t}"];

    /// <summary>
    /// word2vec settings that learn every family of the corpus in a few seconds: skip-gram, 50 dimensions, window 5,
    /// 20 epochs, min_count 1; one worker and a fixed seed, so the result is the same on every run.
    /// </summary>
    public static Word2VecOptions Word2VecSettings { get; } = new()
    {
        VectorSize = 50, Window = 5, MinCount = 1, Negative = 5, Sg = true, Epochs = 20, Workers = 1, Seed = 1,
    };

    /// <summary>The relation families, as questions-words sections.</summary>
    public static IReadOnlyList<RelationFamily> Families { get; } =
    [
        new("family", "gender pairs (king → queen)", GenderPairs.Select(p => (p.Male, p.Female)).ToList()),
        new("capital-common-countries", "countries and their capitals (france → paris)", Countries.Select(c => (c.Country, c.Capital)).ToList()),
        new("gram6-nationality-adjective", "countries and nationalities (france → french)", Countries.Select(c => (c.Country, c.Nationality)).ToList()),
        new("gram8-plural", "plural nouns (cat → cats)", Nouns.Select(n => (n.Singular, n.Plural)).ToList()),
        new("gram3-comparative", "comparative adjectives (big → bigger)", Adjectives.Select(a => (a.Plain, a.Comparative)).ToList()),
        new("gram7-past-tense", "past tense (walk → walked)", Verbs.Select(v => (v.Present, v.Past)).ToList()),
    ];

    private static IEnumerable<Entry> Entries()
    {
        foreach (var (male, female, topic) in GenderPairs)
        {
            yield return new Entry(male, topic, MaleWords, GenderTemplates);
            yield return new Entry(female, topic, FemaleWords, GenderTemplates);
        }
        foreach (var (country, capital, nationality, flavour) in Countries)
        {
            yield return new Entry(country, flavour, CountryWords, CountryTemplates);
            yield return new Entry(capital, flavour, CapitalWords, CapitalTemplates);
            yield return new Entry(nationality, flavour, NationalityWords, NationalityTemplates);
        }
        foreach (var (singular, plural, topic) in Nouns)
        {
            yield return new Entry(singular, topic, SingularWords, SingularTemplates);
            yield return new Entry(plural, topic, PluralWords, PluralTemplates);
        }
        foreach (var (plain, comparative, topic) in Adjectives)
        {
            yield return new Entry(plain, topic, PlainWords, PlainTemplates);
            yield return new Entry(comparative, topic, ComparativeWords, ComparativeTemplates);
        }
        foreach (var (present, past, topic) in Verbs)
        {
            yield return new Entry(present, topic, PresentWords, VerbTemplates);
            yield return new Entry(past, topic, PastWords, VerbTemplates);
        }
    }

    /// <summary>The sentences, tokenised (lower-case words), in a deterministic shuffled order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Sentences(TeachingCorpusOptions? options = null)
    {
        options ??= new TeachingCorpusOptions();
        var rng = new Random(options.Seed);
        var sentences = new List<IReadOnlyList<string>>();
        foreach (var entry in Entries())
        {
            for (int i = 0; i < options.SentencesPerWord; i++)
            {
                var template = entry.Templates[rng.Next(entry.Templates.Length)];
                var tokens = template.Split(' ');
                for (int t = 0; t < tokens.Length; t++)
                {
                    tokens[t] = tokens[t] switch
                    {
                        "{w}" => entry.Word,
                        "{t}" => entry.Topic[rng.Next(entry.Topic.Length)],
                        "{p}" => entry.Attribute[rng.Next(entry.Attribute.Length)],
                        "{s}" => Subjects[rng.Next(Subjects.Length)],
                        _ => tokens[t],
                    };
                }
                sentences.Add(tokens);
            }
        }
        // Shuffle (Fisher–Yates) so that training sees the families interleaved, as in real text.
        for (int i = sentences.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (sentences[i], sentences[j]) = (sentences[j], sentences[i]);
        }
        return sentences;
    }

    /// <summary>The corpus as text: one sentence per line, words separated by spaces.</summary>
    public static void WriteText(TextWriter writer, TeachingCorpusOptions? options = null)
    {
        foreach (var sentence in Sentences(options)) writer.WriteLine(string.Join(' ', sentence));
    }

    /// <summary>Analogy questions in the questions-words format: every ordered pair of two different pairs of a family.</summary>
    public static string AnalogyQuestions()
    {
        var sb = new StringBuilder();
        foreach (var family in Families)
        {
            sb.Append(": ").Append(family.Section).Append('\n');
            foreach (var (a, b) in family.Pairs)
                foreach (var (c, d) in family.Pairs)
                    if (a != c) sb.Append($"{a} {b} {c} {d}\n");
        }
        return sb.ToString();
    }

    /// <summary>Every word the questions ask about.</summary>
    public static IReadOnlyList<string> Words => Entries().Select(e => e.Word).ToList();
}
