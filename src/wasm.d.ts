// WebAssembly modules built into generated/ are bundled as their bytes
// (esbuild's binary loader; test/helpers/skim-wasm-bytes.js under Jest).
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}

// The part of the WebAssembly API the code uses: Node has all of it, but its
// types ship only in TypeScript's DOM library, which this project leaves out.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Global {
    readonly value: unknown;
  }
}
