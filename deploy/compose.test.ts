import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

// The two compose shapes, read with a YAML parser as a compose tool reads them (merge keys
// included): what each promises an operator. Checked here because no container engine runs on
// the test machines; Debian's docker-compose 1.29.2 (`config`) accepted both when they were
// written, less the top-level `name`, which Compose v2 reads and v1 predates.
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

const Service = z.object({
  image: z.string(),
  build: z.object({ context: z.string() }).optional(),
  restart: z.enum(['always', 'unless-stopped']),
  environment: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  command: z.array(z.string()).optional(),
  volumes: z.array(z.string()).optional(),
  ports: z.array(z.string()).optional(),
  healthcheck: z.object({ test: z.array(z.string()), interval: z.string(), retries: z.number() }),
  logging: z.object({
    driver: z.literal('json-file'),
    options: z.object({ 'max-size': z.string(), 'max-file': z.string() }),
  }),
  cpus: z.number().positive(),
  mem_limit: z.string().regex(/^\d+[mg]$/),
});
type Service = z.infer<typeof Service>;
const Compose = z.object({
  name: z.string(),
  services: z.record(z.string(), Service),
  volumes: z.record(z.string(), z.null()).optional(),
});

function load(file: string) {
  return Compose.parse(parse(read(file), { merge: true }));
}

const env = (service: Service, name: string) => String(service.environment?.[name] ?? '');
const appServices = (services: Record<string, Service>) =>
  Object.entries(services).filter(([, s]) => s.build?.context === '..');

describe.each(['./compose.small.yml', './compose.plenary.yml'])('%s', (file) => {
  const compose = load(file);

  it('gives every service a health check, a restart policy, rotated logs and resource limits', () => {
    // The Service schema requires each of them.
    const parsed = Compose.safeParse(parse(read(file), { merge: true }));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(Object.keys(parsed.data?.services ?? {}).length).toBeGreaterThan(0);
  });

  it('builds the app from the repository image and checks its readiness', () => {
    const apps = appServices(compose.services);
    expect(apps.length).toBeGreaterThan(0);
    for (const [, app] of apps) {
      expect(app.healthcheck.test.join(' ')).toContain('/readyz');
      expect(app.image).toMatch(/^agora-live:/);
    }
  });

  it('refuses to start without SECRET and PUBLIC_URL, and has no demo unless asked', () => {
    for (const [, app] of appServices(compose.services)) {
      expect(env(app, 'SECRET')).toMatch(/^\$\{SECRET:\?/);
      expect(env(app, 'PUBLIC_URL')).toMatch(/^\$\{PUBLIC_URL:\?/);
      expect(env(app, 'DEMO')).toBe('${DEMO:-false}');
    }
  });
});

describe('the small event shape', () => {
  const { services, volumes } = load('./compose.small.yml');

  it('is one container with the embedded store in one named volume', () => {
    expect(Object.keys(services)).toEqual(['app']);
    expect(services.app!.environment).not.toHaveProperty('REDIS_URL');
    expect(services.app!.volumes).toEqual(['agora-data:/data']);
    expect(Object.keys(volumes ?? {})).toEqual(['agora-data']);
  });

  it('trusts no proxy unless one is put in front', () => {
    expect(env(services.app!, 'TRUST_PROXY')).toBe('${TRUST_PROXY:-false}');
  });
});

describe('the big plenary shape', () => {
  const { services } = load('./compose.plenary.yml');
  const haproxyCfg = read('./haproxy.cfg');
  const apps = appServices(services);

  it('runs Redis with an append-only file fsynced on every write, on a volume', () => {
    const redis = services.redis!;
    const args = redis.command!.join(' ');
    expect(args).toContain('--appendonly yes');
    expect(args).toContain('--appendfsync always');
    expect(redis.volumes).toEqual(['redis-data:/data']);
  });

  it('runs two or more nodes sharing Redis, one SECRET, and trusting the one balancer in front', () => {
    expect(apps.length).toBeGreaterThanOrEqual(2);
    for (const [, app] of apps) {
      expect(env(app, 'REDIS_URL')).toBe('redis://redis:6379');
      expect(env(app, 'TRUST_PROXY')).toBe('${TRUST_PROXY:-1}');
      expect(Number(env(app, 'SHUTDOWN_DELAY_SECONDS'))).toBeGreaterThanOrEqual(4);
    }
    expect(new Set(apps.map(([, app]) => env(app, 'SECRET'))).size).toBe(1);
  });

  it('puts HAProxy in front with deploy/haproxy.cfg, every node of the file a node of the shape', () => {
    const haproxy = services.haproxy!;
    expect(haproxy.volumes).toContain('./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    const servers = [...haproxyCfg.matchAll(/^\s*server\s+(\S+)\s+"\$\{(\w+)\}"/gm)];
    expect(servers.map((m) => m[1]).sort()).toEqual(apps.map(([name]) => name).sort());
    for (const [, name, variable] of servers) expect(env(haproxy, variable!)).toBe(`${name}:3000`);
    for (const [, variable] of haproxyCfg.matchAll(/\$\{(\w+)\}/g)) {
      expect(haproxy.environment, variable).toHaveProperty(variable!);
    }
  });

  it('balances by connection count, sticks by cookie, checks readiness and sets the forwarded address', () => {
    const lines = haproxyCfg.split('\n').map((l) => l.trim());
    expect(lines).toContain('balance leastconn');
    expect(lines).not.toContain('balance source');
    expect(lines.some((l) => /^cookie SERVERID insert indirect nocache\b/.test(l))).toBe(true);
    expect(lines).toContain('http-check send meth GET uri /readyz');
    expect(lines).toContain('http-request set-header X-Forwarded-For %[src]');
    expect(lines.filter((l) => l.startsWith('option forwardfor'))).toEqual([]);
  });
});
