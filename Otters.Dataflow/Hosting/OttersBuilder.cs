using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Otters.Stages;

namespace Otters;

/// <summary>Registers Otters stages and named pipelines with a service collection; returned by <c>AddOtters</c>.</summary>
public sealed class OttersBuilder
{
    internal OttersBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers every <see cref="StageAttribute"/> class of an assembly as a transient service, findable by name.</summary>
    /// <param name="assembly">The assembly to scan.</param>
    /// <returns>This builder.</returns>
    public OttersBuilder AddStages(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        StageRegistry.AddAssembly(assembly);
        foreach (var type in StageRegistry.All.Values.Where(t => t.Assembly == assembly))
        {
            Services.TryAddTransient(type);
        }

        return this;
    }

    /// <summary>Registers a named pipeline as a keyed transient service: each resolution builds a new pipeline, ready to run once.</summary>
    /// <param name="name">The pipeline's name (its service key, and its name in metrics).</param>
    /// <param name="schema">The schema, or null to take the sources'.</param>
    /// <param name="configure">Adds sources, stages and sinks, with the services at hand.</param>
    /// <param name="options">Adjusts the pipeline's options.</param>
    /// <returns>This builder.</returns>
    public OttersBuilder AddPipeline(string name, Schema? schema, Action<IServiceProvider, Pipeline> configure, Action<PipelineOptions>? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddKeyedTransient(name, (services, _) =>
        {
            var settings = new PipelineOptions { Name = name, Services = services };
            options?.Invoke(settings);
            settings.Services ??= services;
            var pipeline = schema is null ? Pipeline.WithoutSchema(settings) : new Pipeline(schema, settings);
            configure(services, pipeline);
            return pipeline;
        });
        return this;
    }

    /// <summary>Registers a named pipeline and runs it in the background while the host runs; host shutdown stops it gracefully.</summary>
    /// <param name="name">The pipeline's name.</param>
    /// <param name="schema">The schema, or null to take the sources'.</param>
    /// <param name="configure">Adds sources, stages and sinks.</param>
    /// <param name="options">Adjusts the pipeline's options.</param>
    /// <returns>This builder.</returns>
    public OttersBuilder AddHostedPipeline(string name, Schema? schema, Action<IServiceProvider, Pipeline> configure, Action<PipelineOptions>? options = null)
    {
        AddPipeline(name, schema, configure, options);
        Services.AddSingleton(new HostedPipelineName(name));
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, OttersHostedService>());
        return this;
    }
}
