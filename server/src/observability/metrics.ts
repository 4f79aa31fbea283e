import { collectDefaultMetrics, Gauge, Histogram, Registry, type Metric } from 'prom-client';

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

/** One exported sample, as prom-client's registry prints it (`metricName` for `_bucket`, `_sum` …). */
interface Sample {
  labels: Record<string, string>;
  value: number;
  metricName?: string;
}

/**
 * A counter or histogram kept in plain numbers and exported in Prometheus' form only when scraped.
 * prom-client's own series hash their labels on every update (0.3 µs for a histogram observation
 * without labels, 1.2 µs with a command label, measured): too much for every command; here an
 * update is a Map lookup and two array writes. Registered with the registry like its own metrics
 * (it reads `name`, `help`, `type`, `aggregator` and `get()`).
 */
abstract class ScrapedMetric {
  readonly aggregator = 'sum';
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
  ) {}
  abstract samples(): Sample[];
  async get() {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.samples(),
    };
  }
  /** Called by `Registry.resetMetrics`. */
  reset(): void {}
  register(registry: Registry): this {
    registry.registerMetric(this as unknown as Metric);
    return this;
  }
}

/** A counter by one or two label values from closed sets. */
class FastCounter extends ScrapedMetric {
  private readonly counts = new Map<string, { labels: Record<string, string>; value: number }>();
  constructor(
    name: string,
    help: string,
    private readonly labelNames: readonly string[],
  ) {
    super(name, help, 'counter');
  }
  /** The series of these label values, to keep and bump (`.value += 1`) on a hot path. */
  series(...values: string[]): { value: number } {
    const key = values.join('\u0000');
    let series = this.counts.get(key);
    if (!series) {
      series = { labels: Object.fromEntries(this.labelNames.map((n, i) => [n, values[i] ?? ''])), value: 0 };
      this.counts.set(key, series);
    }
    return series;
  }

  inc(...values: string[]): void {
    this.series(...values).value += 1;
  }

  samples(): Sample[] {
    return [...this.counts.values()].map((s) => ({ labels: s.labels, value: s.value }));
  }
}

interface HistogramSeries {
  counts: Float64Array;
  sum: number;
  count: number;
}

/** A histogram by one label value from a closed set. */
class FastHistogram extends ScrapedMetric {
  private readonly bySeries = new Map<string, HistogramSeries>();
  constructor(
    name: string,
    help: string,
    private readonly labelName: string,
    private readonly bounds: readonly number[],
  ) {
    super(name, help, 'histogram');
  }
  /** The series of a label value, to keep and pass to `observe` on a hot path. */
  series(label: string): HistogramSeries {
    let series = this.bySeries.get(label);
    if (!series) {
      series = { counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.bySeries.set(label, series);
    }
    return series;
  }

  observe(series: HistogramSeries, value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > (this.bounds[i] as number)) i += 1;
    series.counts[i] = (series.counts[i] as number) + 1;
    series.sum += value;
    series.count += 1;
  }

  samples(): Sample[] {
    const out: Sample[] = [];
    for (const [label, s] of this.bySeries) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += s.counts[i] as number;
        out.push({
          labels: { [this.labelName]: label, le: String(bound) },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      out.push({
        labels: { [this.labelName]: label, le: '+Inf' },
        value: s.count,
        metricName: `${this.name}_bucket`,
      });
      out.push({ labels: { [this.labelName]: label }, value: s.sum, metricName: `${this.name}_sum` });
      out.push({ labels: { [this.labelName]: label }, value: s.count, metricName: `${this.name}_count` });
    }
    return out;
  }
}

/**
 * The process's Prometheus metrics, on a registry of its own (tests build several apps in one
 * process). Every label takes its values from a closed set: command and event names from the wire
 * table, error codes from `ErrorCode`, roles, connection names; never an id, an address or a code.
 *
 * Hot path: a command costs one counter update and one histogram observation in plain numbers
 * (`FastCounter`, `FastHistogram`); socket counts and Redis states are read only when Prometheus
 * scrapes.
 */
export class Metrics implements CommandMetrics, JournalMetrics, StoreMetrics {
  readonly registry = new Registry();
  private readonly acks: FastCounter;
  private readonly ackLatency: FastHistogram;
  private readonly broadcasts: FastCounter;
  private readonly journalFlush: Histogram;
  private readonly journalEntries: Histogram;
  private readonly storeWrite: FastHistogram;
  private readonly embeddedWrites: HistogramSeries;
  /** Bound once per command and event name (closed sets): an update is a lookup and two writes. */
  private readonly commandSeries = new Map<string, { latency: HistogramSeries; ok: { value: number } }>();
  private readonly eventSeries = new Map<string, { value: number }>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    this.acks = new FastCounter(
      'agora_command_acks_total',
      'Commands answered, by command and outcome (OK or the stable error code)',
      ['command', 'code'],
    ).register(this.registry);
    this.ackLatency = new FastHistogram(
      'agora_command_ack_seconds',
      'Time from reading a command to sending its ack (durable write and publish included)',
      'command',
      LATENCY_BUCKETS,
    ).register(this.registry);
    this.broadcasts = new FastCounter(
      'agora_broadcasts_total',
      'Messages published to rooms (one per publish, whatever the number of receivers), by event',
      ['event'],
    ).register(this.registry);
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
    this.storeWrite = new FastHistogram(
      'agora_store_write_seconds',
      'Embedded store: one change, from applying it in memory to its journal entry on disk',
      'store',
      LATENCY_BUCKETS,
    ).register(this.registry);
    this.embeddedWrites = this.storeWrite.series('embedded');
  }

  acked(command: string, ack: AckOutcome, startedAt: number): void {
    let series = this.commandSeries.get(command);
    if (!series) {
      series = { latency: this.ackLatency.series(command), ok: this.acks.series(command, 'OK') };
      this.commandSeries.set(command, series);
    }
    this.ackLatency.observe(series.latency, (performance.now() - startedAt) / 1000);
    if (ack.ok) series.ok.value += 1;
    else this.acks.inc(command, ack.error?.code ?? 'INTERNAL');
  }

  /** Counts one publish of `event`; `event` is a name of the server events table. */
  published(event: string): void {
    let series = this.eventSeries.get(event);
    if (!series) {
      series = this.broadcasts.series(event);
      this.eventSeries.set(event, series);
    }
    series.value += 1;
  }

  flushed(seconds: number, entries: number): void {
    this.journalFlush.observe(seconds);
    this.journalEntries.observe(entries);
  }

  written(seconds: number): void {
    this.storeWrite.observe(this.embeddedWrites, seconds);
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
}
