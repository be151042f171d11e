import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-a11y'],
  // The msw service worker (`npx msw init .storybook/public --no-save`), served at the root.
  staticDirs: ['./public'],
  // The playground must start and build offline, in CI too.
  core: { disableTelemetry: true },
  // vite.config.ts is merged in (minus its `build`), so its aliases resolve the kit's public
  // names to the sources. React's production build ignores <Profiler>, and the burst story
  // counts commits with one: use the profiling build of react-dom.
  viteFinal: (config) =>
    mergeConfig(config, {
      resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
    }),
};

export default config;
