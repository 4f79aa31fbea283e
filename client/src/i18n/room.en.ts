import type { RoomResources } from './room.fr.ts';

export const roomEn: RoomResources = {
  state: {
    queued: 'Offline',
    sending: 'Sending…',
    stored: 'Received',
    approved: 'Approved',
    onScreen: 'On screen',
    answered: 'Answered',
    rejected: 'Not kept',
    merged: 'Merged',
  },
  question: {
    queued: 'Kept on this phone: it will be sent as soon as the connection is back.',
    sending: 'Sending…',
    stored: 'Received and stored; waiting for moderation.',
    approved: 'Approved: everyone sees it and may upvote it.',
    onScreen: 'Shown on the room’s screen right now.',
    answered: 'The speaker answered it.',
    rejected: 'Not kept by the moderators: only you see it.',
    merged: 'Merged with a similar question.',
  },
  ballot: {
    queued: 'Offline: your vote is kept on this phone and will be sent as soon as the connection is back.',
    sending: 'Sending your vote…',
  },
  word: {
    queued: 'offline, will be sent when the network is back',
    sending: 'sending',
    stored: 'stored',
  },
  announce: {
    queued: 'Offline: kept on this phone, sent as soon as the connection is back.',
    questionStored: 'Question stored, waiting for moderation: {{text}}',
    questionRejected: 'Your question was not kept: {{text}}',
    questionAnswered: 'Your question is marked as answered: {{text}}',
    questionMerged: 'Your question was merged with a similar one: {{text}}',
    myQuestionOnScreen: 'Your question is on screen: {{text}}',
  },
};
