namespace Otters.Kernels;

/// <summary>What a rolling-moments kernel writes.</summary>
internal enum MomentKind
{
    /// <summary>The window's mean.</summary>
    Mean,

    /// <summary>The window's sample standard deviation (ddof 1).</summary>
    Std,

    /// <summary>The current value's distance from the window's mean, in sample standard deviations.</summary>
    ZScore,
}
