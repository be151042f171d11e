import { openaiChat } from 'react-streaming-chat/core';
import { decode } from '../../fixtures/transcripts/decode';
import { openaiChatTranscripts } from '../../fixtures/transcripts/openaiChat';
import { sse } from '../../fixtures/transcripts/transcript';
import { checkTranscripts } from './checkTranscripts';

describe('openaiChat()', () => {
  checkTranscripts(openaiChat, openaiChatTranscripts);
});
