import { z } from 'zod';
import { limits } from '../limits.ts';
import { ClientId, Id, Timestamp } from './common.ts';

/**
 * Polls and word clouds ("interactions") share a lifecycle: draft → open → closing → closed.
 * `closing` is the hybrid-fair window: closed for people in the hall, still open for remote people
 * until `remoteClosesAt` (the session's stream delay after the moderator closed it).
 */
export const InteractionStatus = z.enum(['draft', 'open', 'closing', 'closed']);
export type InteractionStatus = z.infer<typeof InteractionStatus>;

/** Whether the audience and the projector see results while they grow, or only once revealed. */
export const ResultsVisibility = z.enum(['live', 'hidden']);
export type ResultsVisibility = z.infer<typeof ResultsVisibility>;

/** Lifecycle fields common to polls and clouds. */
const Lifecycle = z.object({
  id: Id,
  sessionId: Id,
  status: InteractionStatus,
  visibility: ResultsVisibility,
  /** Results shown to the audience: always true for `live`; set by the moderator for `hidden`. */
  revealed: z.boolean(),
  createdAt: Timestamp,
  openedAt: Timestamp.nullable(),
  /** When the moderator closed it (closed for on-site participants from then). */
  closedAt: Timestamp.nullable(),
  /** When remote participants' window ends (closedAt + the session's stream delay). */
  remoteClosesAt: Timestamp.nullable(),
});

// ---------- polls ----------

export const PollKind = z.enum(['single', 'multiple', 'rating']);
export type PollKind = z.infer<typeof PollKind>;

export const PollOption = z.object({
  id: z.string().regex(/^[a-z0-9]{1,8}$/),
  label: z.string().max(limits.pollOptionMaxLength),
});
export type PollOption = z.infer<typeof PollOption>;

/** What a moderator or organizer writes to prepare a poll. Rating polls get one option per value. */
export const PollDraft = z
  .strictObject({
    question: z.string().trim().min(1).max(limits.pollQuestionMaxLength),
    kind: PollKind,
    /** Choice labels (single and multiple choice): 2 to 12. */
    options: z.array(z.string().trim().min(1).max(limits.pollOptionMaxLength)).max(12).default([]),
    /** Multiple choice: at most this many choices per ballot. */
    maxChoices: z.number().int().min(1).max(12).default(1),
    /** Rating: the scale, e.g. 1–5, with optional labels of its ends. */
    scale: z
      .strictObject({
        min: z.number().int().min(0).max(1),
        max: z.number().int().min(2).max(10),
        minLabel: z.string().max(limits.scaleLabelMaxLength).default(''),
        maxLabel: z.string().max(limits.scaleLabelMaxLength).default(''),
      })
      .optional(),
    visibility: ResultsVisibility.default('live'),
  })
  .superRefine((draft, ctx) => {
    if (draft.kind === 'rating') {
      if (!draft.scale)
        ctx.addIssue({ code: 'custom', path: ['scale'], message: 'a rating poll needs a scale' });
    } else {
      if (draft.options.length < 2) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'at least two options' });
      }
      // Two « Oui » split the same answer's ballots over two bars on the projector.
      const seen = new Set<string>();
      draft.options.forEach((label, i) => {
        const key = label.toLocaleLowerCase('fr').replace(/\s+/g, ' ');
        if (seen.has(key))
          ctx.addIssue({
            code: 'custom',
            path: ['options', i],
            message: 'the same choice twice',
            params: { sameChoice: true },
          });
        seen.add(key);
      });
      if (draft.kind === 'multiple' && draft.maxChoices > draft.options.length) {
        ctx.addIssue({ code: 'custom', path: ['maxChoices'], message: 'more choices allowed than options' });
      }
    }
  });
export type PollDraft = z.infer<typeof PollDraft>;

/** A poll as everyone sees it (drafts only reach moderators). */
export const Poll = Lifecycle.extend({
  kind: z.literal('poll'),
  question: z.string(),
  pollKind: PollKind,
  options: z.array(PollOption),
  /** 1 for single choice and rating. */
  maxChoices: z.number().int().min(1),
  scale: z
    .object({ min: z.number(), max: z.number(), minLabel: z.string(), maxLabel: z.string() })
    .nullable(),
});
export type Poll = z.infer<typeof Poll>;

/** Counts per option id, overall and split by attendance mode. */
export const Tally = z.object({
  /** Number of ballots (participants), not of choices. */
  ballots: z.number().int().nonnegative(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
});
export type Tally = z.infer<typeof Tally>;

export const PollResults = z.object({
  pollId: Id,
  sessionId: Id,
  /** Increases with every counted change; a client keeps the highest it has seen. */
  version: z.number().int().nonnegative(),
  all: Tally,
  onsite: Tally,
  remote: Tally,
  /** True once the poll is closed for everyone: these are the exact final results. */
  final: z.boolean(),
});
export type PollResults = z.infer<typeof PollResults>;

/** A participant's ballot: the option ids chosen (rating: the one value as its option id). */
export const Ballot = z.object({ pollId: Id, choices: z.array(z.string().max(8)).min(1).max(12) });

// ---------- word clouds ----------

export const CloudDraft = z.strictObject({
  prompt: z.string().trim().min(1).max(limits.cloudPromptMaxLength),
  /** Words or short phrases each participant may send. */
  maxWordsPerParticipant: z.number().int().min(1).max(10).default(3),
  maxLength: z.number().int().min(3).max(60).default(30),
  visibility: ResultsVisibility.default('live'),
});
export type CloudDraft = z.infer<typeof CloudDraft>;

export const Cloud = Lifecycle.extend({
  kind: z.literal('cloud'),
  prompt: z.string(),
  maxWordsPerParticipant: z.number().int(),
  maxLength: z.number().int(),
});
export type Cloud = z.infer<typeof Cloud>;

/** One group of words under a normalised key, shown in its most frequent spelling. */
export const CloudWord = z.object({
  key: z.string(),
  text: z.string(),
  count: z.number().int().nonnegative(),
  onsite: z.number().int().nonnegative(),
  remote: z.number().int().nonnegative(),
});
export type CloudWord = z.infer<typeof CloudWord>;

/** Moderators also see why a word is not shown. */
export const ModCloudWord = CloudWord.extend({
  /** hidden by a moderator, or held back by the blocked-words list and not released */
  hidden: z.boolean(),
  blocked: z.boolean(),
});
export type ModCloudWord = z.infer<typeof ModCloudWord>;

export const CloudResults = z.object({
  cloudId: Id,
  sessionId: Id,
  version: z.number().int().nonnegative(),
  /** Participants who sent at least one word. */
  participants: z.number().int().nonnegative(),
  words: z.array(CloudWord),
  final: z.boolean(),
});
export type CloudResults = z.infer<typeof CloudResults>;

export const ModCloudResults = CloudResults.extend({ words: z.array(ModCloudWord) });
export type ModCloudResults = z.infer<typeof ModCloudResults>;

// ---------- what the projector shows ----------

/**
 * The one thing a session's projector shows besides the join instructions. A poll may be shown
 * `split`: its results for people in the hall and for remote people side by side (the moderator
 * chooses; absent means not split). `history` is the session's question history (every question
 * put on screen so far, hall and remote apart), for the end of a plenary: its `id` is the session's.
 */
export const ScreenItem = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('question'), id: Id }),
  z.strictObject({ kind: z.literal('poll'), id: Id, split: z.boolean().default(false) }),
  z.strictObject({ kind: z.literal('cloud'), id: Id }),
  z.strictObject({ kind: z.literal('history'), id: Id }),
]);
export type ScreenItem = z.infer<typeof ScreenItem>;

/** A participant's own submissions, so a reconnecting phone shows what it already sent. */
export const MyBallot = z.object({ pollId: Id, clientId: ClientId, choices: z.array(z.string()) });
export type MyBallot = z.infer<typeof MyBallot>;
export const MyWord = z.object({ cloudId: Id, clientId: ClientId, text: z.string(), key: z.string() });
export type MyWord = z.infer<typeof MyWord>;

/** The polls and clouds part of a participant's or a projector's join snapshot. */
export const AudienceInteractions = z.object({
  /** Published polls and clouds (drafts are for moderators). */
  polls: z.array(Poll),
  clouds: z.array(Cloud),
  /** Results the caller may see now (live, or revealed). */
  pollResults: z.array(PollResults),
  cloudResults: z.array(CloudResults),
  /** The participant's own ballots and words (empty for other roles). */
  myBallots: z.array(MyBallot),
  myWords: z.array(MyWord),
});
export type AudienceInteractions = z.infer<typeof AudienceInteractions>;

/** Moderators: drafts too, every result, every word with its flags. */
export const ModInteractions = z.object({
  polls: z.array(Poll),
  clouds: z.array(Cloud),
  pollResults: z.array(PollResults),
  cloudResults: z.array(ModCloudResults),
});
export type ModInteractions = z.infer<typeof ModInteractions>;
