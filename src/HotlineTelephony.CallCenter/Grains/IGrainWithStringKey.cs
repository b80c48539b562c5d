namespace HotlineTelephony.CallCenter.Grains;

/// <summary>A grain identified by a string (a call id, an agent id, a queue id).</summary>
public interface IGrainWithStringKey : IGrain;
