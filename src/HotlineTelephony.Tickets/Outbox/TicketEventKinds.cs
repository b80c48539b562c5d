namespace HotlineTelephony.Tickets.Outbox;

public static class TicketEventKinds
{
    public const string Created = "created";
    public const string Updated = "updated";
}
