import {
  serverEvents,
  type AttendanceMode,
  type Poll,
  type PollResults,
  type ServerEventName,
  type ServerEventPayload,
} from '@agora/shared';
import type { Actor } from './actors.ts';
import { joinWithCode } from './http-client.ts';
import { connect, type Client } from './socket-client.ts';

/** One received event: its name, the raw payload as it came off the wire, and when. */
export interface Received {
  name: string;
  raw: unknown;
  at: number;
}

/**
 * Every event a socket receives from now on, each parsed with its shared schema; for checks over a
 * whole test ("nothing of this poll reached the audience before the reveal"). The raw payloads are
 * kept too: a parse drops unknown keys, and a leak could hide in one.
 */
export class Wire {
  readonly received: Received[] = [];
  /** Events the contract does not name, or payloads that do not match their schema (a test expects none). */
  readonly invalid: Received[] = [];
  private waiters: { name: string; test: (payload: unknown) => boolean; resolve: (p: unknown) => void }[] =
    [];

  constructor(readonly socket: Client) {
    socket.onAny((name: string, raw: unknown) => {
      const entry = { name, raw, at: Date.now() };
      const schema = (serverEvents as Record<string, (typeof serverEvents)[ServerEventName]>)[name];
      const parsed = schema?.safeParse(raw);
      if (!parsed?.success) {
        this.invalid.push(entry);
        return;
      }
      this.received.push(entry);
      this.waiters = this.waiters.filter((w) => {
        if (w.name !== name || !w.test(parsed.data)) return true;
        w.resolve(parsed.data);
        return false;
      });
    });
  }

  /** The first `name` event, already received or still to come, that satisfies `predicate`. */
  until<N extends ServerEventName>(
    name: N,
    predicate: (payload: ServerEventPayload<N>) => boolean = () => true,
  ): Promise<ServerEventPayload<N>> {
    const seen = this.of(name).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) =>
      this.waiters.push({
        name,
        test: (p) => predicate(p as ServerEventPayload<N>),
        resolve: (p) => resolve(p as ServerEventPayload<N>),
      }),
    );
  }

  /** The parsed payloads of one event name received so far (from index `from` of `received`). */
  of<N extends ServerEventName>(name: N, from = 0): ServerEventPayload<N>[] {
    return this.received
      .slice(from)
      .filter((r) => r.name === name)
      .map((r) => serverEvents[name].parse(r.raw) as ServerEventPayload<N>);
  }
}

/** Someone of a seeded crowd, joined and connected. */
export interface Voter extends Actor {
  attendance: AttendanceMode;
}

/** Joins every code and connects a socket for each, `parallel` at a time. */
export async function joinCrowd(
  url: string,
  slug: string,
  people: { code: string; attendance: AttendanceMode }[],
  parallel = 50,
): Promise<Voter[]> {
  const out: Voter[] = [];
  for (let i = 0; i < people.length; i += parallel) {
    out.push(
      ...(await Promise.all(
        people.slice(i, i + parallel).map(async (p) => {
          const { me, token } = await joinWithCode(url, slug, p.code);
          return { me, token, attendance: p.attendance, socket: await connect(url, token) };
        }),
      )),
    );
  }
  return out;
}

type Tallies = Pick<PollResults, 'all' | 'onsite' | 'remote'>;

/**
 * The exact tally of a set of ballots, one per voter (the latest each one had acknowledged): what
 * the server must show. Every option appears, with 0 when nobody chose it.
 */
export function expectedTally(
  poll: Pick<Poll, 'options'>,
  ballots: Iterable<{ attendance: AttendanceMode; choices: readonly string[] }>,
): Tallies {
  const empty = () => ({ ballots: 0, counts: Object.fromEntries(poll.options.map((o) => [o.id, 0])) });
  const out: Tallies = { all: empty(), onsite: empty(), remote: empty() };
  for (const b of ballots) {
    for (const tally of [out.all, out[b.attendance]]) {
      tally.ballots += 1;
      for (const c of b.choices) tally.counts[c] = (tally.counts[c] ?? 0) + 1;
    }
  }
  return out;
}

/** The tallies of results, without version and flags: what `expectedTally` is compared with. */
export function talliesOf(results: PollResults): Tallies {
  return { all: results.all, onsite: results.onsite, remote: results.remote };
}

/**
 * Problems with results that can never be right whatever was sent: the split does not add up, or
 * a single-choice tally counts more choices than ballots. Empty when the results are consistent.
 */
export function inconsistencies(results: PollResults, maxChoices: number): string[] {
  const problems: string[] = [];
  const { all, onsite, remote } = results;
  if (all.ballots !== onsite.ballots + remote.ballots) problems.push(`ballots ${JSON.stringify(results)}`);
  for (const [option, count] of Object.entries(all.counts)) {
    if (count !== (onsite.counts[option] ?? 0) + (remote.counts[option] ?? 0))
      problems.push(`option ${option} of version ${results.version}`);
  }
  for (const tally of [all, onsite, remote]) {
    const choices = Object.values(tally.counts).reduce((a, b) => a + b, 0);
    if (choices < tally.ballots || choices > tally.ballots * maxChoices)
      problems.push(`choices ${choices} for ${tally.ballots} ballots in version ${results.version}`);
  }
  return problems;
}
