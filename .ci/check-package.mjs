// Checks the package as npm would publish it: publint and arethetypeswrong on the packed
// tarball, and a tarball that holds only dist, the README and the license.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

const [pack] = JSON.parse(run('npm', ['pack', '--json', '--silent']));
try {
  const unexpected = pack.files.map((file) => file.path).filter((path) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(path));
  if (unexpected.length) throw new Error(`The tarball holds files it should not:\n${unexpected.join('\n')}`);
  console.log(`${pack.filename}: ${pack.files.length} files, ${pack.size} bytes packed, only dist/, README.md, LICENSE`);
  process.stdout.write(run('npx', ['publint', '--strict', pack.filename]));
  process.stdout.write(run('npx', ['attw', pack.filename, '--profile', 'esm-only', '--format', 'table-flipped']));
} finally {
  rmSync(pack.filename, { force: true });
}
