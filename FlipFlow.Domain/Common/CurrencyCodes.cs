namespace FlipFlow.Domain.Common;

/// <summary>
/// The ISO 4217 codes a price can be in: the active currency codes of ISO 4217's list one, as of 2026. Left out on
/// purpose: fund and unit-of-account codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), precious metals (XAU, XAG, XPD,
/// XPT), the bond-market units (XBA to XBD), special drawing rights and other settlement units (XDR, XSU, XUA), and the
/// testing and "no currency" codes (XTS, XXX): nothing is sold for them. Left out as withdrawn: ANG (replaced by XCG in
/// 2025), BGN (Bulgaria adopted the euro in 2026), CUC (Cuba unified its currency in 2021), HRK (Croatia adopted the euro
/// in 2023), SLL (redenominated as SLE), ZWL (replaced by ZWG in 2024), and the older MRO, STD, VEF and BYR.
/// </summary>
public static class CurrencyCodes
{
    public static readonly IReadOnlySet<string> Active = new HashSet<string>(StringComparer.Ordinal)
    {
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN",
        "BAM", "BBD", "BDT", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
        "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK",
        "DJF", "DKK", "DOP", "DZD",
        "EGP", "ERN", "ETB", "EUR",
        "FJD", "FKP",
        "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD",
        "HKD", "HNL", "HTG", "HUF",
        "IDR", "ILS", "INR", "IQD", "IRR", "ISK",
        "JMD", "JOD", "JPY",
        "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
        "LAK", "LBP", "LKR", "LRD", "LSL", "LYD",
        "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN",
        "NAD", "NGN", "NIO", "NOK", "NPR", "NZD",
        "OMR",
        "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG",
        "QAR",
        "RON", "RSD", "RUB", "RWF",
        "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
        "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS",
        "UAH", "UGX", "USD", "UYU", "UZS",
        "VED", "VES", "VND", "VUV",
        "WST",
        "XAF", "XCD", "XCG", "XOF", "XPF",
        "YER",
        "ZAR", "ZMW", "ZWG",
    };

    /// <summary>True for an active code, written as ISO writes it (three capital letters).</summary>
    public static bool IsActive(string? code) => code is not null && Active.Contains(code);

    /// <summary>What is wrong with a currency code, or null.</summary>
    public static string? Problem(string? code) => IsActive(code)
        ? null
        : string.IsNullOrWhiteSpace(code)
            ? "Enter a currency: an ISO 4217 code such as USD, EUR or GBP."
            : IsActive(code.ToUpperInvariant())
                ? $"Write the currency code in capitals: {code.ToUpperInvariant()}."
                : $"{code} is not an ISO 4217 currency code; use one such as USD, EUR or GBP.";
}
