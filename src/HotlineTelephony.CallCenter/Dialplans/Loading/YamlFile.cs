using YamlDotNet.RepresentationModel;

namespace HotlineTelephony.CallCenter.Dialplans.Loading;

/// <summary>One file being read: its display name and the shared error list every reader appends to.</summary>
internal sealed class YamlFile(string name, List<DialplanError> errors)
{
    public string Name { get; } = name;

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    public Location At(YamlNode node) => new(Name, LineOf(node));

    public void Error(YamlNode node, string message) => errors.Add(new DialplanError(Name, LineOf(node), message));

    public void Error(int line, string message) => errors.Add(new DialplanError(Name, line, message));

    public static bool IsNull(YamlNode? node) =>
        node is null || (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s && s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an alias",
    };
}

/// <summary>Where something was defined, for "first defined at" messages.</summary>
internal readonly record struct Location(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}
