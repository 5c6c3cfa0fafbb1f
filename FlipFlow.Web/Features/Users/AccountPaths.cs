using System.Globalization;
using System.Text;

namespace FlipFlow.Web.Features.Users;

public static class AccountPaths
{
    public const string Login = "/account/login";
    public const string Logout = "/account/logout";
    public const string ChangePassword = "/account/change-password";
    public const string AccessDenied = "/account/access-denied";

    /// <summary>
    /// A return address only when it stays inside FlipFlow, with every character outside printable ASCII percent-encoded
    /// so that it can go into a Location header; anything else becomes the home page.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || !IsLocalPath(returnUrl)
            // Browsers read look-alikes such as the fullwidth solidus (U+FF0F) as '/' once compatibility-normalised.
            || !IsLocalPath(returnUrl.Normalize(NormalizationForm.FormKC)))
        {
            return "/";
        }
        foreach (var rune in returnUrl.EnumerateRunes())
        {
            // Browsers drop tabs and line breaks from addresses ("/\t/evil.example" becomes "//evil.example"), and
            // invisible or direction-changing characters only serve to disguise where a link goes.
            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)
            {
                return "/";
            }
        }
        var escaped = new StringBuilder(returnUrl.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in returnUrl.EnumerateRunes())
        {
            if (rune.IsAscii && rune.Value > ' ')
            {
                escaped.Append((char)rune.Value);
                continue;
            }
            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                escaped.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return escaped.ToString();
    }

    /// <summary>A path on this site: one leading '/', not "//" or "/\", which browsers take for another host.</summary>
    private static bool IsLocalPath(string path) =>
        path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal);
}
