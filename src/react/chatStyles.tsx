// The theme (--rsc-* variables, zero specificity on :root so any rule of the app wins) and the look
// of a message and its parts. Colors are light-dark() pairs: a message follows the color-scheme of
// the page around it, and the chat sets `light dark`, so it follows prefers-color-scheme. Kept
// terse on purpose: this sheet ships with StreamingMessage, inside the 5 KB budget. React 19
// hoists it into <head> once however many times it renders.
const css =
  ':where(:root){--rsc-fg:light-dark(#18181b,#ececef);--rsc-muted:light-dark(#5f5f6a,#a1a1aa);' +
  '--rsc-surface:light-dark(#f4f4f5,#232327);--rsc-border:light-dark(#e4e4e7,#36363d);' +
  '--rsc-accent:#2563eb;--rsc-ok:light-dark(#15803d,#4ade80);--rsc-danger:light-dark(#b91c1c,#f87171);' +
  '--rsc-radius:12px;--rsc-mono:ui-monospace,Menlo,Consolas,monospace}' +
  '.rsc-message{white-space:pre-wrap;overflow-wrap:anywhere}' +
  // Long text in chunks (StreamingText): each lays itself out once; inline-block adds no line break to copies.
  '.rsc-chunk{display:inline-block;width:100%;vertical-align:top}' +
  '.rsc-reasoning,.rsc-tool{margin:.75em 0;font-size:.875em;white-space:normal}' +
  '.rsc-message>:first-child{margin-top:0}' +
  '.rsc-reasoning{color:var(--rsc-muted)}' +
  '.rsc-reasoning summary{cursor:pointer}' +
  '.rsc-reasoning div{margin-top:.4em;padding-left:.9em;border-left:2px solid var(--rsc-border);white-space:pre-wrap}' +
  '.rsc-tool{border:1px solid var(--rsc-border);border-radius:var(--rsc-radius);overflow:hidden}' +
  '.rsc-tool>div{display:flex;padding:.5em .85em;background:var(--rsc-surface)}' +
  '.rsc-tool b,.rsc-tool dd{font-family:var(--rsc-mono)}' +
  '.rsc-tool small{margin-left:auto;color:var(--rsc-muted)}' +
  // The state's dot is a box, not a character: nothing for a screen reader to read out.
  '.rsc-tool small:before{content:"";display:inline-block;padding:.3em;margin-right:.45em;border-radius:50%;background:var(--rsc-accent)}' +
  '[data-state=output-available] small:before{background:var(--rsc-ok)}' +
  '[data-state=output-error] :is(small,dd:last-child){color:var(--rsc-danger)}' +
  '[data-state=output-error] small:before{background:currentColor}' +
  '.rsc-tool dl{margin:0;padding:0 .85em .75em}' +
  '.rsc-tool dt{margin-top:.6em;color:var(--rsc-muted);font-size:.85em}' +
  '.rsc-tool dd{margin:0;font-size:.925em;white-space:pre-wrap}' +
  '.rsc-sources{display:flex;flex-wrap:wrap;gap:.4em;margin-top:.6em}' +
  // Sources and the stopped/error mark are pills.
  '.rsc-source,.rsc-mark{padding:0 .7em;border:1px solid var(--rsc-border);border-radius:99px;color:var(--rsc-muted);font-size:.8em}' +
  '.rsc-source{max-width:20em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;text-decoration:none}' +
  '.rsc-caret:after{content:"\\258d";color:var(--rsc-accent);animation:rsc-blink 1s step-end infinite}' +
  '@keyframes rsc-blink{50%{opacity:0}}' +
  // A tool's dot pulses while its message streams (a finished reply may leave a call pending).
  '[aria-busy] [data-state^=input] small:before{animation:rsc-pulse .8s ease-in-out infinite alternate}' +
  '@keyframes rsc-pulse{to{opacity:.25}}' +
  '@media (prefers-reduced-motion:reduce){.rsc-caret:after,.rsc-tool small:before{animation:none}}' +
  '.rsc-mark{margin-left:.6em;border-color:currentColor}' +
  '[data-status=error]>.rsc-mark{color:var(--rsc-danger)}';

/** The stylesheet of messages and their parts, as an element: render it anywhere, it is deduplicated. */
export const chatStyles = (
  <style href="rsc-styles" precedence="default">
    {css}
  </style>
);
