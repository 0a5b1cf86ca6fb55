using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Otters.Tests.IO.Postgres;

/// <summary>
/// A PostgreSQL 15 cluster of its own in a temporary directory, on a free loopback port, trusting every
/// local connection; deleted on dispose. Shared by the tests and the benchmarks (linked into both).
/// </summary>
/// <remarks>
/// initdb and the server refuse to run as root, so under root every command runs as the <c>postgres</c>
/// OS user through <c>runuser</c>. The binaries come from <c>OTTERS_PG_BIN</c> or <c>/usr/lib/postgresql/15/bin</c>.
/// </remarks>
internal sealed class ThrowawayPostgresCluster : IAsyncDisposable
{
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly bool _asPostgresUser;

    private ThrowawayPostgresCluster(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
        _asPostgresUser = Environment.UserName == "root";
    }

    /// <summary>Gets the loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Gets a connection string for database <c>postgres</c> as user <c>postgres</c>.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5";

    /// <summary>Returns the Otters URI of a table (or, with a null table, of the database).</summary>
    public string Uri(string? table = null) => $"postgresql://postgres@127.0.0.1:{Port}/postgres" + (table is null ? string.Empty : "/" + table);

    /// <summary>Creates, initializes and starts a cluster.</summary>
    /// <exception cref="InvalidOperationException">The PostgreSQL binaries are missing; the message says how to install them.</exception>
    public static async Task<ThrowawayPostgresCluster> StartAsync()
    {
        var bin = Environment.GetEnvironmentVariable("OTTERS_PG_BIN") is { Length: > 0 } custom ? custom : DefaultBinDirectory;
        if (!File.Exists(Path.Combine(bin, "initdb")) || !File.Exists(Path.Combine(bin, "pg_ctl")))
        {
            throw new InvalidOperationException(
                $"The PostgreSQL tests need PostgreSQL 15's initdb and pg_ctl in '{bin}', and they are not there. "
                + "Install them with 'apt-get install -y postgresql-15' (Debian) or point OTTERS_PG_BIN at another PostgreSQL bin directory.");
        }

        var root = Directory.CreateTempSubdirectory("otters-pg-").FullName;
        var cluster = new ThrowawayPostgresCluster(bin, root, FreePort());
        try
        {
            if (cluster._asPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", root]).ConfigureAwait(false);
            }

            await cluster.RunToolAsync("initdb", ["-D", cluster._data, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]).ConfigureAwait(false);
            await cluster.StartServerAsync().ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the (stopped) server and waits until it accepts connections.</summary>
    public Task StartServerAsync() => RunToolAsync(
        "pg_ctl",
        ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
         "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_root} -c fsync=off -c max_connections=50", "start"]);

    /// <summary>Stops the server; <c>fast</c> disconnects every session (SQLSTATE 57P01) and checkpoints.</summary>
    public Task StopServerAsync(string mode = "fast") => RunToolAsync("pg_ctl", ["-D", _data, "-m", mode, "-w", "-t", "60", "stop"]);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                await StopServerAsync("immediate").ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the directory goes anyway.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunToolAsync(string tool, string[] arguments)
    {
        var exe = Path.Combine(_bin, tool);
        return _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. arguments]) : RunAsync(exe, arguments);
    }

    private static async Task RunAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/tmp",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' exited with code {process.ExitCode}: {await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}");
        }
    }
}
