@echo off
rem Community 1234 Kit {{ version }}: offline install for {{ platform }}, Python {{ python }}.
rem Creates a Python environment in %USERPROFILE%\community-1234\venv and installs the kit
rem from the wheels next to this file: no internet, no administrator rights.
setlocal
chcp 65001 >nul
set "HERE=%~dp0"
set "KIT=%USERPROFILE%\community-1234"
set "VENV=%KIT%\venv"

if not exist "%HERE%wheels\" (
{{ m.not_unzipped | bat("  ") }}
  goto :stop
)
{{ m.find_python | bat }}
set "PY="
py -{{ python }} -c "import sys" >nul 2>&1
if not errorlevel 1 (
  set "PY=py -{{ python }}"
  goto :found
)
python -c "import sys; sys.exit(sys.version_info[:2] != ({{ major }}, {{ minor }}))" >nul 2>&1
if not errorlevel 1 (
  set "PY=python"
  goto :found
)
{{ m.no_python | bat }}
goto :stop

:found
{{ m.venv | bat }}
echo   %VENV%
if not exist "%KIT%\" mkdir "%KIT%" || goto :failed
%PY% -m venv --clear "%VENV%" || goto :failed
{{ m.installing | bat }}
"%VENV%\Scripts\python.exe" -m pip install --isolated --no-input --disable-pip-version-check --no-index --find-links "%HERE%wheels" "{{ requirement }}" || goto :failed
copy /y "%HERE%launchers\start-lab.bat" "%KIT%\" >nul || goto :failed
copy /y "%HERE%launchers\start-dashboard.bat" "%KIT%\" >nul || goto :failed
echo.
{{ m.done | bat }}
echo.
{{ m.start_lab | bat }}
echo   "%VENV%\Scripts\community-1234.exe" lab
echo.
{{ m.start_dashboard | bat }}
echo   "%VENV%\Scripts\community-1234.exe" dashboard
echo.
{{ m.launchers | bat }}
echo   %KIT%\start-lab.bat
echo   %KIT%\start-dashboard.bat
goto :stop

:failed
echo.
{{ m.failed | bat }}
pause
exit /b 1

:stop
pause
