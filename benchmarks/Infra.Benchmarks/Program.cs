using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Infra.Benchmarks.PlanBenchmark).Assembly).Run(args);
