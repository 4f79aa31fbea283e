import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// One supported Node.js major, named in four places that must agree: `.nvmrc` (what
// scripts/supported-node.mjs fetches for the tests), `engines`, the image and the running suite.
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const major = Number(read('.nvmrc').trim());

describe('the supported Node.js version', () => {
  it('is the one the suite runs on', () => {
    expect(Number(process.versions.node.split('.')[0]), 'run the tests with `npm test`').toBe(major);
  });

  it('is the only major the root package.json engines accept', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toMatch(new RegExp(`^\\^${major}\\.\\d+\\.\\d+$`));
  });

  it('is accepted by the engines range of every installed package, from its lowest version on', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const lowest = semver.minVersion(engines)!.version;
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { engines?: { node?: string } }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => p.engines?.node && !semver.satisfies(lowest, p.engines.node))
      .map(([path, p]) => `${path} (${p.engines?.node})`);
    expect(refusing).toEqual([]);
  });

  it('is the one every stage of the image starts from', () => {
    const stages = [...read('Dockerfile').matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(stages.length).toBeGreaterThan(0);
    for (const image of stages) expect(image).toMatch(new RegExp(`^node:${major}[.-]`));
  });
});
