// Sums a V8 .cpuprofile (node --cpu-prof; BENCH_IDP_PROF=1 for the bench IdP) by self time per function and per
// file, so a profile can be read without DevTools.
//   node --import tsx bench/cpuprofile-summary.ts <file.cpuprofile> [top=40]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  parent?: ProfileNode;
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/cpuprofile-summary.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (const n of profile.nodes) for (const c of n.children ?? []) (byId.get(c) as ProfileNode).parent = n;
const selfMicros = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));

const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(/.*\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '~/');
const functions = new Map<string, number>();
const files = new Map<string, number>();
const packages = new Map<string, number>();
/** A dependency's name, a workspace package's folder (packages/idp/src/http/sso), node's internals, or the native caller's. */
const packageOf = (where: string, via: string): string => {
  if (where === '(native)') return via ? `(native) ← ${packageOf(via.replace(/^ ← \S+ /, '').replace(/:\d+$/, ''), '')}` : '(native)';
  if (where.startsWith('~/'))
    return where
      .split('/')
      .slice(1, where.startsWith('~/@') ? 3 : 2)
      .join('/');
  if (where.startsWith('node:')) return where.split('/').slice(0, 2).join('/');
  return where.replace(/.*\/(packages|bench|test)\//, '$1/').replace(/\/[^/]+$/, '');
};
let total = 0;
for (const [id, micros] of selfMicros) {
  const frame = (byId.get(id) as ProfileNode).callFrame;
  const where = shortUrl(frame.url) || '(native)';
  // A native function (a SQLite statement's run, an RSA sign) is named with the JavaScript that called it.
  const caller = frame.url ? undefined : (byId.get(id) as ProfileNode).parent?.callFrame;
  const via = caller?.url ? ` ← ${caller.functionName || '(anonymous)'} ${shortUrl(caller.url)}:${caller.lineNumber + 1}` : '';
  const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}${via}`;
  functions.set(name, (functions.get(name) ?? 0) + micros);
  files.set(where, (files.get(where) ?? 0) + micros);
  const pkg = packageOf(where, via);
  packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
  total += micros;
}

const print = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`);
  }
};
console.log(`total ${(total / 1000).toFixed(0)} ms in ${profile.samples.length} samples`);
print('self time by function', functions);
print('self time by file', files);
print('self time by package or folder (a native function counted with its caller)', packages);
