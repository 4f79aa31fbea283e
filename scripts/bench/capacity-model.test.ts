import { describe, expect, it } from 'vitest';
import {
  busiestPrimary,
  capacityPlan,
  DEFAULT_ASSUMPTIONS,
  OPERATIONS,
  plan,
  predictFrom,
  utilisation,
  valueAt,
  type NodeCountInputs,
  type Operation,
} from './capacity-model.ts';
import { slope } from './stats.ts';

const perOp = (v: (op: Operation) => number) =>
  Object.fromEntries(OPERATIONS.map((op) => [op, v(op)])) as Record<Operation, number>;

/** A run whose CPU per operation grows by `growth` µs per extra node. */
function run(nodes: number, growth = 0, redisBallot = 50): NodeCountInputs {
  return {
    nodes,
    n: 5000,
    nodesCpuUs: perOp(
      (op) =>
        ({ join: 400, message: 12, ballot: 120, upvote: 200, heartbeat: 200 })[op] + growth * (nodes - 1),
    ),
    redisCpuUs: perOp((op) => (op === 'ballot' ? redisBallot : 5)),
    redisCpuUsPerBroadcast: 300,
    perProcessCpuUs: perOp(() => 0) as unknown as Record<Operation, Record<string, number>>,
    redisBytesPerParticipant: 300,
    redisBytesPerBallot: 200,
    redisBaseBytes: 2e6,
    rssBytesPerParticipant: 11_000,
    rssBaseBytesPerNode: 150e6,
    wireBytesPerScreenChange: 400,
    wireBytesPerVoteBurst: 1500,
    messagesPerScreenChange: 1,
    measured: {},
  };
}

describe('the least-squares slope', () => {
  it('is the slope of points on a line', () => {
    expect(slope([0, 1, 2, 3], [5, 7, 9, 11])).toBeCloseTo(2, 10);
  });
  it('is the best fit through noisy points and flat for flat ones', () => {
    expect(slope([0, 1, 2], [1, 2, 1])).toBeCloseTo(0, 10);
    expect(slope([1, 2, 3, 4], [10, 10, 10, 10])).toBe(0);
    // y = x + noise: 1, 2.5, 2.5, 4 → slope 0.9
    expect(slope([1, 2, 3, 4], [1, 2.5, 2.5, 4])).toBeCloseTo(0.9, 10);
  });
  it('says NaN when it cannot be known', () => {
    expect(slope([1], [1])).toBeNaN();
    expect(slope([2, 2], [1, 3])).toBeNaN();
  });
});

describe('a cost at a node count', () => {
  it('extends the line through the measured points', () => {
    expect(
      valueAt(
        [
          [1, 100],
          [2, 130],
        ],
        3,
      ),
    ).toBeCloseTo(160, 10);
    expect(
      valueAt(
        [
          [1, 100],
          [2, 130],
          [3, 160],
        ],
        10,
      ),
    ).toBeCloseTo(370, 10);
  });
  it('never falls below the lowest measured cost', () => {
    expect(
      valueAt(
        [
          [1, 100],
          [2, 80],
        ],
        10,
      ),
    ).toBe(80);
  });
  it('takes the mean of a single node count', () => {
    expect(valueAt([[2, 100]], 5)).toBe(100);
  });
});

describe('the 3-node prediction', () => {
  it('predicts a linear cluster exactly and reports the error of one that is not', () => {
    const runs = [run(1, 30), run(2, 30), run(3, 30)];
    const exact = predictFrom(runs, 3).find((p) => p.figure === "nodes' CPU per ballot (µs)")!;
    expect(exact.predicted).toBeCloseTo(180, 10);
    expect(exact.error).toBeCloseTo(0, 10);
    const off = predictFrom([run(1, 30), run(2, 30), run(3, 60)], 3).find(
      (p) => p.figure === "nodes' CPU per ballot (µs)",
    )!;
    expect(off.measured).toBe(240);
    expect(off.error).toBeCloseTo(180 / 240 - 1, 10);
  });
});

describe('the plan for 100,000', () => {
  const a = DEFAULT_ASSUMPTIONS;
  it('gives the join rush the fewest nodes that keep each node under 70 % of its core and memory', () => {
    // 333 joins/s × 400 µs = 0.13 of a core; 100,000 sockets × 11 kB + 150 MB: 1.25 GB, over 70 % of 1 GiB.
    const small = { ...a, nodeMemoryBytes: 2 ** 30 };
    const runs = [run(1), run(2)];
    const load = { rates: { join: 100_000 / 300 }, bytesPerSecond: 0, broadcasts: 0, ballots: 0 };
    const p = plan('join', runs, small, load);
    expect(p.nodes).toBe(2);
    expect(p.firstSaturation).toBe('node memory');
    expect(p.utilisation['node CPU']).toBeCloseTo(((100_000 / 300) * 400e-6) / 2, 10);
    expect(utilisation(runs, small, load, 1)['node memory']).toBeGreaterThan(0.7);
    expect(p.utilisation['node memory']).toBeLessThanOrEqual(0.7);
  });
  it('names Redis as the first limit when one primary cannot take the ballots, whatever the nodes', () => {
    // 5,000 ballots/s × 200 µs = one full Redis core.
    const plans = capacityPlan([run(1, 0, 200), run(2, 0, 200)], a);
    const vote = plans.find((p) => p.workload.startsWith('vote burst'))!;
    expect(vote.redisCores).toBeGreaterThan(0.99);
    expect(vote.firstSaturation).toBe('Redis CPU');
  });
  it('spreads Redis over a cluster’s primaries by kind of work, never one plenary’s ballots', () => {
    const runs = [run(1, 0, 200), run(2, 0, 200)];
    const load = {
      rates: { ballot: 5000, join: 1000, heartbeat: 1000 },
      broadcasts: 10,
      bytesPerSecond: 0,
      ballots: 0,
    };
    // Ballots 5,000 × 200 µs = 1 core (session slot); joins and beats 2,000 × 5 µs (edition slot);
    // 10 broadcasts × 300 µs (room channel).
    const one = plan('peak', runs, a, load);
    const three = plan('peak', runs, { ...a, redisPrimaries: 3 }, load);
    expect(one.redisCores).toBeCloseTo(1 + 0.01 + 0.003, 10);
    expect(one.busiestPrimaryCores).toBeCloseTo(one.redisCores, 10);
    expect(three.redisCores).toBeCloseTo(one.redisCores, 10);
    expect(three.busiestPrimaryCores).toBeCloseTo(1, 10);
    expect(three.firstSaturation).toBe('Redis CPU');
    // Two primaries: the ballots alone on one, joins, beats and broadcasts on the other.
    expect(
      plan('peak', runs, { ...a, redisPrimaries: 2 }, { ...load, rates: { join: 1000 } }).busiestPrimaryCores,
    ).toBeCloseTo(0.005, 10);
  });
  it('places whole homes, the largest first, on the least loaded primary', () => {
    expect(busiestPrimary({ session: 5, edition: 3, room: 3 }, 1)).toBe(11);
    expect(busiestPrimary({ session: 5, edition: 3, room: 3 }, 2)).toBe(6);
    expect(busiestPrimary({ session: 5, edition: 3, room: 3 }, 3)).toBe(5);
    expect(busiestPrimary({ session: 5, edition: 3, room: 3 }, 8)).toBe(5);
  });
  it('plans a Q&A storm as its upvotes plus the deltas paced to every phone, none through Redis', () => {
    const runs = [run(1), run(2)];
    const storm = capacityPlan(runs, a).find((p) => p.workload.startsWith('Q&A storm'))!;
    // 100,000 upvotes in 60 s × 200 µs = 0.33 core; phones paced at 2 s (100,000 in the session):
    // 50,000 deltas/s × 12 µs = 0.6 core. 0.93 core needs two nodes at 70 %.
    expect(storm.nodes).toBe(2);
    expect(storm.utilisation['node CPU']).toBeCloseTo(((100_000 / 60) * 200e-6 + 50_000 * 12e-6) / 2, 10);
    expect(storm.firstSaturation).toBe('node CPU');
    // Redis: the upvotes' own 5 µs, no broadcast per flush. In 10 s: 2 + 0.6 cores, four nodes.
    expect(storm.redisCores).toBeCloseTo((100_000 / 60) * 5e-6, 10);
    expect(
      capacityPlan(runs, { ...a, qaStormSeconds: 10 }).find((p) => p.workload.startsWith('Q&A'))!.nodes,
    ).toBe(4);
  });
  it('runs out of nodes when each node added costs more than it brings', () => {
    const plans = capacityPlan([run(1, 0), run(2, 400)], { ...a, maxNodes: 30 });
    const vote = plans.find((p) => p.workload.startsWith('vote burst'))!;
    expect(vote.reachable).toBe(false);
    expect(vote.firstSaturation).toBe('node CPU');
  });
});
