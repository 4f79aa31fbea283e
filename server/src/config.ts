import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** Environment variables, all optional with safe defaults. Documented in README (Configuration). */
export const EnvSchema = z.object({
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
  JOIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  JOIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
  TRUST_PROXY: bool.default(false),
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
   * (`@socket.io/redis-streams-adapter`). Measured in the README's performance section.
   */
  REDIS_ADAPTER: z.enum(['pubsub', 'streams']).default('pubsub'),
});

export type Config = z.infer<typeof EnvSchema>;

// Several nodes must sign and check the same tokens: a secret generated per node would not do.
const ConfigSchema = EnvSchema.refine((c) => !c.REDIS_URL || c.SECRET, {
  message: 'SECRET is required with REDIS_URL (every node must share it)',
  path: ['SECRET'],
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
