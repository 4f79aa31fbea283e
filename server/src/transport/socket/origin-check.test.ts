import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin-check.ts';

const policy = { publicUrl: 'https://agora.example.org', allowed: ['https://partner.example.net'] };

describe('the Socket.IO origin check', () => {
  it('accepts a page of the host the request names, whatever the scheme a proxy ended', () => {
    expect(originAllowed(policy, 'http://192.168.1.20:3000', '192.168.1.20:3000')).toBe(true);
    expect(originAllowed(policy, 'https://Live.Example.org', 'live.example.org')).toBe(true);
  });

  it('accepts PUBLIC_URL and the configured origins even when a proxy rewrote Host', () => {
    expect(originAllowed(policy, 'https://agora.example.org', 'node-1:3000')).toBe(true);
    expect(originAllowed(policy, 'https://partner.example.net', 'node-1:3000')).toBe(true);
  });

  it('refuses any other origin, a look-alike port or a malformed value', () => {
    expect(originAllowed(policy, 'https://evil.example.com', 'agora.example.org')).toBe(false);
    expect(originAllowed(policy, 'https://agora.example.org:8443', 'node-1:3000')).toBe(false);
    expect(originAllowed(policy, 'null', 'agora.example.org')).toBe(false);
  });

  it('lets a client that sends no Origin through: not a browser page, it holds its own token', () => {
    expect(originAllowed(policy, undefined, 'agora.example.org')).toBe(true);
  });
});
