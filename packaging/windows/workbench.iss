; Inno Setup script: a Windows installer for Fact-Check Workbench, from the PyInstaller one-folder bundle.
; Build on a Windows machine (it cannot be built on Linux), from the repository root:
;   py -3.12 -m venv build\venv
;   build\venv\Scripts\pip install -e . "pyinstaller>=6.10,<7"
;   build\venv\Scripts\pyinstaller --noconfirm --distpath build\dist --workpath build\pyinstaller packaging\workbench.spec
;   build\dist\workbench\workbench.exe --smoke-test
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\workbench.iss
; → dist\fact-check-workbench-0.1.0-setup.exe
; The version comes from workbench/__init__.py (pass it with /DAppVersion=...; see packaging/README.md).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Fact-Check Workbench"
#define AppExe "workbench.exe"
#define ProgId "FactCheckWorkbench.Project"

[Setup]
AppId={{6F1C2A4E-9B57-4C1D-8E0A-3F2B7C9D1E45}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=The Fact-Check Workbench authors
AppComments=Offline workbench for fact-checkers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=fact-check-workbench-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\workbench.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/normal
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Per-user install without admin rights by default; the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
MinVersion=10.0

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "Open .fcw project files with {#AppName}"; GroupDescription: "File types:"

[Files]
; The whole PyInstaller one-folder bundle (workbench.exe and _internal\).
Source: "..\..\build\dist\workbench\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Offline workbench for fact-checkers"
Name: "{group}\{#AppName} (demo project)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .fcw → FactCheckWorkbench.Project → "workbench.exe" "%1" (HKCU for a per-user install, HKLM for all users).
Root: HKA; Subkey: "Software\Classes\.fcw"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.fcw\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Fact-Check Workbench project"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".fcw"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Parameters: "--demo"; Description: "Open the demo project now"; Flags: nowait postinstall skipifsilent
