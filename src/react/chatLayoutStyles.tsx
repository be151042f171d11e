// The chat's frame, log, error row and composer: only <StreamingChat> renders this, so an app that
// builds its own layout from StreamingMessage does not download it. The colors are chatStyles'.
const css =
  ':where(:root){--rsc-bg:light-dark(#fff,#161618);--rsc-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--rsc-font-size:15px;--rsc-space:16px}' +
  ':where(.rsc-chat){color-scheme:light dark}' +
  '.rsc-chat{display:flex;flex-direction:column;border:1px solid var(--rsc-border);border-radius:calc(var(--rsc-radius) + 4px);' +
  'background:var(--rsc-bg);color:var(--rsc-fg);font:var(--rsc-font-size)/1.6 var(--rsc-font)}' +
  '.rsc-chat :not(textarea):focus-visible{outline:2px solid var(--rsc-accent);outline-offset:2px}' +
  '.rsc-log{display:flex;flex-direction:column;gap:var(--rsc-space);max-height:var(--rsc-log-height,60vh);overflow-y:auto;' +
  'padding:var(--rsc-space) calc(var(--rsc-space)*1.25)}' +
  '.rsc-chat .rsc-log:focus-visible{outline-offset:-2px}' +
  '.rsc-log>[data-role=user]{align-self:flex-end;max-width:min(80%,36em);padding:.5em .9em;border-radius:var(--rsc-radius);' +
  'background:var(--rsc-surface)}' +
  // Markdown (render={renderMarkdown}) sits flush with the message's edges, like plain text.
  '.rsc-log .rsc-markdown>:first-child{margin-top:0}.rsc-log .rsc-markdown>:last-child{margin-bottom:0}' +
  '.rsc-error{display:flex;align-items:center;gap:.75em;margin:0 var(--rsc-space) .5em;padding:.4em .5em .4em .9em;' +
  'border-radius:var(--rsc-radius);background:color-mix(in srgb,var(--rsc-danger) 10%,transparent);color:var(--rsc-danger);font-size:.875em}' +
  '.rsc-form{display:flex;align-items:flex-end;gap:.5em;margin:0 var(--rsc-space) var(--rsc-space);padding:.45em .45em .45em .9em;' +
  'border:1px solid var(--rsc-border);border-radius:var(--rsc-radius);background:var(--rsc-bg)}' +
  '.rsc-form:focus-within{border-color:var(--rsc-accent);box-shadow:0 0 0 3px color-mix(in srgb,var(--rsc-accent) 20%,transparent)}' +
  '.rsc-form textarea{flex:1;align-self:center;min-height:1.6em;max-height:12em;padding:.2em 0;border:0;outline:0;resize:none;' +
  'background:none;color:inherit;font:inherit;field-sizing:content}' +
  '.rsc-form textarea::placeholder{color:var(--rsc-muted)}' +
  '.rsc-chat button{display:inline-flex;align-items:center;gap:.45em;height:2.25em;padding:0 .95em;border:1px solid var(--rsc-border);' +
  'border-radius:calc(var(--rsc-radius) - 4px);background:var(--rsc-bg);color:inherit;font:inherit;font-size:.875em;font-weight:600;cursor:pointer}' +
  '.rsc-error button{margin-left:auto;border-color:currentColor;background:none}' +
  '.rsc-chat button:disabled{opacity:.45;cursor:default}' +
  '.rsc-chat .rsc-send{border-color:transparent;background:var(--rsc-accent);color:#fff}' +
  '.rsc-chat .rsc-stop:enabled{border-color:transparent;background:var(--rsc-fg);color:var(--rsc-bg)}' +
  '.rsc-stop:before{content:"";width:.65em;height:.65em;border-radius:2px;background:currentColor}' +
  '.rsc-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}';

/**
 * The stylesheet of `<StreamingChat>`'s frame (`.rsc-chat`), log (`.rsc-log`), error row
 * (`.rsc-error`) and composer (`.rsc-form`, `.rsc-send`, `.rsc-stop`), as an element: render it
 * beside your own markup that uses these classes. It is deduplicated like `chatStyles`.
 */
export const chatLayoutStyles = (
  <style href="rsc-chat-styles" precedence="default">
    {css}
  </style>
);
