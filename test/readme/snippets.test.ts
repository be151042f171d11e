// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';

// The README's code blocks are copies of the files under test/readme/snippets, which the other
// tests in this folder run. These checks keep the copies exact and leave no block untested.

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const readme = read('README.md');

interface CodeBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The file named by a `<!-- snippet: path -->` comment on the line before the fence. */
  snippet: string | undefined;
}

function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const close = lines.indexOf(open[1]!, i + 1);
    if (close < 0) throw new Error(`README.md:${i + 1}: the code block is never closed`);
    const marker = /^<!-- snippet: (\S+) -->$/.exec(lines[i - 1] ?? '');
    blocks.push({
      lang: open[2]!,
      code: `${lines.slice(i + 1, close).join('\n')}\n`,
      line: i + 1,
      snippet: marker?.[1],
    });
    i = close;
  }
  return blocks;
}

const blocks = codeBlocks(readme);
const marked = blocks.filter((block) => block.snippet !== undefined);
const snippetFiles = readdirSync(new URL('test/readme/snippets/', root), { withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => `test/readme/snippets/${entry.name}`);

describe('README.md code blocks', () => {
  it('every snippet comment sits right before a code block', () => {
    const comments = readme.match(/<!-- snippet: /g) ?? [];
    expect(marked.length).toBe(comments.length);
    expect(marked.length).toBeGreaterThan(0);
  });

  it.each(marked.map((block) => [block.snippet!, block] as const))('the block for %s is that file, exactly', (path, block) => {
    expect(block.code, `README.md:${block.line}`).toBe(read(path));
  });

  it('every TypeScript and Python block is a tested snippet', () => {
    const code = blocks.filter((block) => /^(ts|tsx|typescript|js|jsx|javascript|py|python)$/i.test(block.lang));
    const unmarked = code.filter((block) => block.snippet === undefined).map((block) => `README.md:${block.line}`);
    expect(unmarked).toEqual([]);
    // Any other language must be one the README is allowed to leave untested.
    const others = blocks.filter((block) => !code.includes(block)).map((block) => block.lang);
    expect(new Set(others)).toEqual(new Set(['sh', '']));
  });

  it('every file in test/readme/snippets is shown in the README, once', () => {
    expect(marked.map((block) => block.snippet).sort()).toEqual(snippetFiles.sort());
  });
});

describe('README.md commands', () => {
  const scripts: Record<string, string> = JSON.parse(read('package.json')).scripts;

  it('the quick start is two commands: the playground, then the tests', () => {
    const quickStart = blocks.find((block) => block.lang === 'sh')!;
    const commands = quickStart.code
      .trim()
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, ''));
    expect(commands).toEqual(['npm ci && npm run playground', 'npm test']);
  });

  it('every npm script it names exists', () => {
    const named = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]!);
    expect(named).toEqual(expect.arrayContaining(['playground', 'test:browser', 'build-storybook', 'bench', 'build']));
    expect([...new Set(named)].filter((name) => !(name in scripts))).toEqual([]);
    expect(scripts.test).toBeDefined();
  });
});
