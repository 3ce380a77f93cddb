// Which commits a push brings, from the lines git gives pre-push and pre-receive.
import { selectPushedCommits, selectRange, selectReceivedCommits } from '../../src/hooks/push';

const ZERO = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('pre-push lines', () => {
  test.each([
    ['an update: the local commits, less the remote sha and the remote-tracking refs', `refs/heads/main ${A} refs/heads/main ${B}\n`, 'origin', { include: [A], exclude: [B], excludeRefs: [{ remote: 'origin' }] }],
    ['a new branch: what no remote-tracking ref reaches', `refs/heads/new ${A} refs/heads/new ${ZERO}\n`, 'origin', { include: [A], exclude: [], excludeRefs: [{ remote: 'origin' }] }],
    ['a deletion: nothing', `(delete) ${ZERO} refs/heads/old ${B}\n`, 'origin', { include: [], exclude: [], excludeRefs: [] }],
    ['a push to a URL: no tracking refs to exclude', `refs/heads/main ${A} refs/heads/main ${B}\n`, '/srv/git/app.git', { include: [A], exclude: [B], excludeRefs: [] }],
    ['several refs at once, and blank lines', `\nrefs/heads/a ${A} refs/heads/a ${ZERO}\nrefs/tags/v1 ${C} refs/tags/v1 ${ZERO}\n\n`, 'up', { include: [A, C], exclude: [], excludeRefs: [{ remote: 'up' }] }],
    ['nothing on stdin', '', 'origin', { include: [], exclude: [], excludeRefs: [] }],
    ['a line that is not git\'s', 'refs/heads/main --all refs/heads/main -x\n', 'origin', { include: [], exclude: [], excludeRefs: [] }],
  ])('%s', (_, stdin, remote, expected) => {
    expect(selectPushedCommits(remote, stdin)).toEqual(expected);
  });
});

describe('pre-receive lines', () => {
  test('new commits of created and updated refs, against every ref; deletions bring nothing', () => {
    expect(selectReceivedCommits(`${ZERO} ${A} refs/heads/new\n${B} ${C} refs/heads/main\n${B} ${ZERO} refs/heads/gone\n`)).toEqual({
      include: [A, C],
      exclude: [],
      excludeRefs: [{ all: true }],
    });
    expect(selectReceivedCommits(`${B} ${ZERO} refs/heads/gone\n`)).toEqual({ include: [], exclude: [], excludeRefs: [] });
  });
});

describe("the pre-commit framework's range", () => {
  test('FROM..TO, and a new branch (FROM all zeros) from its root', () => {
    expect(selectRange(B, A)).toEqual({ include: [A], exclude: [B], excludeRefs: [] });
    expect(selectRange(ZERO, A)).toEqual({ include: [A], exclude: [], excludeRefs: [] });
  });
});
