import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type Counter as CounterType,
  type Histogram as HistogramType,
} from 'prom-client';

/** An ack as the metrics read it: its error code, or none. */
export interface AckOutcome {
  ok: boolean;
  error?: { code: string };
}

/** What the command pipeline reports (define-handler.ts): one call per command, pre-bound series. */
export interface CommandMetrics {
  /** `startedAt` from `performance.now()` when the command was read. */
  acked(command: string, ack: AckOutcome, startedAt: number): void;
}

/** What the embedded store's journal reports after each group commit. */
export interface JournalMetrics {
  flushed(seconds: number, entries: number): void;
}

/** What the embedded store reports for each change: applied in memory and durable on disk. */
export interface StoreMetrics {
  written(seconds: number): void;
}

/** A connection whose state `/metrics` reports (ioredis: `status === 'ready'`). */
export interface WatchedConnection {
  readonly status: string;
}

/** Latency buckets from 0.5 ms (a quiet journal write) to 10 s (a stalled disk or Redis). */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface CommandSeries {
  ok: CounterType.Internal;
  latency: HistogramType.Internal<'command'>;
}

/**
 * The process's Prometheus metrics, on a registry of its own (tests build several apps in one
 * process). Every label takes its values from a closed set: command and event names from the wire
 * table, error codes from `ErrorCode`, roles, connection names; never an id, an address or a code.
 *
 * Hot path: a command costs one counter increment and one histogram observation on series bound
 * once per command name (a Map lookup, no label hashing); socket counts and Redis states are read
 * only when Prometheus scrapes.
 */
export class Metrics implements CommandMetrics, JournalMetrics, StoreMetrics {
  readonly registry = new Registry();
  private readonly acks: Counter<'command' | 'code'>;
  private readonly ackLatency: Histogram<'command'>;
  private readonly broadcasts: Counter<'event'>;
  private readonly journalFlush: Histogram;
  private readonly journalEntries: Histogram;
  private readonly storeWrite: Histogram;
  private readonly commands = new Map<string, CommandSeries>();
  private readonly broadcastSeries = new Map<string, CounterType.Internal>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    this.acks = new Counter({
      name: 'agora_command_acks_total',
      help: 'Commands answered, by command and outcome (OK or the stable error code)',
      labelNames: ['command', 'code'],
      registers,
    });
    this.ackLatency = new Histogram({
      name: 'agora_command_ack_seconds',
      help: 'Time from reading a command to sending its ack (durable write and publish included)',
      labelNames: ['command'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.broadcasts = new Counter({
      name: 'agora_broadcasts_total',
      help: 'Messages published to rooms (one per publish, whatever the number of receivers), by event',
      labelNames: ['event'],
      registers,
    });
    this.journalFlush = new Histogram({
      name: 'agora_journal_flush_seconds',
      help: 'Embedded store: one group commit, write and fsync (O_DSYNC) of the journal',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.journalEntries = new Histogram({
      name: 'agora_journal_flush_entries',
      help: 'Embedded store: changes made durable by one group commit',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000],
      registers,
    });
    this.storeWrite = new Histogram({
      name: 'agora_store_write_seconds',
      help: 'Embedded store: one change, from applying it in memory to its journal entry on disk',
      buckets: LATENCY_BUCKETS,
      registers,
    });
  }

  acked(command: string, ack: AckOutcome, startedAt: number): void {
    const series = this.seriesOf(command);
    series.latency.observe((performance.now() - startedAt) / 1000);
    if (ack.ok) series.ok.inc();
    else this.acks.labels(command, ack.error?.code ?? 'INTERNAL').inc();
  }

  /** Counts one publish of `event`; `event` is a name of the server events table. */
  published(event: string): void {
    let series = this.broadcastSeries.get(event);
    if (!series) {
      series = this.broadcasts.labels(event);
      this.broadcastSeries.set(event, series);
    }
    series.inc();
  }

  flushed(seconds: number, entries: number): void {
    this.journalFlush.observe(seconds);
    this.journalEntries.observe(entries);
  }

  written(seconds: number): void {
    this.storeWrite.observe(seconds);
  }

  /** Connected sockets by role, counted when Prometheus scrapes. */
  watchSockets(countByRole: () => Record<string, number>): void {
    new Gauge({
      name: 'agora_sockets_connected',
      help: 'Socket.IO connections open on this node, by role',
      labelNames: ['role'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [role, count] of Object.entries(countByRole())) this.labels(role).set(count);
      },
    });
  }

  /** 1 while each named Redis connection is ready, 0 otherwise, read when Prometheus scrapes. */
  watchRedis(connections: Record<string, WatchedConnection>): void {
    new Gauge({
      name: 'agora_redis_connected',
      help: 'Redis connection state: 1 ready, 0 connecting, reconnecting or closed',
      labelNames: ['connection'],
      registers: [this.registry],
      collect() {
        for (const [name, client] of Object.entries(connections)) {
          this.labels(name).set(client.status === 'ready' ? 1 : 0);
        }
      },
    });
  }

  private seriesOf(command: string): CommandSeries {
    let series = this.commands.get(command);
    if (!series) {
      series = { ok: this.acks.labels(command, 'OK'), latency: this.ackLatency.labels(command) };
      this.commands.set(command, series);
    }
    return series;
  }
}
