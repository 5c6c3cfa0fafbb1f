using System.Globalization;

namespace FlipFlow.Domain.Common;

/// <summary>A number of bytes as people read it: "512 KB", "2.5 MB".</summary>
public static class ByteSize
{
    public static string Text(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{(bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB",
        >= 1024 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        _ => $"{bytes} bytes",
    };
}
