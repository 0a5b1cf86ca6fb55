using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Otters;

/// <summary>Runs the pipelines registered with <c>AddHostedPipeline</c> inside a generic host or ASP.NET app.</summary>
internal sealed class OttersHostedService(IServiceProvider services, IEnumerable<HostedPipelineName> names, ILogger<OttersHostedService>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(names.Select(n => RunOneAsync(n.Name, stoppingToken)));

    private async Task RunOneAsync(string name, CancellationToken stoppingToken)
    {
        var pipeline = services.GetRequiredKeyedService<Pipeline>(name);
        _logger.LogInformation("Otters pipeline {Pipeline} starting.", name);
        try
        {
            await pipeline.RunAsync(stoppingToken).ConfigureAwait(false);
            _logger.LogInformation("Otters pipeline {Pipeline} finished: {Metrics}", name, pipeline.Metrics);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Otters pipeline {Pipeline} failed.", name);
            throw;
        }
    }
}
