import { openaiResponses } from 'react-streaming-chat/core';
import { openaiResponsesTranscripts } from '../../fixtures/transcripts/openaiResponses';
import { checkTranscripts } from './checkTranscripts';

describe('openaiResponses()', () => {
  checkTranscripts(openaiResponses, openaiResponsesTranscripts);
});
