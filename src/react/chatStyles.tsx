// Only the rules the components need to work; the look is left to the app. React 19 hoists
// this into <head> once however many times it renders.
const css =
  '.rsc-log{overflow-y:auto;max-height:var(--rsc-log-height,60vh)}' +
  '.rsc-message{white-space:pre-wrap}' +
  '.rsc-mark{margin-left:.5em}' +
  '.rsc-caret:after{content:"\\258d";animation:rsc-blink 1s step-end infinite}' +
  '@keyframes rsc-blink{50%{opacity:0}}' +
  '@media (prefers-reduced-motion:reduce){.rsc-caret:after{animation:none}}' +
  '.rsc-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}';

/** The components' stylesheet, as an element: render it anywhere, it is deduplicated. */
export const chatStyles = (
  <style href="rsc-styles" precedence="default">
    {css}
  </style>
);
