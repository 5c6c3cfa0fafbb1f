namespace FlipFlow.Web.Hosting;

/// <summary>
/// Where FlipFlow writes what a person must read once at start, such as the first Admin's password:
/// standard output, never the log. Tests put a writer of their own in its place.
/// </summary>
public sealed class StartupConsole(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}
