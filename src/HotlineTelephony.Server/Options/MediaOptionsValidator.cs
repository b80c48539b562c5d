using HotlineTelephony.Media.Sessions;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Options;

/// <summary>Start-up check of the "Media" section; the message names the setting.</summary>
internal sealed class MediaOptionsValidator : IValidateOptions<MediaEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaEngineOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
