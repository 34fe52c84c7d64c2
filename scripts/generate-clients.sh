#!/usr/bin/env bash
# Regenerates the Kiota and NSwag C# clients of tests/EGov.Clients.Tests, and the portal's API client
# (host/EGov.Portal/Api/Generated), from the OpenAPI documents.
#
#   scripts/generate-clients.sh              # from the committed documents in tests/EGov.Clients.Tests/openapi
#   scripts/generate-clients.sh URL          # first fetch /openapi/<name>.json from a running host (e.g. ./run.sh's
#                                            # http://localhost:8080) into that folder, then generate
#
# Starts nothing itself. The generators are the versions pinned in dotnet-tools.json. The generated code is
# committed: every build of the solution proves that it compiles unedited, and OpenApiSnapshotTests proves that the
# committed documents are the ones the host serves. See docs/clients.md.
set -euo pipefail
cd "$(dirname "$0")/.."

project=tests/EGov.Clients.Tests
documents="$project/openapi"
names=(g2c g2b g2g g2e notify platform)

if [ $# -ge 1 ]; then
  base="${1%/}"
  for name in "${names[@]}"; do
    curl -fsS "$base/openapi/$name.json" -o "$documents/$name.json.tmp"
    mv "$documents/$name.json.tmp" "$documents/$name.json"
    echo "fetched $base/openapi/$name.json"
  done
fi

dotnet tool restore >/dev/null
export KIOTA_OFFLINE_ENABLED=true

# The class and namespace of a document's clients: g2c -> G2c, platform -> Platform.
pascal() { echo "${1^}"; }

rm -rf "$project/Generated/Kiota" "$project/Generated/NSwag"
mkdir -p "$project/Generated/NSwag"
for name in "${names[@]}"; do
  type=$(pascal "$name")
  # Kiota: one client per document, in a folder and namespace of its own.
  dotnet kiota generate --language CSharp \
    --openapi "$documents/$name.json" \
    --output "$project/Generated/Kiota/$type" \
    --class-name "${type}Client" \
    --namespace-name "EGov.Clients.Kiota.$type" \
    --exclude-backward-compatible \
    --clean-output \
    --log-level Warning
  # NSwag: one file per document, System.Text.Json, paths resolved against the HttpClient's BaseAddress. NSwag
  # puts a string-enum converter on enum properties but not on arrays of enums (allowedTransitions): the
  # serializer-wide converter reads those as the strings the document declares.
  dotnet nswag openapi2csclient \
    "/input:$documents/$name.json" \
    "/output:$project/Generated/NSwag/${type}Client.cs" \
    "/namespace:EGov.Clients.NSwag.$type" \
    "/className:${type}Client" \
    /jsonLibrary:SystemTextJson \
    /jsonConverters:System.Text.Json.Serialization.JsonStringEnumConverter \
    /useBaseUrl:false \
    /generateOptionalParameters:true \
    /generateExceptionClasses:true \
    "/exceptionClass:${type}ApiException" >/dev/null
  # NSwag leaves a reminder above each array of enums; the serializer-wide converter above already covers them.
  sed -i '/(system\.text\.json): Add ItemConverterType/d' "$project/Generated/NSwag/${type}Client.cs"
  rm -f "$project/Generated/Kiota/$type/.kiota.log"
  echo "generated the $type clients"
done

# The portal's client: NSwag, for the documents the portal reads. It calls the API over HTTP like any
# other client (docs/portal.md); the committed documents are its only source.
portal=host/EGov.Portal/Api/Generated
portal_names=(g2c platform)
rm -rf "$portal"
mkdir -p "$portal"
for name in "${portal_names[@]}"; do
  type=$(pascal "$name")
  dotnet nswag openapi2csclient \
    "/input:$documents/$name.json" \
    "/output:$portal/${type}Api.cs" \
    "/namespace:EGov.Portal.Api.$type" \
    "/className:${type}Api" \
    /jsonLibrary:SystemTextJson \
    /jsonConverters:System.Text.Json.Serialization.JsonStringEnumConverter \
    /useBaseUrl:false \
    /generateOptionalParameters:true \
    /generateExceptionClasses:true \
    "/exceptionClass:${type}ApiException" >/dev/null
  echo "generated the portal's $type client"
done
