using MimeKit;

namespace EmbeddingLab.Core.Data.Mail;

/// <summary>What a reader sees of one e-mail: the decoded subject and the text of its body.</summary>
/// <param name="Subject">The Subject header, decoded (RFC 2047 encoded words), empty when there is none.</param>
/// <param name="Body">The text parts that are not attachments: text/plain when there is one, otherwise HTML reduced to text; white space collapsed.</param>
/// <param name="FromHtml">True when the body came from HTML parts.</param>
public sealed record MailText(string Subject, string Body, bool FromHtml);

/// <summary>An e-mail that could not be read, with the reason.</summary>
public sealed class MailFormatException(string message, Exception? inner = null) : FormatException(message, inner);

/// <summary>
/// Parses one raw e-mail with MimeKit: headers and MIME structure, content transfer encodings (quoted-printable,
/// base64) and charsets decoded by MimeKit. The body is the text/plain parts that are not attachments (the plain
/// alternative of multipart/alternative is preferred); a message with only HTML text gets it reduced to text by
/// <see cref="HtmlText"/>. Attachments (a Content-Disposition of attachment, or non-text parts) are skipped.
/// </summary>
public static class MailReader
{
    /// <summary>Reads one message. A leading mbox "From " line (as the Spam Assassin files have) is skipped.</summary>
    /// <exception cref="MailFormatException">The bytes are not a message (no header block, a broken MIME structure, an undecodable part).</exception>
    public static MailText Read(byte[] bytes, CancellationToken cancellationToken = default)
    {
        MimeMessage message;
        try
        {
            int start = MboxLineLength(bytes);
            using var stream = new MemoryStream(bytes, start, bytes.Length - start, writable: false);
            var parser = new MimeParser(stream, MimeFormat.Entity);
            message = parser.ParseMessage(cancellationToken);
        }
        catch (FormatException e) { throw new MailFormatException($"not a MIME message ({e.Message.TrimEnd('.')})", e); }
        if (message.Headers.Count == 0 || !HasMessageHeader(message))
            throw new MailFormatException("no message headers (From, To, Subject, Date or Message-Id) at the start");

        var plain = new List<string>();
        var html = new List<string>();
        foreach (var part in message.BodyParts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (part is not TextPart text || part.IsAttachment) continue;
            string content;
            try { content = text.Text ?? ""; }
            catch (Exception e) when (e is NotSupportedException or ArgumentException) // DecoderFallbackException is an ArgumentException
            {
                throw new MailFormatException($"its {text.ContentType.MimeType} part cannot be decoded ({e.Message.TrimEnd('.')})", e);
            }
            if (text.IsHtml) html.Add(content);
            else if (text.IsPlain || text.ContentType.MediaSubtype.Equals("enriched", StringComparison.OrdinalIgnoreCase)) plain.Add(content);
        }
        string subject = Collapse(message.Subject ?? "");
        if (plain.Any(p => !string.IsNullOrWhiteSpace(p))) return new MailText(subject, Collapse(string.Join("\n\n", plain)), false);
        if (html.Count > 0) return new MailText(subject, string.Join(" ", html.Select(HtmlText.Convert)).Trim(), true);
        return new MailText(subject, "", false);
    }

    /// <summary>Length of a leading mbox separator line ("From sender date"), which is no header; 0 when there is none.</summary>
    private static int MboxLineLength(byte[] bytes)
    {
        if (bytes.Length < 5 || bytes[0] != 'F' || bytes[1] != 'r' || bytes[2] != 'o' || bytes[3] != 'm' || bytes[4] != ' ') return 0;
        int newline = Array.IndexOf(bytes, (byte)'\n');
        return newline < 0 ? bytes.Length : newline + 1;
    }

    private static bool HasMessageHeader(MimeMessage message) =>
        message.Headers.Any(h => h.Id is HeaderId.From or HeaderId.To or HeaderId.Subject or HeaderId.Date or HeaderId.MessageId or HeaderId.ReturnPath or HeaderId.Received);

    private static string Collapse(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u00a0') { space = sb.Length > 0; continue; }
            if (char.IsControl(c)) continue;
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
