// Under Jest, `import wasm from '…/generated/skim.wasm'` gives the module's
// bytes, as esbuild's binary loader does in the bundle (Jest would otherwise
// take a .wasm file for an ES module). `npm test` builds the file first.
module.exports = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'generated', 'skim.wasm'));
