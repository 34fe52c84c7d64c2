using System.Text;

namespace EGov.SharedKernel.Persistence;

/// <summary>PostgreSQL advisory lock keys derived from a name, the same in every process and runtime.</summary>
public static class AdvisoryLockKey
{
    public static long For(string name)
    {
        // FNV-1a over UTF-8 (string.GetHashCode is randomised per process).
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
