import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    /** The producing instance as a plain Node script (see producerProcess.ts). */
    producerScript: string;
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Starts its own redis-server on a free loopback port, without persistence; stops it at the end. */
export default async function setup(project: TestProject) {
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(server, 'exit');
  const dir = mkdtempSync(join(tmpdir(), 'rsc-redis-'));
  try {
    await Promise.race([
      untilPong(port),
      exited.then(() => Promise.reject(new Error('redis-server exited; is it installed (apt-get install redis-server)?'))),
    ]);
    // The child process runs without vitest, so the kit's sources (and node-redis) are bundled
    // into one script. esbuild comes with size-limit and storybook.
    const producerScript = join(dir, 'producer.cjs');
    await build({
      entryPoints: [join(root, 'test/redis/producerProcess.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: producerScript,
      tsconfig: join(root, 'tsconfig.json'),
      logLevel: 'error',
    });
    project.provide('redisUrl', `redis://127.0.0.1:${port}`);
    project.provide('producerScript', producerScript);
  } catch (error) {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return async () => {
    server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Resolves once the server answers PING. */
async function untilPong(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write('PING\r\n');
      const [reply] = await once(socket, 'data');
      socket.destroy();
      if (String(reply).startsWith('+PONG')) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`redis-server did not answer PING within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
