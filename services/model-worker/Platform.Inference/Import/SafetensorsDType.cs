namespace Platform.Inference.Import;

/// <summary>The safetensors element types the importer reads (floating-point weights only).</summary>
internal enum SafetensorsDType
{
    F32,
    F16,
    BF16,
}
