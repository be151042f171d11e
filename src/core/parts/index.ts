export type * from './chunks.js';
export type * from './messagePart.js';
export { foldChunk, foldChunks, textOf } from './foldChunk.js';
