using EmbeddingLab.Bench;

// Benchmarks are discovered by reflection: add a class implementing IBenchmark in Benchmarks/.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "--help" or "-h" or "list")
{
    Console.WriteLine("EmbeddingLab benchmarks: dotnet run -c Release --project EmbeddingLab.Bench -- <name> [options]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-12} {b.Description}");
    return args.Length == 0 ? 2 : 0;
}
var chosen = benchmarks.FirstOrDefault(b => b.Name == args[0]);
if (chosen is null)
{
    Console.Error.WriteLine($"Unknown benchmark \"{args[0]}\"; benchmarks are {string.Join(", ", benchmarks.Select(b => b.Name))}.");
    return 2;
}
return chosen.Run(args[1..]);
