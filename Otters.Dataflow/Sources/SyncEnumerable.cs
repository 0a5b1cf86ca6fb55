using System.Runtime.CompilerServices;

namespace Otters.Sources;

/// <summary>Adapts a plain enumerable to the async shape the row source reads, checking cancellation as it goes.</summary>
internal static class SyncEnumerable
{
#pragma warning disable CS1998 // The adapter completes synchronously on purpose: no awaits, no allocation per item.
    public static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
#pragma warning restore CS1998
    {
        var count = 0;
        foreach (var item in items)
        {
            if ((++count & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            yield return item;
        }
    }
}
