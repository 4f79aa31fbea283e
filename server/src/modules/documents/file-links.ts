import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FileLink } from '@agora/shared';
import { contentRefusals } from './documents.rules.ts';

/** What a signed address opens: a document's file, a partner's logo or a session's replay video, at one version. */
export interface LinkSubject {
  kind: 'document' | 'logo' | 'replay';
  id: string;
  version: number;
}

/**
 * Short-lived signed addresses of stored files: an HMAC (a key derived from the server's SECRET,
 * so every node checks what any node signed) over the subject, its file version and the expiry.
 * A replaced file has a new version, so the addresses of the old one stop at once; a guessed or
 * altered address is NOT_FOUND, an expired one LINK_EXPIRED.
 */
export class FileLinks {
  constructor(
    private readonly key: Buffer,
    private readonly ttlMs: number,
  ) {}

  private signature(subject: LinkSubject, expiresAt: number): string {
    return createHmac('sha256', this.key)
      .update(`${subject.kind}:${subject.id}:${subject.version}:${expiresAt}`)
      .digest('base64url');
  }

  /** The address of a file for the next `ttlMs`; `name` ends the path, for the browser's save dialog. */
  link(subject: LinkSubject, name: string, now: number, download = false): FileLink {
    const expiresAt = now + this.ttlMs;
    const path = `/api/files/${subject.kind}/${subject.id}/${subject.version}/${encodeURIComponent(name)}`;
    const query = `exp=${expiresAt}&sig=${this.signature(subject, expiresAt)}${download ? '&download=1' : ''}`;
    return { url: `${path}?${query}`, expiresAt };
  }

  /** Checks an address's signature, then its expiry (a forged one learns nothing about expiry). */
  verify(subject: LinkSubject, expiresAt: number, signature: string, now: number): void {
    const expected = Buffer.from(this.signature(subject, expiresAt));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw contentRefusals.notFound('file');
    }
    if (now >= expiresAt) throw contentRefusals.linkExpired();
  }
}
