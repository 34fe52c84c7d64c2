using System.Reflection;
using EGov.Agencies;
using EGov.Agencies.Contracts;
using EGov.ArchitectureTests.Model;
using EGov.Businesses;
using EGov.Citizens;
using EGov.DevelopmentIssuer;
using EGov.Employees;
using EGov.Notifications;
using EGov.SharedKernel.Events;

namespace EGov.ArchitectureTests;

/// <summary>
/// EGov.Platform as the rules see it, loaded through anchor types. An assembly without a public type to anchor on
/// (a Contracts assembly with no type yet; the building blocks, whose types change while they grow) is loaded by
/// name (the project reference copies it next to the tests).
/// To add a module, a building block project or a host component: add a line here; <see cref="CatalogTests"/> fails
/// until you do.
/// </summary>
public static class EGovPlatform
{
    public static PlatformModel Model { get; } = new(
        "EGov.Platform",
        Whole(UnitRole.SharedKernel, typeof(IIntegrationEvent).Assembly),
        Whole(UnitRole.Host, typeof(Program).Assembly),
        [
            Module("Citizens", typeof(CitizensModule), Assembly.Load(new AssemblyName("EGov.Citizens.Contracts"))),
            Module("Businesses", typeof(BusinessesModule), Assembly.Load(new AssemblyName("EGov.Businesses.Contracts"))),
            Module("Agencies", typeof(AgenciesModule), typeof(AgencyRegistered).Assembly),
            Module("Employees", typeof(EmployeesModule), Assembly.Load(new AssemblyName("EGov.Employees.Contracts"))),
            Module("Notifications", typeof(NotificationsModule), typeof(EGov.Notifications.Contracts.NotificationRequested).Assembly),
        ],
        [Whole(UnitRole.BuildingBlocks, Assembly.Load(new AssemblyName("EGov.BuildingBlocks")))],
        [Whole(UnitRole.HostComponent, typeof(DevelopmentIssuerHosting).Assembly), Whole(UnitRole.HostComponent, typeof(EGov.Portal.PortalHosting).Assembly)],
        typeof(IIntegrationEvent));

    private static ModuleUnderTest Module(string name, Type entryPoint, Assembly contracts) =>
        new(name, entryPoint, Whole(UnitRole.ModuleImplementation, entryPoint.Assembly), Whole(UnitRole.ModuleContracts, contracts));

    private static CodeUnit Whole(UnitRole role, Assembly assembly) =>
        CodeUnit.WholeAssembly(assembly.GetName().Name!, role, assembly);
}

/// <summary>
/// The deliberately broken platform of EGov.ArchitectureTests.Fixtures: one assembly, each part a namespace
/// (with the <c>OrleansCodeGen.</c> twin where Orleans puts what it generates for that namespace).
/// </summary>
public static class BrokenPlatformModel
{
    public static Assembly Assembly { get; } = typeof(BrokenPlatform.Kernel.ViolatesAttribute).Assembly;

    public static PlatformModel Model { get; } = new(
        "the broken fixture",
        Part(UnitRole.SharedKernel, "BrokenPlatform.Kernel"),
        Part(UnitRole.Host, "BrokenPlatform.Host"),
        [
            Module("Permits", typeof(BrokenPlatform.Permits.PermitsModule)),
            Module("Licences", typeof(BrokenPlatform.Licences.LicencesModule)),
        ],
        [Part(UnitRole.BuildingBlocks, "BrokenPlatform.Blocks")],
        [Part(UnitRole.HostComponent, "BrokenPlatform.Issuer")],
        typeof(BrokenPlatform.Kernel.IIntegrationEvent));

    private static ModuleUnderTest Module(string name, Type entryPoint)
    {
        var root = entryPoint.Namespace!;
        var contracts = $"{root}.Contracts";
        return new(
            name,
            entryPoint,
            Part(UnitRole.ModuleImplementation, root, excluded: contracts),
            Part(UnitRole.ModuleContracts, contracts));
    }

    private static CodeUnit Part(UnitRole role, string @namespace, string? excluded = null) =>
        CodeUnit.Namespaces(
            @namespace,
            role,
            Assembly,
            [@namespace, $"{GeneratedCode.OrleansNamespace}.{@namespace}"],
            excluded is null ? [] : [excluded, $"{GeneratedCode.OrleansNamespace}.{excluded}"]);
}
