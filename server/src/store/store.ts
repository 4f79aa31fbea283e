import type { StoreParts } from '../modules/store-parts.ts';

/**
 * Everything the application persists, as one part per feature (each its module's store interface,
 * implemented by a class per backend in memory/ and redis/). Services are given only the parts they
 * use (app.ts).
 */
export interface Store extends StoreParts {
  /** A short name for health and logs. */
  readonly kind: string;
  /**
   * Resolves if the store answers and accepts writes now, throws otherwise (readiness: `/readyz`).
   * Quick by design: a load balancer calls it every few seconds.
   */
  probe(): Promise<void>;
  close(): Promise<void>;
}
