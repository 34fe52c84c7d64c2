using Microsoft.Extensions.Options;

namespace EGov.Host.Platform;

/// <summary>A setting is missing or wrong; the message says which and how to fix it.</summary>
internal sealed class PlatformConfigurationException(string message) : Exception(message)
{
    public static bool IsConfigurationError(Exception ex) =>
        Unwrap(ex) is PlatformConfigurationException or OptionsValidationException;

    public static string Describe(Exception ex) => Unwrap(ex) switch
    {
        OptionsValidationException options => string.Join("; ", options.Failures),
        var other => other.Message,
    };

    private static Exception Unwrap(Exception ex) =>
        ex is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : ex;
}
