using System.Reflection;
using System.Runtime.CompilerServices;

namespace Otters;

/// <summary>The registry of connector factories that resolve paths and URIs; Otters.IO registers the builtin ones.</summary>
public static class Connectors
{
    private static readonly List<IConnectorFactory> s_factories = [];
    private static int s_ioLoaded;

    /// <summary>Registers a factory; later registrations are asked first, so they can override builtin ones.</summary>
    /// <param name="factory">The factory.</param>
    public static void Register(IConnectorFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (s_factories)
        {
            s_factories.Insert(0, factory);
        }
    }

    internal static ISource CreateSource(string target, Schema? declaredSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        foreach (var factory in Snapshot())
        {
            if (factory.TryCreateSource(target, declaredSchema) is { } source)
            {
                return source;
            }
        }

        throw new ArgumentException($"No connector reads '{target}': use a path ending in .csv, .parquet, .jsonl, .ndjson, .arrow or .arrows, or a kafka:// or postgresql:// URI.", nameof(target));
    }

    internal static ISink CreateSink(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        foreach (var factory in Snapshot())
        {
            if (factory.TryCreateSink(target) is { } sink)
            {
                return sink;
            }
        }

        throw new ArgumentException($"No connector writes '{target}': use a path ending in .csv, .parquet, .jsonl, .ndjson, .arrow or .arrows, or a kafka:// or postgresql:// URI.", nameof(target));
    }

    private static IConnectorFactory[] Snapshot()
    {
        EnsureIoLoaded();
        lock (s_factories)
        {
            return [.. s_factories];
        }
    }

    private static void EnsureIoLoaded()
    {
        if (Interlocked.Exchange(ref s_ioLoaded, 1) != 0)
        {
            return;
        }

        // Otters.IO registers its factories in a module initializer, which runs once its assembly loads.
        try
        {
            var io = Assembly.Load("Otters.IO");
            RuntimeHelpers.RunModuleConstructor(io.ManifestModule.ModuleHandle);
        }
        catch (FileNotFoundException)
        {
            // Without Otters.IO only user-registered connectors resolve targets.
        }
    }
}
