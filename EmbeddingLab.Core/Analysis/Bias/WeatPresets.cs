namespace EmbeddingLab.Core.Analysis.Bias;

/// <summary>A named WEAT with its four word lists.</summary>
public sealed record WeatPreset(string Name, string XName, string YName, string AName, string BName,
    IReadOnlyList<string> X, IReadOnlyList<string> Y, IReadOnlyList<string> A, IReadOnlyList<string> B);

/// <summary>
/// Word lists of Caliskan, Bryson and Narayanan (Science 2017), lower-cased for lower-cased vocabularies: the tests
/// they numbered 1 (flowers/insects × pleasant/unpleasant), 2 (instruments/weapons × pleasant/unpleasant),
/// 6 (male/female names × career/family), 7 (math/arts × male/female terms) and 8 (science/arts × male/female terms).
/// </summary>
public static class WeatPresets
{
    private static string[] W(string words) => words.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static readonly string[] Pleasant = W("caress, freedom, health, love, peace, cheer, friend, heaven, loyal, pleasure, diamond, gentle, honest, lucky, rainbow, diploma, gift, honor, miracle, sunrise, family, happy, laughter, paradise, vacation");
    private static readonly string[] Unpleasant = W("abuse, crash, filth, murder, sickness, accident, death, grief, poison, stink, assault, disaster, hatred, pollute, tragedy, divorce, jail, poverty, ugly, cancer, kill, rotten, vomit, agony, prison");

    public static IReadOnlyList<WeatPreset> All { get; } =
    [
        new("Flowers vs insects × pleasant vs unpleasant (WEAT 1)", "flowers", "insects", "pleasant", "unpleasant",
            W("aster, clover, hyacinth, marigold, poppy, azalea, crocus, iris, orchid, rose, bluebell, daffodil, lilac, pansy, tulip, buttercup, daisy, lily, peony, violet, carnation, gladiola, magnolia, petunia, zinnia"),
            W("ant, caterpillar, flea, locust, spider, bedbug, centipede, fly, maggot, tarantula, bee, cockroach, gnat, mosquito, termite, beetle, cricket, hornet, moth, wasp, blackfly, dragonfly, horsefly, roach, weevil"),
            Pleasant, Unpleasant),
        new("Instruments vs weapons × pleasant vs unpleasant (WEAT 2)", "instruments", "weapons", "pleasant", "unpleasant",
            W("bagpipe, cello, guitar, lute, trombone, banjo, clarinet, harmonica, mandolin, trumpet, bassoon, drum, harp, oboe, tuba, bell, fiddle, harpsichord, piano, viola, bongo, flute, horn, saxophone, violin"),
            W("arrow, club, gun, missile, spear, axe, dagger, harpoon, pistol, sword, blade, dynamite, hatchet, rifle, tank, bomb, firearm, knife, shotgun, teargas, cannon, grenade, mace, slingshot, whip"),
            Pleasant, Unpleasant),
        new("Male vs female names × career vs family (WEAT 6)", "male names", "female names", "career", "family",
            W("john, paul, mike, kevin, steve, greg, jeff, bill"),
            W("amy, joan, lisa, sarah, diana, kate, ann, donna"),
            W("executive, management, professional, corporation, salary, office, business, career"),
            W("home, parents, children, family, cousins, marriage, wedding, relatives")),
        new("Math vs arts × male vs female terms (WEAT 7)", "math", "arts", "male terms", "female terms",
            W("math, algebra, geometry, calculus, equations, computation, numbers, addition"),
            W("poetry, art, dance, literature, novel, symphony, drama, sculpture"),
            W("male, man, boy, brother, he, him, his, son"),
            W("female, woman, girl, sister, she, her, hers, daughter")),
        new("Science vs arts × male vs female terms (WEAT 8)", "science", "arts", "male terms", "female terms",
            W("science, technology, physics, chemistry, einstein, nasa, experiment, astronomy"),
            W("poetry, art, shakespeare, dance, literature, novel, symphony, drama"),
            W("brother, father, uncle, grandfather, son, he, his, him"),
            W("sister, mother, aunt, grandmother, daughter, she, hers, her")),
    ];

    /// <summary>Default "he … → she …" word lists for a gender direction.</summary>
    public static IReadOnlyList<string> MaleTerms { get; } = W("he, him, his, man, boy");
    public static IReadOnlyList<string> FemaleTerms { get; } = W("she, her, hers, woman, girl");
}
