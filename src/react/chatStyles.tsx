// The few rules the components need to work; everything else is left to the app. Colours and
// sizes are CSS variables. React 19 hoists this into <head> once however many times it renders.
const css =
  '.rsc-chat{display:flex;flex-direction:column;gap:var(--rsc-gap,.75rem)}' +
  '.rsc-log{overflow-y:auto;max-height:var(--rsc-log-height,60vh)}' +
  '.rsc-message{white-space:pre-wrap;overflow-wrap:anywhere;margin:var(--rsc-message-margin,.5rem 0)}' +
  '.rsc-caret:after{content:"\\258d";animation:rsc-blink 1s step-end infinite}' +
  '@keyframes rsc-blink{50%{opacity:0}}' +
  '@media (prefers-reduced-motion:reduce){.rsc-caret:after{animation:none}}' +
  '.rsc-mark{margin-left:.5em;font-size:.8em;color:var(--rsc-mark-color,GrayText)}' +
  '[data-status=error]>.rsc-mark{color:var(--rsc-error-color,#b3261e)}' +
  '.rsc-form{display:flex;gap:.5rem;align-items:end}' +
  '.rsc-form textarea{flex:1;font:inherit}' +
  '.rsc-sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}';

/** The components' stylesheet, as an element: render it anywhere, it is deduplicated. */
export const chatStyles = (
  <style href="rsc-styles" precedence="default">
    {css}
  </style>
);
