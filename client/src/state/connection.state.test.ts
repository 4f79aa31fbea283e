import { describe, expect, it } from 'vitest';
import { connectionState, type LinkFacts } from './connection.state.ts';

const up: LinkFacts = {
  connected: true,
  everConnected: true,
  offline: false,
  lastHeardAt: 1_000,
  now: 1_000,
  heartbeatIntervalMs: 20_000,
  graceMs: 5_000,
};

describe('connection state', () => {
  it('says connected while the socket is open and heartbeats arrive on time', () => {
    expect(connectionState(up)).toBe('connected');
    expect(connectionState({ ...up, now: 26_000 })).toBe('connected');
  });

  it('says reconnecting as soon as the browser goes offline, though the socket has not noticed yet', () => {
    expect(connectionState({ ...up, offline: true })).toBe('reconnecting');
  });

  it('says reconnecting once a heartbeat is overdue by more than the grace, not 40 s later', () => {
    expect(connectionState({ ...up, now: 26_001 })).toBe('reconnecting');
  });

  it('says connecting before the first connection and reconnecting after a drop', () => {
    expect(connectionState({ ...up, connected: false, everConnected: false })).toBe('connecting');
    expect(connectionState({ ...up, connected: false })).toBe('reconnecting');
  });
});
