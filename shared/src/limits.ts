/** Limits shared by the server (enforced) and the client (shown before sending). */
export const limits = {
  questionMaxLength: 500,
  questionMinLength: 3,
  nameMaxLength: 120,
  codeLength: 12,
  clientIdMaxLength: 64,
} as const;
