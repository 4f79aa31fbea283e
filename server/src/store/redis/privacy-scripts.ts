import { organizerPrelude } from './organizer-scripts.ts';

/**
 * Lua scripts of erasure and the go-live wipe, one per feature (identity, questions, polls and
 * clouds), composed by the privacy service. Same rules and prelude as `organizer-scripts.ts`; the
 * key layout is the one of `scripts.ts`, unchanged.
 */

/** Identity. ARGV: prefix, opId, ttl, role, editionId, id → codes revoked; NOT_FOUND if not of this edition */
const erasePrincipal = `
local role, eid, id = ARGV[4], ARGV[5], ARGV[6]
return once(ARGV[2], ARGV[3], function()
  local key = pkey(role, id)
  local json = redis.call('GET', key)
  if not json then return fail('NOT_FOUND', 'not found') end
  local record = cjson.decode(json)
  if record.editionId ~= eid then return fail('NOT_FOUND', 'not found') end
  redis.call('DEL', key)
  redis.call('LREM', listkey(eid, role), 0, id)
  if role == 'participant' and type(record.email) == 'string' then
    local email = string.lower(record.email)
    if redis.call('HGET', emailkey(eid), email) == id then redis.call('HDEL', emailkey(eid), email) end
  end
  return revokeAll(role, id)
end)
`;

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

/**
 * Polls and clouds. ARGV: prefix, opId, ttl, sessionId → number of polls and clouds that had been used (opened, or
 * holding ballots or words). Every poll and cloud of the session goes back to a draft with empty
 * results (version bumped); the screen shows nothing. No index lists a cloud's participants, so
 * their words and client ids are found with one SCAN of the prefix's cloud keys per session with a
 * cloud: a one-off cost of go-live, on one session at a time.
 */
const wipeInteractions = `
local sid = ARGV[4]
return once(ARGV[2], ARGV[3], function()
  local used = 0
  local clouds, anyCloud = {}, false
  for _, ref in ipairs(redis.call('LRANGE', P .. 'session:' .. sid .. ':interactions', 0, -1)) do
    local k = P .. ref
    local f = redis.call('HMGET', k, 'status', 'visibility', 'id', 'participants')
    if f[1] then
      local hasResults
      if string.sub(ref, 1, 5) == 'poll:' then
        hasResults = redis.call('SCARD', k .. ':seen') > 0
        local tally = k .. ':tally'
        for _, field in ipairs(redis.call('HKEYS', tally)) do redis.call('HSET', tally, field, 0) end
        redis.call('DEL', k .. ':ballots', k .. ':seen')
      else
        hasResults = tonumber(f[4] or '0') > 0
        clouds[f[3]] = true
        anyCloud = true
        redis.call('HSET', k, 'participants', 0)
      end
      if f[1] ~= 'draft' or hasResults then used = used + 1 end
      redis.call('HSET', k, 'status', 'draft', 'revealed', f[2] == 'live' and '1' or '0',
        'openedAt', '', 'closedAt', '', 'remoteClosesAt', '')
      redis.call('HINCRBY', k, 'version', 1)
      redis.call('ZREM', P .. 'closing', ref)
    end
  end
  if anyCloud then
    local pattern = string.gsub(P, '[%*%?%[%]\\\\]', '\\\\%0') .. 'cloud:*'
    local cursor = '0'
    repeat
      local page = redis.call('SCAN', cursor, 'MATCH', pattern, 'COUNT', 1000)
      cursor = page[1]
      for _, key in ipairs(page[2]) do
        local id = string.match(string.sub(key, #P + 7), '^([^:]+):')
        if id and clouds[id] then redis.call('DEL', key) end
      end
    until cursor == '0'
  end
  local live = P .. 'session:' .. sid .. ':live'
  redis.call('HSET', live, 'onScreenId', '', 'screenKind', '', 'screenId', '', 'screenSplit', '0')
  redis.call('HINCRBY', live, 'seq', 1)
  return used
end)
`;

const bodies = {
  agoraErasePrincipal: erasePrincipal,
  agoraAnonymiseAuthor: anonymiseAuthor,
  agoraWipeQuestions: wipeQuestions,
  agoraWipeInteractions: wipeInteractions,
} as const;

export type PrivacyScriptName = keyof typeof bodies;

/** Every script with the organizer prelude, ready for `defineCommand`. */
export const privacyScripts = Object.fromEntries(
  Object.entries(bodies).map(([name, body]) => [name, `${organizerPrelude}\n${body}`]),
) as Record<PrivacyScriptName, string>;
