import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchRequestFromArgv, projectFileFromArgv } from '../../../src/main/window/project-file-arg';

describe('projectFileFromArgv', () => {
  it('finds the project file the OS passed to an installed app', () => {
    expect(projectFileFromArgv(['C:\\Studio\\academia-studio.exe', 'D:\\school\\term1.apstudio'], 'C:\\')).toBe(resolve('C:\\', 'D:\\school\\term1.apstudio'));
    expect(projectFileFromArgv(['/opt/studio/academia-studio', '/home/it/demo.APSTUDIO'], '/')).toBe('/home/it/demo.APSTUDIO');
  });

  it('resolves a relative path against the launching working directory', () => {
    expect(projectFileFromArgv(['electron', '.', 'demo.apstudio'], '/home/it/projects')).toBe('/home/it/projects/demo.apstudio');
  });

  it('understands --project PATH and --project=PATH', () => {
    expect(projectFileFromArgv(['electron', '.', '--project', 'x.db'], '/w')).toBe('/w/x.db');
    expect(projectFileFromArgv(['electron', '.', '--project=/p/y.apstudio'], '/w')).toBe('/p/y.apstudio');
  });

  it('ignores switches, the app path and other files', () => {
    expect(projectFileFromArgv(['electron', '.', '--inspect', 'notes.txt'], '/w')).toBeNull();
    expect(projectFileFromArgv(['demo.apstudio'], '/w')).toBeNull();
    expect(projectFileFromArgv(['electron', '--flag=x.apstudio'], '/w')).toBeNull();
  });
});

describe('launchRequestFromArgv', () => {
  it('opens a named project, else the demo when asked, else nothing', () => {
    expect(launchRequestFromArgv(['electron', '.', '--demo', 'a.apstudio'], '/w')).toEqual({ kind: 'project', path: '/w/a.apstudio' });
    expect(launchRequestFromArgv(['electron', '.', '--demo'], '/w')).toEqual({ kind: 'demo' });
    expect(launchRequestFromArgv(['academia-studio'], '/w')).toBeNull();
  });
});
