import { basePrelude } from './lua-prelude.ts';

/**
 * The scripts of polls and clouds that stay in Lua (key layout in scripts.ts): ballots and words,
 * the vote benchmark's hot path, one round trip each, and the reads. Every other poll and cloud
 * write is decided in TypeScript and committed by compare-and-set (interaction-writes.ts).
 *
 * These scripts apply the rules of polls.rules.ts, wordcloud.rules.ts and lifecycle.rules.ts (the
 * differential test pins them together) and refuse by a rule's name (`refuse('polls.notAnOption')`),
 * which rule-refusals.ts maps to that file's refusal: no refusal text is written here.
 */

const prelude = `
local function interactionsKey(sid) return skey(sid) .. ':interactions' end
-- The key of a 'poll:<id>' / 'cloud:<id>' reference of the session.
local function refkey(sid, ref)
  local colon = string.find(ref, ':', 1, true)
  return ikey(string.sub(ref, 1, colon - 1), sid, string.sub(ref, colon + 1))
end

-- nil when a voter or sender in this mode may take part now (the shared participation rule), else
-- the refusal: lifecycle.closed, named by kind, status and mode.
local function refusal(kind, status, remoteClosesAt, mode, at)
  if status == 'open' then return nil end
  local closes = tonumber(remoteClosesAt or '')
  if status == 'closing' and mode == 'remote' and closes and at < closes then return nil end
  return refuse('lifecycle.closed', kind, status, mode)
end

-- {sessionId, status, version}, flat tally: decoded into PollResults in Node.
local function pollResults(sid, pollId)
  local k = ikey('poll', sid, pollId)
  return { redis.call('HMGET', k, 'sessionId', 'status', 'version'), redis.call('HGETALL', k .. ':tally') }
end

-- {key, text, count, onsite, remote, hidden, blocked} of a word group.
local function groupView(sid, cloudId, key)
  local g = redis.call('HMGET', ikey('cloud', sid, cloudId) .. ':g:' .. key,
    'text', 'count', 'onsite', 'remote', 'hidden', 'blocked')
  return { key, g[1], g[2], g[3], g[4], g[5], g[6] }
end
`;

/**
 * Session slot. ARGV: prefix, opId, ttl, sessionId, n, then n ballots on polls of that session, each:
 * pollId, voterId, mode, clientId, at, editionId, audiences, number of choices, choices... → per
 * ballot, in order, {1, clientId, choices, counted} or {0, refusal}.
 * The ballots a node casts in one event-loop turn, in one run (ballot-batch.ts): each decided on its
 * own, exactly as if they had been sent one after the other, so a refusal concerns its ballot only and
 * a voter's later ballot of the batch wins. The batch is one operation: a re-sent run answers the
 * recorded replies. A change moves the counts from the old choices to the new ones in one step. The
 * results are not answered: the fan-out reads them when it flushes.
 */
const castBallots = `
local sid = ARGV[4]
-- The run's increments of the counts and versions, summed per field and written once at its end
-- (nothing in the run reads them): a run of 100 ballots writes its poll's tally fields once each
-- instead of four times per ballot.
local sums, sumKeys = {}, {}
local function add(key, field, delta)
  local fields = sums[key]
  if not fields then
    fields = {}
    sums[key] = fields
    sumKeys[#sumKeys + 1] = key
  end
  fields[field] = (fields[field] or 0) + delta
end
-- A poll's fields and options, read once per run (no ballot changes them).
local polls, options = {}, {}
local function pollFields(k)
  local f = polls[k]
  if not f then
    f = redis.call('HMGET', k, 'status', 'remoteClosesAt', 'pollKind', 'maxChoices', 'sessionId')
    polls[k] = f
  end
  return f
end
local function isOption(tally, c)
  local field = 'all:' .. c
  local fields = options[tally]
  if not fields then
    fields = {}
    options[tally] = fields
  end
  local known = fields[field]
  if known == nil then
    known = redis.call('HEXISTS', tally, field) == 1
    fields[field] = known
  end
  return known
end
local function castOne(pollId, voter, mode, clientId, at, editionId, audiences, choices)
  local k = ikey('poll', sid, pollId)
  local f = pollFields(k)
  if not f[1] then return refuse('lifecycle.notFound', 'poll') end
  local refusedHere = admission(f[5], editionId, audiences, 'vote')
  if refusedHere then return refusedHere end
  local ballots, tally, seen = k .. ':ballots', k .. ':tally', k .. ':seen'
  local seenKey = #voter .. ':' .. voter .. clientId
  local raw = redis.call('HGET', ballots, voter)
  local current = raw and cjson.decode(raw)
  if current and redis.call('SISMEMBER', seen, seenKey) == 1 then
    return { current.clientId, current.choices, 0 }
  end
  local refused = refusal('poll', f[1], f[2], mode, at)
  if refused then return refused end

  local given = {}
  for _, c in ipairs(choices) do
    if not isOption(tally, c) then return refuse('polls.notAnOption') end
  end
  for _, c in ipairs(choices) do
    if given[c] then return refuse('polls.choiceTwice') end
    given[c] = true
  end
  local max = 1
  if f[3] == 'multiple' then max = tonumber(f[4]) end
  if #choices < 1 or #choices > max then
    return refuse('polls.choiceCount', max)
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
    return { clientId, choices, 0 }
  end
  local function count(ballot, delta)
    local side = 'remote'
    if ballot.mode == 'onsite' then side = 'onsite' end
    add(tally, 'n:all', delta)
    add(tally, 'n:' .. side, delta)
    for _, c in ipairs(ballot.choices) do
      add(tally, 'all:' .. c, delta)
      add(tally, side .. ':' .. c, delta)
    end
  end
  if current then count(current, -1) end
  local ballot = { mode = mode, clientId = clientId, choices = choices }
  count(ballot, 1)
  redis.call('HSET', ballots, voter, cjson.encode(ballot))
  add(k, 'version', 1)
  return { clientId, choices, 1 }
end

return once(ARGV[2], ARGV[3], function()
  local out, i = {}, 6
  for b = 1, tonumber(ARGV[5]) do
    local count = tonumber(ARGV[i + 7])
    local choices = {}
    for j = 1, count do choices[j] = ARGV[i + 7 + j] end
    local r = castOne(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4]), ARGV[i + 5],
      ARGV[i + 6], choices)
    if r.err then out[b] = { 0, r.err } else out[b] = { 1, r[1], r[2], r[3] } end
    i = i + 8 + count
  end
  for _, key in ipairs(sumKeys) do
    for field, delta in pairs(sums[key]) do
      if delta ~= 0 then redis.call('HINCRBY', key, field, delta) end
    end
  end
  return out
end)
`;

/**
 * Session slot. ARGV: prefix, opId, ttl, sessionId, cloudId, participantId, mode, clientId, text, key,
 * blocked ('1'/'0'), at, editionId, audiences → {MyWord JSON, counted}
 */
const submitWord = `
local sid, cloudId, pid, mode, clientId = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local text, key, blocked = ARGV[9], ARGV[10], ARGV[11]
local at, editionId, audiences = tonumber(ARGV[12]), ARGV[13], ARGV[14]
return once(ARGV[2], ARGV[3], function()
  local k = ikey('cloud', sid, cloudId)
  local f = redis.call('HMGET', k, 'status', 'remoteClosesAt', 'maxLength', 'maxWordsPerParticipant', 'sessionId')
  if not f[1] then return refuse('lifecycle.notFound', 'cloud') end
  local refusedHere = admission(f[5], editionId, audiences, 'vote')
  if refusedHere then return refusedHere end
  local byClientId = k .. ':cid:' .. pid
  local again = redis.call('HGET', byClientId, clientId)
  if again then return { again, 0 } end
  local refused = refusal('cloud', f[1], f[2], mode, at)
  if refused then return refused end
  if key == '' or text == '' then return refuse('clouds.emptyWord') end
  -- Characters (code points), as JavaScript's [...text]: every byte that is not a UTF-8 continuation byte.
  local _, length = string.gsub(text, '[^\\128-\\191]', '')
  if length > tonumber(f[3]) then return refuse('clouds.tooLong', f[3]) end
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
    return refuse('clouds.tooManyWords', f[4])
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

/** Session slot. ARGV: prefix, sessionId → {ref, HGETALL} of every poll and cloud, in creation order */
const listInteractions = `
local out = {}
for _, ref in ipairs(redis.call('LRANGE', interactionsKey(ARGV[2]), 0, -1)) do
  local flat = redis.call('HGETALL', refkey(ARGV[2], ref))
  if #flat > 0 then out[#out + 1] = { ref, flat } end
end
return out
`;

/**
 * Session slot. ARGV: prefix, sessionId → {ref, HGETALL, remote close time} of the session's polls
 * and clouds in closing, the next to end first
 */
const listClosing = `
local out = {}
local closing = redis.call('ZRANGE', skey(ARGV[2]) .. ':closing', 0, -1, 'WITHSCORES')
for i = 1, #closing, 2 do
  local flat = redis.call('HGETALL', refkey(ARGV[2], closing[i]))
  if #flat > 0 then out[#out + 1] = { closing[i], flat, closing[i + 1] } end
end
return out
`;

/** Session slot. ARGV: prefix, sessionId, pollId → {{sessionId, status, version}, flat tally}, or an empty array */
const getPollResults = `
if redis.call('EXISTS', ikey('poll', ARGV[2], ARGV[3])) == 0 then return {} end
return pollResults(ARGV[2], ARGV[3])
`;

/**
 * Session slot. ARGV: prefix, sessionId, cloudId → {{sessionId, status, version, participants},
 * group views}, or an empty array
 */
const getCloudResults = `
local k = ikey('cloud', ARGV[2], ARGV[3])
local meta = redis.call('HMGET', k, 'sessionId', 'status', 'version', 'participants')
if not meta[1] then return {} end
local words = {}
for i, key in ipairs(redis.call('LRANGE', k .. ':keys', 0, -1)) do words[i] = groupView(ARGV[2], ARGV[3], key) end
return { meta, words }
`;

/** Session slot. ARGV: prefix, sessionId, voterId → {pollId, ballot JSON} in the session's order */
const listMyBallots = `
local out = {}
for _, ref in ipairs(redis.call('LRANGE', interactionsKey(ARGV[2]), 0, -1)) do
  if string.sub(ref, 1, 5) == 'poll:' then
    local raw = redis.call('HGET', refkey(ARGV[2], ref) .. ':ballots', ARGV[3])
    if raw then out[#out + 1] = { string.sub(ref, 6), raw } end
  end
end
return out
`;

/** Session slot. ARGV: prefix, sessionId, participantId → MyWord JSONs, cloud by cloud in the session's order */
const listMyWords = `
local out = {}
for _, ref in ipairs(redis.call('LRANGE', interactionsKey(ARGV[2]), 0, -1)) do
  if string.sub(ref, 1, 6) == 'cloud:' then
    for _, w in ipairs(redis.call('LRANGE', refkey(ARGV[2], ref) .. ':p:' .. ARGV[3], 0, -1)) do
      out[#out + 1] = w
    end
  end
end
return out
`;

const bodies = {
  agoraCastBallots: castBallots,
  agoraSubmitWord: submitWord,
  agoraListInteractions: listInteractions,
  agoraListClosing: listClosing,
  agoraPollResults: getPollResults,
  agoraCloudResults: getCloudResults,
  agoraListMyBallots: listMyBallots,
  agoraListMyWords: listMyWords,
} as const;

export type InteractionScriptName = keyof typeof bodies;

/** Every script with its prelude, ready for `defineCommand` (one declared key, the anchor: scripts.ts). */
export const interactionScripts = Object.fromEntries(
  Object.entries(bodies).map(([name, body]) => [name, `${basePrelude}\n${prelude}\n${body}`]),
) as Record<InteractionScriptName, string>;
