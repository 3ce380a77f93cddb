import { analyzeFile } from '../../src/engine/analyze';

const SECRET = 'q8#v2!mz_4k$w7(p0=xr9-h3&j6+ty1)ug5%b@n*cs^le4di8';
const source = `const session = require('express-session');\napp.use(session({ secret: '${SECRET}' }));\n`;

describe('generated JavaScript is not analysed', () => {
  it('reads hand-written sources', () => {
    expect(analyzeFile({ path: 'server/app.js', content: Buffer.from(source) })).toHaveLength(1);
  });

  it.each([['static/dist/app.js'], ['public/vendor/session.js'], ['assets/app.min.js'], ['web/app.bundle.js'], ['lib/thing.umd.js']])(
    'skips %s by its path',
    (path) => {
      expect(analyzeFile({ path, content: Buffer.from(source) })).toEqual([]);
    },
  );

  it('skips minified code by its shape', () => {
    const minified = `${'var a=1;'.repeat(200)}${source.replace(/\n/g, ';')}`;
    expect(analyzeFile({ path: 'static/app.js', content: Buffer.from(minified) })).toEqual([]);
  });
});
