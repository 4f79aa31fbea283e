import { checkEdition, checkOrganizerEmail } from '../../modules/organizer/organizer.rules.ts';
import type { EditionSettings, OrganizerAccount } from '../../modules/organizer/organizer.store.ts';

/**
 * Operations of the organizer console's own data (accounts, edition settings); like every `Op`,
 * they carry every generated value. The people and the questions, polls and clouds it changes are
 * changed by those features' own operations.
 */
export type OrganizerOp =
  | { t: 'org-account'; account: OrganizerAccount }
  | { t: 'org-settings'; editionId: string; settings: EditionSettings };

const kinds = new Set<string>(['org-account', 'org-settings']);

export function isOrganizerOp(op: { t: string }): op is OrganizerOp {
  return kinds.has(op.t);
}

/** The organizer part of the embedded state: accounts and edition settings. */
export class OrganizerState {
  accounts = new Map<string, OrganizerAccount>();
  settings = new Map<string, EditionSettings>();

  toJSON(): unknown {
    return { accounts: [...this.accounts.values()], settings: [...this.settings.entries()] };
  }

  /** Loads what `toJSON` wrote; snapshots from before the console have no such part. */
  load(raw: unknown): void {
    const data = raw as { accounts?: OrganizerAccount[]; settings?: [string, EditionSettings][] } | undefined;
    for (const a of data?.accounts ?? []) this.accounts.set(a.id, a);
    for (const [id, s] of data?.settings ?? []) this.settings.set(id, s);
  }
}

/** Applies an organizer operation: checks first, then changes (all or nothing). */
export function applyOrganizerOp(
  org: OrganizerState,
  op: OrganizerOp,
  editionExists: (id: string) => boolean,
): unknown {
  switch (op.t) {
    case 'org-account': {
      const owner = [...org.accounts.values()].find(
        (a) => a.email === op.account.email && a.id !== op.account.id,
      );
      checkOrganizerEmail(owner?.id ?? null, op.account.id);
      org.accounts.set(op.account.id, op.account);
      return undefined;
    }
    case 'org-settings':
      checkEdition(editionExists(op.editionId));
      org.settings.set(op.editionId, { ...op.settings });
      return undefined;
  }
}
