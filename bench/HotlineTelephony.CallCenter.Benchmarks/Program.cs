using BenchmarkDotNet.Running;
using HotlineTelephony.CallCenter.Benchmarks;

if (args is ["acd-latency", ..])
{
    await AcdDecisionLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
