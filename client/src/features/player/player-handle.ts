/** What a page can ask of the player, whatever plays the video (each engine implements it). */
export type PlayerHandle = {
  /** Moves to a position (seconds into the video); plays on if it was playing. */
  seek(seconds: number): void;
  /** Where it is now; `behindLive` only live and where the engine can tell (HLS, file). */
  snapshot(): { position: number; playing: boolean; behindLive: number | null };
};
