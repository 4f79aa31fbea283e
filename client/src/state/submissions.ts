import type { MyQuestion } from '@agora/shared';
import type { ConnectionState } from './connection.state.ts';

/**
 * Where one of the participant's submissions stands, as the phone tells it: kept on the phone
 * until the network is back (`queued`), sent and awaiting the server's answer (`sending`), then
 * what the server holds. A question goes on from `stored` (awaiting moderation) to `approved`,
 * `onScreen`, `answered`, or `rejected` / `merged`; a ballot or a word stops at `stored`.
 */
export type SubmissionState =
  'queued' | 'sending' | 'stored' | 'approved' | 'onScreen' | 'answered' | 'rejected' | 'merged';

/**
 * A submission still in the outbox: sent if the socket is up (the outbox sends at once, and again
 * while unanswered), else kept on the phone until the connection is back.
 */
export function outboxState(connection: ConnectionState): 'queued' | 'sending' {
  return connection === 'connected' ? 'sending' : 'queued';
}

/** The participant's own question the server holds; on screen while the live state shows it. */
export function myQuestionState(q: MyQuestion, onScreenId: string | null): SubmissionState {
  if (q.status === 'pending') return 'stored';
  if (q.status === 'approved') return q.id === onScreenId ? 'onScreen' : 'approved';
  return q.status;
}
