using Tollgate.Testing;

namespace Tollgate.Core.Tests.Testing;

public sealed class TempDirectoryTests
{
    [Fact]
    public void Creates_a_unique_directory_under_the_temp_path()
    {
        using var first = new TempDirectory("probe-");
        using var second = new TempDirectory("probe-");

        Assert.True(Directory.Exists(first.Path));
        Assert.StartsWith(Path.GetTempPath(), first.Path, StringComparison.Ordinal);
        Assert.NotEqual(first.Path, second.Path);
        Assert.Equal(Path.Combine(first.Path, "a", "b.db"), first.Combine("a", "b.db"));
    }

    [Fact]
    public async Task Deletes_the_directory_and_its_contents_on_dispose()
    {
        var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Combine("nested"));
        await File.WriteAllTextAsync(directory.Combine("nested", "file.txt"), "x", TestContext.Current.CancellationToken);

        await directory.DisposeAsync();

        Assert.False(Directory.Exists(directory.Path));
    }

    [Fact]
    public void Dispose_tolerates_a_file_still_open_and_a_second_dispose()
    {
        var directory = new TempDirectory();
        using var open = new FileStream(directory.Combine("locked.bin"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);

        directory.Dispose();
        directory.Dispose();
    }
}
