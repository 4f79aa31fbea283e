/**
 * Summarises `node --cpu-prof` profiles (written by `npm run bench -- --profile` under
 * bench-results/profiles/): the functions with the most self time, and the files they live in.
 *   node --import tsx scripts/bench/profile-summary.ts bench-results/profiles/*.cpuprofile [--top 25]
 *     [--phase vote [--phases bench-results/profiles/phases-ours-embedded-10000.json]]
 * `--phase` keeps the samples taken while that scenario ran (the bench writes each scenario's
 * window, on the monotonic clock V8's profiles use, when it profiles).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from './servers.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    phase: { type: 'string' },
    phases: { type: 'string' },
  },
});

/** The newest phases file beside the profiles, unless `--phases` names one. */
function phaseWindow(profileFile: string): [number, number] | null {
  if (!values.phase) return null;
  let file = values.phases;
  if (!file) {
    const dir = dirname(dirname(profileFile));
    file = readdirSync(dir)
      .filter((f) => f.startsWith('phases-'))
      .map((f) => join(dir, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  }
  if (!file) throw new Error('no phases file: run the bench with --profile, or pass --phases');
  const window = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, [number, number]>)[values.phase];
  if (!window) throw new Error(`no phase ${values.phase} in ${file}`);
  return window;
}

const where = (url: string) => {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) return path.slice(inModules + 'node_modules/'.length);
  return path.startsWith('/') ? relative(repoRoot, path) : path || '(native)';
};

/**
 * Frames of a bundle (our server runs as server/dist/main.js) are moved to their TypeScript source
 * and line through the bundle's source map, so files and folders read as in the sources. The map
 * read is the one on disk now: summarise a profile before rebuilding.
 */
function unbundle(profile: CpuProfile): void {
  const maps = new Map<string, SourceMap | null>();
  for (const { callFrame } of profile.nodes) {
    if (!callFrame.url.startsWith('file://')) continue;
    const file = fileURLToPath(callFrame.url);
    let map = maps.get(file);
    if (map === undefined) {
      const mapFile = `${file}.map`;
      map = existsSync(mapFile)
        ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload)
        : null;
      maps.set(file, map);
    }
    const entry = map?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
    if (!entry || !('originalSource' in entry)) continue;
    callFrame.url = pathToFileURL(resolve(dirname(file), entry.originalSource)).href;
    callFrame.lineNumber = entry.originalLine;
    callFrame.columnNumber = entry.originalColumn;
  }
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  unbundle(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const window = phaseWindow(file);
  let at = profile.startTime;
  profile.samples.forEach((id, k) => {
    const delta = profile.timeDeltas[k] ?? 0;
    at += delta;
    if (window && (at < window[0] || at > window[1])) return;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id)!;
    const name = callFrame.functionName || '(anonymous)';
    const key = `${name}  ${where(callFrame.url)}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const group = callFrame.url ? where(callFrame.url).split('/').slice(0, 2).join('/') : name;
    files.set(group, (files.get(group) ?? 0) + us);
  }
  // Inclusive time of our own functions (server/ and shared/): where the work starts.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (!/\/(server|shared)\/src\//.test(n.callFrame.url)) continue;
      const key = label(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  // Who calls the heaviest native functions.
  const callers = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    if (n.callFrame.url) continue;
    let at = parent.get(id);
    const chain: string[] = [];
    while (at !== undefined && chain.length < 4) {
      const p = byId.get(at)!;
      if (p.callFrame.url) chain.push(label(p));
      at = parent.get(at);
    }
    const key = `${n.callFrame.functionName} ← ${chain.join(' ← ')}`;
    callers.set(key, (callers.get(key) ?? 0) + us);
  }
  const busy = totalUs - (fn.get('(idle)  (native)') ?? 0);
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  const lines = [
    `${relative(process.cwd(), file)}: ${(totalUs / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`,
    '',
    'self time by function (share of busy time):',
    ...[...fn]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(values.top))
      .map(([k, us]) => `  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`),
    '',
    'inclusive time of our functions (server/src, shared/src):',
    ...[...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(values.top))
      .map(([k, us]) => `  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`),
    '',
    'native functions with their first JavaScript callers:',
    ...[...callers]
      .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)') && !k.startsWith('(garbage'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, us]) => `  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`),
    '',
    'self time by package or folder:',
    ...[...files]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([k, us]) => `  ${pct(us)}  ${k}`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
