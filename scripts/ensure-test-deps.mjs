#!/usr/bin/env node
// Runs as `pretest`: the suite drives a real redis-server, HAProxy and the system's Chromium, never
// downloaded binaries. Installs the Debian packages when we may (root + apt-get), otherwise says
// exactly what to install and fails before the suite does so in a more confusing way.
// It also makes sure the supported Node.js is at hand (scripts/supported-node.mjs): the one
// binary the suite does fetch, from the npm registry, when the machine runs another version.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { supportedMajor, supportedNode } from './supported-node.mjs';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @param {string} command */
function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, command))) return join(dir, command);
  }
  return null;
}

/** @typedef {{ name: string, pkg: string, find: () => string | null, hint: string }} Dep */

/** @type {Dep[]} */
const deps = [
  {
    name: 'redis-server',
    pkg: 'redis-server',
    find: () => (process.env.REDIS_URL ? `REDIS_URL=${process.env.REDIS_URL}` : onPath('redis-server')),
    hint: 'or set REDIS_URL to a Redis the tests may use',
  },
  {
    // The load balancer of the plenary shape: tests/integration/balancer.test.ts runs deploy/haproxy.cfg.
    name: 'haproxy',
    pkg: 'haproxy',
    find: () => onPath('haproxy') ?? (isExecutable('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : null),
    hint: 'the Debian package, version 2.6 or later',
  },
  {
    // The player's HLS path is tested on a playlist made on the spot (tests/support/player-fixture.ts).
    name: 'ffmpeg',
    pkg: 'ffmpeg',
    find: () => onPath('ffmpeg'),
    hint: 'the Debian package',
  },
  {
    name: 'chromium',
    pkg: 'chromium',
    find: () => {
      const path = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
      return isExecutable(path) ? path : null;
    },
    hint: `or set CHROMIUM_PATH to a Chromium binary (default ${DEFAULT_CHROMIUM})`,
  },
];

/** @param {string} command @param {string[]} args */
function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`ensure-test-deps: \`${command} ${args.join(' ')}\` failed (exit ${result.status}).`);
    process.exit(1);
  }
}

const node = supportedNode();
console.log(`test node ok: Node ${supportedMajor()} (${node})`);

const missing = deps.filter((dep) => dep.find() === null);

if (missing.length === 0) {
  console.log(`test deps ok: ${deps.map((dep) => `${dep.name} (${dep.find()})`).join(', ')}`);
  process.exit(0);
}

const packages = missing.map((dep) => dep.pkg);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const aptGet = onPath('apt-get');

if (!isRoot || !aptGet) {
  console.error(`The test suite needs: ${missing.map((dep) => dep.name).join(', ')} (not found).`);
  console.error('Install them with:');
  console.error(`  sudo apt-get install ${packages.join(' ')}`);
  for (const dep of missing) console.error(`  (${dep.name}: ${dep.hint})`);
  process.exit(1);
}

console.log(`ensure-test-deps: installing ${packages.join(' ')} with apt-get`);
run(aptGet, ['update']);
run(aptGet, ['install', '-y', '--no-install-recommends', ...packages]);

const stillMissing = deps.filter((dep) => dep.find() === null);
if (stillMissing.length > 0) {
  console.error(
    `ensure-test-deps: still missing after install: ${stillMissing.map((dep) => dep.name).join(', ')}`,
  );
  process.exit(1);
}
console.log(`test deps ok: ${deps.map((dep) => `${dep.name} (${dep.find()})`).join(', ')}`);
