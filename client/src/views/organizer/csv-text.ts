/**
 * Reads the CSV the server writes (UTF-8 BOM, `;`, quoted fields with doubled quotes): the
 * mail-merge file of issued codes is downloaded as is and shown from the same bytes.
 */
export function readSemicolonCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * The text of a CSV file the organizer picked. Excel on Windows saves « CSV (séparateur :
 * point-virgule) » in Windows-1252, not UTF-8: read as UTF-8, every accent became U+FFFD, names were
 * imported garbled (« H�l�ne ») and « présentiel » refused. Bytes that are not valid UTF-8 are read
 * as Windows-1252; a BOM is kept (the server drops it).
 */
export function csvFileText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
