namespace Otters.Kernels;

/// <summary>
/// Rolling volume-weighted average price: sum(price * volume) / sum(volume) over the last w rows, null
/// until w rows and while a null is in the window. Compensated sums, recomputed from the history every
/// Capacity - w rows per key, exactly as <see cref="RollingMoments"/> does.
/// </summary>
internal static class VwapKernel
{
    /// <summary>Computes one key's rows.</summary>
    /// <param name="state">The key's state (two columns: price * volume, volume).</param>
    /// <param name="price">The prices.</param>
    /// <param name="volume">The volumes.</param>
    /// <param name="valid">One flag per row (1 = both present), or empty when all are present.</param>
    /// <param name="y">Receives the results.</param>
    /// <param name="yValid">Receives one flag per result; 0/0 (a window without volume) is null.</param>
    public static void Run(WindowState state, ReadOnlySpan<double> price, ReadOnlySpan<double> volume, ReadOnlySpan<byte> valid, Span<double> y, Span<byte> yValid)
    {
        var window = state.Window;
        var amounts = state.History;
        var volumes = state.Second;
        for (var i = 0; i < price.Length; i++)
        {
            if (!valid.IsEmpty && valid[i] == 0)
            {
                state.Reset();
                y[i] = 0;
                yValid[i] = 0;
                continue;
            }

            if (state.Length == amounts.Length)
            {
                Recompute(state);
            }

            var j = state.Length++;
            var amount = price[i] * volume[i];
            amounts[j] = amount;
            volumes[j] = volume[i];
            if (state.Count < window)
            {
                Compensated.Add(ref state.Sum, ref state.SumError, amount, 0);
                Compensated.Add(ref state.Squares, ref state.SquaresError, volume[i], 0);
                if (++state.Count < window)
                {
                    y[i] = 0;
                    yValid[i] = 0;
                    continue;
                }
            }
            else
            {
                var da = Compensated.Difference(amount, amounts[j - window], out var ea);
                var dv = Compensated.Difference(volume[i], volumes[j - window], out var ev);
                Compensated.Add(ref state.Sum, ref state.SumError, da, ea);
                Compensated.Add(ref state.Squares, ref state.SquaresError, dv, ev);
            }

            var result = (state.Sum + state.SumError) / (state.Squares + state.SquaresError);
            y[i] = result;
            yValid[i] = double.IsNaN(result) ? (byte)0 : (byte)1;
        }
    }

    private static void Recompute(WindowState state)
    {
        var window = state.Window;
        state.History.Slice(state.Length - window, window).CopyTo(state.History);
        state.Second.AsSpan(state.Length - window, window).CopyTo(state.Second);
        state.Length = window;
        state.Sum = state.SumError = state.Squares = state.SquaresError = 0;
        for (var i = 0; i < window; i++)
        {
            Compensated.Add(ref state.Sum, ref state.SumError, state.History[i], 0);
            Compensated.Add(ref state.Squares, ref state.SquaresError, state.Second[i], 0);
        }
    }
}
