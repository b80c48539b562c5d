namespace HotlineTelephony.CallCenter.Grains;

/// <summary>Deactivates the activation after the turns queued before it (idle sweep or runtime disposal).</summary>
internal sealed class DeactivationTurn : GrainTurn
{
    public static readonly DeactivationTurn Instance = new();

    public override bool CanForward => false;

    public override Task RunAsync(GrainActivation activation)
    {
        activation.RequestDeactivation();
        return Task.CompletedTask;
    }

    public override void Fail(Exception exception)
    {
    }

    public override string Describe() => "deactivate";
}
