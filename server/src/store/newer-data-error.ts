/** Thrown at start for data a newer version wrote: this one cannot know its shape, and must not write over it. */
export class NewerDataFormatError extends Error {
  constructor(found: number, supported: number, where: string) {
    super(
      `${where} was written by a newer version of Agora Live (data format ${found}; this version reads up to ${supported}). ` +
        'Run that version (or newer), or restore a backup taken with this one.',
    );
  }
}
