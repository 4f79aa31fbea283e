/** Limits shared by the server (enforced) and the client (shown before sending). */
export const limits = {
  questionMaxLength: 500,
  questionMinLength: 3,
  nameMaxLength: 120,
  codeLength: 12,
  /** The projector's logo as a data URL (about 48 KB of image). */
  projectorLogoMaxLength: 65_536,
  clientIdMaxLength: 64,
  /*
   * Longest texts typed in the moderator's and organizer's forms, in characters as zod's `max`
   * counts them (code points, after the schema's trim where it has one). The client's counters
   * read the same numbers, so a form refuses what the server would refuse and never cuts it.
   */
  pollQuestionMaxLength: 300,
  pollOptionMaxLength: 200,
  scaleLabelMaxLength: 60,
  cloudPromptMaxLength: 300,
  editionNameMaxLength: 200,
  venueMaxLength: 300,
  sessionTitleMaxLength: 300,
  sessionDescriptionMaxLength: 4000,
  roomMaxLength: 200,
  organisationMaxLength: 200,
  speakerNameMaxLength: 200,
  speakerRoleMaxLength: 300,
  /**
   * Largest Socket.IO message the server reads (its `maxHttpBufferSize`), in UTF-8 bytes of the
   * encoded packet. A bigger one closes the connection with no ack, so the client refuses to send it
   * (INVALID_PAYLOAD, details `{ bytes, limit }`). The largest valid command is far below it.
   */
  socketMaxMessageBytes: 64 * 1024,
  /**
   * The server pings every socket this often; a client that has heard nothing (ping or data) for
   * this long plus `heartbeatGraceMs` says it is reconnecting, without waiting for the socket to
   * close (`pingInterval + pingTimeout`, 40 s).
   */
  heartbeatIntervalMs: 20_000,
  /** How long the server waits for the pong; the client closes after interval + timeout. */
  heartbeatTimeoutMs: 20_000,
  /** How late a heartbeat may be before the client's status stops saying connected. */
  heartbeatGraceMs: 5_000,
} as const;
