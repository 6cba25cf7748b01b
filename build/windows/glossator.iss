; Inno Setup script: a per-user installer for the one-folder bundle in dist\glossator.
; Build with build\windows\build.ps1 (or: iscc /DAppVersion=0.1.0 build\windows\glossator.iss).
; No administrator rights: the app goes to %LOCALAPPDATA%\Programs\Glossator, the Start-menu
; entry to the user's own menu, and an uninstaller is registered for "Apps & features".

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\glossator"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{6F0E3A52-8C7B-4E43-9E0A-2B7C1D5A9E10}
AppName=Glossator
AppVersion={#AppVersion}
AppVerName=Glossator {#AppVersion}
AppPublisher=The Glossator developers
DefaultDirName={autopf}\Glossator
DefaultGroupName=Glossator
DisableProgramGroupPage=yes
; Per-user install: {autopf} becomes %LOCALAPPDATA%\Programs, no UAC prompt.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=Glossator-{#AppVersion}-windows-x64-setup
SetupIconFile=glossator.ico
UninstallDisplayIcon={app}\Glossator.exe
UninstallDisplayName=Glossator {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Glossator"; Filename: "{app}\Glossator.exe"; WorkingDir: "{userdocs}"
Name: "{group}\Uninstall Glossator"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Glossator"; Filename: "{app}\Glossator.exe"; Tasks: desktopicon

[Registry]
; "Open with Glossator" for the document types it reads (per user, removed on uninstall).
Root: HKCU; Subkey: "Software\Classes\Glossator.Document"; ValueType: string; ValueName: ""; ValueData: "Document for Glossator"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Glossator.Document\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\Glossator.exe,0"
Root: HKCU; Subkey: "Software\Classes\Glossator.Document\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Glossator.exe"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\.epub\OpenWithProgids"; ValueType: string; ValueName: "Glossator.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "Glossator.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "Glossator.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.pdf\OpenWithProgids"; ValueType: string; ValueName: "Glossator.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.docx\OpenWithProgids"; ValueType: string; ValueName: "Glossator.Document"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.html\OpenWithProgids"; ValueType: string; ValueName: "Glossator.Document"; ValueData: ""; Flags: uninsdeletevalue

[Run]
Filename: "{app}\Glossator.exe"; Description: "{cm:LaunchProgram,Glossator}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put in {app}; the user's knowledge base in %LOCALAPPDATA%\Glossator
; is theirs and stays.
Type: filesandordirs; Name: "{app}\_internal"
