using System.Runtime.Intrinsics;

namespace Otters.Kernels;

/// <summary>Which instruction set a kernel uses; tests pin each one so every path runs on every machine.</summary>
internal enum KernelPath
{
    /// <summary>The widest path the machine accelerates.</summary>
    Auto,

    /// <summary>One value at a time.</summary>
    Scalar,

    /// <summary>Two doubles per instruction.</summary>
    Vector128,

    /// <summary>Four doubles per instruction.</summary>
    Vector256,
}

/// <summary>Resolves <see cref="KernelPath.Auto"/> and falls back when hardware lacks a width.</summary>
internal static class KernelPaths
{
    /// <summary>Returns the concrete path to run for a requested one.</summary>
    /// <param name="requested">The requested path.</param>
    /// <returns>Scalar, Vector128 or Vector256; never Auto.</returns>
    public static KernelPath Resolve(KernelPath requested) => requested switch
    {
        KernelPath.Scalar => KernelPath.Scalar,
        KernelPath.Vector128 => Vector128.IsHardwareAccelerated ? KernelPath.Vector128 : KernelPath.Scalar,
        _ when Vector256.IsHardwareAccelerated => KernelPath.Vector256,
        _ when Vector128.IsHardwareAccelerated => KernelPath.Vector128,
        _ => KernelPath.Scalar,
    };
}
