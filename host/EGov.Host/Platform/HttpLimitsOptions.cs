using System.ComponentModel.DataAnnotations;

namespace EGov.Host.Platform;

/// <summary>Settings of section <c>Http</c>.</summary>
internal sealed class HttpLimitsOptions
{
    public const string Section = "Http";

    /// <summary>Largest JSON request body; larger ones get 413 before anything reads them. Uploads (multipart) have their own limits.</summary>
    [Range(1024, 104_857_600)]
    public long MaxJsonBodyBytes { get; set; } = 1_048_576;
}
