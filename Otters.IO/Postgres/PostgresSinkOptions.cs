namespace Otters;

/// <summary>Settings of a <see cref="PostgresSink"/>; snapshotted when the sink is created.</summary>
public sealed class PostgresSinkOptions
{
    /// <summary>
    /// Gets or sets the upsert key columns. When set, each batch is copied into a session temporary table and
    /// moved with <c>INSERT ... ON CONFLICT (key) DO UPDATE</c>, so a batch written twice (after a lost commit
    /// acknowledgement) leaves one row per key; within a batch the last row of a key wins. The table needs a
    /// primary key or unique index on exactly these columns (a created table gets a primary key).
    /// </summary>
    /// <value>The default is empty: plain append with COPY.</value>
    public IReadOnlyList<string> Key { get; set; } = [];

    /// <summary>Gets or sets a value indicating whether a missing table is created from the schema.</summary>
    /// <value>The default is true.</value>
    public bool CreateTable { get; set; } = true;

    /// <summary>
    /// Gets or sets the longest a batch keeps being retried after transient failures (lost connection,
    /// server restarting) before the sink fails.
    /// </summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan RetryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the delay before the first retry; later delays double (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>The default is 100 milliseconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets the longest delay between two retries.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Returns a copy, checked, so later edits to this object do not reach a running sink.</summary>
    /// <returns>The copy.</returns>
    internal PostgresSinkOptions Snapshot()
    {
        ArgumentNullException.ThrowIfNull(Key, nameof(Key));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryTimeout, TimeSpan.Zero, nameof(RetryTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
        foreach (var column in Key)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(column, nameof(Key));
        }

        return new PostgresSinkOptions
        {
            Key = Key.ToArray(),
            CreateTable = CreateTable,
            RetryTimeout = RetryTimeout,
            RetryDelay = RetryDelay,
            MaxRetryDelay = MaxRetryDelay,
        };
    }
}
