/** `StreamWriter.append` rejects with this when the log holds its cap of events. */
export class LogFullError extends Error {
  constructor(readonly maxEvents: number) {
    super(`The reply is longer than the stream log's cap of ${maxEvents} events`);
    this.name = 'LogFullError';
  }
}

/** `StreamStore.open` rejects with this when the store holds as many live streams as it may. */
export class StoreFullError extends Error {
  constructor(readonly maxStreams: number) {
    super(`The stream store already holds ${maxStreams} live streams`);
    this.name = 'StoreFullError';
  }
}
