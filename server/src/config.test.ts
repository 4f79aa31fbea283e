import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('TRUST_PROXY', () => {
  const trustProxy = (value: string) => loadConfig({ TRUST_PROXY: value }).TRUST_PROXY;

  it('trusts no proxy by default and for false or 0', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('0')).toBe(false);
  });

  it('takes a number of proxies, or their addresses and CIDRs', () => {
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('2')).toBe(2);
    expect(trustProxy(' 10.0.0.0/8, 192.168.1.5 ,fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses to trust every hop and says what to write instead', () => {
    for (const value of ['true', 'yes', 'on']) {
      expect(() => trustProxy(value)).toThrow(/TRUST_PROXY=1 behind one nginx/);
    }
  });

  it('refuses ranges that cover every address, and anything that is not an address', () => {
    for (const value of ['0.0.0.0/0', '::/0', '10.0.0.0/33', 'nginx', '10.0.0.1,', '-1', '1.5']) {
      expect(() => trustProxy(value), value).toThrow(/CONFIG_INVALID/);
    }
  });
});

describe('FRAME_ANCESTORS and ALLOWED_ORIGINS', () => {
  it('reads a comma-separated list of origins, each reduced to its origin', () => {
    const config = loadConfig({ FRAME_ANCESTORS: ' https://studio.example.org/ , http://localhost:8080' });
    expect(config.FRAME_ANCESTORS).toEqual(['https://studio.example.org', 'http://localhost:8080']);
    expect(loadConfig({}).ALLOWED_ORIGINS).toEqual([]);
  });

  it('refuses what is not an http(s) origin, naming it', () => {
    expect(() => loadConfig({ FRAME_ANCESTORS: "https://ok.example, 'self'" })).toThrow(/not: 'self'/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://a.example/path' })).toThrow(/ALLOWED_ORIGINS.*path/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'javascript:alert(1)' })).toThrow(/CONFIG_INVALID/);
  });
});

describe('REDIS_ADAPTER=sharded', () => {
  const env = { REDIS_URL: 'redis://r:6379', SECRET: 'x'.repeat(32), REDIS_ADAPTER: 'sharded' };

  it('reads the cluster nodes as host:port, comma-separated', () => {
    const config = loadConfig({ ...env, REDIS_ADAPTER_NODES: ' 10.0.0.1:7000,redis-b:7001 , [::1]:7002' });
    expect(config.REDIS_ADAPTER_NODES).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
  });

  it('refuses a node without a port, naming it, and the sharded adapter without nodes', () => {
    expect(() => loadConfig({ ...env, REDIS_ADAPTER_NODES: 'a:7000,b' })).toThrow(/"b" is not host:port/);
    expect(() => loadConfig({ ...env, REDIS_ADAPTER_NODES: 'a:70000' })).toThrow(/"a:70000"/);
    expect(() => loadConfig(env)).toThrow(/REDIS_ADAPTER=sharded needs/);
  });
});

describe('REDIS_CLUSTER_NODES', () => {
  const env = { REDIS_URL: 'redis://:pw@r:7000', SECRET: 'x'.repeat(32) };

  it('puts the store on the cluster with the sharded adapter, on the same nodes', () => {
    const config = loadConfig({ ...env, REDIS_ADAPTER: 'sharded', REDIS_CLUSTER_NODES: 'a:7000,b:7001' });
    expect(config.REDIS_CLUSTER_NODES).toEqual([
      { host: 'a', port: 7000 },
      { host: 'b', port: 7001 },
    ]);
    expect(config.REDIS_ADAPTER_NODES).toEqual([]);
  });

  it('refuses classic pub/sub on the cluster, a prefix with a brace, and a bad node', () => {
    expect(() => loadConfig({ ...env, REDIS_CLUSTER_NODES: 'a:7000' })).toThrow(/REDIS_ADAPTER=sharded/);
    expect(() =>
      loadConfig({ ...env, REDIS_ADAPTER: 'sharded', REDIS_CLUSTER_NODES: 'a:7000', REDIS_PREFIX: 'a{b}:' }),
    ).toThrow(/REDIS_PREFIX/);
    expect(() => loadConfig({ ...env, REDIS_ADAPTER: 'sharded', REDIS_CLUSTER_NODES: 'a' })).toThrow(
      /REDIS_CLUSTER_NODES: "a" is not host:port/,
    );
  });
});
