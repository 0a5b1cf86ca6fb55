namespace Otters.IO.Arrow;

/// <summary>The <c>TimeUnit</c> enum of Arrow's Schema.fbs.</summary>
internal enum ArrowTimeUnit : short
{
    /// <summary>Seconds.</summary>
    Second = 0,
    /// <summary>Milliseconds.</summary>
    Millisecond = 1,
    /// <summary>Microseconds.</summary>
    Microsecond = 2,
    /// <summary>Nanoseconds.</summary>
    Nanosecond = 3,
}
