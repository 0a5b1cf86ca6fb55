namespace Otters.IO.Files;

/// <summary>
/// A file written under a temporary name beside its target (a dot in front, <c>.tmp</c> behind) and renamed
/// onto the target only once complete, so no reader ever sees a half-written file under the final name.
/// </summary>
internal sealed class StagedFile
{
    private readonly string _target;
    private readonly string _temporary;

    private StagedFile(string target)
    {
        var full = System.IO.Path.GetFullPath(target);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        _target = target;
        _temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        Stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
    }

    /// <summary>Gets the stream writing the temporary file.</summary>
    public FileStream Stream { get; }

    /// <summary>Creates the temporary file for <paramref name="target"/>.</summary>
    /// <param name="target">The final path.</param>
    /// <returns>The staged file.</returns>
    public static StagedFile Create(string target) => new(target);

    /// <summary>Flushes the file to disk, closes it and renames it onto the target, replacing any file there.</summary>
    /// <returns>A task completing when the file is in place.</returns>
    public async ValueTask CommitAsync()
    {
        await Stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        Stream.Flush(flushToDisk: true);
        await Stream.DisposeAsync().ConfigureAwait(false);
        File.Move(_temporary, _target, overwrite: true);
    }

    /// <summary>Closes and deletes the temporary file, leaving the target untouched.</summary>
    /// <returns>A task completing when the file is gone.</returns>
    public async ValueTask AbandonAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            File.Delete(_temporary);
        }
        catch (IOException)
        {
            // Best effort: the name starts with a dot and ends in .tmp, so it is recognisable.
        }
    }
}
