using EGov.SharedKernel.Modules;

namespace EGov.Host.Platform;

/// <summary>
/// The module switches as configured (<c>Modules:&lt;Name&gt;:Enabled</c>) must name modules the host composes, and
/// only their <c>Enabled</c> setting: a misspelt name would leave on a module the operator meant to switch off.
/// </summary>
internal static class ModuleSwitches
{
    public static void EnsureKnown(IConfiguration configuration, IEnumerable<ModuleSwitch> switches)
    {
        var known = switches.Select(s => s.Module.Name).ToList();
        foreach (var section in configuration.GetSection(ModuleRegistration.Section).GetChildren())
        {
            if (!known.Contains(section.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new PlatformConfigurationException(
                    $"{ModuleRegistration.Section}:{section.Key} names no module of the platform; the modules are {string.Join(", ", known)}.");
            }

            var other = section.GetChildren().FirstOrDefault(s => !string.Equals(s.Key, "Enabled", StringComparison.OrdinalIgnoreCase));
            if (other is not null)
            {
                throw new PlatformConfigurationException(
                    $"{ModuleRegistration.Section}:{section.Key}:{other.Key} is not a setting; a module has only {ModuleRegistration.Section}:{section.Key}:Enabled (true or false).");
            }
        }
    }
}
