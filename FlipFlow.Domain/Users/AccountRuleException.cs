namespace FlipFlow.Domain.Users;

/// <summary>A user-administration request that breaks a rule; the message is meant for the person who asked.</summary>
public sealed class AccountRuleException(string message) : Exception(message);
