; Inno Setup 6 script for the Windows installer of Peptide Desk.
;
; Input: the one-folder bundle dist\peptide-desk\ made on Windows by
;   pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\peptide_desk.spec
; Build (the version comes from the package, passed on the command line):
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\peptide_desk.iss
; Output: dist\peptide-desk-<version>-windows-x64-setup.exe
;
; Per-user install by default (no administrator rights needed; the dialog offers an
; all-users install). The app writes nothing into its folder; bookmarks and notes live in
; the user's %LOCALAPPDATA%\peptide-desk and are left in place on uninstall.
; This script cannot be run on the Linux build machine; .github/workflows/package.yml runs it.

#ifndef AppVersion
  #error Pass the version: ISCC.exe /DAppVersion=X.Y.Z packaging\windows\peptide_desk.iss
#endif
#define AppName "Peptide Desk"
#define AppExe "peptide-desk.exe"
#define Bundle "..\..\dist\peptide-desk"

[Setup]
AppId={{DF64C6C8-9260-4513-8C35-03D4337A6130}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Peptide Desk contributors
AppComments=Offline reference on peptide therapies and insulin resistance
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
MinVersion=10.0
LicenseFile=..\..\LICENSE
SetupIconFile=..\..\src\peptide_desk\data\icons\peptide-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=peptide-desk-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole bundle: peptide-desk.exe (windowed), peptide-desk-cli.exe (console: --self-test,
; subcommands) and _internal\ with Python, Qt, the database and the licence texts.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Offline reference on peptide therapies and insulin resistance"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
