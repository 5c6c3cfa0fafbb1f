namespace FlipFlow.Web.Features.Api;

/// <summary>An amount of money as the API answers it: a decimal with its ISO 4217 currency code, e.g. <c>{ "amount": 12.50, "currency": "USD" }</c>.</summary>
public sealed record ApiMoney(decimal Amount, string Currency);
