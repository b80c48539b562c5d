using System.Globalization;
using System.Security.Claims;
using HotlineTelephony.Tickets.Calls;
using HotlineTelephony.Tickets.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HotlineTelephony.Tickets.Api;

/// <summary>
/// The ticket REST API under /api/tickets (listed in the OpenAPI document). Bad input gets 400 with each field's
/// problem; a database that stays unavailable after the retries gets 503 and nothing is written.
/// </summary>
public static class TicketEndpoints
{
    /// <summary>Maps the API; returns the group so the host can add authorization to it.</summary>
    public static RouteGroupBuilder MapTicketEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var tickets = app.MapGroup("/api/tickets").WithTags("Tickets");

        tickets.MapPost("/", CreateAsync)
            .WithSummary("Creates a ticket; with callId the caller number, agent, call record and recording come from the call.");
        tickets.MapGet("/", ListAsync)
            .WithSummary("Tickets of one day in the centre's time zone (default today), optionally of one category and status.");
        tickets.MapGet("/{number}", GetAsync)
            .WithSummary("One ticket by its number (12345-YYYYMMDD-NNNNNN).");
        tickets.MapPatch("/{number}", UpdateAsync)
            .WithSummary("Changes category, content, location or status; the back office is told through the outbox.");
        return tickets;
    }

    private static async Task<Results<Created<TicketDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTicketRequest body, ClaimsPrincipal user, TicketStore store, ICallLinkResolver calls, ITicketAuthors authors, CancellationToken cancellationToken)
    {
        var author = authors.Resolve(user, body.AgentId);
        if (author.Error is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["agentId"] = [author.Error] });
        }

        CallLink? call = null;
        if (!string.IsNullOrWhiteSpace(body.CallId))
        {
            call = await calls.FindAsync(body.CallId.Trim(), cancellationToken).ConfigureAwait(false);
            if (call is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["callId"] = [$"no live call and no call record has id \"{body.CallId}\""],
                });
            }
        }

        var input = new NewTicket
        {
            Category = body.Category ?? "",
            Content = body.Content ?? "",
            Location = body.Location,
            CallId = call?.CallId,
            CallerNumber = call?.CallerNumber ?? body.CallerNumber,
            CallRecordId = call?.CallRecordId,
            RecordingPath = call?.RecordingPath,
            // The call's answering agent when it has one; otherwise whoever the user creates it as.
            AgentId = call?.AgentId ?? author.AgentId,
        };

        TicketDto ticket;
        try
        {
            ticket = await store.CreateAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (TicketValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors);
        }
        catch (TicketStoreException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The ticket database is unavailable; nothing was written.");
        }

        if (call is not null)
        {
            await calls.LinkTicketAsync(call.CallId, ticket.Number, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Created($"/api/tickets/{ticket.Number}", ticket);
    }

    private static async Task<Results<Ok<IReadOnlyList<TicketDto>>, ValidationProblem>> ListAsync(
        string? date, string? category, string? status, TicketStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DateOnly day = store.Today;
        if (!string.IsNullOrEmpty(date) && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            errors["date"] = ["must be yyyy-MM-dd"];
        }

        if (!string.IsNullOrEmpty(category) && !TicketCategories.IsKnown(category))
        {
            errors["category"] = [$"must be one of {string.Join(" ", TicketCategories.All)}"];
        }

        if (!string.IsNullOrEmpty(status) && !TicketStatuses.IsKnown(status))
        {
            errors["status"] = [$"must be one of {string.Join(", ", TicketStatuses.All)}"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var list = await store.ListAsync(day, NullIfEmpty(category), NullIfEmpty(status), cancellationToken: cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<TicketDto>, NotFound>> GetAsync(string number, TicketStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(number, cancellationToken).ConfigureAwait(false) is { } ticket ? TypedResults.Ok(ticket) : TypedResults.NotFound();

    private static async Task<Results<Ok<TicketDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string number, UpdateTicketRequest body, TicketStore store, CancellationToken cancellationToken)
    {
        try
        {
            var changes = new TicketChanges { Category = body.Category, Content = body.Content, Location = body.Location, Status = body.Status };
            return await store.UpdateAsync(number, changes, cancellationToken).ConfigureAwait(false) is { } ticket ? TypedResults.Ok(ticket) : TypedResults.NotFound();
        }
        catch (TicketValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors);
        }
        catch (TicketStoreException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The ticket database is unavailable; nothing was written.");
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
