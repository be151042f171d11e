import { useEffect, useState, type ComponentProps } from 'react';
import type { MarkdownComponents } from 'react-streaming-chat/markdown';
import { createHighlighter, type BundledLanguage, type ThemedToken } from 'shiki';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';

// One highlighter for the app, with the languages you expect (no WebAssembly to load).
const highlighter = createHighlighter({
  themes: ['github-light'],
  langs: ['ts', 'tsx', 'js', 'json', 'bash', 'python', 'sql'],
  engine: createJavaScriptRegexEngine(),
});

/** Code, highlighted once its block is complete (no more `data-streaming`). */
function Code({ className, children, ...props }: ComponentProps<'code'>) {
  const lang = /language-(\S+)/.exec(className ?? '')?.[1];
  const streaming = 'data-streaming' in props;
  const code = String(children);
  const [lines, setLines] = useState<ThemedToken[][]>();
  useEffect(() => {
    if (!lang || streaming) return;
    let current = true;
    void highlighter.then((shiki) => {
      // A language the highlighter did not load stays plain.
      if (!current || !shiki.getLoadedLanguages().includes(lang)) return;
      setLines(shiki.codeToTokens(code, { lang: lang as BundledLanguage, theme: 'github-light' }).tokens);
    });
    return () => {
      current = false;
    };
  }, [code, lang, streaming]);

  if (!lines) return <code className={className} {...props}>{children}</code>;
  return (
    <code className={className}>
      {lines.map((line, i) => (
        <span key={i} className="line">
          {line.map((token, j) => (
            <span key={j} style={{ color: token.color }}>
              {token.content}
            </span>
          ))}
          {'\n'}
        </span>
      ))}
    </code>
  );
}

export const shikiComponents: MarkdownComponents = { code: Code };
