using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Options;

/// <summary>Start-up checks for <see cref="HotlineOptions"/>.</summary>
internal sealed class HotlineOptionsValidator : IValidateOptions<HotlineOptions>
{
    public ValidateOptionsResult Validate(string? name, HotlineOptions options)
    {
        var failures = new List<string>();
        const string S = HotlineOptions.SectionName;

        if (options.ServiceNumbers.Count == 0)
        {
            failures.Add($"{S}:ServiceNumbers must list at least one number (e.g. \"12345\").");
        }

        for (int i = 0; i < options.ServiceNumbers.Count; i++)
        {
            string number = options.ServiceNumbers[i];
            if (string.IsNullOrEmpty(number) || !number.All(char.IsAsciiDigit))
            {
                failures.Add($"{S}:ServiceNumbers:{i} must be digits only (was '{number}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
