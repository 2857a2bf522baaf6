using Study.Reports.Statistics;

namespace Study.Reports.Analysis;

/// <summary>One setting of the grid (runtime, shape, workers, lifetime, API, chunks), every executor measured in it.</summary>
public sealed record CaseRow(Runtime Runtime, string Shape, int Workers, string Lifetime, string Api, int Chunksize, IReadOnlyList<ExecutorTime> Executors);

/// <summary>One executor's time in a case, against the same runtime's thread pool and sequential code.</summary>
public sealed record ExecutorTime(string Executor, Runtime Runtime, Timing Time, Versus? VersusThreads, Versus? VersusSequential, double? Predicted);
