using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Otters.Kernels;

/// <summary>Finds where aligned data starts inside a pinned array.</summary>
internal static class Aligned
{
    /// <summary>Returns the first index of <paramref name="pinned"/> whose address is a multiple of <paramref name="alignment"/> bytes.</summary>
    /// <param name="pinned">An array on the pinned object heap (it never moves, so the index stays valid).</param>
    /// <param name="alignment">A power of two, at most 8 elements' worth past the start of the array's data.</param>
    /// <returns>The index.</returns>
    public static unsafe int Origin(double[] pinned, int alignment)
    {
        var address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        return (int)(((alignment - (address & (alignment - 1))) & (alignment - 1)) / sizeof(double));
    }
}
