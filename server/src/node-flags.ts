/**
 * The V8 flags the server runs with: `npm start`, the image's CMD, the bench and the tests' bundle
 * runs (deploy/image.test.ts keeps the Dockerfile and package.json to this list).
 *
 * A young generation of fixed 64 MiB semi-spaces (V8's default starts at 1 MiB and grows): a join
 * rush or a vote burst keeps thousands of commands, acks and socket writes alive for a few hundred
 * ms, and with small semi-spaces they outlived two scavenges and were promoted to the old
 * generation (+46 MiB in a 10,000-ballot burst), whose marking and sweeping then ran on V8's helper
 * threads inside the next burst. Measured pinned at N = 10,000, 3 alternated pairs: server CPU per
 * ballot 138/127/135 → 103/104/108 µs (helper threads 32–40 → 12–14 µs), vote ack p99 204–286 →
 * 136–171 ms, RSS with everyone connected 427–434 → 394–414 MiB; idle RSS +20 MiB (133 → 153).
 * `--max-semi-space-size` alone changed nothing (the space never grew to it): both are needed.
 */
export const SERVER_NODE_FLAGS = ['--min-semi-space-size=64', '--max-semi-space-size=64'] as const;
