using System.Text.RegularExpressions;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// A copy of the shipped dialplans/city-centre.yaml in a test's own folder with some of the 'general' queue's values
/// (and the carrier trunk's port) changed, for tests that need short timings. Pass <see cref="Folder"/> as
/// Dialplan:Folder.
/// </summary>
public sealed class TestDialplan
{
    private TestDialplan(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>The server setting that loads this dialplan.</summary>
    public KeyValuePair<string, string> Setting => new("Dialplan:Folder", Folder);

    /// <summary>
    /// Writes the copy. <paramref name="general"/> sets keys of the general queue, nested overflow keys included
    /// (e.g. ["ring_timeout_seconds"] = "3", ["estimated_wait_seconds"] = "10"); <paramref name="carrierPort"/> gives the
    /// 'local-test' carrier trunk a port (where callbacks dial the caller).
    /// </summary>
    public static TestDialplan Write(string testName, IReadOnlyDictionary<string, string> general, int? carrierPort = null)
    {
        string text = WithGeneralQueue(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "dialplans", "city-centre.yaml")), general);
        if (carrierPort is int port)
        {
            const string Trunk = "  - name: local-test";
            int at = text.IndexOf(Trunk, StringComparison.Ordinal);
            int lineEnd = text.IndexOf('\n', at);
            text = text.Insert(lineEnd + 1, $"    port: {port}\n");
        }

        string folder = Path.Combine(TestPaths.CreateTestDirectory(testName, "dialplan"));
        File.WriteAllText(Path.Combine(folder, "city-centre.yaml"), text);
        return new TestDialplan(folder);
    }

    /// <summary>
    /// The plan the missed-call callback tests share (R-TEL-05): a caller who hangs up after a second and does not call
    /// again within 3 s becomes a callback task; no wrap-up; overflow offers off; callbacks dial the carrier at
    /// <paramref name="carrierPort"/>.
    /// </summary>
    public static TestDialplan WriteMissedCallCallbacks(string testName, int carrierPort) =>
        Write(
            testName,
            new Dictionary<string, string>
            {
                ["abandoned_reentry_seconds"] = "3",
                ["short_abandon_seconds"] = "1",
                ["wrap_up_seconds"] = "0",
                ["enabled"] = "false",
            },
            carrierPort);

    /// <summary>
    /// <paramref name="plan"/> (the text of city-centre.yaml) with keys of its general queue set, nested overflow keys
    /// included; a key the queue does not have throws, so a renamed setting fails loudly.
    /// </summary>
    public static string WithGeneralQueue(string plan, IReadOnlyDictionary<string, string> general)
    {
        string text = plan;
        int queue = text.IndexOf("  - id: general", StringComparison.Ordinal);
        int queueEnd = text.IndexOf("  - id: ", queue + 1, StringComparison.Ordinal);
        if (queue < 0 || queueEnd < 0)
        {
            throw new InvalidOperationException("city-centre.yaml no longer has the general queue followed by another queue.");
        }

        string block = text[queue..queueEnd];
        foreach (var (key, value) in general)
        {
            var pattern = new Regex($@"^(\s+){Regex.Escape(key)}: [^\n#]*", RegexOptions.Multiline);
            if (!pattern.IsMatch(block))
            {
                throw new InvalidOperationException($"The general queue in city-centre.yaml has no '{key}'.");
            }

            block = pattern.Replace(block, m => $"{m.Groups[1].Value}{key}: {value}", 1);
        }

        return string.Concat(text.AsSpan(0, queue), block, text.AsSpan(queueEnd));
    }
}
