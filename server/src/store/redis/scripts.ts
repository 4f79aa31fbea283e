/**
 * The Lua scripts of the Redis store. Every rule is decided in TypeScript (the modules' *.rules.ts),
 * and most writes are committed by the one generic `compareAndSet` below (optimistic-write.ts: it
 * writes only if what the decision read is unchanged). A script remains where one round trip
 * matters: the hot writes (asks and upvotes here; ballots and words in interaction-scripts.ts),
 * pinned to the rules by the differential test, bulk or many-key writes (codes, the organizer's
 * imports and erasure) and multi-key reads. A script runs atomically on the Redis server:
 * preconditions are read and checked before the first write (Redis does not roll a script back on a
 * runtime error). It reports a refusal by its rule's name (`refuse`), never by a text.
 *
 * Every script receives the key prefix as ARGV[1] and, as KEYS[1], the anchor of the one slot all
 * its keys are in (key-layout.ts): the session's, `<prefix>session:{<id>}`, or the edition-wide one,
 * `<prefix>{g}`. Redis Cluster routes the script by it, and runs it only if every key it touches
 * hashes to that slot; the keys it derives from the prefix and from what it reads carry the same tag.
 * On a single primary the tags change nothing. Data format 3 (data-format.ts: the upgrade from the
 * untagged names of format 2).
 *
 * Key layout, all under the prefix (default `agora:`). A session's keys, tagged with its id (`{s}`
 * below stands for `{<sessionId>}`), so that a session's operations stay in one slot and sessions
 * spread over the cluster:
 *   session:{s}                     hash   json (Session JSON), policy (policy JSON, authoritative),
 *                                          remoteDelay (seconds, authoritative; absent in older data: json's), editionId
 *   session:{s}:live                hash   seq, onScreenId ('' when none), pending, screenKind and screenId (what
 *                                          the projector shows, '' when nothing; absent in older data, where
 *                                          onScreenId alone tells), always written together with onScreenId;
 *                                          screenSplit ('1' when a poll is shown split; absent in older data: '0')
 *   session:{s}:interactions        list   'poll:<id>' / 'cloud:<id>' refs, in creation order
 *   session:{s}:questions           list   question ids, in arrival order
 *   session:{s}:asks:<authorId>     hash   clientId → question id of the author's asks in the session (idempotent asks)
 *   session:{s}:closing             zset   'poll:<id>' / 'cloud:<id>' of the session in `closing`, scored by remoteClosesAt
 *   session:{s}:op:<opId>           string the msgpack'd reply of a non-idempotent write of the session, or '1'
 *                                          for a compare-and-set (short TTL)
 *   q:{s}:<id>                      hash   the scalar fields of a question (booleans '1'/'0', null as '')
 *   q:{s}:<id>:voters               set    voter ids (the vote count is its cardinality)
 *   q:{s}:<id>:merged               list   ids of the questions merged into it
 *   q:{s}:<id>:edits                list   audit entries, JSON {at, by, from, to} (at as a string)
 *   poll:{s}:<id>                   hash   id, sessionId, status, visibility, revealed ('1'/'0'), createdAt,
 *                                          openedAt/closedAt/remoteClosesAt ('' for null), version (of the results),
 *                                          def (JSON: question, pollKind, options, maxChoices, scale), and pollKind,
 *                                          maxChoices again as plain fields for the ballot checks
 *   poll:{s}:<id>:tally             hash   n:all, n:onsite, n:remote (ballots); all:<option>, onsite:<option>,
 *                                          remote:<option> (choices). Every option's fields exist (0 at creation):
 *                                          HEXISTS all:<choice> is the option check
 *   poll:{s}:<id>:ballots           hash   voter id → current ballot JSON {mode, clientId, choices} (never empty)
 *   poll:{s}:<id>:seen              set    every (voter, clientId) accepted, as '<#voter>:<voter><clientId>'
 *   cloud:{s}:<id>                  hash   the lifecycle fields as for polls, version, prompt,
 *                                          maxWordsPerParticipant, maxLength, participants (with ≥ 1 word)
 *   cloud:{s}:<id>:keys             list   word-group keys, in first-seen order
 *   cloud:{s}:<id>:g:<key>          hash   count, onsite, remote, hidden/blocked ('1'/'0'), text and best (the shown
 *                                          spelling and its count), n (spellings seen), s:<spelling> → count,
 *                                          o:<spelling> → first-seen rank (ties of the shown spelling go to the lower)
 *   cloud:{s}:<id>:p:<participantId>    list  the participant's counted words (MyWord JSON), in the order sent
 *   cloud:{s}:<id>:cid:<participantId>  hash  clientId → the MyWord JSON it was answered (idempotent re-sends)
 *   presence:{s}                    hash   node id → '<onsite>:<remote>:<expires at>' (cluster/presence-board.ts; not store
 *                                          data: each node's share of the connected counts, with a TTL)
 * Edition-wide keys, tagged `{g}` (one slot):
 *   {g}:editions                    hash   edition id → Edition JSON
 *   {g}:edition-slugs               hash   slug → edition id
 *   {g}:edition:<id>:sessions       list   session ids of the edition, in insertion order
 *   {g}:owners                      hash   q:<questionId> / i:<pollOrCloudId> → session id (the slot of an operation
 *                                          that names only the item: key-layout.ts' OwnerIndex); s:<sessionId> → edition id
 *   {g}:closing-sessions            set    sessions that had a poll or cloud in closing (the sweeper reads theirs)
 *   {g}:author:<principalId>:asks   hash   clientId → question id, whatever the session (an ask re-sent elsewhere)
 *   {g}:principal:<role>:<id>       string PrincipalRecord JSON
 *   {g}:principal:<role>:<id>:codes set    hashes of the principal's codes
 *   {g}:code:<hash>                 hash   role, principalId, editionId, revoked ('1'/'0')
 *   {g}:op:<opId>                   string as session:{s}:op:<opId>, for the edition-wide writes
 *   and the organizer's, documents', watch and attendance keys (organizer-scripts.ts, content-redis.ts,
 *   watch-redis.ts, attendance-redis.ts), all under `{g}:`.
 *
 * What stays in one slot, hence on one primary of a cluster: everything of one session. A plenary of
 * 100,000 is one session: its ballots all go to one poll's tally on one primary, its results and
 * presence reads too. The cluster spreads the other sessions and the edition-wide data (joins read
 * codes and principals there), not the load of one plenary.
 *
 * JSON built in Lua is limited to objects of strings and to ballots' choices (never empty: cjson would
 * write an empty array as `{}`); everything else is returned as flat arrays and decoded in Node.
 */

import { basePrelude } from './lua-prelude.ts';

const prelude = `
-- A question of the session as {hgetall, votes, merged, edits}; decoded by the store in Node.
local function view(sid, id)
  local k = qkey(sid, id)
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
  if onScreen ~= '' then onView = view(sid, onScreen) end
  local views = {}
  for i, qid in ipairs(changed) do views[i] = view(sid, qid) end
  return {
    sid, tonumber(live[1] or '0'), onScreen, tonumber(live[2] or '0'), onView, views,
    kind or '', id or '', screenChanged and 1 or 0, split,
  }
end

local function bump(sid) redis.call('HINCRBY', livekey(sid), 'seq', 1) end
`;

/** Edition-wide slot. ARGV: prefix, hash, role, principalId, editionId, revoked ('1'/'0') */
const putCode = `
local hash, role, principalId, editionId, revoked = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local key = G .. 'code:' .. hash
local old = redis.call('HMGET', key, 'role', 'principalId')
if old[1] and old[2] then
  redis.call('SREM', G .. 'principal:' .. old[1] .. ':' .. old[2] .. ':codes', hash)
end
redis.call('HSET', key, 'role', role, 'principalId', principalId, 'editionId', editionId, 'revoked', revoked)
redis.call('SADD', G .. 'principal:' .. role .. ':' .. principalId .. ':codes', hash)
return 1
`;

/**
 * Session slot. ARGV: prefix, opId, ttl, id, sessionId, authorId, clientId, text, anonymous,
 * authorName, authorMode, at, claimed ('1' when the owners index gave the id to this session, else it
 * is another session's) → {change, view, created}
 */
const ask = `
local id, sid, authorId, clientId = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
return once(ARGV[2], ARGV[3], function()
  local asks = skey(sid) .. ':asks:' .. authorId
  local existing = redis.call('HGET', asks, clientId)
  if existing then return { change(sid, {}), view(sid, existing), 0 } end
  if redis.call('EXISTS', skey(sid)) == 0 then return refuse('notFound', 'session') end
  if ARGV[13] ~= '1' or redis.call('EXISTS', qkey(sid, id)) == 1 then return refuse('idTaken') end
  local text, at = ARGV[8], ARGV[12]
  redis.call('HSET', qkey(sid, id),
    'id', id, 'sessionId', sid, 'authorId', authorId, 'clientId', clientId,
    'text', text, 'originalText', text, 'anonymous', ARGV[9], 'authorName', ARGV[10], 'authorMode', ARGV[11],
    'status', 'pending', 'starred', '0', 'mergedInto', '', 'createdAt', at, 'updatedAt', at)
  redis.call('HSET', asks, clientId, id)
  redis.call('RPUSH', skey(sid) .. ':questions', id)
  redis.call('HINCRBY', livekey(sid), 'pending', 1)
  bump(sid)
  return { change(sid, { id }), view(sid, id), 1 }
end)
`;

/**
 * Edition-wide slot, the first step of an ask. ARGV: prefix, authorId, clientId, id, sessionId,
 * replace ('1': the question the author's index names is gone, and is replaced) →
 * {'known', question id, its session ('' if none)} when the author asked with this client id
 * before; else {'claimed'} when the id is the session's (owners index; named in the author's index
 * when claimed now), {'taken'} when another session owns the id, {'noSession'} when no such session
 * was put.
 * The session's ask (`ask`) follows in its slot; a stop in between leaves the author's index naming
 * a question that is not there, which the re-sent ask replaces (`replace`).
 */
const askPrepare = `
local authorId, clientId, id, sid = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local asks = G .. 'author:' .. authorId .. ':asks'
local owners = G .. 'owners'
if ARGV[6] ~= '1' then
  local known = redis.call('HGET', asks, clientId)
  if known then return { 'known', known, redis.call('HGET', owners, 'q:' .. known) or '' } end
end
if redis.call('HEXISTS', owners, 's:' .. sid) == 0 then return { 'noSession' } end
local owner = redis.call('HGET', owners, 'q:' .. id)
if owner and owner ~= sid then return { 'taken' } end
-- Claimed before: the session's script refuses the id if its question exists; not the author's then.
if owner then return { 'claimed' } end
redis.call('HSET', owners, 'q:' .. id, sid)
redis.call('HSET', asks, clientId, id)
return { 'claimed' }
`;

/**
 * Session slot. ARGV: prefix, sessionId, questionId → {change, view} of a question asked before with
 * the same client id (the author's index, `{g}:author:<id>:asks`, named it), or an empty array when
 * it is gone (wiped).
 */
const askAgain = `
if redis.call('EXISTS', qkey(ARGV[2], ARGV[3])) == 0 then return {} end
return { change(ARGV[2], {}), view(ARGV[2], ARGV[3]) }
`;

/**
 * Session slot. The upvotes a node makes in one event-loop turn (session-batch.ts), each decided on
 * its own in the order given. ARGV: prefix, sessionId, count, then per upvote: questionId, voterId,
 * up ('1'/'0'), the voter's edition and audiences ('' and '': no admission check) → per upvote
 * {1, change, view, upvoted, changed ('1'/'0')} or {0, refusal}.
 * An upvote changes neither `pending` nor the screen, and no view but its question's: the live
 * fields and the view on screen are read once per run, the sequence number counted here and written
 * once at the run's end; each change carries the number it would have had alone. Each view goes
 * once: a change's `changed` is empty (the question's view, when `changed` is 1, is the reply's),
 * and the view on screen is in the first reply that needs it only (`onUpvoteRun` in Node keeps it,
 * and takes an upvoted question's view when that question is the one on screen).
 */
const upvotes = `
local sid = ARGV[2]
local live = redis.call('HMGET', livekey(sid), 'seq', 'pending')
local seq, pending = tonumber(live[1] or '0'), tonumber(live[2] or '0')
local kind, screenId, split = screenOf(sid)
local onScreen = ''
if kind == 'question' then onScreen = screenId end
local onViewSent = false
local bumps = 0
local function upvoteOne(id, voter, up, editionId, audiences)
  local q = redis.call('HMGET', qkey(sid, id), 'sessionId', 'status')
  if not q[1] then return refuse('notFound', 'question') end
  local refused = admission(sid, editionId, audiences, up and 'upvote' or nil)
  if refused then return refused end
  if up and q[2] ~= 'approved' then return refuse('notUpvotable') end
  local voters = qkey(sid, id) .. ':voters'
  local has = redis.call('SISMEMBER', voters, voter) == 1
  if has ~= up then
    if up then redis.call('SADD', voters, voter) else redis.call('SREM', voters, voter) end
    seq, bumps = seq + 1, bumps + 1
  end
  local onView = {}
  if onScreen ~= '' and onScreen ~= id and not onViewSent then
    onView, onViewSent = view(sid, onScreen), true
  end
  local c = { sid, seq, onScreen, pending, onView, {}, kind or '', screenId or '', 0, split }
  return { c, view(sid, id), up and 1 or 0, has ~= up and 1 or 0 }
end
local out, i = {}, 4
for n = 1, tonumber(ARGV[3]) do
  local r = upvoteOne(ARGV[i], ARGV[i + 1], ARGV[i + 2] == '1', ARGV[i + 3], ARGV[i + 4])
  if r.err then out[n] = { 0, r.err } else out[n] = { 1, r[1], r[2], r[3], r[4] } end
  i = i + 5
end
if bumps > 0 then redis.call('HINCRBY', livekey(sid), 'seq', bumps) end
return out
`;

/**
 * The one generic write of the rules decided in TypeScript (questions.rules.ts): compare and set.
 * ARGV: prefix, opId, ttl, reads (JSON: commands), replies (JSON: what they answered when the
 * decision was taken), writes (JSON: commands) → 1 written, 0 nothing written (a read answers
 * otherwise now: decide again), 2 nothing written (this opId was written already: a re-sent command).
 * Reads and writes are plain Redis commands with their full keys; null stands for a nil reply.
 */
const compareAndSet = `
local opKey = A .. ':op:' .. ARGV[2]
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

/** Session slot. ARGV: prefix, sessionId → views in arrival order (one atomic read) */
const listQuestions = `
local views = {}
for i, id in ipairs(redis.call('LRANGE', skey(ARGV[2]) .. ':questions', 0, -1)) do
  views[i] = view(ARGV[2], id)
end
return views
`;

/** Session slot. ARGV: prefix, sessionId, questionId → view, or an empty array */
const getQuestion = `
if redis.call('EXISTS', qkey(ARGV[2], ARGV[3])) == 0 then return {} end
return view(ARGV[2], ARGV[3])
`;

/** Session slot. ARGV: prefix, sessionId, voterId → ids of the session's questions the voter upvoted, in arrival order */
const listUpvoted = `
local ids = {}
for _, id in ipairs(redis.call('LRANGE', skey(ARGV[2]) .. ':questions', 0, -1)) do
  if redis.call('SISMEMBER', qkey(ARGV[2], id) .. ':voters', ARGV[3]) == 1 then ids[#ids + 1] = id end
end
return ids
`;

const bodies = {
  agoraPutCode: putCode,
  agoraAsk: ask,
  agoraAskAgain: askAgain,
  agoraAskPrepare: askPrepare,
  agoraUpvotes: upvotes,
  agoraCompareAndSet: compareAndSet,
  agoraListQuestions: listQuestions,
  agoraGetQuestion: getQuestion,
  agoraListUpvoted: listUpvoted,
} as const;

export type ScriptName = keyof typeof bodies;

/** Every script with the shared prelude, ready for `defineCommand` (no declared keys, see above). */
export const scripts = Object.fromEntries(
  Object.entries(bodies).map(([name, body]) => [name, `${basePrelude}\n${prelude}\n${body}`]),
) as Record<ScriptName, string>;
