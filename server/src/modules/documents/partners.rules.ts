import type { PartnerPatch, PartnerView } from '@agora/shared';
import { fileInfo } from './documents.rules.ts';
import type { FileRef, PartnerRecord } from './documents.store.ts';

/** A partner as participants see it, with a signed address of its logo. */
export function partnerView(p: PartnerRecord, logoUrl: string | null): PartnerView {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    website: p.website,
    tier: p.tier,
    stand: p.stand,
    order: p.order,
    logo: fileInfo(p.logo),
    logoUrl,
  };
}

/** A partner after an organizer's change (or a CSV row matching it). */
export function patchPartner(partner: PartnerRecord, patch: PartnerPatch, now: number): PartnerRecord {
  return {
    ...partner,
    rev: partner.rev + 1,
    name: patch.name ?? partner.name,
    description: patch.description ?? partner.description,
    website: patch.website === undefined ? partner.website : patch.website,
    tier: patch.tier ?? partner.tier,
    stand: patch.stand ?? partner.stand,
    order: patch.order ?? partner.order,
    updatedAt: now,
  };
}

/** Whether a change would change nothing (a CSV imported again). */
export function samePartner(a: PartnerRecord, b: PartnerRecord): boolean {
  return (
    a.name === b.name &&
    a.description === b.description &&
    a.website === b.website &&
    a.tier === b.tier &&
    a.stand === b.stand &&
    a.order === b.order
  );
}

/** A partner with a new logo (its version moves on). */
export function withLogo(partner: PartnerRecord, logo: FileRef, now: number): PartnerRecord {
  return { ...partner, rev: partner.rev + 1, logo, updatedAt: now };
}
