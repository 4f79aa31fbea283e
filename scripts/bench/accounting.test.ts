import { describe, expect, it } from 'vitest';
import { cpuBetween, nodesMs, parseNodeMetrics, redisShare, type CpuSnapshot } from './accounting.ts';

describe('CPU per process between two readings', () => {
  it('subtracts the readings of the same process and counts a restarted node from its start', () => {
    const before: CpuSnapshot = new Map([
      ['node-a', { pid: 10, ms: 500 }],
      ['node-b', { pid: 11, ms: 800 }],
      ['redis-server', { pid: 12, ms: 100 }],
    ]);
    const after: CpuSnapshot = new Map([
      ['node-a', { pid: 10, ms: 900 }],
      ['node-b', { pid: 21, ms: 300 }],
      ['redis-server', { pid: 12, ms: 160 }],
    ]);
    const cpu = cpuBetween(before, after);
    expect(cpu).toEqual({ 'node-a': 400, 'node-b': 300, 'redis-server': 60 });
    expect(nodesMs(cpu)).toBe(700);
  });
});

describe('Redis’s share of a phase’s CPU', () => {
  it('sums the primaries of a Redis Cluster and names the busiest, leaving the nodes and the generator out', () => {
    const cpu = {
      'node-a': 900,
      'node-b': 800,
      'redis-primary-1': 40,
      'redis-primary-2': 310,
      'redis-primary-3': 50,
      generator: 2000,
    };
    expect(redisShare(cpu)).toEqual({ sum: 400, busiest: 310, busiestName: 'redis-primary-2' });
  });
  it('is the one redis-server for both figures on a single Redis', () => {
    expect(redisShare({ 'node-a': 100, 'redis-server': 60 })).toEqual({
      sum: 60,
      busiest: 60,
      busiestName: 'redis-server',
    });
  });
  it('says NaN without Redis (the embedded store), not zero', () => {
    const share = redisShare({ 'node-a': 100, generator: 50 });
    expect(share.sum).toBeNaN();
    expect(share.busiest).toBeNaN();
  });
});

describe('a node’s metrics for the soak', () => {
  it('reads the heap and the event-loop lag from prom-client’s text, in MiB and ms', () => {
    const text = [
      '# HELP nodejs_heap_size_used_bytes Process heap size used from Node.js in bytes.',
      '# TYPE nodejs_heap_size_used_bytes gauge',
      'nodejs_heap_size_used_bytes 52428800',
      'nodejs_eventloop_lag_p50_seconds 0.0201',
      'nodejs_eventloop_lag_p99_seconds 0.25',
      'nodejs_eventloop_lag_max_seconds 1.5',
      '# HELP agora_sockets_connected Socket.IO connections open on this node, by role',
      'agora_sockets_connected{role="participant"} 4998',
      'agora_sockets_connected{role="moderator"} 1',
      'agora_sockets_connected{role="projector"} 1',
    ].join('\n');
    expect(parseNodeMetrics(text, 3 * 1048576)).toEqual({
      rssMiB: 3,
      heapUsedMiB: 50,
      lagP50Ms: 20.1,
      lagP99Ms: 250,
      lagMaxMs: 1500,
      sockets: 5000,
    });
  });
  it('counts no socket when the gauge has no role left, and NaN when the node did not answer', () => {
    expect(parseNodeMetrics('# TYPE agora_sockets_connected gauge', 0).sockets).toBe(0);
    expect(parseNodeMetrics('', 0).lagP99Ms).toBeNaN();
    expect(parseNodeMetrics('', 0).sockets).toBeNaN();
  });
});
