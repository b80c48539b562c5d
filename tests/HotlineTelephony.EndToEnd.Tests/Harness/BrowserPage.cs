using System.Diagnostics;
using System.Text.Json.Nodes;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// One page of a <see cref="BrowserSession"/>. Reads never wait; the Wait methods poll the page until a condition
/// holds or a bounded time has passed, then fail with what the page showed last.
/// </summary>
public sealed class BrowserPage
{
    private readonly BrowserSession _session;

    internal BrowserPage(BrowserSession session, string name, Uri baseAddress)
    {
        _session = session;
        Name = name;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    /// <summary>The server the relative paths in <see cref="GotoAsync"/> are resolved against.</summary>
    public Uri BaseAddress { get; set; }

    /// <summary>Opens a path on the server; returns the URL the page ended on (after redirects).</summary>
    public async Task<string> GotoAsync(string path) =>
        (await CallAsync("goto", new JsonObject { ["url"] = new Uri(BaseAddress, path).ToString() }).ConfigureAwait(false))!.GetValue<string>();

    public async Task<string> UrlAsync() => (await CallAsync("url", []).ConfigureAwait(false))!.GetValue<string>();

    public Task FillAsync(string selector, string value) => CallAsync("fill", new JsonObject { ["selector"] = selector, ["value"] = value });

    public Task SelectAsync(string selector, string value) => CallAsync("select", new JsonObject { ["selector"] = selector, ["value"] = value });

    public Task ClickAsync(string selector) => CallAsync("click", new JsonObject { ["selector"] = selector });

    /// <summary>The element's textContent, or null when no element matches.</summary>
    public async Task<string?> TextAsync(string selector) =>
        (await CallAsync("text", new JsonObject { ["selector"] = selector }).ConfigureAwait(false))?.GetValue<string>();

    public async Task<IReadOnlyList<string>> TextsAsync(string selector) =>
        [.. (await CallAsync("texts", new JsonObject { ["selector"] = selector }).ConfigureAwait(false))!.AsArray().Select(n => n?.GetValue<string>() ?? "")];

    public async Task<string?> AttributeAsync(string selector, string name) =>
        (await CallAsync("attribute", new JsonObject { ["selector"] = selector, ["name"] = name }).ConfigureAwait(false))?.GetValue<string>();

    /// <summary>The current value of an input, select or textarea.</summary>
    public async Task<string> InputValueAsync(string selector) =>
        (await CallAsync("inputValue", new JsonObject { ["selector"] = selector }).ConfigureAwait(false))!.GetValue<string>();

    /// <summary>Evaluates a JavaScript expression in the page; returns its JSON value.</summary>
    public Task<JsonNode?> EvaluateAsync(string expression) => CallAsync("evaluate", new JsonObject { ["expression"] = expression });

    public async Task<bool> IsVisibleAsync(string selector) =>
        (await CallAsync("visible", new JsonObject { ["selector"] = selector }).ConfigureAwait(false))!.GetValue<bool>();

    /// <summary>Saves a screenshot as artifacts/browser/&lt;test&gt;/&lt;file&gt;.png; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string file, bool fullPage = false)
    {
        Directory.CreateDirectory(_session.ArtifactsDirectory);
        string path = Path.Combine(_session.ArtifactsDirectory, file + ".png");
        await CallAsync("screenshot", new JsonObject { ["path"] = path, ["fullPage"] = fullPage }).ConfigureAwait(false);
        return path;
    }

    /// <summary>Waits until the text of <paramref name="selector"/> satisfies <paramref name="condition"/>; returns that text.</summary>
    public async Task<string> WaitForTextAsync(string selector, Func<string, bool> condition, TimeSpan timeout, string what)
    {
        string? last = null;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            last = await TextAsync(selector).ConfigureAwait(false);
            if (last is not null && condition(last))
            {
                return last;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"[{Name}] not seen within {timeout.TotalSeconds:0} s: {what}. {selector} showed {(last is null ? "nothing (no such element)" : $"'{last}'")}.");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    public Task<string> WaitForTextAsync(string selector, string expected, TimeSpan timeout) =>
        WaitForTextAsync(selector, text => text.Trim() == expected, timeout, $"{selector} = '{expected}'");

    public async Task WaitForVisibleAsync(string selector, bool visible, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await IsVisibleAsync(selector).ConfigureAwait(false) != visible)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"[{Name}] {selector} did not become {(visible ? "visible" : "hidden")} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the page's SignalR connection is up (body[data-hub="connected"], set by the pages' hub.js).</summary>
    public Task WaitForHubAsync(TimeSpan timeout) =>
        WaitForAttributeAsync("body", "data-hub", "connected", timeout);

    public async Task WaitForAttributeAsync(string selector, string name, string expected, TimeSpan timeout)
    {
        string? last = null;
        var clock = Stopwatch.StartNew();
        while ((last = await AttributeAsync(selector, name).ConfigureAwait(false)) != expected)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"[{Name}] {selector}[{name}] was '{last}', not '{expected}', after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>Opens <paramref name="path"/>, expects the redirect to /login, signs in there and waits to be back on <paramref name="path"/>.</summary>
    public async Task SignInThroughAsync(string path, string userName, string password, TimeSpan timeout)
    {
        await GotoAsync(path).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        string url;
        while (!(url = await UrlAsync().ConfigureAwait(false)).Contains("/login", StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"[{Name}] {path} did not send a signed-out visitor to /login; it stayed on {url}.");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        await WaitForVisibleAsync("#login-form", true, timeout).ConfigureAwait(false);
        await FillAsync("#userName", userName).ConfigureAwait(false);
        await FillAsync("#password", password).ConfigureAwait(false);
        await ClickAsync("#login-submit").ConfigureAwait(false);

        clock.Restart();
        while (!new Uri(url = await UrlAsync().ConfigureAwait(false)).AbsolutePath.Equals(path, StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"[{Name}] signing in as {userName} did not lead back to {path}; the page is {url}, saying '{await TextAsync("#login-message").ConfigureAwait(false)}'.");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    private Task<JsonNode?> CallAsync(string op, JsonObject arguments)
    {
        arguments["page"] = Name;
        return _session.CallAsync(op, arguments);
    }
}
