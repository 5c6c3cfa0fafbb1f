using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Common;

public static class CheckedOptions
{
    /// <summary>
    /// Checks the options when the app starts with their own <paramref name="check"/>, which throws a message that names
    /// the setting: a wrong value then stops the start with that message.
    /// </summary>
    public static OptionsBuilder<T> CheckedOnStart<T>(this OptionsBuilder<T> options, Action<T> check) where T : class =>
        options.Validate(value =>
            {
                check(value);
                return true;
            })
            .ValidateOnStart();
}
