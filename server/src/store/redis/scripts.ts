/**
 * The Lua scripts of the Redis store. Each state change is one script, so it runs atomically on the
 * Redis server: preconditions are read and checked before the first write (Redis does not roll a
 * script back on a runtime error), and no node ever reads a value in Node.js to write it back.
 * Question writes other than asks and upvotes are decided in TypeScript (questions.rules.ts) and
 * committed by the one generic `compareAndSet` (question-writes.ts); the ask and upvote scripts are
 * the Q&A hot path, pinned to those rules by the differential test.
 *
 * Every script receives the key prefix as ARGV[1] and derives its keys from it and from the records
 * it reads (a question's session, a code's principal). That is only valid on a single Redis primary
 * (with replicas or Sentinel), not on Redis Cluster, which would need every key declared up front.
 *
 * Key layout, all under the prefix (default `agora:`):
 *   editions                        hash   edition id → Edition JSON
 *   edition-slugs                   hash   slug → edition id
 *   edition:<id>:sessions           list   session ids of the edition, in insertion order
 *   session:<id>                    hash   json (Session JSON), policy (policy JSON, authoritative),
 *                                          remoteDelay (seconds, authoritative; absent in older data: json's), editionId
 *   session:<id>:live               hash   seq, onScreenId ('' when none), pending, screenKind and screenId (what
 *                                          the projector shows, '' when nothing; absent in older data, where
 *                                          onScreenId alone tells), always written together with onScreenId;
 *                                          screenSplit ('1' when a poll is shown split; absent in older data: '0')
 *   session:<id>:interactions       list   'poll:<id>' / 'cloud:<id>' refs, in creation order
 *   session:<id>:questions          list   question ids, in arrival order
 *   q:<id>                          hash   the scalar fields of a question (booleans '1'/'0', null as '')
 *   q:<id>:voters                   set    voter ids (the vote count is its cardinality)
 *   q:<id>:merged                   list   ids of the questions merged into it
 *   q:<id>:edits                    list   audit entries, JSON {at, by, from, to} (at as a string)
 *   author:<principalId>:asks       hash   clientId → question id (idempotent asks)
 *   principal:<role>:<id>           string PrincipalRecord JSON
 *   principal:<role>:<id>:codes     set    hashes of the principal's codes
 *   code:<hash>                     hash   role, principalId, editionId, revoked ('1'/'0')
 *   poll:<id>                       hash   id, sessionId, status, visibility, revealed ('1'/'0'), createdAt,
 *                                          openedAt/closedAt/remoteClosesAt ('' for null), version (of the results),
 *                                          def (JSON: question, pollKind, options, maxChoices, scale), and pollKind,
 *                                          maxChoices again as plain fields for the ballot checks
 *   poll:<id>:tally                 hash   n:all, n:onsite, n:remote (ballots); all:<option>, onsite:<option>,
 *                                          remote:<option> (choices). Every option's fields exist (0 at creation):
 *                                          HEXISTS all:<choice> is the option check
 *   poll:<id>:ballots               hash   voter id → current ballot JSON {mode, clientId, choices} (never empty)
 *   poll:<id>:seen                  set    every (voter, clientId) accepted, as '<#voter>:<voter><clientId>'
 *   cloud:<id>                      hash   the lifecycle fields as for polls, version, prompt,
 *                                          maxWordsPerParticipant, maxLength, participants (with ≥ 1 word)
 *   cloud:<id>:keys                 list   word-group keys, in first-seen order
 *   cloud:<id>:g:<key>              hash   count, onsite, remote, hidden/blocked ('1'/'0'), text and best (the shown
 *                                          spelling and its count), n (spellings seen), s:<spelling> → count,
 *                                          o:<spelling> → first-seen rank (ties of the shown spelling go to the lower)
 *   cloud:<id>:p:<participantId>    list   the participant's counted words (MyWord JSON), in the order sent
 *   cloud:<id>:cid:<participantId>  hash   clientId → the MyWord JSON it was answered (idempotent re-sends)
 *   closing                         zset   'poll:<id>' / 'cloud:<id>' in `closing`, scored by remoteClosesAt
 *   op:<opId>                       string the msgpack'd reply of a non-idempotent write, or '1' for a
 *                                          compare-and-set (short TTL)
 *   presence:<sessionId>            hash   node id → '<onsite>:<remote>:<expires at>' (presence-board.ts; not store
 *                                          data: each node's share of the connected counts, with a TTL)
 *
 * JSON built in Lua is limited to objects of strings and to ballots' choices (never empty: cjson would
 * write an empty array as `{}`); everything else is returned as flat arrays and decoded in Node.
 */

const prelude = `
local P = ARGV[1]
local function qkey(id) return P .. 'q:' .. id end
local function skey(id) return P .. 'session:' .. id end
local function livekey(sid) return P .. 'session:' .. sid .. ':live' end
local function fail(code, message) return { err = code .. ' ' .. message } end
-- A refusal named in questions.rules.ts' refusals, which holds its text (see toAppError).
local function refuse(rule, arg)
  if arg then return { err = 'RULE ' .. rule .. ' ' .. arg } end
  return { err = 'RULE ' .. rule }
end

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

-- What the session's projector shows: kind, id and split ('1' or '0'), or nil, nil, '0'. Data from
-- before the shared screen has no screenKind: there, onScreenId alone tells; data from before the
-- split has no screenSplit: not split.
local function screenOf(sid)
  local s = redis.call('HMGET', livekey(sid), 'screenKind', 'screenId', 'onScreenId', 'screenSplit')
  if s[1] then
    if s[1] == '' then return nil, nil, '0' end
    local split = '0'
    if s[1] == 'poll' and s[4] == '1' then split = '1' end
    return s[1], s[2], split
  end
  if s[3] and s[3] ~= '' then return 'question', s[3], '0' end
  return nil, nil, '0'
end

-- The session's live state after a change, with the views of the changed questions and of the one
-- on screen, so the caller publishes without a second read.
-- {sid, seq, onScreenId, pending, onView, views, screenKind, screenId, screenChanged, screenSplit}
local function change(sid, changed, screenChanged)
  local live = redis.call('HMGET', livekey(sid), 'seq', 'pending')
  local kind, id, split = screenOf(sid)
  local onScreen = ''
  if kind == 'question' then onScreen = id end
  local onView = {}
  if onScreen ~= '' then onView = view(onScreen) end
  local views = {}
  for i, qid in ipairs(changed) do views[i] = view(qid) end
  return {
    sid, tonumber(live[1] or '0'), onScreen, tonumber(live[2] or '0'), onView, views,
    kind or '', id or '', screenChanged and 1 or 0, split,
  }
end

local function bump(sid) redis.call('HINCRBY', livekey(sid), 'seq', 1) end

-- --- polls and clouds ---

local function ikey(kind, id) return P .. kind .. ':' .. id end
local function interactionsKey(sid) return P .. 'session:' .. sid .. ':interactions' end
-- Timestamps as integers (Lua's own number formatting would round 13-digit values).
local function int(n) return string.format('%.0f', n) end

-- nil when a voter or sender in this mode may take part now, else the refusal.
local function refusal(kind, status, remoteClosesAt, mode, at)
  if status == 'open' then return nil end
  local closes = tonumber(remoteClosesAt or '')
  if status == 'closing' and mode == 'remote' and closes and at < closes then return nil end
  if status == 'closing' and mode == 'onsite' then
    return fail('CLOSED', 'closed in the hall (still open for remote participants)')
  end
  return fail('CLOSED', 'the ' .. kind .. ' is not open')
end

-- A poll's tally with every option at 0: options are ARGV[first..].
local function initTally(pollId, first)
  local tally = ikey('poll', pollId) .. ':tally'
  redis.call('DEL', tally)
  local fields = { 'n:all', 0, 'n:onsite', 0, 'n:remote', 0 }
  for i = first, #ARGV do
    for _, side in ipairs({ 'all', 'onsite', 'remote' }) do
      fields[#fields + 1] = side .. ':' .. ARGV[i]
      fields[#fields + 1] = 0
    end
  end
  redis.call('HSET', tally, unpack(fields))
end

-- {sessionId, status, version}, flat tally: decoded into PollResults in Node.
local function pollResults(pollId)
  local k = ikey('poll', pollId)
  return { redis.call('HMGET', k, 'sessionId', 'status', 'version'), redis.call('HGETALL', k .. ':tally') }
end

-- {key, text, count, onsite, remote, hidden, blocked} of a word group.
local function groupView(cloudId, key)
  local g = redis.call('HMGET', ikey('cloud', cloudId) .. ':g:' .. key,
    'text', 'count', 'onsite', 'remote', 'hidden', 'blocked')
  return { key, g[1], g[2], g[3], g[4], g[5], g[6] }
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

/** ARGV: prefix, id, editionId, json, policyJson, remoteDelaySeconds */
const putSession = `
local id, editionId, json, policy, delay = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if redis.call('HEXISTS', P .. 'editions', editionId) == 0 then return fail('NOT_FOUND', 'edition not found') end
local oldEdition = redis.call('HGET', skey(id), 'editionId')
if oldEdition and oldEdition ~= editionId then
  redis.call('LREM', P .. 'edition:' .. oldEdition .. ':sessions', 0, id)
end
if oldEdition ~= editionId then redis.call('RPUSH', P .. 'edition:' .. editionId .. ':sessions', id) end
redis.call('HSET', skey(id), 'json', json, 'policy', policy, 'remoteDelay', delay, 'editionId', editionId)
return 1
`;

/**
 * ARGV: prefix, sessionId, policyJson → {json, policy, remoteDelay} (the JSON's policy and delay fields are
 * stale; the caller takes the authoritative ones)
 */
const setPolicy = `
local sid, policy = ARGV[2], ARGV[3]
if redis.call('EXISTS', skey(sid)) == 0 then return fail('NOT_FOUND', 'session not found') end
redis.call('HSET', skey(sid), 'policy', policy)
return redis.call('HMGET', skey(sid), 'json', 'policy', 'remoteDelay')
`;

/** ARGV: prefix, sessionId, remoteDelaySeconds → {json, policy, remoteDelay}, as setPolicy */
const setRemoteDelay = `
local sid, delay = ARGV[2], ARGV[3]
if redis.call('EXISTS', skey(sid)) == 0 then return fail('NOT_FOUND', 'session not found') end
redis.call('HSET', skey(sid), 'remoteDelay', delay)
return redis.call('HMGET', skey(sid), 'json', 'policy', 'remoteDelay')
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
  if redis.call('EXISTS', skey(sid)) == 0 then return refuse('notFound', 'session') end
  if redis.call('EXISTS', qkey(id)) == 1 then return refuse('idTaken') end
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
if not sid then return refuse('notFound', 'question') end
if up and q[2] ~= 'approved' then return refuse('notUpvotable') end
local voters = qkey(id) .. ':voters'
local has = redis.call('SISMEMBER', voters, voter) == 1
if has == up then return { change(sid, {}), view(id), has and 1 or 0 } end
if up then redis.call('SADD', voters, voter) else redis.call('SREM', voters, voter) end
bump(sid)
return { change(sid, { id }), view(id), up and 1 or 0 }
`;

/**
 * The one generic write of the rules decided in TypeScript (questions.rules.ts): compare and set.
 * ARGV: prefix, opId, ttl, reads (JSON: commands), replies (JSON: what they answered when the
 * decision was taken), writes (JSON: commands) → 1 written, 0 nothing written (a read answers
 * otherwise now: decide again), 2 nothing written (this opId was written already: a re-sent command).
 * Reads and writes are plain Redis commands with their full keys; null stands for a nil reply.
 */
const compareAndSet = `
local opKey = P .. 'op:' .. ARGV[2]
if redis.call('EXISTS', opKey) == 1 then return 2 end
local function same(actual, expected)
  if type(actual) == 'table' then
    if type(expected) ~= 'table' or #actual ~= #expected then return false end
    for i = 1, #actual do
      if not same(actual[i], expected[i]) then return false end
    end
    return true
  end
  if not actual then return expected == cjson.null end
  return type(expected) ~= 'table' and expected ~= cjson.null and tostring(actual) == tostring(expected)
end
local expected = cjson.decode(ARGV[5])
for i, read in ipairs(cjson.decode(ARGV[4])) do
  if not same(redis.call(unpack(read)), expected[i]) then return 0 end
end
for _, write in ipairs(cjson.decode(ARGV[6])) do redis.call(unpack(write)) end
redis.call('SET', opKey, '1', 'EX', ARGV[3])
return 1
`;

/**
 * ARGV: prefix, opId, ttl, id, sessionId, at, visibility, def (JSON), pollKind, maxChoices, optionIds...
 * → HGETALL of the poll
 */
const createPoll = `
local id, sid, at, visibility = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
return once(ARGV[2], ARGV[3], function()
  if redis.call('EXISTS', skey(sid)) == 0 then return fail('NOT_FOUND', 'session not found') end
  local k = ikey('poll', id)
  if redis.call('EXISTS', k) == 1 or redis.call('EXISTS', ikey('cloud', id)) == 1 then
    return fail('CONFLICT', 'id already taken')
  end
  redis.call('HSET', k, 'id', id, 'sessionId', sid, 'status', 'draft', 'visibility', visibility,
    'revealed', visibility == 'live' and '1' or '0', 'createdAt', at,
    'openedAt', '', 'closedAt', '', 'remoteClosesAt', '', 'version', 0,
    'def', ARGV[8], 'pollKind', ARGV[9], 'maxChoices', ARGV[10])
  initTally(id, 11)
  redis.call('RPUSH', interactionsKey(sid), 'poll:' .. id)
  return redis.call('HGETALL', k)
end)
`;

/** ARGV: prefix, opId, ttl, pollId, visibility, def (JSON), pollKind, maxChoices, optionIds... → HGETALL */
const updatePoll = `
local id, visibility = ARGV[4], ARGV[5]
return once(ARGV[2], ARGV[3], function()
  local k = ikey('poll', id)
  if redis.call('EXISTS', k) == 0 then return fail('NOT_FOUND', 'poll not found') end
  if redis.call('HLEN', k .. ':ballots') > 0 then
    return fail('CONFLICT', 'a poll with ballots cannot be edited')
  end
  redis.call('HSET', k, 'visibility', visibility, 'revealed', visibility == 'live' and '1' or '0',
    'def', ARGV[6], 'pollKind', ARGV[7], 'maxChoices', ARGV[8])
  initTally(id, 9)
  redis.call('HINCRBY', k, 'version', 1)
  return redis.call('HGETALL', k)
end)
`;

/**
 * ARGV: prefix, opId, ttl, id, sessionId, at, visibility, prompt, maxWordsPerParticipant, maxLength
 * → HGETALL of the cloud
 */
const createCloud = `
local id, sid, at, visibility = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
return once(ARGV[2], ARGV[3], function()
  if redis.call('EXISTS', skey(sid)) == 0 then return fail('NOT_FOUND', 'session not found') end
  local k = ikey('cloud', id)
  if redis.call('EXISTS', k) == 1 or redis.call('EXISTS', ikey('poll', id)) == 1 then
    return fail('CONFLICT', 'id already taken')
  end
  redis.call('HSET', k, 'id', id, 'sessionId', sid, 'status', 'draft', 'visibility', visibility,
    'revealed', visibility == 'live' and '1' or '0', 'createdAt', at,
    'openedAt', '', 'closedAt', '', 'remoteClosesAt', '', 'version', 0, 'participants', 0,
    'prompt', ARGV[8], 'maxWordsPerParticipant', ARGV[9], 'maxLength', ARGV[10])
  redis.call('RPUSH', interactionsKey(sid), 'cloud:' .. id)
  return redis.call('HGETALL', k)
end)
`;

/** ARGV: prefix, opId, ttl, cloudId, visibility, prompt, maxWordsPerParticipant, maxLength → HGETALL */
const updateCloud = `
local id, visibility = ARGV[4], ARGV[5]
return once(ARGV[2], ARGV[3], function()
  local k = ikey('cloud', id)
  if redis.call('EXISTS', k) == 0 then return fail('NOT_FOUND', 'cloud not found') end
  if redis.call('LLEN', k .. ':keys') > 0 then return fail('CONFLICT', 'a cloud with words cannot be edited') end
  redis.call('HSET', k, 'visibility', visibility, 'revealed', visibility == 'live' and '1' or '0',
    'prompt', ARGV[6], 'maxWordsPerParticipant', ARGV[7], 'maxLength', ARGV[8])
  return redis.call('HGETALL', k)
end)
`;

/**
 * ARGV: prefix, opId, ttl, kind, id, action (open, close, finalize), at → {HGETALL, changed}.
 * A status change bumps the results' version (they carry final). The closing index follows.
 */
const lifecycle = `
local kind, id, action, atText = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local at = tonumber(atText)
return once(ARGV[2], ARGV[3], function()
  local k = ikey(kind, id)
  local f = redis.call('HMGET', k, 'status', 'sessionId', 'remoteClosesAt')
  local status = f[1]
  if not status then return fail('NOT_FOUND', kind .. ' not found') end
  local ref = kind .. ':' .. id
  local changed = 0
  if action == 'open' then
    if status ~= 'open' then
      redis.call('HSET', k, 'status', 'open', 'openedAt', atText, 'closedAt', '', 'remoteClosesAt', '')
      redis.call('ZREM', P .. 'closing', ref)
      changed = 1
    end
  elseif action == 'close' then
    if status == 'draft' then return fail('CONFLICT', 'the ' .. kind .. ' was never opened') end
    if status == 'open' then
      local s = redis.call('HMGET', skey(f[2]), 'json', 'remoteDelay')
      if not s[1] then return fail('NOT_FOUND', 'session not found') end
      local delay = tonumber(s[2] or '') or tonumber(cjson.decode(s[1]).remoteDelaySeconds) or 0
      local closes = at + delay * 1000
      local to = 'closed'
      if delay > 0 then to = 'closing' end
      redis.call('HSET', k, 'status', to, 'closedAt', atText, 'remoteClosesAt', int(closes))
      if to == 'closing' then redis.call('ZADD', P .. 'closing', int(closes), ref) end
      changed = 1
    end
  elseif action == 'finalize' then
    local closes = tonumber(f[3] or '')
    if status == 'closing' and closes and at >= closes then
      redis.call('HSET', k, 'status', 'closed')
      redis.call('ZREM', P .. 'closing', ref)
      changed = 1
    end
  else
    return fail('INVALID_PAYLOAD', 'unknown lifecycle action')
  end
  if changed == 1 then redis.call('HINCRBY', k, 'version', 1) end
  return { redis.call('HGETALL', k), changed }
end)
`;

/** ARGV: prefix, opId, ttl, kind, id, revealed ('1'/'0') → {HGETALL, changed}; a live one stays revealed */
const reveal = `
local kind, id = ARGV[4], ARGV[5]
return once(ARGV[2], ARGV[3], function()
  local k = ikey(kind, id)
  local f = redis.call('HMGET', k, 'visibility', 'revealed')
  if not f[1] then return fail('NOT_FOUND', kind .. ' not found') end
  local revealed = ARGV[6]
  if f[1] == 'live' then revealed = '1' end
  local changed = 0
  if f[2] ~= revealed then
    redis.call('HSET', k, 'revealed', revealed)
    changed = 1
  end
  return { redis.call('HGETALL', k), changed }
end)
`;

/**
 * ARGV: prefix, opId, ttl, pollId, voterId, mode, clientId, at, choices...
 * → {clientId, choices, counted, {sessionId, status, version}, flat tally}
 * A change moves the counts from the old choices to the new ones in this one step.
 */
const castBallot = `
local pollId, voter, mode, clientId, at = ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
return once(ARGV[2], ARGV[3], function()
  local k = ikey('poll', pollId)
  local f = redis.call('HMGET', k, 'status', 'remoteClosesAt', 'pollKind', 'maxChoices')
  if not f[1] then return fail('NOT_FOUND', 'poll not found') end
  local ballots, tally, seen = k .. ':ballots', k .. ':tally', k .. ':seen'
  local seenKey = #voter .. ':' .. voter .. clientId
  local raw = redis.call('HGET', ballots, voter)
  local current = raw and cjson.decode(raw)
  if current and redis.call('SISMEMBER', seen, seenKey) == 1 then
    return { current.clientId, current.choices, 0, unpack(pollResults(pollId)) }
  end
  local refused = refusal('poll', f[1], f[2], mode, at)
  if refused then return refused end

  local choices, given = {}, {}
  for i = 9, #ARGV do choices[#choices + 1] = ARGV[i] end
  for _, c in ipairs(choices) do
    if redis.call('HEXISTS', tally, 'all:' .. c) == 0 then
      return fail('INVALID_PAYLOAD', 'a choice is not an option of this poll')
    end
  end
  for _, c in ipairs(choices) do
    if given[c] then return fail('INVALID_PAYLOAD', 'a choice is given twice') end
    given[c] = true
  end
  local max = 1
  if f[3] == 'multiple' then max = tonumber(f[4]) end
  if #choices < 1 or #choices > max then
    if max == 1 then return fail('INVALID_PAYLOAD', 'exactly one choice') end
    return fail('INVALID_PAYLOAD', 'between 1 and ' .. max .. ' choices')
  end

  local same = current ~= nil and current ~= false and current.mode == mode and #current.choices == #choices
  if same then
    for _, c in ipairs(current.choices) do
      if not given[c] then same = false end
    end
  end
  redis.call('SADD', seen, seenKey)
  if same then
    current.clientId = clientId
    redis.call('HSET', ballots, voter, cjson.encode(current))
    return { clientId, choices, 0, unpack(pollResults(pollId)) }
  end
  local function count(ballot, delta)
    local side = 'remote'
    if ballot.mode == 'onsite' then side = 'onsite' end
    redis.call('HINCRBY', tally, 'n:all', delta)
    redis.call('HINCRBY', tally, 'n:' .. side, delta)
    for _, c in ipairs(ballot.choices) do
      redis.call('HINCRBY', tally, 'all:' .. c, delta)
      redis.call('HINCRBY', tally, side .. ':' .. c, delta)
    end
  end
  if current then count(current, -1) end
  local ballot = { mode = mode, clientId = clientId, choices = choices }
  count(ballot, 1)
  redis.call('HSET', ballots, voter, cjson.encode(ballot))
  redis.call('HINCRBY', k, 'version', 1)
  return { clientId, choices, 1, unpack(pollResults(pollId)) }
end)
`;

/**
 * ARGV: prefix, opId, ttl, cloudId, participantId, mode, clientId, text, key, blocked ('1'/'0'), at
 * → {MyWord JSON, counted}
 */
const submitWord = `
local cloudId, pid, mode, clientId, text, key, blocked = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local at = tonumber(ARGV[11])
return once(ARGV[2], ARGV[3], function()
  local k = ikey('cloud', cloudId)
  local f = redis.call('HMGET', k, 'status', 'remoteClosesAt', 'maxLength', 'maxWordsPerParticipant')
  if not f[1] then return fail('NOT_FOUND', 'cloud not found') end
  local byClientId = k .. ':cid:' .. pid
  local again = redis.call('HGET', byClientId, clientId)
  if again then return { again, 0 } end
  local refused = refusal('cloud', f[1], f[2], mode, at)
  if refused then return refused end
  if key == '' or text == '' then return fail('INVALID_PAYLOAD', 'an empty word') end
  -- Characters (code points), as JavaScript's [...text]: every byte that is not a UTF-8 continuation byte.
  local _, length = string.gsub(text, '[^\\128-\\191]', '')
  if length > tonumber(f[3]) then return fail('INVALID_PAYLOAD', 'at most ' .. f[3] .. ' characters') end
  local list = k .. ':p:' .. pid
  local mine = redis.call('LRANGE', list, 0, -1)
  local duplicate = false
  for _, w in ipairs(mine) do
    if cjson.decode(w).key == key then
      duplicate = true
      break
    end
  end
  if not duplicate and #mine >= tonumber(f[4]) then
    return fail('LIMIT_REACHED', 'at most ' .. f[4] .. ' words each')
  end

  local word = cjson.encode({ cloudId = cloudId, clientId = clientId, text = text, key = key })
  redis.call('HSET', byClientId, clientId, word)
  if duplicate then return { word, 0 } end
  redis.call('RPUSH', list, word)
  if #mine == 0 then redis.call('HINCRBY', k, 'participants', 1) end
  local g = k .. ':g:' .. key
  if redis.call('EXISTS', g) == 0 then
    redis.call('RPUSH', k .. ':keys', key)
    redis.call('HSET', g, 'count', 0, 'onsite', 0, 'remote', 0, 'hidden', blocked, 'blocked', blocked,
      'text', '', 'best', 0, 'n', 0)
  end
  local spelling = redis.call('HINCRBY', g, 's:' .. text, 1)
  if spelling == 1 then redis.call('HSET', g, 'o:' .. text, redis.call('HINCRBY', g, 'n', 1)) end
  -- The shown spelling is the first seen among the most frequent: only the one just counted can take its place.
  local shown = redis.call('HMGET', g, 'text', 'best')
  local best = tonumber(shown[2])
  local takes = spelling > best
  if spelling == best and shown[1] ~= text then
    local rank = redis.call('HMGET', g, 'o:' .. text, 'o:' .. shown[1])
    takes = tonumber(rank[1]) < tonumber(rank[2])
  end
  if takes then redis.call('HSET', g, 'text', text, 'best', spelling) end
  redis.call('HINCRBY', g, 'count', 1)
  if mode == 'onsite' then redis.call('HINCRBY', g, 'onsite', 1) else redis.call('HINCRBY', g, 'remote', 1) end
  redis.call('HINCRBY', k, 'version', 1)
  return { word, 1 }
end)
`;

/** ARGV: prefix, cloudId, key, hidden ('1'/'0') → group view. Set semantics: a re-send changes nothing more. */
const setWordHidden = `
local cloudId, key, hidden = ARGV[2], ARGV[3], ARGV[4]
local k = ikey('cloud', cloudId)
if redis.call('EXISTS', k) == 0 then return fail('NOT_FOUND', 'cloud not found') end
local current = redis.call('HGET', k .. ':g:' .. key, 'hidden')
if not current then return fail('NOT_FOUND', 'word not found') end
if current ~= hidden then
  redis.call('HSET', k .. ':g:' .. key, 'hidden', hidden)
  redis.call('HINCRBY', k, 'version', 1)
end
return groupView(cloudId, key)
`;

/** ARGV: prefix, sessionId → {ref, HGETALL} of every poll and cloud, in creation order */
const listInteractions = `
local out = {}
for _, ref in ipairs(redis.call('LRANGE', interactionsKey(ARGV[2]), 0, -1)) do
  local flat = redis.call('HGETALL', P .. ref)
  if #flat > 0 then out[#out + 1] = { ref, flat } end
end
return out
`;

/** ARGV: prefix → {ref, HGETALL} of every poll and cloud in closing, the next to end first */
const listClosing = `
local out = {}
for _, ref in ipairs(redis.call('ZRANGE', P .. 'closing', 0, -1)) do
  local flat = redis.call('HGETALL', P .. ref)
  if #flat > 0 then out[#out + 1] = { ref, flat } end
end
return out
`;

/** ARGV: prefix, pollId → {{sessionId, status, version}, flat tally}, or an empty array */
const getPollResults = `
if redis.call('EXISTS', ikey('poll', ARGV[2])) == 0 then return {} end
return pollResults(ARGV[2])
`;

/** ARGV: prefix, cloudId → {{sessionId, status, version, participants}, group views}, or an empty array */
const getCloudResults = `
local k = ikey('cloud', ARGV[2])
local meta = redis.call('HMGET', k, 'sessionId', 'status', 'version', 'participants')
if not meta[1] then return {} end
local words = {}
for i, key in ipairs(redis.call('LRANGE', k .. ':keys', 0, -1)) do words[i] = groupView(ARGV[2], key) end
return { meta, words }
`;

/** ARGV: prefix, sessionId, voterId → {pollId, ballot JSON} in the session's order */
const listMyBallots = `
local out = {}
for _, ref in ipairs(redis.call('LRANGE', interactionsKey(ARGV[2]), 0, -1)) do
  if string.sub(ref, 1, 5) == 'poll:' then
    local raw = redis.call('HGET', P .. ref .. ':ballots', ARGV[3])
    if raw then out[#out + 1] = { string.sub(ref, 6), raw } end
  end
end
return out
`;

/** ARGV: prefix, sessionId, participantId → MyWord JSONs, cloud by cloud in the session's order */
const listMyWords = `
local out = {}
for _, ref in ipairs(redis.call('LRANGE', interactionsKey(ARGV[2]), 0, -1)) do
  if string.sub(ref, 1, 6) == 'cloud:' then
    for _, w in ipairs(redis.call('LRANGE', P .. ref .. ':p:' .. ARGV[3], 0, -1)) do out[#out + 1] = w end
  end
end
return out
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
  agoraSetRemoteDelay: setRemoteDelay,
  agoraPutCode: putCode,
  agoraRevokeCodes: revokeCodes,
  agoraAsk: ask,
  agoraUpvote: upvote,
  agoraCompareAndSet: compareAndSet,
  agoraListQuestions: listQuestions,
  agoraGetQuestion: getQuestion,
  agoraListUpvoted: listUpvoted,
  agoraCreatePoll: createPoll,
  agoraUpdatePoll: updatePoll,
  agoraCreateCloud: createCloud,
  agoraUpdateCloud: updateCloud,
  agoraLifecycle: lifecycle,
  agoraReveal: reveal,
  agoraCastBallot: castBallot,
  agoraSubmitWord: submitWord,
  agoraSetWordHidden: setWordHidden,
  agoraListInteractions: listInteractions,
  agoraListClosing: listClosing,
  agoraPollResults: getPollResults,
  agoraCloudResults: getCloudResults,
  agoraListMyBallots: listMyBallots,
  agoraListMyWords: listMyWords,
} as const;

export type ScriptName = keyof typeof bodies;

/** Every script with the shared prelude, ready for `defineCommand` (no declared keys, see above). */
export const scripts = Object.fromEntries(
  Object.entries(bodies).map(([name, body]) => [name, `${prelude}\n${body}`]),
) as Record<ScriptName, string>;
