export { createResumableStreams } from './createResumableStreams.js';
export type { ResumableStreams, ResumableStreamsOptions, StartOptions } from './createResumableStreams.js';
export { memoryStreamStore } from './memoryStreamStore.js';
export type { MemoryStreamStoreOptions } from './memoryStreamStore.js';
export { PRODUCER_LOST } from './logReader.js';
export type { ResumableSource } from './runProducer.js';
export { LogFullError, StoreFullError } from './storeErrors.js';
export type { LogEvent, LoggedEvent, StreamBatch, StreamFormat, StreamInfo, StreamStore, StreamWriter } from './types.js';
