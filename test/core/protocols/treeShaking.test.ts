// @vitest-environment node
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

// SPEC: an app pays only for the protocols it imports. Each factory's wire vocabulary (strings a
// minifier keeps) marks whether its decoder is in a bundle.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const markers = {
  ndjson: 'done": true',
  openaiChat: 'reasoning_content',
  openaiResponses: 'response.output_text.delta',
  anthropic: 'content_block_start',
  aiSdk: '"aiSdk"',
} as const;

async function bundle(code: string): Promise<string> {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const present = (code: string) => Object.entries(markers).filter(([, marker]) => code.includes(marker)).map(([name]) => name);

describe('protocol factories are tree-shakeable', () => {
  it('the React entry with the default protocol holds none of them', async () => {
    const code = await bundle(`export { useStreamingChat, StreamingMessage, CancelButton } from './src/index.ts';`);
    expect(code).toContain('text/event-stream');
    expect(present(code)).toEqual([]);
  });

  it('the core engine holds none of them', async () => {
    expect(present(await bundle(`export { ChatController } from './src/core/index.ts';`))).toEqual([]);
  });

  it.each(Object.keys(markers))('importing %s() brings in that decoder only', async (name) => {
    expect(present(await bundle(`export { ${name} } from './src/index.ts';`))).toEqual([name]);
  });
});
