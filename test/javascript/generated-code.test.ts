import { analyzeFile } from '../../src/engine/analyze';
import { balanceBrackets } from '../../src/engine/generated-code';

const SECRET = 'q8#v2!mz_4k$w7(p0=xr9-h3&j6+ty1)ug5%b@n*cs^le4di8';
const source = `const session = require('express-session');\napp.use(session({ secret: '${SECRET}' }));\n`;

// A key pasted into a build output is published all the same: bundles are read like sources.
describe('generated JavaScript is analysed like any other', () => {
  it('reads hand-written sources', () => {
    expect(analyzeFile({ path: 'server/app.js', content: Buffer.from(source) })).toHaveLength(1);
  });

  it.each([['static/dist/app.js'], ['public/vendor/session.js'], ['assets/app.min.js'], ['web/app.bundle.js'], ['lib/thing.umd.js'], ['app.prod.js']])(
    'reads %s, whatever its path says',
    (path) => {
      expect(analyzeFile({ path, content: Buffer.from(source) })).toHaveLength(1);
    },
  );

  it('reads minified code, with lines over 1,000 characters', () => {
    const minified = `${'var a=1;'.repeat(200)}${source.replace(/\n/g, ';')}`;
    expect(analyzeFile({ path: 'static/app.js', content: Buffer.from(minified) }).map((finding) => finding.line)).toEqual([1]);
  });

  it('reads nothing of a bundle that mentions no secret name', () => {
    const minified = `${'var a=1;'.repeat(2000)}app.use(router({ prefix: 'x' }));`;
    expect(analyzeFile({ path: 'static/dist/app.js', content: Buffer.from(minified) })).toEqual([]);
  });
});

describe('a large generated file is parsed in pieces around each mention', () => {
  // 200 KB of minified code on one line, with a key set inside a function in the middle of it.
  const filler = (count: number): string => Array.from({ length: count }, (_, i) => `function f${i}(e,t){return e.size?t(e):Object.entries(e).map(function(n){return[n,e[n]]})}`).join('');
  const planted = `var session=require("express-session");function boot(app){app.use(session({secret:"${SECRET}"}));return app}`;

  it('finds the key at the line and column of the whole file', () => {
    const before = `${filler(1200)};`;
    const minified = `"use strict";\n${before}${planted}${filler(1200)}\n`;
    const [finding, ...rest] = analyzeFile({ path: 'static/app.min.js', content: Buffer.from(minified) });
    expect(rest).toEqual([]);
    expect([finding!.line, finding!.column]).toEqual([2, before.length + planted.indexOf(`"${SECRET.slice(0, 4)}`) + 1]);
  });

  it('closes what a piece leaves open and blanks what it closes without opening', () => {
    expect(balanceBrackets(`a(b)}]);c({d:[1,"}"`)).toBe('a(b)   ;c({d:[1,"}"]})');
    expect(balanceBrackets(`f({x:'ab`)).toBe(`f({x:'ab'})`);
    expect(balanceBrackets('x(/* ) */ y')).toBe('x(/* ) */ y)');
  });
});
