namespace HotlineTelephony.CallCenter.Grains;

public interface IGrainFactory
{
    /// <summary>A reference to the grain with <paramref name="key"/>; the grain is activated on its first call.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
