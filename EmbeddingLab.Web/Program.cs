using EmbeddingLab.Web;
using EmbeddingLab.Web.Components;

// Job work is largely synchronous (parsing, training, fsync'd writes) on pool threads, and the pool adds threads only
// slowly beyond its minimum (the core count): a few busy jobs then left circuits' messages queued for seconds.
// Start with enough threads for the concurrent jobs (JobThrottle) and every circuit's traffic.
ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
ThreadPool.SetMinThreads(Math.Max(minWorkers, 32), minIo);

var builder = WebApplication.CreateBuilder(args);
// `dotnet run` and the tests run the app from its build output in Production: serve the static web assets (ours,
// MudBlazor's, Plotly.Blazor's, the scoped CSS bundle) from the build's manifest there too. Published output has them
// in wwwroot and this is a no-op.
builder.WebHost.UseStaticWebAssets();
try { builder.Services.AddEmbeddingLab(builder.Configuration); }
catch (FormatException e)
{
    // A malformed setting (e.g. EmbeddingLab:OnnxThreads): its one-sentence message, not a stack trace.
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 2;
    return;
}

var app = builder.Build();
app.UseEmbeddingLab();
app.Run();

/// <summary>Entry point type, visible to the tests' host.</summary>
public partial class Program;
