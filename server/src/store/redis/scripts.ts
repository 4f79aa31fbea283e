/**
 * The Lua scripts of the Redis store. Each state change is one script, so it runs atomically on the
 * Redis server: preconditions are read and checked before the first write (Redis does not roll a
 * script back on a runtime error), and no node ever reads a value in Node.js to write it back.
 *
 * Every script receives the key prefix as ARGV[1] and derives its keys from it and from the records
 * it reads (a question's session, a code's principal). That is only valid on a single Redis primary
 * (with replicas or Sentinel), not on Redis Cluster, which would need every key declared up front.
 *
 * Key layout, all under the prefix (default `agora:`):
 *   editions                        hash   edition id → Edition JSON
 *   edition-slugs                   hash   slug → edition id
 *   edition:<id>:sessions           list   session ids of the edition, in insertion order
 *   session:<id>                    hash   json (Session JSON), policy (policy JSON, authoritative), editionId
 *   session:<id>:live               hash   seq, onScreenId ('' when none), pending
 *   session:<id>:questions          list   question ids, in arrival order
 *   q:<id>                          hash   the scalar fields of a question (booleans '1'/'0', null as '')
 *   q:<id>:voters                   set    voter ids (the vote count is its cardinality)
 *   q:<id>:merged                   list   ids of the questions merged into it
 *   q:<id>:edits                    list   audit entries, JSON {at, by, from, to} (at as a string)
 *   author:<principalId>:asks       hash   clientId → question id (idempotent asks)
 *   principal:<role>:<id>           string PrincipalRecord JSON
 *   principal:<role>:<id>:codes     set    hashes of the principal's codes
 *   code:<hash>                     hash   role, principalId, editionId, revoked ('1'/'0')
 *   op:<opId>                       string the msgpack'd reply of a non-idempotent write (short TTL)
 */

const prelude = `
local P = ARGV[1]
local function qkey(id) return P .. 'q:' .. id end
local function skey(id) return P .. 'session:' .. id end
local function livekey(sid) return P .. 'session:' .. sid .. ':live' end
local function fail(code, message) return { err = code .. ' ' .. message } end

-- A question as {hgetall, votes, merged, edits}; decoded by the store in Node.
local function view(id)
  local k = qkey(id)
  return {
    redis.call('HGETALL', k),
    redis.call('SCARD', k .. ':voters'),
    redis.call('LRANGE', k .. ':merged', 0, -1),
    redis.call('LRANGE', k .. ':edits', 0, -1),
  }
end

-- The session's live state after a change, with the views of the changed questions and of the one
-- on screen, so the caller publishes without a second read.
local function change(sid, changed)
  local live = redis.call('HMGET', livekey(sid), 'seq', 'onScreenId', 'pending')
  local onScreen = live[2] or ''
  local onView = {}
  if onScreen ~= '' then onView = view(onScreen) end
  local views = {}
  for i, id in ipairs(changed) do views[i] = view(id) end
  return { sid, tonumber(live[1] or '0'), onScreen, tonumber(live[3] or '0'), onView, views }
end

local function bump(sid) redis.call('HINCRBY', livekey(sid), 'seq', 1) end

-- Every status change goes through here so the session's pending count stays exact.
local function setStatus(id, sid, from, to)
  if from == 'pending' then redis.call('HINCRBY', livekey(sid), 'pending', -1) end
  if to == 'pending' then redis.call('HINCRBY', livekey(sid), 'pending', 1) end
  redis.call('HSET', qkey(id), 'status', to)
end

local function clearScreenIf(sid, id)
  if redis.call('HGET', livekey(sid), 'onScreenId') == id then
    redis.call('HSET', livekey(sid), 'onScreenId', '')
  end
end

-- Runs a write at most once per operation id. ioredis re-sends a command whose reply was lost with
-- the connection; for a write that already ran, the recorded reply is answered instead of applying
-- it a second time. Refusals are not recorded: they changed nothing, so evaluating again is exact.
local function once(opId, ttl, fn)
  if opId == '' then return fn() end
  local key = P .. 'op:' .. opId
  local done = redis.call('GET', key)
  if done then return cmsgpack.unpack(done) end
  local result = fn()
  if type(result) ~= 'table' or result.err == nil then
    redis.call('SET', key, cmsgpack.pack(result), 'EX', ttl)
  end
  return result
end
`;

/** ARGV: prefix, id, slug, json */
const putEdition = `
local id, slug, json = ARGV[2], ARGV[3], ARGV[4]
local old = redis.call('HGET', P .. 'editions', id)
if old then
  local oldSlug = cjson.decode(old).slug
  if oldSlug ~= slug and redis.call('HGET', P .. 'edition-slugs', oldSlug) == id then
    redis.call('HDEL', P .. 'edition-slugs', oldSlug)
  end
end
redis.call('HSET', P .. 'editions', id, json)
-- The first edition to claim a slug keeps it, as the embedded store's scan in insertion order does.
redis.call('HSETNX', P .. 'edition-slugs', slug, id)
return 1
`;

/** ARGV: prefix, id, editionId, json, policyJson */
const putSession = `
local id, editionId, json, policy = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if redis.call('HEXISTS', P .. 'editions', editionId) == 0 then return fail('NOT_FOUND', 'edition not found') end
local oldEdition = redis.call('HGET', skey(id), 'editionId')
if oldEdition and oldEdition ~= editionId then
  redis.call('LREM', P .. 'edition:' .. oldEdition .. ':sessions', 0, id)
end
if oldEdition ~= editionId then redis.call('RPUSH', P .. 'edition:' .. editionId .. ':sessions', id) end
redis.call('HSET', skey(id), 'json', json, 'policy', policy, 'editionId', editionId)
return 1
`;

/** ARGV: prefix, sessionId, policyJson → the session JSON (its policy field is stale; the caller replaces it) */
const setPolicy = `
local sid, policy = ARGV[2], ARGV[3]
if redis.call('EXISTS', skey(sid)) == 0 then return fail('NOT_FOUND', 'session not found') end
redis.call('HSET', skey(sid), 'policy', policy)
return redis.call('HGET', skey(sid), 'json')
`;

/** ARGV: prefix, hash, role, principalId, editionId, revoked ('1'/'0') */
const putCode = `
local hash, role, principalId, editionId, revoked = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local key = P .. 'code:' .. hash
local old = redis.call('HMGET', key, 'role', 'principalId')
if old[1] and old[2] then
  redis.call('SREM', P .. 'principal:' .. old[1] .. ':' .. old[2] .. ':codes', hash)
end
redis.call('HSET', key, 'role', role, 'principalId', principalId, 'editionId', editionId, 'revoked', revoked)
redis.call('SADD', P .. 'principal:' .. role .. ':' .. principalId .. ':codes', hash)
return 1
`;

/** ARGV: prefix, opId, ttl, role, principalId → the number of codes revoked */
const revokeCodes = `
local role, principalId = ARGV[4], ARGV[5]
return once(ARGV[2], ARGV[3], function()
  local count = 0
  for _, hash in ipairs(redis.call('SMEMBERS', P .. 'principal:' .. role .. ':' .. principalId .. ':codes')) do
    local key = P .. 'code:' .. hash
    local code = redis.call('HMGET', key, 'role', 'principalId', 'revoked')
    if code[1] == role and code[2] == principalId and code[3] ~= '1' then
      redis.call('HSET', key, 'revoked', '1')
      count = count + 1
    end
  end
  return count
end)
`;

/**
 * ARGV: prefix, opId, ttl, id, sessionId, authorId, clientId, text, anonymous, authorName, authorMode, at
 * → {change, view, created}
 */
const ask = `
local id, sid, authorId, clientId = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
return once(ARGV[2], ARGV[3], function()
  local asks = P .. 'author:' .. authorId .. ':asks'
  local existing = redis.call('HGET', asks, clientId)
  if existing then
    return { change(redis.call('HGET', qkey(existing), 'sessionId'), {}), view(existing), 0 }
  end
  if redis.call('EXISTS', skey(sid)) == 0 then return fail('NOT_FOUND', 'session not found') end
  if redis.call('EXISTS', qkey(id)) == 1 then return fail('CONFLICT', 'question id already used') end
  local text, at = ARGV[8], ARGV[12]
  redis.call('HSET', qkey(id),
    'id', id, 'sessionId', sid, 'authorId', authorId, 'clientId', clientId,
    'text', text, 'originalText', text, 'anonymous', ARGV[9], 'authorName', ARGV[10], 'authorMode', ARGV[11],
    'status', 'pending', 'starred', '0', 'mergedInto', '', 'createdAt', at, 'updatedAt', at)
  redis.call('HSET', asks, clientId, id)
  redis.call('RPUSH', P .. 'session:' .. sid .. ':questions', id)
  redis.call('HINCRBY', livekey(sid), 'pending', 1)
  bump(sid)
  return { change(sid, { id }), view(id), 1 }
end)
`;

/** ARGV: prefix, questionId, voterId, up ('1'/'0') → {change, view, upvoted} */
const upvote = `
local id, voter, up = ARGV[2], ARGV[3], ARGV[4] == '1'
local q = redis.call('HMGET', qkey(id), 'sessionId', 'status')
local sid = q[1]
if not sid then return fail('NOT_FOUND', 'question not found') end
if up and q[2] ~= 'approved' then return fail('CONFLICT', 'only approved questions can be upvoted') end
local voters = qkey(id) .. ':voters'
local has = redis.call('SISMEMBER', voters, voter) == 1
if has == up then return { change(sid, {}), view(id), has and 1 or 0 } end
if up then redis.call('SADD', voters, voter) else redis.call('SREM', voters, voter) end
bump(sid)
return { change(sid, { id }), view(id), up and 1 or 0 }
`;

/** ARGV: prefix, opId, ttl, questionId, action, at → change */
const moderate = `
local id, action, at = ARGV[4], ARGV[5], ARGV[6]
return once(ARGV[2], ARGV[3], function()
  local q = redis.call('HMGET', qkey(id), 'sessionId', 'status')
  local sid, status = q[1], q[2]
  if not sid then return fail('NOT_FOUND', 'question not found') end
  if status == 'merged' then return fail('CONFLICT', 'a merged question cannot be moderated') end
  local to = status
  if action == 'approve' then to = 'approved'
  elseif action == 'reopen' then
    if status == 'pending' then return fail('CONFLICT', 'the question is already waiting') end
    if status == 'answered' then to = 'approved' else to = 'pending' end
  elseif action == 'reject' then to = 'rejected'
  elseif action == 'answer' then to = 'answered'
  elseif action == 'star' then redis.call('HSET', qkey(id), 'starred', '1')
  elseif action == 'unstar' then redis.call('HSET', qkey(id), 'starred', '0')
  else return fail('INVALID_PAYLOAD', 'unknown moderation action') end
  setStatus(id, sid, status, to)
  if to ~= 'approved' then clearScreenIf(sid, id) end
  redis.call('HSET', qkey(id), 'updatedAt', at)
  bump(sid)
  return change(sid, { id })
end)
`;

/** ARGV: prefix, opId, ttl, questionId, text, by, at → change */
const edit = `
local id, text, by, at = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
return once(ARGV[2], ARGV[3], function()
  local q = redis.call('HMGET', qkey(id), 'sessionId', 'status', 'text')
  local sid = q[1]
  if not sid then return fail('NOT_FOUND', 'question not found') end
  if q[2] == 'merged' then return fail('CONFLICT', 'a merged question cannot be edited') end
  if q[3] ~= text then
    redis.call('RPUSH', qkey(id) .. ':edits', cjson.encode({ at = at, by = by, from = q[3], to = text }))
    redis.call('HSET', qkey(id), 'text', text, 'updatedAt', at)
  end
  bump(sid)
  return change(sid, { id })
end)
`;

/** ARGV: prefix, opId, ttl, sourceId, targetId, at → change */
const merge = `
local sourceId, targetId, at = ARGV[4], ARGV[5], ARGV[6]
return once(ARGV[2], ARGV[3], function()
  if sourceId == targetId then return fail('CONFLICT', 'a question cannot be merged into itself') end
  local source = redis.call('HMGET', qkey(sourceId), 'sessionId', 'status')
  if not source[1] then return fail('NOT_FOUND', 'question not found') end
  local target = redis.call('HMGET', qkey(targetId), 'sessionId', 'status')
  if not target[1] then return fail('NOT_FOUND', 'question not found') end
  local sid = source[1]
  if sid ~= target[1] then return fail('CONFLICT', 'questions of different sessions') end
  if source[2] == 'merged' or target[2] == 'merged' or target[2] == 'rejected' then
    return fail('CONFLICT', 'merge into a live question, from a question not already merged')
  end
  local s, t = qkey(sourceId), qkey(targetId)
  redis.call('SUNIONSTORE', t .. ':voters', t .. ':voters', s .. ':voters')
  redis.call('RPUSH', t .. ':merged', sourceId)
  local nested = redis.call('LRANGE', s .. ':merged', 0, -1)
  if #nested > 0 then redis.call('RPUSH', t .. ':merged', unpack(nested)) end
  redis.call('HSET', t, 'updatedAt', at)
  setStatus(sourceId, sid, source[2], 'merged')
  redis.call('HSET', s, 'mergedInto', targetId, 'updatedAt', at)
  clearScreenIf(sid, sourceId)
  bump(sid)
  return change(sid, { sourceId, targetId })
end)
`;

/** ARGV: prefix, opId, ttl, sessionId, questionId ('' clears the screen), at → change */
const onScreen = `
local sid, id, at = ARGV[4], ARGV[5], ARGV[6]
return once(ARGV[2], ARGV[3], function()
  if redis.call('EXISTS', skey(sid)) == 0 then return fail('NOT_FOUND', 'session not found') end
  if id == '' then
    redis.call('HSET', livekey(sid), 'onScreenId', '')
    bump(sid)
    return change(sid, {})
  end
  local q = redis.call('HMGET', qkey(id), 'sessionId', 'status')
  if q[1] ~= sid then return fail('NOT_FOUND', 'question not found') end
  local status = q[2]
  if status ~= 'approved' and status ~= 'pending' then
    return fail('CONFLICT', 'a ' .. status .. ' question cannot go on screen')
  end
  local changed = {}
  if status == 'pending' then
    setStatus(id, sid, status, 'approved')
    redis.call('HSET', qkey(id), 'updatedAt', at)
    changed = { id }
  end
  redis.call('HSET', livekey(sid), 'onScreenId', id)
  bump(sid)
  return change(sid, changed)
end)
`;

/** ARGV: prefix, sessionId → views in arrival order (one atomic read) */
const listQuestions = `
local views = {}
for i, id in ipairs(redis.call('LRANGE', P .. 'session:' .. ARGV[2] .. ':questions', 0, -1)) do
  views[i] = view(id)
end
return views
`;

/** ARGV: prefix, questionId → view, or an empty array */
const getQuestion = `
if redis.call('EXISTS', qkey(ARGV[2])) == 0 then return {} end
return view(ARGV[2])
`;

/** ARGV: prefix, sessionId, voterId → ids of the session's questions the voter upvoted, in arrival order */
const listUpvoted = `
local ids = {}
for _, id in ipairs(redis.call('LRANGE', P .. 'session:' .. ARGV[2] .. ':questions', 0, -1)) do
  if redis.call('SISMEMBER', qkey(id) .. ':voters', ARGV[3]) == 1 then ids[#ids + 1] = id end
end
return ids
`;

const bodies = {
  agoraPutEdition: putEdition,
  agoraPutSession: putSession,
  agoraSetPolicy: setPolicy,
  agoraPutCode: putCode,
  agoraRevokeCodes: revokeCodes,
  agoraAsk: ask,
  agoraUpvote: upvote,
  agoraModerate: moderate,
  agoraEdit: edit,
  agoraMerge: merge,
  agoraOnScreen: onScreen,
  agoraListQuestions: listQuestions,
  agoraGetQuestion: getQuestion,
  agoraListUpvoted: listUpvoted,
} as const;

export type ScriptName = keyof typeof bodies;

/** Every script with the shared prelude, ready for `defineCommand` (no declared keys, see above). */
export const scripts = Object.fromEntries(
  Object.entries(bodies).map(([name, body]) => [name, `${prelude}\n${body}`]),
) as Record<ScriptName, string>;
