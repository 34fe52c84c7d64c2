# syntax=docker/dockerfile:1
# EGov.Platform: one image for every node. Configuration comes only from environment variables and from
# mounted secrets (/run/secrets, one file per setting, named like the variable: ConnectionStrings__Platform).
# Settings: docs/settings.md; running it: docs/operations.md.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,id=egov-nuget,target=/root/.nuget/packages \
    dotnet publish host/EGov.Host/EGov.Host.csproj -c Release -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The realm file lets the image run with the development issuer when ASPNETCORE_ENVIRONMENT=Development (demos);
# .data is where that issuer keeps its signing key. Neither is used in Production.
COPY deploy/keycloak/egov-realm.json deploy/keycloak/egov-realm.json
RUN mkdir -p /app/.data && chown "$APP_UID" /app/.data

ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_gcServer=1 \
    Lifecycle__DrainDelaySeconds=5 \
    Lifecycle__ShutdownTimeoutSeconds=25 \
    Orleans__SiloPort=11111 \
    Orleans__GatewayPort=30000

# HTTP, Orleans silo-to-silo, Orleans gateway.
EXPOSE 8080 11111 30000

# The non-root user of the .NET images (UID 1654).
USER $APP_UID

# The image has no curl or wget: the host binary asks its own /health/ready.
HEALTHCHECK --interval=15s --timeout=6s --start-period=60s --retries=3 \
    CMD ["dotnet", "/app/EGov.Host.dll", "healthcheck"]

# `docker run … egov-platform migrate` applies the migrations and exits.
ENTRYPOINT ["dotnet", "/app/EGov.Host.dll"]
