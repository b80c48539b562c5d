namespace HotlineTelephony.Tickets.Model;

/// <summary>The ticket categories of the 12345 centres (domain reference §3.1), stored as the Chinese words.</summary>
public static class TicketCategories
{
    public const string Consultation = "咨询";
    public const string Help = "求助";
    public const string Complaint = "投诉";
    public const string Report = "举报";
    public const string Suggestion = "建议";
    public const string Correction = "纠错";
    public const string Praise = "表扬";
    public const string Urgent = "紧急";

    public static IReadOnlyList<string> All { get; } = [Consultation, Help, Complaint, Report, Suggestion, Correction, Praise, Urgent];

    public static bool IsKnown(string? category) => category is not null && All.Contains(category, StringComparer.Ordinal);
}
