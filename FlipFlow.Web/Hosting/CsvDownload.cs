using System.Text;
using Microsoft.Net.Http.Headers;

namespace FlipFlow.Web.Hosting;

/// <summary>A CSV file sent as a download: the response's headers, and a UTF-8 writer (no byte-order mark) onto its body.</summary>
public static class CsvDownload
{
    /// <summary>Starts the download; disposing the writer flushes what is left and leaves the response open.</summary>
    public static StreamWriter Start(HttpContext context, string fileName)
    {
        var response = context.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
        return new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 32 * 1024, leaveOpen: true);
    }
}
