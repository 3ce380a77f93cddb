// Globs written from one directory, matched against paths relative to another.
import { join } from 'node:path';
import { compileGlobsFrom, pathFrom } from '../../src/engine/globs';

const project = join('/', 'work', 'project');

describe('pathFrom', () => {
  it.each([
    ['the same directory', project, 'mysite/settings.py', 'mysite/settings.py'],
    ['a scan run below the project', join(project, 'mysite'), 'settings.py', 'mysite/settings.py'],
    ['a scan run two levels below', join(project, 'a', 'b'), 'c/settings.py', 'a/b/c/settings.py'],
    ['a path that leads back up', join(project, 'mysite'), '../other/settings.py', 'other/settings.py'],
    ['a path that leads out of the project', join(project, 'mysite'), '../../elsewhere/settings.py', '../elsewhere/settings.py'],
    ['a scan run above the project', join('/', 'work'), 'project/mysite/settings.py', 'mysite/settings.py'],
    ['a file beside the project', join('/', 'work'), 'other/settings.py', '../other/settings.py'],
    ['a sibling directory', join('/', 'work', 'sibling'), 'settings.py', '../sibling/settings.py'],
  ])('%s', (_name, root, path, expected) => {
    expect(pathFrom(root, project)(path)).toBe(expected);
  });
});

describe('compileGlobsFrom', () => {
  it('sees each path from the directory its globs were written from', () => {
    const root = join(project, 'mysite');
    const matches = compileGlobsFrom(
      [
        { globs: ['legacy/**'], directory: project },
        { globs: ['local.py'], directory: root },
      ],
      root,
    )!;
    expect(['local.py', 'settings.py', '../legacy/settings.py', 'legacy/settings.py'].filter(matches)).toEqual(['local.py', '../legacy/settings.py']);
  });

  it('never lets a glob match a file outside its directory unless it says ..', () => {
    const matches = compileGlobsFrom([{ globs: ['**/settings.py'], directory: join(project, 'mysite') }], project)!;
    expect(['mysite/settings.py', 'other/settings.py'].filter(matches)).toEqual(['mysite/settings.py']);
  });

  it('is null when no list holds a glob', () => {
    expect(compileGlobsFrom([], project)).toBeNull();
    expect(compileGlobsFrom([{ globs: [], directory: project }], project)).toBeNull();
  });
});
