using Otters;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Otters to a service collection.</summary>
public static class OttersServiceCollectionExtensions
{
    /// <summary>
    /// Adds Otters: stages from the given assemblies (and the builtins) become services findable by name, and
    /// <paramref name="configure"/> registers named pipelines. Calling it again adds to the same registrations.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Registers stages and pipelines.</param>
    /// <returns>The builder, for chaining.</returns>
    public static OttersBuilder AddOtters(this IServiceCollection services, Action<OttersBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new OttersBuilder(services);
        try
        {
            builder.AddStages(System.Reflection.Assembly.Load("Otters.Builtins"));
        }
        catch (FileNotFoundException)
        {
            // The builtins are optional.
        }

        configure?.Invoke(builder);
        return builder;
    }
}
