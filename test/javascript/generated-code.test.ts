import { analyzeFile } from '../../src/engine/analyze';

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
