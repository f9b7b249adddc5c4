using System.Text.RegularExpressions;
using EmbeddingLab.Cli;
using EmbeddingLab.Tests.Infrastructure;

namespace EmbeddingLab.Tests.Cli;

/// <summary>README's command table is where script writers look: it lists every command the CLI has, and no other.</summary>
public sealed class ReadmeCommandTableTests
{
    /// <summary>The first word of each row's first cell in the table under "## Command line".</summary>
    private static SortedSet<string> ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        int start = readme.IndexOf("\n## Command line\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no \"## Command line\" section.");
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var rows = Regex.Matches(section, @"^\| `([a-z][a-z-]*)[ `]", RegexOptions.Multiline);
        Assert.NotEmpty(rows);
        return new SortedSet<string>(rows.Select(m => m.Groups[1].Value), StringComparer.Ordinal);
    }

    [Fact]
    public void Every_cli_command_is_in_the_readme_table_and_every_table_command_exists()
    {
        var cli = new SortedSet<string>(CliApp.CreateCommands().Select(c => c.Name), StringComparer.Ordinal);
        var readme = ReadmeCommands();
        Assert.True(cli.SetEquals(readme),
            $"missing from README's table: {string.Join(", ", cli.Except(readme))}; in the table but not a command: {string.Join(", ", readme.Except(cli))}");
    }
}
