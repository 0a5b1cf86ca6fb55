namespace Otters;

/// <summary>Marks a registered pipeline for <see cref="OttersHostedService"/> to run.</summary>
/// <param name="Name">The pipeline's name.</param>
internal sealed record HostedPipelineName(string Name);
