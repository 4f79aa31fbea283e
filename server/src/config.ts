import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** Names proxy-addr (hence Fastify) knows for address ranges. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  // A /0 would trust every address: the forgery this setting exists to prevent.
  return /^\d+$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies' X-Forwarded-For entries to believe: none (`false`/`0`), a number of hops (`1` =
 * one proxy in front, and the address it appended is the client's), or the proxies' addresses and
 * CIDRs. Trusting every hop is not offered: the client writes the leftmost entries, so with it a
 * forged header picks the address every per-address limit counts against.
 */
const TrustProxy = z
  .string()
  .trim()
  .transform((raw, ctx): false | number | string[] => {
    const value = raw.toLowerCase();
    if (['false', '0', 'no', 'off', ''].includes(value)) return false;
    if (['true', 'yes', 'on'].includes(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'TRUST_PROXY=true trusts every X-Forwarded-For entry, so any client picks the address rate limits see. ' +
          'Write the number of proxies in front of the app (TRUST_PROXY=1 behind one nginx or load balancer) ' +
          'or their addresses (e.g. TRUST_PROXY=10.0.0.0/8,192.168.1.5)',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isAddressOrRange(e));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `TRUST_PROXY takes false, a number of proxies (1 behind one nginx) or proxy addresses/CIDRs; not: ${bad.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/**
 * A comma-separated list of web origins (`https://obs.example.org,http://localhost:8080`), each
 * reduced to its origin; anything that is not an http(s) origin is refused with the list of culprits.
 */
const OriginList = (name: string) =>
  z
    .string()
    .trim()
    .transform((raw, ctx): string[] => {
      const entries = raw === '' ? [] : raw.split(',').map((e) => e.trim());
      const origins: string[] = [];
      const bad: string[] = [];
      for (const entry of entries) {
        const url = URL.canParse(entry) ? new URL(entry) : null;
        const clean =
          url && ['http:', 'https:'].includes(url.protocol) && url.pathname === '/' && !url.search;
        if (url && clean) origins.push(url.origin);
        else bad.push(entry);
      }
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} takes origins such as https://studio.example.org (scheme, host, port), comma-separated; not: ${bad.join(', ')}`,
        });
        return z.NEVER;
      }
      return origins;
    });

/** Environment variables, all optional with safe defaults. Documented in docs/operations.md (Configuration). */
export /** `host:port,host:port` (a host name, an IPv4 or a bracketed IPv6 address) as a list, for ioredis' Cluster. */
function redisNodes(name: string) {
  return z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const nodes: { host: string; port: number }[] = [];
      for (const item of raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')) {
        const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(item);
        const port = Number(match?.[2]);
        if (!match || port < 1 || port > 65_535) {
          ctx.addIssue({ code: 'custom', message: `${name}: "${item}" is not host:port` });
          return z.NEVER;
        }
        nodes.push({ host: (match[1] as string).replace(/^\[|\]$/g, ''), port });
      }
      return nodes;
    });
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z
    .url()
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  DEMO: bool.default(true),
  SECRET: z.string().min(32, 'SECRET must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Failed joins an address may make per window before its attempts are slowed to one at a time
   * (a valid code still gets in). Sized for a hall of phones behind one NAT; docs/operations.md, "Personal codes
   * and guessing".
   */
  JOIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** The window of the join and organizer login failure counts, from an address's first failure. */
  JOIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /** Failed joins from one address in a window that log a warning (once per window and address). */
  JOIN_FAILURE_WARNING: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** Failed organizer logins an address may make per window; past it every login from it waits for the window. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  TRUST_PROXY: TrustProxy.default(false),
  /**
   * Connections the kernel may hold before the server accepts them (capped by net.core.somaxconn).
   * A restart with 10,000 participants connected brings them back within a second or two: with
   * Node's default of 511, the overflow was dropped and the clients' TCP waited 1, 3, 7… 31 s to
   * try again.
   */
  LISTEN_BACKLOG: z.coerce.number().int().min(1).max(65535).default(4096),
  /**
   * Seconds between SIGTERM and closing the listener, during which /readyz answers 503 and the node
   * still serves everyone: for a load balancer that polls readiness to stop sending new clients first.
   */
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(60).default(0),
  CLIENT_DIST: z.string().optional(),
  /**
   * Origins allowed to show our pages in a frame (streaming software embedding the projector page):
   * the CSP's frame-ancestors. Empty: no site may frame them (clickjacking).
   */
  FRAME_ANCESTORS: OriginList('FRAME_ANCESTORS').default([]),
  /**
   * Web origins besides our own (the request's host and PUBLIC_URL) whose pages may open a
   * Socket.IO connection with the visitor's cookies; any other browser origin is refused at the handshake.
   */
  ALLOWED_ORIGINS: OriginList('ALLOWED_ORIGINS').default([]),
  /**
   * Bearer token Prometheus sends to read `/metrics` (`Authorization: Bearer <token>`). Unset: no
   * `/metrics` at all (the counts say how many are connected and how the node is doing).
   */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** Serve the client's source maps (`.map`): off by default, they publish the whole source. */
  SOURCE_MAPS: bool.default(false),
  /** Extra blocked words for word clouds, comma-separated (added to the French and English defaults). */
  WORDCLOUD_BLOCKLIST: z.string().max(10_000).optional(),
  /** Set → Redis store and Socket.IO Redis adapter (several nodes); unset → embedded store. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  REDIS_PREFIX: z.string().min(1).max(64).default('agora:'),
  /**
   * How nodes share broadcasts: Redis pub/sub (`@socket.io/redis-adapter`) or Redis streams
   * (`@socket.io/redis-streams-adapter`). Measured in docs/performance.md.
   */
  REDIS_ADAPTER: z.enum(['pubsub', 'streams', 'sharded']).default('pubsub'),
  /**
   * With `REDIS_ADAPTER=sharded`: some primaries of the Redis Cluster (≥ 7.0) that carries the
   * broadcasts, `host:port,host:port` (the client discovers the others). The store, presence and
   * delay boards stay on REDIS_URL. docs/operations.md, « Redis Cluster ».
   */
  REDIS_ADAPTER_NODES: redisNodes('REDIS_ADAPTER_NODES'),
  /**
   * Some primaries of a Redis Cluster (≥ 7.0), `host:port,host:port`: the store runs on the cluster
   * (ioredis `Cluster`; every key hash-tagged per session or edition-wide, key-layout.ts), and so do
   * the broadcasts (REDIS_ADAPTER=sharded, on these nodes unless REDIS_ADAPTER_NODES names others)
   * and the presence and delay boards. REDIS_URL still switches Redis on and gives the user and
   * password (its host is not used). docs/operations.md, « Redis Cluster ».
   */
  REDIS_CLUSTER_NODES: redisNodes('REDIS_CLUSTER_NODES'),
  /**
   * Where uploaded files (documents, logos) go without S3: a folder, `DATA_DIR/files` by default.
   * With several nodes, a volume every node mounts (README, « Files »).
   */
  FILES_DIR: z.string().min(1).optional(),
  /** Largest uploaded file, in megabytes (a PDF, a video, a logo). */
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(20_000).default(500),
  /**
   * Megabytes per second a node spends serving files, shared by every download (0: no limit). The
   * default (≈ 800 Mbit/s) is more than a venue's uplink: the limit keeps a crowd of downloads from
   * taking the CPU the live traffic needs (README, « Files »).
   */
  FILES_MAX_MBPS: z.coerce.number().min(0).max(100_000).default(100),
  /** How long a signed file address stays valid, in seconds (a video re-asks for one when it expires). */
  FILE_LINK_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** Set → files in this S3 bucket (any S3-compatible server with S3_ENDPOINT) instead of a folder. */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Keys under this prefix, so one bucket may serve several installations. */
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9_-]+\/)*$/, 'S3_PREFIX is empty or folder names ending with /')
    .default(''),
  /** Path-style addresses, which most S3-compatible servers need (default: on when S3_ENDPOINT is set). */
  S3_FORCE_PATH_STYLE: bool.optional(),
  /** Credentials; the usual AWS chain (instance role, AWS_* variables) when absent. */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
});

export type Config = z.infer<typeof EnvSchema>;

// Several nodes must sign and check the same tokens: a secret generated per node would not do.
const ConfigSchema = EnvSchema.refine((c) => !c.REDIS_URL || c.SECRET, {
  message: 'SECRET is required with REDIS_URL (every node must share it)',
  path: ['SECRET'],
})
  .refine(
    (c) =>
      c.REDIS_ADAPTER !== 'sharded' ||
      (c.REDIS_URL && (c.REDIS_ADAPTER_NODES.length > 0 || c.REDIS_CLUSTER_NODES.length > 0)),
    {
      message:
        'REDIS_ADAPTER=sharded needs REDIS_URL and REDIS_ADAPTER_NODES or REDIS_CLUSTER_NODES (the cluster)',
      path: ['REDIS_ADAPTER_NODES'],
    },
  )
  .refine((c) => c.REDIS_CLUSTER_NODES.length === 0 || (c.REDIS_URL && c.REDIS_ADAPTER === 'sharded'), {
    message:
      'REDIS_CLUSTER_NODES needs REDIS_URL (redis:// with the user and password, if any) and REDIS_ADAPTER=sharded ' +
      '(pub/sub on a cluster copies every broadcast to every node)',
    path: ['REDIS_CLUSTER_NODES'],
  })
  .refine((c) => c.REDIS_CLUSTER_NODES.length === 0 || !/[{}]/.test(c.REDIS_PREFIX), {
    message: 'REDIS_PREFIX must not hold { or } on Redis Cluster (they would make the hash tag)',
    path: ['REDIS_PREFIX'],
  });

/** Parses the environment; a bad value stops the process with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration (CONFIG_INVALID):\n${problems}`);
  }
  return parsed.data;
}
