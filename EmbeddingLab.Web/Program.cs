using EmbeddingLab.Web;
using EmbeddingLab.Web.Components;

var builder = WebApplication.CreateBuilder(args);
// `dotnet run` and the tests run the app from its build output in Production: serve the static web assets (ours,
// MudBlazor's, Plotly.Blazor's, the scoped CSS bundle) from the build's manifest there too. Published output has them
// in wwwroot and this is a no-op.
builder.WebHost.UseStaticWebAssets();
builder.Services.AddEmbeddingLab(builder.Configuration);

var app = builder.Build();
app.UseEmbeddingLab();
app.Run();

/// <summary>Entry point type, visible to the tests' host.</summary>
public partial class Program;
