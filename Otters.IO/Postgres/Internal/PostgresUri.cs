using Npgsql;

namespace Otters.IO.Postgres;

/// <summary>
/// A parsed <c>postgresql://[user[:password]@]host[:port]/database[/table][?parameters]</c> URI.
/// <c>key</c> (sink upsert columns) and <c>query</c> (source SQL) are Otters' own parameters; every
/// other parameter is passed to Npgsql as a connection string keyword (e.g. <c>sslmode=require</c>).
/// </summary>
internal sealed class PostgresUri
{
    private const string Usage = "postgresql://[user[:password]@]host[:port]/database/table";

    private PostgresUri(string redacted, NpgsqlConnectionStringBuilder connection, string? table, string? query, IReadOnlyList<string> key)
    {
        Redacted = redacted;
        Connection = connection;
        Table = table;
        Query = query;
        Key = key;
    }

    /// <summary>Gets the URI with the password left out, safe for messages and <c>Describe()</c>.</summary>
    public string Redacted { get; }

    /// <summary>Gets the connection settings.</summary>
    public NpgsqlConnectionStringBuilder Connection { get; }

    /// <summary>Gets the table (possibly <c>schema.table</c>), or null.</summary>
    public string? Table { get; }

    /// <summary>Gets the SQL of <c>?query=</c>, or null.</summary>
    public string? Query { get; }

    /// <summary>Gets the upsert key columns of <c>?key=</c>; empty for plain append.</summary>
    public IReadOnlyList<string> Key { get; }

    /// <summary>Returns whether <paramref name="target"/> is a PostgreSQL URI (<c>postgresql://</c> or <c>postgres://</c>).</summary>
    /// <param name="target">A path or URI.</param>
    /// <returns>True for a PostgreSQL URI.</returns>
    public static bool IsPostgresUri(string target) =>
        target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a URI.</summary>
    /// <param name="uri">The URI.</param>
    /// <returns>The parsed URI.</returns>
    /// <exception cref="ArgumentException">The URI is malformed; the message names it and shows the expected form.</exception>
    public static PostgresUri Parse(string uri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (!IsPostgresUri(uri) || schemeEnd < 0)
        {
            throw Bad(uri, "it does not start with postgresql:// or postgres://");
        }

        var rest = uri[(schemeEnd + 3)..];
        string? queryString = null;
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            queryString = rest[(question + 1)..];
            rest = rest[..question];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : rest[(slash + 1)..];

        var builder = new NpgsqlConnectionStringBuilder();
        string? user = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = Unescape(colon < 0 ? userInfo : userInfo[..colon]);
            if (user.Length > 0)
            {
                builder.Username = user;
            }

            if (colon >= 0)
            {
                builder.Password = Unescape(userInfo[(colon + 1)..]);
            }
        }

        var (host, port) = SplitHostPort(uri, authority);
        builder.Host = host;
        builder.Port = port;

        var segments = path.Split('/', StringSplitOptions.None);
        if (path.Length == 0 || segments[0].Length == 0)
        {
            throw Bad(uri, "it names no database");
        }

        if (segments.Length > 2 || (segments.Length == 2 && segments[1].Length == 0))
        {
            throw Bad(uri, "its path must be /database or /database/table");
        }

        builder.Database = Unescape(segments[0]);
        var table = segments.Length == 2 ? Unescape(segments[1]) : null;

        string? query = null;
        var key = new List<string>();
        var redactedQuery = new List<string>();
        if (!string.IsNullOrEmpty(queryString))
        {
            foreach (var pair in queryString.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Unescape(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? string.Empty : Unescape(pair[(eq + 1)..]);
                if (name.Equals("query", StringComparison.OrdinalIgnoreCase))
                {
                    query = value.Trim().TrimEnd(';').Trim();
                    if (query.Length == 0)
                    {
                        throw Bad(uri, "its query parameter is empty");
                    }
                }
                else if (name.Equals("key", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var column in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        key.Add(column);
                    }

                    if (key.Count == 0)
                    {
                        throw Bad(uri, "its key parameter names no column");
                    }
                }
                else if (name.Equals("password", StringComparison.OrdinalIgnoreCase))
                {
                    builder.Password = value;
                    continue;
                }
                else
                {
                    try
                    {
                        builder[name] = value;
                    }
                    catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or KeyNotFoundException)
                    {
                        throw Bad(uri, $"its parameter '{name}' is neither key, query nor an Npgsql connection string keyword with a valid value ({ex.Message})", ex);
                    }
                }

                redactedQuery.Add(pair);
            }
        }

        var redacted = $"postgresql://{(user is null ? string.Empty : Uri.EscapeDataString(user) + "@")}{authority}/{path}"
            + (redactedQuery.Count == 0 ? string.Empty : "?" + string.Join('&', redactedQuery));
        return new PostgresUri(redacted, builder, table, query, key);
    }

    private static (string Host, int Port) SplitHostPort(string uri, string authority)
    {
        string host;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Bad(uri, "its IPv6 host has no closing ']'");
            }

            host = authority[1..close];
            if (close + 1 < authority.Length)
            {
                if (authority[close + 1] != ':')
                {
                    throw Bad(uri, "its host is followed by something other than :port");
                }

                portText = authority[(close + 2)..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? null : authority[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw Bad(uri, "it names no host");
        }

        var port = 5432;
        if (portText is not null && (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw Bad(uri, $"its port '{portText}' is not a number from 1 to 65535");
        }

        return (Unescape(host), port);
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text);

    /// <summary>Creates the error for a malformed URI, leaving out anything that looks like a password.</summary>
    private static ArgumentException Bad(string uri, string problem, Exception? inner = null) =>
        new($"The PostgreSQL URI '{RedactPassword(uri)}' is not valid: {problem}. Expected {Usage} (a source may use postgresql://host/database?query=SELECT ...).", inner);

    /// <summary>Replaces the password of a raw URI with <c>***</c>.</summary>
    /// <param name="uri">The URI as given.</param>
    /// <returns>The URI without its password.</returns>
    public static string RedactPassword(string uri)
    {
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return uri;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = uri.IndexOfAny(['/', '?'], authorityStart);
        var authority = authorityEnd < 0 ? uri[authorityStart..] : uri[authorityStart..authorityEnd];
        var at = authority.LastIndexOf('@');
        var colon = at < 0 ? -1 : authority.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || colon > at)
        {
            return uri;
        }

        return string.Concat(uri.AsSpan(0, authorityStart + colon + 1), "***", uri.AsSpan(authorityStart + at));
    }
}
