namespace Otters.IO.Kafka;

/// <summary>
/// A parsed <c>kafka://host:port[,host2:port2]/topic1[,topic2]?option=value&amp;...</c> address. Options:
/// <c>group</c> (the consumer group of a source), <c>key</c> (the column a sink keys messages by),
/// <c>offset</c> (<c>earliest</c>, the default, or <c>latest</c>: where a group with no committed offset
/// starts); any option whose name contains a dot is a librdkafka setting passed through as is
/// (e.g. <c>session.timeout.ms=6000</c>), and so is <c>debug</c> (e.g. <c>debug=cgrp,fetch</c>), which
/// also sends librdkafka's log to standard error.
/// </summary>
internal sealed class KafkaAddress
{
    /// <summary>The scheme prefix, compared without case.</summary>
    public const string Prefix = "kafka://";

    private KafkaAddress(string bootstrapServers, IReadOnlyList<string> topics, IReadOnlyDictionary<string, string> options, IReadOnlyDictionary<string, string> settings)
    {
        BootstrapServers = bootstrapServers;
        Topics = topics;
        Group = options.GetValueOrDefault("group");
        Key = options.GetValueOrDefault("key");
        Offset = options.GetValueOrDefault("offset") ?? "earliest";
        Settings = settings;
    }

    /// <summary>Gets the brokers to bootstrap from, <c>host:port[,host:port]</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Gets the topics, at least one.</summary>
    public IReadOnlyList<string> Topics { get; }

    /// <summary>Gets the consumer group, or null.</summary>
    public string? Group { get; }

    /// <summary>Gets the column a sink keys messages by, or null.</summary>
    public string? Key { get; }

    /// <summary>Gets where a group without a committed offset starts: <c>earliest</c> or <c>latest</c>.</summary>
    public string Offset { get; }

    /// <summary>Gets the librdkafka settings given in the address.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Gets whether librdkafka's log goes to standard error (the address sets <c>debug</c>).</summary>
    public bool LogToStandardError => Settings.ContainsKey("debug");

    /// <summary>Returns whether <paramref name="target"/> is a Kafka address.</summary>
    /// <param name="target">A path or URI.</param>
    /// <returns>True when it starts with <c>kafka://</c>.</returns>
    public static bool IsKafka(string target) => target.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses an address.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The parsed address.</returns>
    /// <exception cref="ArgumentException">The address is malformed; the message names what is wrong.</exception>
    public static KafkaAddress Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IsKafka(address))
        {
            throw Malformed(address, $"it must start with {Prefix}");
        }

        var rest = address[Prefix.Length..];
        var query = string.Empty;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var servers = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (servers.Length == 0)
        {
            throw Malformed(address, "it names no broker (expected kafka://host:port/topic)");
        }

        var topics = path.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Uri.UnescapeDataString)
            .ToArray();
        if (topics.Length == 0)
        {
            throw Malformed(address, "it names no topic (expected kafka://host:port/topic)");
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (name.Contains('.', StringComparison.Ordinal) || name == "debug")
            {
                settings[name] = value;
            }
            else if (name is "group" or "key" or "offset")
            {
                if (value.Length == 0)
                {
                    throw Malformed(address, $"option '{name}' has no value");
                }

                options[name] = value;
            }
            else
            {
                throw Malformed(address, $"option '{name}' is unknown (known: group, key, offset, debug, and librdkafka settings such as session.timeout.ms)");
            }
        }

        if (options.TryGetValue("offset", out var offset) && offset is not ("earliest" or "latest"))
        {
            throw Malformed(address, $"option offset={offset} must be 'earliest' or 'latest'");
        }

        return new KafkaAddress(servers, topics, options, settings);
    }

    /// <summary>Returns the address without its options, e.g. <c>kafka://localhost:9092/ticks</c>.</summary>
    /// <returns>The address as text.</returns>
    public override string ToString() => $"{Prefix}{BootstrapServers}/{string.Join(',', Topics)}";

    private static ArgumentException Malformed(string address, string why) =>
        new($"The Kafka address '{address}' is malformed: {why}.", nameof(address));
}
