using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Options;

/// <summary>Start-up checks for <see cref="TrunkOptions"/>; messages name each trunk as "Trunks:{index}".</summary>
internal sealed class TrunkOptionsValidator : IValidateOptions<TrunkOptions>
{
    public ValidateOptionsResult Validate(string? name, TrunkOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        for (int i = 0; i < options.Trunks.Count; i++)
        {
            var trunk = options.Trunks[i];
            string prefix = $"{TrunkOptions.SectionName}:{i}";

            if (string.IsNullOrWhiteSpace(trunk.Name))
            {
                failures.Add($"{prefix}:Name must be set.");
            }
            else if (!names.Add(trunk.Name))
            {
                failures.Add($"{prefix}:Name '{trunk.Name}' is used by another trunk.");
            }

            if (!OptionsText.IsIpAddressOrCidr(trunk.Address))
            {
                failures.Add($"{prefix}:Address must be an IP address (203.0.113.7) or CIDR block (203.0.113.0/28) (was '{trunk.Address}').");
            }

            if (!string.Equals(trunk.Kind, TrunkDefinition.CarrierKind, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(trunk.Kind, TrunkDefinition.EmergencyKind, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{prefix}:Kind must be '{TrunkDefinition.CarrierKind}' or '{TrunkDefinition.EmergencyKind}' (was '{trunk.Kind}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
