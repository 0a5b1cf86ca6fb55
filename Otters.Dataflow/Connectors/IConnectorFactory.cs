namespace Otters;

/// <summary>Turns a path or URI given to <c>Source(string)</c> or <c>Sink(string)</c> into a source or sink.</summary>
public interface IConnectorFactory
{
    /// <summary>Returns a source for the target, or null when this factory does not handle it.</summary>
    /// <param name="target">A file path or URI.</param>
    /// <param name="declaredSchema">The pipeline's declared schema, or null when it takes the source's.</param>
    /// <returns>The source or null.</returns>
    ISource? TryCreateSource(string target, Schema? declaredSchema);

    /// <summary>Returns a sink for the target, or null when this factory does not handle it.</summary>
    /// <param name="target">A file path or URI.</param>
    /// <returns>The sink or null.</returns>
    ISink? TryCreateSink(string target);
}
