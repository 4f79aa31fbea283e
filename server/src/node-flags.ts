/**
 * The V8 flags the server runs with: `npm start`, the image's CMD, the bench and the tests' bundle
 * runs (deploy/image.test.ts keeps the Dockerfile and package.json to this list).
 *
 * A young generation of fixed 32 MiB semi-spaces (V8's default starts small and grows): a join rush
 * or a vote burst keeps thousands of commands, acks and socket writes alive for a few hundred ms,
 * and with small semi-spaces they outlived two scavenges and were promoted to the old generation
 * (+46 MiB in a 10,000-ballot burst), whose marking and sweeping then ran on V8's helper threads
 * inside the next burst. Pinned, N = 10,000, alternated with and without (docs/performance.md,
 * levers 29 and 30): a vote burst right after the join rush 124/119 → 107/107 µs CPU per ballot,
 * ack p99 286/202 → 171/161 ms; RSS with everyone connected 425–437 → 347–356 MiB in every run;
 * CPU per join +2–3 %; with the fan-out phase between join and vote, CPU per ballot unchanged.
 * 64 MiB: the same gain per ballot, but CPU per join +6 % and RSS 394–416 MiB; 128 MiB: 527 MiB.
 * Idle RSS 133 → 173 MiB. `--max-semi-space-size` alone changed nothing: both are needed.
 */
export const SERVER_NODE_FLAGS = ['--min-semi-space-size=32', '--max-semi-space-size=32'] as const;
