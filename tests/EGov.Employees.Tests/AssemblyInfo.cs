using EGov.Testing;

[assembly: AssemblyFixture(typeof(PlatformFixture))]
