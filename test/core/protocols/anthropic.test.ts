import { anthropic } from 'react-streaming-chat/core';
import { anthropicTranscripts } from '../../fixtures/transcripts/anthropic';
import { checkTranscripts } from './checkTranscripts';

describe('anthropic()', () => {
  checkTranscripts(anthropic, anthropicTranscripts);
});
