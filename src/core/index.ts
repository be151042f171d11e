export * from './errors';
export type * from './types';
export type * from './protocols/streamProtocol';
