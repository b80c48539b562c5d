namespace HotlineTelephony.CallCenter.Grains;

/// <summary>A grain's identity: its implementation type's full name and its key.</summary>
public readonly record struct GrainId(string GrainType, string Key)
{
    public override string ToString() => $"{GrainType}/{Key}";
}
