namespace Study.Reports.Analysis;

/// <summary>The article's case for one executor: where its time goes, predicted, against its measured time.</summary>
public sealed record Decomposition(ExecutorId Executor, Runtime Runtime, Prediction Parts, double Measured);
