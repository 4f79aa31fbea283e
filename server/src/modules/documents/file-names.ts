/** Longest name kept for a file, extension included. */
const MAX_NAME = 120;

/**
 * A file name as it may be stored and shown: the last path segment only, NFC, no control
 * characters, none of the characters a file system or a header reads specially, no leading dot,
 * spaces collapsed, at most MAX_NAME characters with its extension replaced by `extension` (the
 * one of the type read from the content, never the one the name claims). Accents are kept.
 */
export function cleanFileName(raw: string, extension: string): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  const base = last
    .normalize('NFC')
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed here
    .replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|;\\/]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s-]+/, '')
    .trim();
  const kept = [...(base || 'document')].slice(0, MAX_NAME - extension.length - 1).join('');
  return `${kept.trim()}.${extension}`;
}

/** The title a file gives a new document: its cleaned name without extension. */
export function titleOfFileName(name: string): string {
  return name.replace(/\.[A-Za-z0-9]{1,8}$/, '');
}

/**
 * A `Content-Disposition` header for a cleaned name: an ASCII fallback for old clients and the
 * UTF-8 name (RFC 6266 / 5987) for the others.
 */
export function contentDisposition(name: string, disposition: 'inline' | 'attachment'): string {
  const ascii = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  const plain = `${disposition}; filename="${ascii}"`;
  return ascii === name ? plain : `${plain}; filename*=UTF-8''${encoded}`;
}
