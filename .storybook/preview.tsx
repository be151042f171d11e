import type { Preview } from '@storybook/react-vite';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';

// The playground's look: readable defaults, and colours that pass the a11y checks.
const css =
  '.pg{font:15px/1.5 system-ui,sans-serif;color:#1a1a1a;max-width:1100px;' +
  '--rsc-log-height:320px;--rsc-mark-color:#595959;--rsc-error-color:#a4161a}' +
  '.pg button,.pg textarea,.pg select,.pg input{font:inherit}' +
  // A bare log (the stories built from the hook): <StreamingChat>'s own frame styles the others.
  '.pg .rsc-log:not(.rsc-chat>*){border:1px solid #c4c4c4;border-radius:6px;padding:0 .75rem;min-height:4rem}' +
  '.pg .rsc-log:not(.rsc-chat>*)>[data-role=user]{color:#3d3d3d;font-style:italic}' +
  '.pg .rsc-log:not(.rsc-chat>*)>[data-role=user]::before{content:"You: "}' +
  '.pg-parts{--rsc-log-height:34rem;display:grid;grid-template-columns:minmax(0,5fr) minmax(15rem,2fr);gap:1.5rem;align-items:start}' +
  '.pg-facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}' +
  '.pg-facts dt{font-weight:600}.pg-facts dd{margin:0;font-variant-numeric:tabular-nums}' +
  '.pg-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:1rem;margin-top:1rem}' +
  '.pg-grid h2{margin:0;font-size:1.15rem}.pg-grid .rsc-log{--rsc-log-height:220px}';

const preview: Preview = {
  // Starts the service worker once; each story's `parameters.msw.handlers` replace the last
  // story's. Requests no handler matches (Storybook's own modules) go to the network as usual.
  loaders: [
    mswLoader(async () => {
      const worker = setupWorker();
      await worker.start({
        onUnhandledRequest: 'bypass',
        quiet: true,
        // Relative, so a static build served from a sub-path finds the worker next to iframe.html.
        serviceWorker: { url: './mockServiceWorker.js' },
      });
      return worker;
    }),
  ],
  decorators: [
    (Story) => (
      <div className="pg">
        <style href="playground" precedence="default">
          {css}
        </style>
        <Story />
      </div>
    ),
  ],
  parameters: {
    layout: 'padded',
    a11y: { test: 'error' },
    controls: { expanded: true },
  },
};

export default preview;
