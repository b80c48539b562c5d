using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Options;

/// <summary>Start-up checks for <see cref="RegistrarOptions"/>; messages never include passwords.</summary>
internal sealed class RegistrarOptionsValidator : IValidateOptions<RegistrarOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistrarOptions options)
    {
        var failures = new List<string>();
        const string S = RegistrarOptions.SectionName;

        if (string.IsNullOrWhiteSpace(options.Realm) || options.Realm.Contains('"', StringComparison.Ordinal))
        {
            failures.Add($"{S}:Realm must be a non-empty string without double quotes (was '{options.Realm}').");
        }

        if (options.MinExpiresSeconds < 1)
        {
            failures.Add($"{S}:MinExpiresSeconds must be at least 1 (was {options.MinExpiresSeconds}).");
        }

        if (options.MaxExpiresSeconds < options.MinExpiresSeconds)
        {
            failures.Add($"{S}:MaxExpiresSeconds must be at least {S}:MinExpiresSeconds ({options.MinExpiresSeconds}) (was {options.MaxExpiresSeconds}).");
        }

        if (options.DefaultExpiresSeconds < options.MinExpiresSeconds || options.DefaultExpiresSeconds > options.MaxExpiresSeconds)
        {
            failures.Add($"{S}:DefaultExpiresSeconds must be between {S}:MinExpiresSeconds ({options.MinExpiresSeconds}) and {S}:MaxExpiresSeconds ({options.MaxExpiresSeconds}) (was {options.DefaultExpiresSeconds}).");
        }

        if (options.NonceLifetimeSeconds < 1)
        {
            failures.Add($"{S}:NonceLifetimeSeconds must be at least 1 (was {options.NonceLifetimeSeconds}).");
        }

        foreach (var algorithm in options.DigestAlgorithms)
        {
            if (algorithm is not ("MD5" or "SHA-256"))
            {
                failures.Add($"{S}:DigestAlgorithms may hold only \"MD5\" and \"SHA-256\" (was '{algorithm}').");
            }
        }

        if (options.KeepAliveSeconds < 1)
        {
            failures.Add($"{S}:KeepAliveSeconds must be at least 1 (was {options.KeepAliveSeconds}).");
        }

        foreach (var (extension, password) in options.Extensions)
        {
            if (!OptionsText.IsSimpleUserPart(extension))
            {
                failures.Add($"{S}:Extensions:{extension} is not a valid extension: use letters, digits, '.', '-', '_' or '+'.");
            }

            if (string.IsNullOrEmpty(password))
            {
                failures.Add($"{S}:Extensions:{extension} has an empty password.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
