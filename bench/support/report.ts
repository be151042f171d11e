import { writeFileSync } from 'node:fs';

export type Align = 'l' | 'r';

export interface Table {
  head: string[];
  rows: string[][];
  /** Per column; default: first column left, the others right. */
  align?: Align[];
}

export interface Target {
  name: string;
  met: boolean;
  /** The numbers behind the verdict. */
  detail: string;
  /** What limits us, when the target is missed. */
  limit?: string;
}

/** One printed table with its title and notes. */
export interface Section {
  title: string;
  intro?: string;
  table: Table;
  notes?: string[];
  targets?: Target[];
}

/** An aligned Markdown table. */
export function markdownTable({ head, rows, align }: Table): string {
  const cols = head.length;
  const alignOf = (i: number): Align => align?.[i] ?? (i === 0 ? 'l' : 'r');
  const width = head.map((h, i) => Math.max(3, h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const pad = (text: string, i: number) => (alignOf(i) === 'r' ? text.padStart(width[i]!) : text.padEnd(width[i]!));
  const line = (cells: string[]) => `| ${Array.from({ length: cols }, (_, i) => pad(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `| ${width.map((w, i) => (alignOf(i) === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export function sectionMarkdown(section: Section): string {
  const parts = [`### ${section.title}`];
  if (section.intro) parts.push(section.intro);
  parts.push(markdownTable(section.table));
  if (section.notes?.length) parts.push(section.notes.map((note) => `- ${note}`).join('\n'));
  if (section.targets?.length) {
    parts.push(
      section.targets
        .map((t) => `- **Target: ${t.name}: ${t.met ? 'met' : 'MISSED'}.** ${t.detail}${t.limit ? `\n  - What limits us: ${t.limit}` : ''}`)
        .join('\n'),
    );
  }
  return parts.join('\n\n');
}

/** Progress for the person watching: stderr, so stdout holds only the tables. */
export const progress = (message: string): void => void process.stderr.write(`  ${message}\n`);

/**
 * Hands a benchmark's sections to `bench/run.mjs` (through the file named by `BENCH_OUT`), or
 * prints them when the bundle is run on its own.
 */
export function report(sections: Section[]): void {
  const out = process.env.BENCH_OUT;
  if (out) writeFileSync(out, JSON.stringify(sections));
  else process.stdout.write(`${sections.map(sectionMarkdown).join('\n\n')}\n`);
}
