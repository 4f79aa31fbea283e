import type { Ack, Role, SessionWatch } from '@agora/shared';
import { useCallback, useEffect, useState } from 'react';
import { watchApi } from '../../api/watch.ts';

/** A timer further than this is not set (setTimeout's limit is 2^31 ms; a reload asks again anyway). */
const MAX_WAIT_MS = 2 ** 31 - 1;

/**
 * What can be watched of a session, asked again when it changes by itself (the session starts or
 * ends) and when a signed address expired (`renew`). Null while loading.
 */
export function useSessionWatch(
  slug: string,
  sessionId: string,
  as: Role,
  times: { startsAt: number; endsAt: number },
): { watch: Ack<SessionWatch> | null; renew: () => void } {
  const [round, setRound] = useState(0);
  const [watch, setWatch] = useState<{ round: number; answer: Ack<SessionWatch> } | null>(null);
  const { startsAt, endsAt } = times;

  useEffect(() => {
    let live = true;
    void watchApi.sessionWatch(slug, sessionId, as).then((answer) => {
      if (live) setWatch({ round, answer });
    });
    return () => {
      live = false;
    };
  }, [slug, sessionId, as, round]);

  useEffect(() => {
    const now = Date.now();
    const next = [startsAt, endsAt].find((t) => t > now);
    if (next === undefined || next - now > MAX_WAIT_MS) return;
    // A second after the boundary, so the server's clock has passed it too.
    const timer = setTimeout(() => setRound((r) => r + 1), next - now + 1_000);
    return () => clearTimeout(timer);
  }, [startsAt, endsAt, round]);

  const renew = useCallback(() => setRound((r) => r + 1), []);
  return { watch: watch?.answer ?? null, renew };
}
