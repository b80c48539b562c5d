namespace HotlineTelephony.CallCenter.Grains;

/// <summary>Marker for grain interfaces: every method returns Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
public interface IGrain;
