using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace HotlineTelephony.CallCenter.Dialplans.Loading;

/// <summary>
/// Reads one YAML mapping against the keys it may have: an unknown key is an error at its own line (a typo must not be
/// silently ignored), and every typed read reports a wrong type or a value out of range at the value's line.
/// </summary>
internal sealed class YamlMap
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    private YamlMap(YamlFile file, YamlMappingNode node, string what, IReadOnlyList<string> keys)
    {
        File = file;
        Node = node;
        What = NameOf(node, what);
        what = What;
        foreach (var (keyNode, value) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                file.Error(keyNode, $"{what} has a key that is not plain text");
                continue;
            }
            if (!keys.Contains(key))
            {
                file.Error(keyNode, $"{what} has unknown key '{key}' (expected {string.Join(", ", keys)})");
                continue;
            }
            _entries[key] = (scalarKey, value);
        }
    }

    // Errors read better as "queue 'general' has unknown key …" than "queue has …", even before the id is read.
    private static readonly string[] NamingKeys = ["id", "number", "code", "name", "key"];

    private static string NameOf(YamlMappingNode node, string what)
    {
        foreach (var namingKey in NamingKeys)
        {
            foreach (var (key, value) in node.Children)
            {
                if (key is YamlScalarNode { Value: { } k } && k == namingKey && value is YamlScalarNode { Value: { Length: > 0 } name })
                    return $"{what} '{name}'";
            }
        }
        return what;
    }

    public YamlFile File { get; }

    public YamlMappingNode Node { get; }

    /// <summary>How errors name the mapping ("queue 'general'"); refined once its id is known.</summary>
    public string What { get; set; }

    public int Line => YamlFile.LineOf(Node);

    public static YamlMap? Of(YamlFile file, YamlNode node, string what, params string[] keys)
    {
        if (node is YamlMappingNode mapping)
            return new YamlMap(file, mapping, what, keys);
        file.Error(node, $"{what} must be a mapping (key: value), not {YamlFile.Describe(node)}");
        return null;
    }

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or written as null.</summary>
    public YamlNode? Get(string key) => _entries.TryGetValue(key, out var e) && !YamlFile.IsNull(e.Value) ? e.Value : null;

    public bool Has(string key) => Get(key) is not null;

    /// <summary>The line of the value of <paramref name="key"/>, or of the mapping when the key is absent.</summary>
    public int LineOf(string key) => _entries.TryGetValue(key, out var e) ? YamlFile.LineOf(e.Value) : Line;

    public string? String(string key)
    {
        var node = Get(key);
        if (node is null)
            return null;
        if (node is YamlScalarNode s)
            return s.Value ?? "";
        File.Error(node, $"{What}: {key} must be a text value, not {YamlFile.Describe(node)}");
        return null;
    }

    public string RequiredString(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            File.Error(Line, $"{What} is missing '{key}'");
            return "";
        }
        return String(key) ?? "";
    }

    public int Int(string key, int defaultValue, int min, int max)
    {
        var node = Get(key);
        if (node is null)
            return defaultValue;
        if (node is not YamlScalarNode { Value: { } text } || !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            File.Error(node, $"{What}: {key} must be a whole number, not {YamlFile.Describe(node)}");
            return defaultValue;
        }
        if (value < min || value > max)
        {
            File.Error(node, $"{What}: {key} {value} is out of range ({min}–{max})");
            return defaultValue;
        }
        return value;
    }

    public double Double(string key, double defaultValue, double min, double max)
    {
        var node = Get(key);
        if (node is null)
            return defaultValue;
        if (node is not YamlScalarNode { Value: { } text } || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            File.Error(node, $"{What}: {key} must be a number, not {YamlFile.Describe(node)}");
            return defaultValue;
        }
        if (value < min || value > max)
        {
            File.Error(node, $"{What}: {key} {value.ToString(CultureInfo.InvariantCulture)} is out of range ({min}–{max})");
            return defaultValue;
        }
        return value;
    }

    public bool Bool(string key, bool defaultValue)
    {
        var node = Get(key);
        if (node is null)
            return defaultValue;
        if (node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value))
            return value;
        File.Error(node, $"{What}: {key} must be true or false, not {YamlFile.Describe(node)}");
        return defaultValue;
    }

    public T Enum<T>(string key, T defaultValue, string label) where T : struct, Enum => OptionalEnum<T>(key, label) ?? defaultValue;

    public T? OptionalEnum<T>(string key, string label) where T : struct, Enum
    {
        var node = Get(key);
        return node is null ? null : ParseEnum<T>(File, node, What, label);
    }

    public static T? ParseEnum<T>(YamlFile file, YamlNode node, string what, string label) where T : struct, Enum
    {
        if (node is YamlScalarNode { Value: { } text } && EnumNames<T>.ByName.TryGetValue(text, out var value))
            return value;
        var written = node is YamlScalarNode s ? $"'{s.Value}'" : YamlFile.Describe(node);
        file.Error(node, $"{what} uses unknown {label} {written} (expected {string.Join(", ", EnumNames<T>.ByName.Keys)})");
        return null;
    }

    /// <summary>A list of text values; a single text value is refused (write a one-item list).</summary>
    public IReadOnlyList<string> Strings(string key, out IReadOnlyList<int> lines)
    {
        var result = new List<string>();
        var lineList = new List<int>();
        lines = lineList;
        if (Sequence(key) is not { } seq)
            return result;
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode { Value: { } text } && !YamlFile.IsNull(item))
            {
                result.Add(text);
                lineList.Add(YamlFile.LineOf(item));
            }
            else
            {
                File.Error(item, $"{What}: every item of {key} must be a text value, not {YamlFile.Describe(item)}");
            }
        }
        return result;
    }

    public YamlSequenceNode? Sequence(string key)
    {
        var node = Get(key);
        if (node is null or YamlSequenceNode)
            return (YamlSequenceNode?)node;
        File.Error(node, $"{What}: {key} must be a list, not {YamlFile.Describe(node)}");
        return null;
    }

    public YamlMappingNode? Mapping(string key)
    {
        var node = Get(key);
        if (node is null or YamlMappingNode)
            return (YamlMappingNode?)node;
        File.Error(node, $"{What}: {key} must be a mapping (key: value), not {YamlFile.Describe(node)}");
        return null;
    }
}

/// <summary>The snake_case YAML names of an enum's members: <c>LongestIdle</c> → <c>longest_idle</c>, <c>Police110</c> → <c>police_110</c>.</summary>
internal static class EnumNames<T> where T : struct, Enum
{
    public static readonly IReadOnlyDictionary<string, T> ByName = Build();

    public static string NameOf(T value) => ByName.First(p => EqualityComparer<T>.Default.Equals(p.Value, value)).Key;

    private static Dictionary<string, T> Build()
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var value in System.Enum.GetValues<T>())
            map[SnakeCase(value.ToString())] = value;
        return map;
    }

    private static string SnakeCase(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && (char.IsUpper(c) || (char.IsDigit(c) && !char.IsDigit(name[i - 1]))))
                sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
