using EmbeddingLab.Core.Analysis;

namespace EmbeddingLab.Core.Data;

/// <summary>One demo sentence and its topic.</summary>
public sealed record LabeledSentence(string Text, string Label);

/// <summary>
/// Built-in sentences written for EmbeddingLab (not taken from any dataset): 30 sentences on each of ten clearly
/// different topics, so every encoder has something to show and semantic search has an obvious right answer;
/// plus a small set of sentence pairs with gold similarity scores (0 = unrelated … 5 = same meaning) for STS.
/// </summary>
public static class DemoSentences
{
    public static readonly IReadOnlyList<string> Topics = ["cooking", "football", "astronomy", "programming", "music", "weather", "finance", "medicine", "travel", "animals"];

    private const string Cooking = """
        Simmer the tomato sauce slowly so the garlic turns sweet instead of bitter.
        Knead the bread dough for ten minutes until it feels smooth and elastic.
        A pinch of salt in the caramel makes the sugar taste richer.
        Roast the vegetables in a hot oven until their edges turn brown and crisp.
        Let the steak rest on a board for five minutes before you slice it.
        She whisked the eggs with cream and poured them into the buttered pan.
        Fresh basil should go into the pasta at the very end of cooking.
        The soup needs more pepper and a squeeze of lemon juice.
        Chop the onions finely and fry them in olive oil until golden.
        Our grandmother's recipe for apple pie uses cinnamon and a lattice crust.
        Boil the potatoes in salted water, then mash them with warm milk.
        Marinate the chicken overnight in yogurt, ginger and spices.
        A sharp knife is safer in the kitchen than a blunt one.
        The risotto must be stirred constantly while the rice absorbs the stock.
        He baked a chocolate cake for the party and decorated it with berries.
        Toast the cumin seeds in a dry pan to release their aroma.
        The chef seasoned the fish with sea salt and grilled it over charcoal.
        Add the flour gradually so the batter does not form lumps.
        Slow-cooked beef stew tastes even better on the second day.
        Sprinkle grated parmesan over the lasagna before it goes into the oven.
        The pancakes were fluffy because she folded in whipped egg whites.
        Peel and dice the carrots, then add them to the simmering broth.
        Homemade mayonnaise needs egg yolks, oil, mustard and patience.
        Fry the dumplings until the bottoms are crisp, then steam them with a lid.
        This curry gets its heat from dried chillies and fresh green peppers.
        The bakery sells warm croissants filled with almond cream every morning.
        Deglaze the pan with wine and scrape up the browned bits for the gravy.
        Use ripe bananas for the banana bread so it stays moist.
        The salad dressing is three parts oil to one part vinegar.
        Preheat the oven before you put the cookies on the baking tray.
        """;

    private const string Football = """
        The striker scored twice in the second half to win the match.
        Our goalkeeper saved a penalty in the last minute of the game.
        The referee showed a red card after a dangerous tackle.
        The home team dominated possession but could not find the net.
        He curled the free kick over the wall and into the top corner.
        The coach changed the formation at half time and brought on two forwards.
        Fans sang in the stadium long after the final whistle.
        The midfielder passed the ball through the defence to the winger.
        The club signed a young defender from a rival league for a record fee.
        An offside flag cancelled what looked like the winning goal.
        The cup final went to extra time and then to a penalty shootout.
        The captain lifted the trophy in front of the travelling supporters.
        After the corner kick the centre back headed the ball into the goal.
        The team is top of the league table with three games left.
        She dribbled past three players before shooting at the keeper.
        The derby between the two city clubs ended in a goalless draw.
        Injuries forced the manager to play a teenager in central defence.
        Video review confirmed the handball and the referee pointed to the spot.
        The full-back overlapped on the left and crossed for the striker.
        They were relegated after losing their final match of the season.
        The national team qualified for the World Cup with a late equaliser.
        Our pressing forced the defenders into mistakes near their own box.
        The goalkeeper punched the cross away and the ball went out for a throw-in.
        He has scored twenty league goals this season, more than any other forward.
        The players warmed up on the pitch an hour before kick-off.
        A hat-trick from the substitute turned the game around.
        The transfer window closes at midnight, so clubs are rushing to sign players.
        The defence held firm against waves of attacks in stoppage time.
        The women's football final sold out the stadium within a day.
        The winger hit the post twice but the team still lost one nil.
        """;

    private const string Astronomy = """
        Jupiter is the largest planet in our solar system.
        The telescope revealed the rings of Saturn on a clear night.
        A light year is the distance light travels in one year.
        The Andromeda galaxy is slowly moving toward the Milky Way.
        During a total solar eclipse the moon completely covers the sun.
        Astronomers detected a planet orbiting a star forty light years away.
        Black holes bend light so strongly that nothing escapes their horizon.
        The comet's tail always points away from the sun.
        Mars looks red because its surface is covered with iron oxide dust.
        A supernova can briefly outshine an entire galaxy of stars.
        The International Space Station circles the Earth about every ninety minutes.
        Neutron stars are so dense that a teaspoon would weigh billions of tons.
        The Perseid meteor shower peaks every August.
        Our sun is a middle-aged yellow dwarf star.
        The rover drilled into rocks on Mars to search for signs of ancient water.
        Radio telescopes listen to faint signals from distant galaxies.
        The phases of the moon repeat roughly every twenty-nine days.
        Venus is the hottest planet because its thick atmosphere traps heat.
        The Big Bang theory describes how the universe expanded from a hot dense state.
        Saturn's moon Titan has lakes of liquid methane.
        An astronaut floated outside the spacecraft to repair a solar panel.
        The Hubble image showed thousands of galaxies in a tiny patch of sky.
        Pluto was reclassified as a dwarf planet in 2006.
        Stars are born inside cold clouds of gas and dust called nebulae.
        The orbit of the Earth around the sun takes a little over 365 days.
        A space probe flew past Neptune and photographed its blue clouds.
        Gravitational waves were first detected from two merging black holes.
        The asteroid belt lies between the orbits of Mars and Jupiter.
        The night sky in the desert shows the band of the Milky Way.
        Observatories are built on high mountains where the air is thin and dry.
        """;

    private const string Programming = """
        The function returns null when the key is missing from the dictionary.
        Write unit tests before you refactor the legacy code.
        The compiler reported a type error on line forty-two.
        She fixed the bug by adding a lock around the shared counter.
        Git lets you create a branch, commit changes and merge them later.
        The database query was slow until we added an index on the user id column.
        Python uses indentation to mark blocks of code.
        The web server handles each request on a separate thread.
        A memory leak made the service crash after a few hours.
        Use a hash map when you need fast lookups by key.
        The recursive algorithm ran out of stack space on large inputs.
        We deployed the new version of the API behind a load balancer.
        The code review caught an off-by-one error in the loop.
        JavaScript runs in the browser and can update the page without reloading.
        The program reads the configuration file at startup.
        Sorting the array first makes the binary search possible.
        The developer wrote a script to automate the build and the tests.
        An exception is thrown when the file cannot be opened.
        The class implements an interface with two methods.
        Continuous integration runs the test suite on every pull request.
        The variable was declared inside the loop, so it was reset each time.
        Garbage collection frees memory that the program no longer uses.
        She profiled the application and found the slow function.
        The compiler optimises the loop by unrolling it.
        Version control keeps the history of every change to the source code.
        The command-line tool parses its arguments and prints a usage message.
        Concurrency bugs are hard to reproduce because they depend on timing.
        The library exposes an asynchronous method that returns a task.
        Rust's borrow checker prevents data races at compile time.
        The JSON response contains a list of objects with ids and names.
        """;

    private const string Music = """
        The orchestra played a symphony by Beethoven to a full concert hall.
        She practises the piano for two hours every evening.
        The guitarist tuned his strings before the band went on stage.
        The song has a catchy chorus and a slow acoustic bridge.
        Jazz musicians often improvise solos over a chord progression.
        The drummer kept a steady beat while the crowd clapped along.
        The choir sang the hymn in four-part harmony.
        He composed the melody on a violin and later arranged it for strings.
        The album was recorded live in a small club in one night.
        A minor key often gives a piece of music a sad feeling.
        The singer hit the high note at the end of the ballad.
        The festival line-up includes rock bands, folk singers and a DJ.
        Learning to read sheet music helps you play new pieces faster.
        The bass line drives the rhythm of the whole track.
        The conductor raised his baton and the musicians began the overture.
        Her new single went straight to the top of the charts.
        The opera tells a tragic love story in three acts.
        A metronome helps beginners keep time while they practise scales.
        The saxophone solo was the best part of the concert.
        They mixed and mastered the record in a professional studio.
        The band's tour sold out in every city.
        He plays the cello in the city's youth orchestra.
        The lyrics of the song are about leaving home.
        Hip hop producers build beats from samples and drum machines.
        The string quartet rehearsed the slow movement again and again.
        The audience gave the pianist a standing ovation.
        Folk music passes old tunes from one generation to the next.
        The composer wrote the film score for a large orchestra and choir.
        Turn up the volume, this is my favourite song.
        The tempo of the waltz is three beats to a bar.
        """;

    private const string Weather = """
        Heavy rain is expected tomorrow with strong winds along the coast.
        The forecast says it will be sunny and warm all weekend.
        A thick fog covered the valley early this morning.
        Temperatures will drop below freezing tonight, so watch out for ice.
        The thunderstorm knocked out power in several villages.
        Snow fell all night and the roads are closed.
        It is humid and sticky today, with a chance of afternoon showers.
        The hurricane is moving north and may reach land on Friday.
        A cold front will bring clouds and cooler air from the west.
        The drought has lasted for months and the rivers are low.
        We saw a rainbow after the storm passed over the hills.
        Hailstones the size of marbles damaged cars in the car park.
        The heatwave pushed the temperature above forty degrees.
        Bring an umbrella, it looks like it is going to rain.
        The wind chill makes it feel much colder than it is.
        Meteorologists track storms with satellites and weather radar.
        The spring has been unusually dry and mild this year.
        Lightning struck a tree in the park during the storm.
        There is a frost warning for gardeners this weekend.
        The monsoon brings most of the year's rain in just a few months.
        Clouds are building up over the mountains in the afternoon.
        A blizzard left drifts of snow higher than the fences.
        The air pressure is falling, which usually means bad weather is coming.
        It has been grey and drizzly for a whole week.
        Tomorrow will start cloudy, but the sun will break through by noon.
        Gale force winds are expected in the north tonight.
        The flood warning remains in place after days of heavy rain.
        The morning was cold and clear with frost on the grass.
        A tornado touched down in the farmland east of the town.
        Summer evenings here are warm and the breeze comes from the sea.
        """;

    private const string Finance = """
        The central bank raised interest rates to fight inflation.
        Stock prices fell sharply after the company reported lower profits.
        Diversifying your investments reduces the risk of large losses.
        She opened a savings account with a higher interest rate.
        The company paid a dividend of two dollars per share.
        Bond yields rose as investors expected more rate increases.
        He took out a mortgage to buy his first house.
        The startup raised ten million dollars from venture capital investors.
        Inflation means that money buys less than it did a year ago.
        The exchange rate of the euro against the dollar changed overnight.
        Paying off credit card debt early saves a lot of interest.
        The quarterly earnings report beat analysts' expectations.
        Index funds track the market and charge low fees.
        The bank approved the loan after checking her credit history.
        A recession is a period when the economy shrinks for several months.
        The accountant prepared the balance sheet and the income statement.
        Shares of the tech company doubled in value this year.
        Pension funds invest workers' savings for retirement.
        The government plans to cut taxes for small businesses.
        Traders watched the oil price rise on news of lower supply.
        Compound interest makes savings grow faster over many years.
        The merger will create the largest bank in the country.
        Keep an emergency fund with three months of living expenses.
        The budget deficit grew because spending rose faster than tax revenue.
        Cryptocurrency prices are extremely volatile.
        The auditor found errors in the company's financial statements.
        Investors sold their shares when the market opened lower.
        The price of gold usually rises when markets are uncertain.
        Monthly payments on the car loan are due on the first of the month.
        Economists expect unemployment to fall next year.
        """;

    private const string Medicine = """
        The doctor prescribed antibiotics for the bacterial infection.
        Regular exercise lowers the risk of heart disease.
        The patient was admitted to hospital with a broken leg.
        Vaccines train the immune system to recognise a virus.
        High blood pressure often has no symptoms at all.
        The nurse measured his temperature and checked his pulse.
        The surgeon removed the appendix in a short operation.
        Diabetes affects how the body controls blood sugar.
        An X-ray showed a small fracture in the wrist.
        Take the tablets twice a day with food.
        The clinical trial tested the new drug on two thousand volunteers.
        She has a fever, a sore throat and a cough.
        The pharmacist explained the side effects of the medicine.
        Washing your hands helps stop the spread of infections.
        The MRI scan revealed inflammation in the knee joint.
        Children should get enough sleep to stay healthy.
        The paramedics gave first aid at the scene of the accident.
        Allergies can cause sneezing, itchy eyes and a rash.
        The vaccine is given in two doses a month apart.
        A healthy diet includes plenty of vegetables and fibre.
        The cardiologist recommended a test of the heart's rhythm.
        Chronic pain can make it hard to work and to sleep.
        The blood test showed low levels of iron.
        Physiotherapy helped her walk again after the knee surgery.
        Smoking damages the lungs and causes many cancers.
        The hospital opened a new ward for intensive care.
        Antibiotics do not work against viral infections like the flu.
        The dentist filled a cavity in one of his molars.
        The patient needs to rest and drink plenty of fluids.
        Doctors diagnosed the illness early, so the treatment worked well.
        """;

    private const string Travel = """
        We booked a cheap flight to Lisbon for the long weekend.
        Do not forget your passport when you travel abroad.
        The hotel room had a balcony with a view of the harbour.
        The train from Paris to Rome takes most of a day.
        Backpackers often stay in hostels to save money.
        Our luggage was lost at the airport and arrived two days later.
        The guided tour of the old town lasted three hours.
        She rented a car to explore the coast at her own pace.
        The flight was delayed because of a technical problem.
        We hiked to the top of the mountain and camped by a lake.
        The ferry crosses to the island twice a day in summer.
        Travel insurance covered the cost of the cancelled trip.
        The museum was crowded with tourists taking photographs.
        Check in online to skip the queue at the airport.
        The night bus is the cheapest way to cross the country.
        They spent their honeymoon on a beach in Thailand.
        You need a visa to enter the country for more than thirty days.
        The cruise ship stopped at five ports along the coast.
        A local guide showed us the best street food in the market.
        Jet lag made it hard to sleep for the first few nights.
        The campsite has showers, a shop and a playground.
        We exchanged some money at the airport before taking a taxi to the city.
        The road trip took us through deserts, canyons and small towns.
        Pack light so you can carry your bag on the plane.
        The hotel reception can book tickets for the boat tour.
        Our holiday apartment was a short walk from the beach.
        The overnight train had sleeping compartments with four beds.
        Remember to learn a few words of the local language before you go.
        The airline charges extra for checked baggage.
        From the cable car we could see the whole city and the sea.
        """;

    private const string Animals = """
        The cat curled up on the windowsill and fell asleep in the sun.
        Dogs can learn to understand dozens of words.
        Elephants live in family groups led by the oldest female.
        The owl hunts at night and can turn its head almost all the way round.
        Bees collect nectar and pollinate flowers as they go.
        Dolphins communicate with clicks and whistles.
        The penguin colony huddles together to survive the winter.
        A cheetah can run faster than any other land animal.
        The farmer keeps cows, sheep and a few chickens.
        Frogs lay their eggs in ponds and the tadpoles grow legs later.
        The puppy chewed the slippers and hid under the sofa.
        Wolves hunt in packs and howl to stay in contact.
        Whales migrate thousands of kilometres every year.
        The parrot can imitate the sound of the telephone.
        Squirrels bury nuts in autumn and dig them up in winter.
        The horse galloped across the field and jumped the fence.
        Ants work together to carry food back to their nest.
        The zoo's new baby giraffe was already taller than the keeper.
        Bats find insects in the dark by listening to echoes.
        Our rabbit likes carrots, hay and fresh dandelion leaves.
        The lion rested in the shade while the cubs played nearby.
        Salmon swim upstream to lay their eggs in the river where they hatched.
        The snake shed its skin and left it under a rock.
        Octopuses can change colour to hide from predators.
        The vet checked the kitten's teeth and gave it a vaccination.
        Migrating geese fly south in a V-shaped formation.
        The tortoise in the garden is more than fifty years old.
        Gorillas build a new nest of leaves every night.
        The sheepdog rounded up the flock and brought it to the gate.
        Hummingbirds beat their wings so fast that they hum.
        """;

    private static readonly Lazy<IReadOnlyList<LabeledSentence>> _all = new(() =>
    {
        string[] blocks = [Cooking, Football, Astronomy, Programming, Music, Weather, Finance, Medicine, Travel, Animals];
        var list = new List<LabeledSentence>();
        for (int t = 0; t < blocks.Length; t++)
            foreach (var line in blocks[t].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                list.Add(new LabeledSentence(line, Topics[t]));
        return list;
    });

    /// <summary>All demo sentences, topic by topic.</summary>
    public static IReadOnlyList<LabeledSentence> All => _all.Value;

    /// <summary>
    /// Sentence pairs with gold similarity written for EmbeddingLab (0 unrelated, 1 same topic only, 2–3 related
    /// statements, 4 nearly the same, 5 paraphrases), for trying STS evaluation without a download.
    /// </summary>
    public static IReadOnlyList<SentencePair> StsPairs { get; } =
    [
        new("The striker scored a goal in the last minute.", "A late goal by the forward won the game.", 4.2),
        new("The striker scored a goal in the last minute.", "The goalkeeper saved a penalty.", 2.0),
        new("The striker scored a goal in the last minute.", "Simmer the sauce for twenty minutes.", 0.0),
        new("The doctor gave her antibiotics for the infection.", "She was prescribed antibiotics by her doctor to treat an infection.", 4.8),
        new("The doctor gave her antibiotics for the infection.", "The nurse took his blood pressure.", 1.6),
        new("The doctor gave her antibiotics for the infection.", "The band played until midnight.", 0.0),
        new("It will rain heavily tomorrow.", "Tomorrow there will be a lot of rain.", 5.0),
        new("It will rain heavily tomorrow.", "A storm with strong winds is coming tonight.", 2.8),
        new("It will rain heavily tomorrow.", "The weather will be dry and sunny tomorrow.", 1.4),
        new("It will rain heavily tomorrow.", "Interest rates will rise tomorrow.", 0.2),
        new("The central bank raised interest rates.", "Interest rates were increased by the central bank.", 5.0),
        new("The central bank raised interest rates.", "The central bank cut interest rates.", 2.6),
        new("The central bank raised interest rates.", "Share prices fell after the report.", 1.4),
        new("The central bank raised interest rates.", "The cat slept on the sofa.", 0.0),
        new("Jupiter is the biggest planet in the solar system.", "No planet in our solar system is larger than Jupiter.", 4.8),
        new("Jupiter is the biggest planet in the solar system.", "Saturn has beautiful rings.", 1.8),
        new("Jupiter is the biggest planet in the solar system.", "He wrote a function to sort the list.", 0.0),
        new("She fixed the bug in the code.", "The programmer corrected the error in the program.", 4.4),
        new("She fixed the bug in the code.", "The tests run on every commit.", 1.6),
        new("She fixed the bug in the code.", "A bug landed on the flower.", 0.4),
        new("The orchestra played a symphony.", "A symphony was performed by the orchestra.", 5.0),
        new("The orchestra played a symphony.", "The pianist practised scales for an hour.", 1.8),
        new("The orchestra played a symphony.", "We missed our flight to Rome.", 0.0),
        new("We took the night train to Vienna.", "We travelled to Vienna by train overnight.", 4.8),
        new("We took the night train to Vienna.", "Our flight to Vienna was delayed.", 2.4),
        new("We took the night train to Vienna.", "The dog barked at the postman.", 0.0),
        new("The dog chased the cat around the garden.", "The cat was chased through the garden by the dog.", 4.6),
        new("The dog chased the cat around the garden.", "The cat chased the dog around the garden.", 3.0),
        new("The dog chased the cat around the garden.", "Wolves hunt together in packs.", 1.2),
        new("The dog chased the cat around the garden.", "Add salt to the boiling water.", 0.0),
        new("Knead the dough until it is smooth.", "Work the bread dough until it becomes smooth.", 4.6),
        new("Knead the dough until it is smooth.", "Bake the cake for forty minutes.", 1.8),
        new("Knead the dough until it is smooth.", "The stock market closed higher.", 0.0),
        new("The hospital opened a new ward.", "A new ward has opened at the hospital.", 5.0),
        new("The hospital opened a new ward.", "The surgeon operated on the patient.", 1.6),
        new("The hospital opened a new ward.", "A comet passed close to the sun.", 0.0),
    ];
}
