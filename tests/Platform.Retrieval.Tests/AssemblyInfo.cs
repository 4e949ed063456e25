// The tests share one ONNX Runtime-heavy process on a small machine, and one of them reads process-wide metrics.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
