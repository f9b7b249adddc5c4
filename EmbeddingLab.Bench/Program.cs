using System.Reflection;
using EmbeddingLab.Bench;

var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "--help" or "-h" or "list")
{
    Console.WriteLine("dotnet run -c Release --project EmbeddingLab.Bench -- <benchmark> [args]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-16} {b.Description}");
    return args.Length == 0 ? 2 : 0;
}
var chosen = benchmarks.FirstOrDefault(b => string.Equals(b.Name, args[0], StringComparison.OrdinalIgnoreCase));
if (chosen is null)
{
    Console.Error.WriteLine($"Unknown benchmark \"{args[0]}\"; benchmarks are {string.Join(", ", benchmarks.Select(b => b.Name))}.");
    return 2;
}
return chosen.Run(args[1..]);
