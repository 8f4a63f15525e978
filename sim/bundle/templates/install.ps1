# Community 1234 Kit {{ version }}: offline install for {{ platform }}, Python {{ python }}.
# Creates a Python environment in %USERPROFILE%\community-1234\venv and installs the kit
# from the wheels next to this script: no internet, no administrator rights.
# Run it with: powershell -ExecutionPolicy Bypass -File install.ps1
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
$Kit = Join-Path $env:USERPROFILE 'community-1234'
$Venv = Join-Path $Kit 'venv'

function Say([string[]] $Lines) { foreach ($Line in $Lines) { Write-Host $Line } }
function Stop-Install([int] $Code) {
  if ($Code -eq 1) { Say @('', {{ m.failed | ps }}) }
  Read-Host -Prompt {{ m.press_enter | ps(' / ') }} | Out-Null
  exit $Code
}

if (-not (Test-Path -PathType Container (Join-Path $Here 'wheels'))) {
  Say @({{ m.not_unzipped | ps }})
  Stop-Install 2
}
Say @({{ m.find_python | ps }})
$Check = 'import sys; sys.exit(sys.version_info[:2] != ({{ major }}, {{ minor }}))'
function Test-Python([string] $Exe, [string[]] $Options) {
  if (-not (Get-Command $Exe -ErrorAction SilentlyContinue)) { return $false }
  & $Exe @Options -c $Check 2>$null | Out-Null
  return ($LASTEXITCODE -eq 0)
}
$PyExe = $null
$PyOptions = @()
if (Test-Python 'py' @('-{{ python }}')) {
  $PyExe = 'py'
  $PyOptions = @('-{{ python }}')
} elseif (Test-Python 'python' @()) {
  $PyExe = 'python'
}
if ($null -eq $PyExe) {
  Say @({{ m.no_python | ps }})
  Stop-Install 2
}
Say @({{ m.venv | ps }}, "  $Venv")
New-Item -ItemType Directory -Force -Path $Kit | Out-Null
& $PyExe @PyOptions -m venv --clear $Venv
if ($LASTEXITCODE -ne 0) { Stop-Install 1 }
Say @({{ m.installing | ps }})
$VenvPython = Join-Path $Venv 'Scripts\python.exe'
& $VenvPython -m pip install --isolated --no-input --disable-pip-version-check --no-index --find-links (Join-Path $Here 'wheels') '{{ requirement }}'
if ($LASTEXITCODE -ne 0) { Stop-Install 1 }
Copy-Item -Force (Join-Path $Here 'launchers\start-lab.bat'), (Join-Path $Here 'launchers\start-dashboard.bat') $Kit
$Command = Join-Path $Venv 'Scripts\community-1234.exe'
Say @('', {{ m.done | ps }}, '', {{ m.start_lab | ps }}, "  & '$Command' lab", '')
Say @({{ m.start_dashboard | ps }}, "  & '$Command' dashboard", '')
Say @({{ m.launchers | ps }}, "  $(Join-Path $Kit 'start-lab.bat')", "  $(Join-Path $Kit 'start-dashboard.bat')")
Stop-Install 0
