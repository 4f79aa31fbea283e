import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { acceptType, contentRefusals, type AcceptedType, type UploadPurpose } from './documents.rules.ts';

/** Bytes read before deciding the type: what file-type needs for every format it knows. */
const SAMPLE = 4100;

/**
 * An upload on its way to the file store, checked as it flows: its type is read from its first
 * bytes (magic numbers, never the name or the browser's claim), then bytes pass through until the
 * size limit, past which the stream fails. Only SAMPLE bytes are ever held.
 */
export interface CheckedUpload {
  /** Resolves with the type once the first bytes are read; rejects with the refusal (empty, wrong type, too large). */
  type: Promise<AcceptedType>;
  /** The bytes, to hand to the file store once `type` resolved. Fails with FILE_TOO_LARGE past the limit. */
  stream: Readable;
  /** Reads and drops what is left of the source (after a refusal: the next file of the form follows it). */
  drain(): void;
}

class TypeGate extends Transform {
  private head: Buffer[] = [];
  private headBytes = 0;
  private size = 0;
  private decided = false;
  resolveType!: (type: AcceptedType) => void;
  rejectType!: (error: Error) => void;
  readonly type = new Promise<AcceptedType>((resolve, reject) => {
    this.resolveType = resolve;
    this.rejectType = reject;
  });

  constructor(
    private readonly purpose: UploadPurpose,
    private readonly maxBytes: number,
  ) {
    super();
    // A refusal is read through `type`: a rejection nobody awaited yet is not an unhandled one.
    this.type.catch(() => undefined);
  }

  private async decide(): Promise<void> {
    this.decided = true;
    const head = Buffer.concat(this.head);
    this.head = [];
    if (head.length === 0) throw contentRefusals.empty();
    const detected = await fileTypeFromBuffer(head);
    this.resolveType(acceptType(this.purpose, detected?.mime ?? null));
    this.push(head);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(contentRefusals.tooLarge(this.maxBytes));
    if (this.decided) return done(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SAMPLE) return done();
    this.decide().then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    if (this.decided) return done();
    this.decide().then(() => done(), done);
  }
}

/** Starts checking an upload stream for `purpose`, with a size limit in bytes. */
export function checkUpload(source: Readable, purpose: UploadPurpose, maxBytes: number): CheckedUpload {
  const gate = new TypeGate(purpose, maxBytes);
  gate.on('error', (error) => gate.rejectType(error));
  source.on('error', (error) => gate.destroy(error));
  source.pipe(gate);
  return {
    type: gate.type,
    stream: gate,
    drain: () => {
      source.unpipe(gate);
      source.resume();
    },
  };
}
