import { configDefaults, defineConfig } from 'vitest/config';

// Fast unit tests next to the code, integration tests with real server processes and a real
// redis-server, end-to-end tests in the system's Chromium; the integration and end-to-end files
// that measure time (latency percentiles, a throttled first paint, heartbeat delays, a playing
// video's live edge) are projects of their own, `integration-timing` and `e2e-timing`.
//
// Two test files run at a time (`maxWorkers`; vitest's default is one fewer than the cores, a single
// file at a time on a 2-core machine): the files mostly wait on the servers, redis-server and
// Chromium they start, each on a free port with its own data folder. The timing projects'
// `fileParallelism: false` puts their files in vitest's sequential group, which runs
// after every other file, one at a time, with nothing of the suite beside them. A file that
// measures memory or bytes, not time, runs with the others: tests/integration/watch-demo.test.ts
// bounds the node's memory while 200 viewers fetch 2,000 ranges, and at most 200 ranges of 256 KB
// are in flight however slow a busy machine makes them (it asserts no duration).
const TIMING = {
  integration: [
    // p50/p90 of vote answers while a crowd downloads a document.
    'tests/integration/download-load.test.ts',
    // Answers within 2.5 s while redis-server is down.
    'tests/integration/health.test.ts',
    // Two nodes upgraded one after the other within the drain delays, HAProxy's checks and a
    // crowd's re-sends (timed out once beside another file at a load of two files on 2 cores).
    'tests/integration/rolling-upgrade.test.ts',
  ],
  e2e: [
    // First contentful paint on slow 4G with a 4× slower CPU (the first load's size, a count of
    // bytes, is bundle-budget.test.ts's, in the e2e project).
    'tests/e2e/first-paint.test.ts',
    // The « connexion perdue » banner within 5 s of the browser going offline (the missed heartbeat
    // is read on a page clock moved by the test, but its server is frozen and woken by the test).
    'tests/e2e/connection-status.test.ts',
    // A retry back-off of 1-2 s read while it runs, and a server restarted within it (the link's
    // countdown and a server's Retry-After are read on a paused page clock).
    'tests/e2e/join-retry.test.ts',
    // Playing video: live edge and position bounds (what the player plays and the messages it
    // shows are player.test.ts's, in the e2e project).
    'tests/e2e/player-position.test.ts',
    'tests/e2e/remote-watch.test.ts',
  ],
};

/** Unit files that need a module graph of their own (vitest's default isolation). */
const ISOLATED_UNIT = ['client/src/zod-jitless.test.ts'];

/** The client is built before any file runs (the server serves `client/dist`), not by two files at once. */
const globalSetup = ['tests/support/global-setup.ts'];
/**
 * One module graph per worker for the files that start servers and browsers, as for the unit files
 * (`isolate: false`): their servers run in processes of their own; what the files import
 * (playwright-core, socket.io-client, the support modules, and for a few the stores and fixtures the
 * unit files already share) keeps nothing in a module between files but the support modules' open
 * sockets (closed by each file's `closeAllSockets`) and a client-id counter. The whole suite, on 2
 * cores: imports 79 → 24 s, 965 → 897 s wall (the integration project alone: 120 → 107 s).
 * The timing projects keep vitest's isolation: vitest refuses two non-isolated projects with one
 * `sequence.groupOrder` and different `maxWorkers`, and the isolated one-file-at-a-time projects are
 * what it runs last, alone (eight files: their imports cost little).
 */
const oneGraphPerWorker = { isolate: false };
const e2eOptions = { testTimeout: 120_000, hookTimeout: 120_000, globalSetup };
const integrationOptions = { testTimeout: 60_000, hookTimeout: 60_000, globalSetup };

export default defineConfig({
  test: {
    // `vitest run --maxWorkers=1` runs one file at a time, as before (a machine busy with other work).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'client/src/**/*.test.ts',
            // The deployment files (image, compose shapes, balancer) checked where they live.
            'deploy/**/*.test.ts',
            // The benchmark's model and soak books (pure functions).
            'scripts/bench/**/*.test.ts',
          ],
          // The zod-jitless test needs zod imported for the first time: it runs in unit-isolated.
          exclude: [...configDefaults.exclude, ...ISOLATED_UNIT],
          environment: 'node',
          // One module graph for all the unit files of a worker, not a fresh one per file (vitest's
          // isolation): 97 files ran in 72 s wall and 95 s of CPU with it, 43 s and 40 s without. They share no global state: no
          // file mocks a module, stubs a global or leaves fake timers on.
          isolate: false,
          // Three times vitest's 5 s: a unit file may share the 2 cores with an end-to-end file (a
          // 40-round close test on disk took 5.0 s so, at a load average of 35).
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'unit-isolated',
          include: ISOLATED_UNIT,
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...TIMING.integration],
          ...integrationOptions,
          ...oneGraphPerWorker,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...TIMING.e2e],
          ...e2eOptions,
          ...oneGraphPerWorker,
        },
      },
      {
        test: {
          name: 'integration-timing',
          include: TIMING.integration,
          fileParallelism: false,
          ...integrationOptions,
        },
      },
      {
        test: {
          name: 'e2e-timing',
          include: TIMING.e2e,
          fileParallelism: false,
          ...e2eOptions,
        },
      },
    ],
  },
});
