#!/usr/bin/env bash
# Packs the empty stand-in packages of this folder (the local feed nuget.config names) into .nupkg files.
# The result is committed so a plain `dotnet restore` works on a fresh machine; run this only to remake it.
set -euo pipefail
cd "$(dirname "$0")"
python3 - <<'PY'
import zipfile

# A fixed timestamp keeps the package byte-identical from run to run.
STAMP = (2022, 9, 1, 0, 0, 0)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="nuspec" ContentType="application/octet" />'
    '</Types>'
)

for nuspec, nupkg in [("librdkafka.redist.nuspec", "librdkafka.redist.1.9.2.nupkg")]:
    with zipfile.ZipFile(nupkg, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [(nuspec, open(nuspec, "rb").read()), ("[Content_Types].xml", CONTENT_TYPES.encode())]:
            z.writestr(zipfile.ZipInfo(name, STAMP), data, zipfile.ZIP_DEFLATED)
    print(f"wrote {nupkg}")
PY
