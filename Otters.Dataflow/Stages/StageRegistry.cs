using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Otters.Stages;

/// <summary>
/// Finds stage classes by their <see cref="StageAttribute"/> name (in the assemblies registered through
/// <c>AddOtters</c>, Otters.Builtins and every loaded assembly) and builds them: constructor parameters
/// come from the given parameters by name, else from the services, else their defaults.
/// </summary>
internal static class StageRegistry
{
    private static readonly Dictionary<string, Type> s_stages = new(StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<Assembly> s_scanned = [];

    public static void AddAssembly(Assembly assembly)
    {
        lock (s_stages)
        {
            if (!s_scanned.Add(assembly))
            {
                return;
            }

            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException ex)
            {
                types = ex.Types.Where(t => t is not null).ToArray()!;
            }

            foreach (var type in types)
            {
                if (type.IsAbstract || type.GetCustomAttribute<StageAttribute>() is not { } attribute)
                {
                    continue;
                }

                if (!typeof(BatchStage).IsAssignableFrom(type) && !typeof(RowStage).IsAssignableFrom(type))
                {
                    continue;
                }

                if (s_stages.TryGetValue(attribute.Name, out var existing) && existing != type)
                {
                    throw new InvalidOperationException($"Two stages are named '{attribute.Name}': {existing.FullName} and {type.FullName}.");
                }

                s_stages[attribute.Name] = type;
            }
        }
    }

    public static IReadOnlyDictionary<string, Type> All
    {
        get
        {
            ScanLoaded();
            lock (s_stages)
            {
                return new Dictionary<string, Type>(s_stages, StringComparer.OrdinalIgnoreCase);
            }
        }
    }

    public static object Create(string name, IReadOnlyDictionary<string, object?>? parameters, IServiceProvider? services)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!All.TryGetValue(name, out var type))
        {
            throw new ArgumentException($"No stage is named '{name}'. Known stages: {string.Join(", ", All.Keys.Order())}.", nameof(name));
        }

        var given = new Dictionary<string, object?>(parameters ?? new Dictionary<string, object?>(), StringComparer.OrdinalIgnoreCase);
        var constructor = type.GetConstructors()
            .OrderByDescending(c => c.GetParameters().Count(p => given.ContainsKey(p.Name!)))
            .ThenByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"Stage '{name}' ({type.FullName}) has no public constructor.");
        var args = constructor.GetParameters().Select(p => Resolve(name, p, given, services)).ToArray();
        var unknown = given.Keys.Where(k => !constructor.GetParameters().Any(p => string.Equals(p.Name, k, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Stage '{name}' takes no parameter named {string.Join(", ", unknown.Select(u => $"'{u}'"))}; it takes {string.Join(", ", constructor.GetParameters().Select(p => p.Name))}.", nameof(parameters));
        }

        return constructor.Invoke(args);
    }

    private static object? Resolve(string stage, ParameterInfo parameter, Dictionary<string, object?> given, IServiceProvider? services)
    {
        if (given.TryGetValue(parameter.Name!, out var value))
        {
            return ConvertParameter(stage, parameter, value);
        }

        if (services?.GetService(parameter.ParameterType) is { } service)
        {
            return service;
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        if (services is not null)
        {
            return ActivatorUtilities.GetServiceOrCreateInstance(services, parameter.ParameterType);
        }

        throw new ArgumentException($"Stage '{stage}' needs parameter '{parameter.Name}' ({parameter.ParameterType.Name}), which was neither given nor registered as a service.");
    }

    private static object? ConvertParameter(string stage, ParameterInfo parameter, object? value)
    {
        var target = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (value is null || target.IsInstanceOfType(value))
        {
            return value;
        }

        try
        {
            return target.IsEnum ? Enum.Parse(target, value.ToString()!, ignoreCase: true) : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"Stage '{stage}' parameter '{parameter.Name}' must be {target.Name}, but '{value}' is not.", ex);
        }
    }

    private static void ScanLoaded()
    {
        try
        {
            AddAssembly(Assembly.Load("Otters.Builtins"));
        }
        catch (FileNotFoundException)
        {
            // Builtins are optional.
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && ReferencesCore(assembly))
            {
                AddAssembly(assembly);
            }
        }
    }

    private static bool ReferencesCore(Assembly assembly) =>
        assembly == typeof(BatchStage).Assembly || assembly.GetReferencedAssemblies().Any(a => a.Name == "Otters.Core");
}
