import { setupServer } from 'msw/node';

/** One msw server per test file: any request without a handler fails the test. */
export function installMswServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}
