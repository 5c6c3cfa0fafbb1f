namespace FlipFlow.Web.Features.Users;

/// <summary>
/// Marks a page whose form checks a password: its POSTs are limited per client address (see
/// <see cref="SignInProtection"/>). Its GETs are not.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PasswordFormAttribute : Attribute;
