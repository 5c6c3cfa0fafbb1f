using System.Net;
using System.Text.RegularExpressions;

namespace FlipFlow.Tests.Support;

/// <summary>Submits the console's server-rendered forms over HTTP as a browser would: hidden fields and antiforgery token included.</summary>
public static partial class Forms
{
    /// <summary>GETs <paramref name="path"/>, fills the form's hidden fields plus <paramref name="fields"/>, and POSTs it back.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string path, IReadOnlyDictionary<string, string> fields)
    {
        var page = await client.GetAsync(path);
        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)page.StatusCode} {page.Headers.Location}");
        }
        var html = await page.Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(html))
        {
            form[WebUtility.HtmlDecode(hidden.Groups["name"].Value)] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }
        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        SubmitAsync(client, "/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    /// <summary>Where a redirect points, as a path on this app; an absolute address elsewhere stays whole so the test sees it.</summary>
    public static string RedirectPath(HttpResponseMessage response, Uri app)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"{(int)response.StatusCode} is not a redirect.");
        return !location.IsAbsoluteUri ? location.OriginalString
            : location.Authority == app.Authority ? location.PathAndQuery
            : location.ToString();
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)" */?>""")]
    private static partial Regex HiddenInput();
}
