using EGov.Portal.Tests;

[assembly: AssemblyFixture(typeof(PortalFixture))]
