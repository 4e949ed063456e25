namespace Platform.Inference.Import;

/// <summary>How an import stores the linear layers' weights.</summary>
public enum ModelQuantization
{
    /// <summary>fp32, as the checkpoint's values widen.</summary>
    None,

    /// <summary>8-bit block-quantised (com.microsoft.MatMulNBits, bits = 8): about a quarter of fp32's bytes.</summary>
    EightBit,

    /// <summary>4-bit block-quantised (com.microsoft.MatMulNBits, bits = 4): about an eighth of fp32's bytes.</summary>
    FourBit,
}
