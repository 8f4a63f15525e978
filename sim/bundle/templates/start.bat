@echo off
rem Community 1234 Kit: start "community-1234 {{ command }}" from the environment install.bat made.
chcp 65001 >nul
"%USERPROFILE%\community-1234\venv\Scripts\community-1234.exe" {{ command }} %*
pause
