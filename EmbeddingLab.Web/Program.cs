using EmbeddingLab.Web;
using EmbeddingLab.Web.Components;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEmbeddingLab(builder.Configuration);

var app = builder.Build();
app.UseEmbeddingLab();
app.Run();

/// <summary>Entry point type, visible to the tests' host.</summary>
public partial class Program;
