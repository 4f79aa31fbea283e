import { organizerPrelude } from './organizer-scripts.ts';

/**
 * Lua scripts of erasure and the go-live wipe, one per feature (identity, questions, polls and
 * clouds), composed by the privacy service. Same rules and prelude as `organizer-scripts.ts`; the
 * key layout is the one of `scripts.ts`, unchanged.
 */

/**
 * Questions. ARGV: prefix, editionId, authorId → questions of the author in the edition's sessions,
 * their name removed. Idempotent, hence no operation id.
 */
const anonymiseAuthor = `
local eid, id = ARGV[2], ARGV[3]
local sessions = {}
for _, sid in ipairs(redis.call('LRANGE', P .. 'edition:' .. eid .. ':sessions', 0, -1)) do sessions[sid] = true end
local questions = 0
for _, qid in ipairs(redis.call('HVALS', P .. 'author:' .. id .. ':asks')) do
  local q = P .. 'q:' .. qid
  local sid = redis.call('HGET', q, 'sessionId')
  if sid and sessions[sid] then
    redis.call('HSET', q, 'authorName', '', 'anonymous', '1')
    questions = questions + 1
  end
end
return questions
`;

/** Questions. ARGV: prefix, opId, ttl, editionId → number of questions deleted */
const wipeQuestions = `
local eid = ARGV[4]
return once(ARGV[2], ARGV[3], function()
  local count = 0
  for _, sid in ipairs(redis.call('LRANGE', P .. 'edition:' .. eid .. ':sessions', 0, -1)) do
    local list = P .. 'session:' .. sid .. ':questions'
    for _, qid in ipairs(redis.call('LRANGE', list, 0, -1)) do
      local q = P .. 'q:' .. qid
      local f = redis.call('HMGET', q, 'authorId', 'clientId')
      if f[1] and f[2] then redis.call('HDEL', P .. 'author:' .. f[1] .. ':asks', f[2]) end
      redis.call('DEL', q, q .. ':voters', q .. ':merged', q .. ':edits')
      count = count + 1
    end
    redis.call('DEL', list)
    local live = P .. 'session:' .. sid .. ':live'
    redis.call('HSET', live, 'pending', 0, 'onScreenId', '', 'screenKind', '', 'screenId', '', 'screenSplit', '0')
    redis.call('HINCRBY', live, 'seq', 1)
  end
  return count
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
