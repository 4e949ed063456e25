namespace Platform.Inference.Models;

/// <summary>Writes model-folder files aside and moves them in, so a reader never sees half a file.</summary>
internal static class ModelFiles
{
    public static void WriteAtomically(string directory, string name, Action<Stream> write)
    {
        var target = Path.Combine(directory, name);
        var temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
