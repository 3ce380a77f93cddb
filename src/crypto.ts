// node:crypto, required on first use: loading it costs a hook run
// milliseconds, and a clean run never hashes or draws anything.
export const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');
