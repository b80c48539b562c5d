using BenchmarkDotNet.Running;
using HotlineTelephony.Media.Benchmarks;

// "receive-cost" is a plain measurement (CPU per datagram of the receive loops), not a BenchmarkDotNet run.
if (args.Length > 0 && args[0] == "receive-cost")
{
    return ReceiveLoopCost.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
