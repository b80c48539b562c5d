namespace HotlineTelephony.Tickets.Api;

/// <summary>PATCH /api/tickets/{number}: fields left out (null) keep their value.</summary>
public sealed record UpdateTicketRequest(string? Category = null, string? Content = null, string? Location = null, string? Status = null);
