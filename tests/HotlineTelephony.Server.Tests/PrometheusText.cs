using System.Globalization;
using System.Text.RegularExpressions;

namespace HotlineTelephony.Server.Tests;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4: every line must be a HELP, a TYPE or a sample of
/// the family last typed; anything else fails the test. Samples are keyed "name{labels}" as written.
/// </summary>
public sealed partial class PrometheusText
{
    private PrometheusText(Dictionary<string, string> types, Dictionary<string, double> samples)
    {
        Types = types;
        Samples = samples;
    }

    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyDictionary<string, double> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        string? family = null;
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the exposition must end with a line feed");
        foreach (var line in text.Length == 0 ? [] : text.Split('\n')[..^1])
        {
            if (HelpLine().Match(line) is { Success: true })
            {
                continue;
            }

            if (TypeLine().Match(line) is { Success: true } type)
            {
                family = type.Groups["name"].Value;
                Assert.True(types.TryAdd(family, type.Groups["type"].Value), $"second TYPE line for {family}");
                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a valid exposition line: \"{line}\"");
            var name = sample.Groups["name"].Value;
            Assert.NotNull(family);
            Assert.True(
                name == family || (types[family] == "histogram" && (name == family + "_bucket" || name == family + "_sum" || name == family + "_count")),
                $"sample {name} outside its family {family}");
            var value = sample.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            Assert.True(samples.TryAdd(name + sample.Groups["labels"].Value, value), $"duplicate sample {line}");
        }

        return new PrometheusText(types, samples);
    }

    public double Value(string key) => Samples.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no sample {key} in: {string.Join(", ", Samples.Keys)}");

    public double ValueOr(string key, double fallback) => Samples.TryGetValue(key, out var value) ? value : fallback;

    [GeneratedRegex(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*""(?:,[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*"")*\})? (?<value>[-+]?(?:[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN)|\+Inf|-Inf|NaN)$")]
    private static partial Regex SampleLine();
}
