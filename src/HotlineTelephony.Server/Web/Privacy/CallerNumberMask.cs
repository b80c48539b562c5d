namespace HotlineTelephony.Server.Web.Privacy;

/// <summary>Caller-number masking of the issue 5 contract: <c>138****5678</c> (first 3 and last 4 kept); numbers of 7 characters or fewer keep their last 2.</summary>
public static class CallerNumberMask
{
    public static string? Mask(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return number;
        }

        if (number.Length <= 7)
        {
            return number.Length <= 2 ? new string('*', number.Length) : new string('*', number.Length - 2) + number[^2..];
        }

        return string.Concat(number.AsSpan(0, 3), new string('*', number.Length - 7), number.AsSpan(number.Length - 4));
    }
}
