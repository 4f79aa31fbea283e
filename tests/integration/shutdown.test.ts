import { afterAll, describe, expect, it } from 'vitest';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { closeAllSockets, codesOf, command, connect, ok, serverFleet } from '../support/server-process.ts';

const fleet = serverFleet();
const start = fleet.start;

afterAll(async () => {
  closeAllSockets();
  await fleet.stop();
});

/** What became of one question: acked (with its id), refused (with a code), or never answered. */
interface Outcome {
  text: string;
  result: { ok: true; id: string } | { ok: false; code: string } | null;
}

/** Asks a question every `everyMs` until the socket drops; an outcome is filled in when its ack comes. */
function keepAsking(who: Actor, sessionId: string, everyMs: number, outcomes: Outcome[]): Promise<void> {
  return new Promise((resolve) => {
    let n = 0;
    const timer = setInterval(() => {
      if (!who.socket.connected) return;
      const outcome: Outcome = { text: `Question ${n} de ${who.me.id}`, result: null };
      n += 1;
      outcomes.push(outcome);
      void command(who.socket, 'question:ask', {
        sessionId,
        clientId: clientId(),
        text: outcome.text,
        anonymous: false,
      }).then((ack) => {
        outcome.result = ack.ok ? { ok: true, id: ack.data.id } : { ok: false, code: ack.error.code };
      });
    }, everyMs);
    who.socket.once('disconnect', () => {
      clearInterval(timer);
      resolve();
    });
  });
}

describe('shutdown on SIGTERM', () => {
  it('answers or refuses the commands it let in, exits cleanly, and keeps exactly the acknowledged ones', async () => {
    const first = await start();
    const session = first.demo.plenarySessionId;
    const people = await Promise.all(
      codesOf(first.demo, 'participant')
        .slice(0, 12)
        .map((_, n) => actor(first, 'participant', n)),
    );
    const outcomes: Outcome[] = [];
    // 50 questions a second from each: within the rate limit's burst for the second this lasts.
    const asking = people.map((who) => keepAsking(who, session, 20, outcomes));
    while (outcomes.filter((o) => o.result).length < 60) await new Promise((r) => setTimeout(r, 2));

    // SIGTERM while questions keep coming; a write after the store closed would exit with 1.
    expect(await first.stop()).toEqual({ code: 0, signal: null });
    await Promise.all(asking);
    const acked = outcomes.flatMap((o) => (o.result?.ok ? [{ text: o.text, id: o.result.id }] : []));
    const refused = outcomes.flatMap((o) =>
      o.result && !o.result.ok ? [{ ...o, code: o.result.code }] : [],
    );
    const unanswered = outcomes.filter((o) => !o.result);
    expect(acked.length).toBeGreaterThanOrEqual(60);
    // "Restarting, retry": the client's outbox re-sends those to the next server.
    for (const o of refused) expect(o.code, o.text).toBe('UNAVAILABLE');

    const second = await start(first.dataDir);
    const mod = await actor(second, 'moderator', 0);
    const view = await ok(await connect(second.url, mod.token), 'moderation:join', { sessionId: session });
    const byText = new Map(view.qa.questions.map((q) => [q.originalText, q.id]));
    for (const o of acked) expect(byText.get(o.text), o.text).toBe(o.id);
    // Nothing half-done: a command either was answered or left no trace (it had not been read).
    for (const o of [...refused, ...unanswered]) expect(byText.has(o.text), o.text).toBe(false);
  });
});
