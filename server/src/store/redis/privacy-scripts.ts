import { organizerPrelude } from './organizer-scripts.ts';

/**
 * Lua scripts of erasure and the go-live wipe, one per feature (identity, questions, polls and
 * clouds), composed by the privacy service. Same rules and prelude as `organizer-scripts.ts`; the
 * key layout is the one of `scripts.ts`, unchanged.
 */

/**
 * Questions, session slot. ARGV: prefix, sessionId, authorId → the author's questions in the session,
 * their name removed (the store runs it for each session of the edition). Idempotent, hence no
 * operation id.
 */
const anonymiseAuthor = `
local sid, id = ARGV[2], ARGV[3]
local questions = 0
for _, qid in ipairs(redis.call('HVALS', skey(sid) .. ':asks:' .. id)) do
  local q = qkey(sid, qid)
  if redis.call('EXISTS', q) == 1 then
    redis.call('HSET', q, 'authorName', '', 'anonymous', '1')
    questions = questions + 1
  end
end
return questions
`;

/**
 * Questions, session slot. ARGV: prefix, opId, ttl, sessionId → {number of questions deleted, the
 * author id and client id of each, their ids} (the store removes them from the authors' indexes and
 * the owners index, which are in the edition-wide slot).
 */
const wipeQuestions = `
local sid = ARGV[4]
return once(ARGV[2], ARGV[3], function()
  local count, asked, ids = 0, {}, {}
  local list = skey(sid) .. ':questions'
  for _, qid in ipairs(redis.call('LRANGE', list, 0, -1)) do
    local q = qkey(sid, qid)
    local f = redis.call('HMGET', q, 'authorId', 'clientId')
    if f[1] and f[2] then
      redis.call('HDEL', skey(sid) .. ':asks:' .. f[1], f[2])
      asked[#asked + 1] = f[1]
      asked[#asked + 1] = f[2]
    end
    redis.call('DEL', q, q .. ':voters', q .. ':merged', q .. ':edits')
    count = count + 1
    ids[count] = qid
  end
  redis.call('DEL', list)
  local live = livekey(sid)
  redis.call('HSET', live, 'pending', 0, 'onScreenId', '', 'screenKind', '', 'screenId', '', 'screenSplit', '0')
  redis.call('HINCRBY', live, 'seq', 1)
  return { count, asked, ids }
end)
`;

const bodies = {
  agoraAnonymiseAuthor: anonymiseAuthor,
  agoraWipeQuestions: wipeQuestions,
} as const;

export type PrivacyScriptName = keyof typeof bodies;

/** Every script with the organizer prelude, ready for `defineCommand`. */
export const privacyScripts = Object.fromEntries(
  Object.entries(bodies).map(([name, body]) => [name, `${organizerPrelude}\n${body}`]),
) as Record<PrivacyScriptName, string>;
