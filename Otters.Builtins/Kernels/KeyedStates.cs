namespace Otters.Kernels;

/// <summary>
/// A stage's state per key. Each batch's few distinct keys are looked up once (by batch-local id from
/// <see cref="KeyGrouping"/>), never once per row.
/// </summary>
/// <typeparam name="TState">The per-key state.</typeparam>
/// <param name="create">Makes the state of a key seen for the first time.</param>
internal sealed class KeyedStates<TState>(Func<TState> create)
    where TState : class
{
    private readonly Dictionary<string, TState> _byString = new(StringComparer.Ordinal);
    private readonly Dictionary<long, TState> _byInteger = [];
    private TState[] _current = [];

    /// <summary>Gets the number of keys seen so far.</summary>
    public int Count => _byString.Count + _byInteger.Count;

    /// <summary>Returns the state of each batch-local key id of a grouping.</summary>
    /// <param name="grouping">The batch's key grouping.</param>
    /// <returns>The states, indexed by batch-local id.</returns>
    public ReadOnlySpan<TState> Resolve(KeyGrouping grouping)
    {
        var states = Scratch.Ensure(ref _current, grouping.KeyCount);
        for (var k = 0; k < grouping.KeyCount; k++)
        {
            if (grouping.StringKeys is { } strings)
            {
                if (!_byString.TryGetValue(strings[k], out var state))
                {
                    state = create();
                    _byString.Add(strings[k], state);
                }

                states[k] = state;
            }
            else
            {
                var key = grouping.IntegerKeys![k];
                if (!_byInteger.TryGetValue(key, out var state))
                {
                    state = create();
                    _byInteger.Add(key, state);
                }

                states[k] = state;
            }
        }

        return states;
    }
}
