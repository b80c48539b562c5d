using System.Collections.Concurrent;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.Media.Audio;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// Optional IVR menus, only for centres whose policy enables them (GB/T 33358 discourages menus, R-CH-05): after the
/// welcome the caller hears the menu's prompt and presses a key for a queue or a sub-menu; a caller who presses
/// nothing (or a key that means nothing) is queued in the menu's default queue, never dropped.
/// </summary>
internal sealed partial class HotlineCallCenter
{
    private const int MaxMenuDepth = 5;

    private readonly ConcurrentDictionary<string, AudioClip?> _menuPrompts = new(StringComparer.Ordinal);

    /// <summary>The queue the caller chose through <paramref name="menuId"/> and its sub-menus.</summary>
    private async Task<string> ChooseQueueAsync(HotlineCall call, Dialplan plan, string menuId)
    {
        await call.Answered.ConfigureAwait(false);
        var menu = plan.FindMenu(menuId);
        for (int depth = 0; menu is not null && depth < MaxMenuDepth; depth++)
        {
            var keyTask = call.WaitForDigitAsync(TimeSpan.FromSeconds(menu.TimeoutSeconds) + PromptLength(menu), CancellationToken.None);
            if (MenuPrompt(menu.Prompt) is { } prompt)
            {
                // Barge-in: a caller who knows the menu presses the key without waiting for the prompt to end.
                // (Not disposed: the key's continuation may cancel it after the prompt ended; it holds no timer.)
                var bargeIn = new CancellationTokenSource();
                _ = keyTask.ContinueWith(static (_, cts) => ((CancellationTokenSource)cts!).Cancel(), bargeIn, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                try
                {
                    await call.AnnounceAsync([prompt], bargeIn.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            var key = await keyTask.ConfigureAwait(false);
            MenuOption? option = null;
            foreach (var candidate in menu.Options)
            {
                if (key is { } k && candidate.Key.Length == 1 && candidate.Key[0] == k)
                {
                    option = candidate;
                }
            }

            LogMenuChoice(_logger, call.CallId, menu.Id, key?.ToString() ?? "none");
            if (option?.Queue is { } queue)
            {
                return queue;
            }

            if (option?.Menu is { } next && plan.FindMenu(next) is { } subMenu)
            {
                menu = subMenu;
                continue;
            }

            return menu.DefaultQueue;
        }

        return menu?.DefaultQueue ?? plan.Queues[0].Id;
    }

    private TimeSpan PromptLength(MenuDefinition menu) =>
        MenuPrompt(menu.Prompt) is { } clip ? TimeSpan.FromSeconds(clip.Samples.Length / 8000.0) : TimeSpan.Zero;

    /// <summary>A menu's prompt: <c>{prompt}.wav</c> in the prompt folder (8 kHz mono); missing files are logged once and skipped.</summary>
    private AudioClip? MenuPrompt(string name) => _menuPrompts.GetOrAdd(name, n =>
    {
        if (Stack?.Media.Prompts.Directory is not { } folder)
        {
            return null;
        }

        var path = Path.Combine(folder, n.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) ? n : n + ".wav");
        try
        {
            return WavFile.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WavFormatException)
        {
            LogMenuPromptMissing(_logger, e, path);
            return null;
        }
    });

    [LoggerMessage(EventId = 3330, Level = LogLevel.Information, Message = "Call {CallId}: menu {Menu}, key {Key}")]
    private static partial void LogMenuChoice(ILogger logger, string callId, string menu, string key);

    [LoggerMessage(EventId = 3331, Level = LogLevel.Warning, Message = "Menu prompt {Path} cannot be played; the menu runs without it")]
    private static partial void LogMenuPromptMissing(ILogger logger, Exception exception, string path);
}
