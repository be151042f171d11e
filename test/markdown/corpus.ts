import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = join(__dirname, '../fixtures/markdown');

/** Realistic model answers (lists, tables, code, nested emphasis), by file name. */
export const corpus: Record<string, string> = Object.fromEntries(
  readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .map((name) => [name, readFileSync(join(folder, name), 'utf8')]),
);
