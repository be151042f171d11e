// Types the bench needs that no installed package provides.

// jsdom ships no types and @types/jsdom is not installed: the little the bench uses.
declare module 'jsdom' {
  export interface ConstructorOptions {
    pretendToBeVisual?: boolean;
    url?: string;
  }
  export class JSDOM {
    constructor(html?: string, options?: ConstructorOptions);
    readonly window: Window & typeof globalThis;
  }
}

// React DOM's profiling build has the API of react-dom/client (@types/react-dom has no entry for it).
declare module 'react-dom/profiling' {
  export * from 'react-dom/client';
}
