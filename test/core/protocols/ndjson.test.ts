import { ndjson } from 'react-streaming-chat/core';
import { ndjsonTranscripts } from '../../fixtures/transcripts/ndjson';
import { checkTranscripts } from './checkTranscripts';

describe('ndjson()', () => {
  checkTranscripts(ndjson, ndjsonTranscripts);
});
