/**
 * Lua scripts of the organizer console's part of the Redis store (see `scripts.ts` for the rules:
 * one script per change, preconditions checked before the first write, keys derived from the prefix
 * in ARGV[1], a single Redis primary).
 *
 * Keys added, under the prefix:
 *   organizers                        hash   account id → OrganizerAccount JSON
 *   organizer-emails                  hash   lower-cased email → account id
 *   edition-settings                  hash   edition id → EditionSettings JSON
 *   edition:<id>:principals:<role>    list   principal ids of the edition, in insertion order
 *   edition:<id>:emails               hash   registrant email (lower-cased) → registrant id
 * and read: principal:<role>:<id>(:codes), code:<hash>, author:<id>:asks, q:<id>…, session:<id>:live;
 * the go-live wipe also resets poll:<id>… and cloud:<id>… (layout in `scripts.ts`).
 */

const prelude = `
local P = ARGV[1]
local function fail(code, message) return { err = code .. ' ' .. message } end
local function pkey(role, id) return P .. 'principal:' .. role .. ':' .. id end
local function listkey(eid, role) return P .. 'edition:' .. eid .. ':principals:' .. role end
local function emailkey(eid) return P .. 'edition:' .. eid .. ':emails' end

-- As in scripts.ts: a re-sent write answers its recorded reply instead of applying twice.
local function once(opId, ttl, fn)
  local key = P .. 'op:' .. opId
  local done = redis.call('GET', key)
  if done then return cmsgpack.unpack(done) end
  local result = fn()
  if type(result) ~= 'table' or result.err == nil then
    redis.call('SET', key, cmsgpack.pack(result), 'EX', ttl)
  end
  return result
end

local function revokeAll(role, id)
  local count = 0
  for _, hash in ipairs(redis.call('SMEMBERS', pkey(role, id) .. ':codes')) do
    local key = P .. 'code:' .. hash
    local code = redis.call('HMGET', key, 'role', 'principalId', 'revoked')
    if code[1] == role and code[2] == id and code[3] ~= '1' then
      redis.call('HSET', key, 'revoked', '1')
      count = count + 1
    end
  end
  return count
end
`;

/** ARGV: prefix, id, email, json → CONFLICT if the email belongs to another account */
const putOrganizer = `
local id, email, json = ARGV[2], ARGV[3], ARGV[4]
local owner = redis.call('HGET', P .. 'organizer-emails', email)
if owner and owner ~= id then return fail('CONFLICT', 'an organizer account with this email exists') end
local old = redis.call('HGET', P .. 'organizers', id)
if old then
  local oldEmail = cjson.decode(old).email
  if oldEmail ~= email then redis.call('HDEL', P .. 'organizer-emails', oldEmail) end
end
redis.call('HSET', P .. 'organizers', id, json)
redis.call('HSET', P .. 'organizer-emails', email, id)
return 1
`;

/** ARGV: prefix, editionId, json */
const putSettings = `
if redis.call('HEXISTS', P .. 'editions', ARGV[2]) == 0 then return fail('NOT_FOUND', 'edition not found') end
redis.call('HSET', P .. 'edition-settings', ARGV[2], ARGV[3])
return 1
`;

/**
 * ARGV: prefix, role, id, editionId, json, email (lower-cased; '' unless a participant).
 * Stores a principal and keeps the edition's indexes (list per role, registrant emails) in step.
 */
const putPrincipal = `
local role, id, eid, json, email = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local key = pkey(role, id)
local old = redis.call('GET', key)
if old then
  local o = cjson.decode(old)
  if o.editionId ~= eid then
    redis.call('LREM', listkey(o.editionId, role), 0, id)
    redis.call('RPUSH', listkey(eid, role), id)
  end
  if role == 'participant' and type(o.email) == 'string' then
    local oldEmail = string.lower(o.email)
    if oldEmail ~= email and redis.call('HGET', emailkey(o.editionId), oldEmail) == id then
      redis.call('HDEL', emailkey(o.editionId), oldEmail)
    end
  end
else
  redis.call('RPUSH', listkey(eid, role), id)
end
redis.call('SET', key, json)
if email ~= '' then redis.call('HSET', emailkey(eid), email, id) end
return 1
`;

/**
 * ARGV: prefix, opId, ttl, editionId, then per row: id, name, email (lower-cased), organisation, attendance
 * → {created ids, updated ids, unchanged ids}
 */
const upsertRegistrants = `
local eid = ARGV[4]
return once(ARGV[2], ARGV[3], function()
  if redis.call('HEXISTS', P .. 'editions', eid) == 0 then return fail('NOT_FOUND', 'edition not found') end
  local created, updated, unchanged = {}, {}, {}
  for i = 5, #ARGV, 5 do
    local id, name, email, org, mode = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
    local existing = redis.call('HGET', emailkey(eid), email)
    local same = false
    if existing then
      id = existing
      local old = redis.call('GET', pkey('participant', id))
      if old then
        local o = cjson.decode(old)
        same = o.name == name and o.email == email and o.organisation == org and o.attendance == mode
      end
    end
    if same then
      unchanged[#unchanged + 1] = id
    else
      redis.call('SET', pkey('participant', id), cjson.encode({
        role = 'participant', id = id, editionId = eid, name = name, email = email,
        organisation = org, attendance = mode,
      }))
      if existing then
        updated[#updated + 1] = id
      else
        redis.call('RPUSH', listkey(eid, 'participant'), id)
        redis.call('HSET', emailkey(eid), email, id)
        created[#created + 1] = id
      end
    end
  end
  return { created, updated, unchanged }
end)
`;

/** ARGV: prefix, opId, ttl, role, editionId, id → {questions anonymised, codes revoked} */
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
  local codes = revokeAll(role, id)
  local questions = 0
  for _, qid in ipairs(redis.call('HVALS', P .. 'author:' .. id .. ':asks')) do
    if redis.call('EXISTS', P .. 'q:' .. qid) == 1 then
      redis.call('HSET', P .. 'q:' .. qid, 'authorName', '', 'anonymous', '1')
      questions = questions + 1
    end
  end
  return { questions, codes }
end)
`;

/** ARGV: prefix, opId, ttl, editionId → number of questions deleted */
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
 * ARGV: prefix, opId, ttl, sessionId → number of polls and clouds that had been used (opened, or
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

/** ARGV: prefix, role, editionId → ids of the edition's principals of that role with a code not revoked */
const withActiveCode = `
local role, eid = ARGV[2], ARGV[3]
local ids = {}
for _, id in ipairs(redis.call('LRANGE', listkey(eid, role), 0, -1)) do
  for _, hash in ipairs(redis.call('SMEMBERS', pkey(role, id) .. ':codes')) do
    local code = redis.call('HMGET', P .. 'code:' .. hash, 'principalId', 'revoked')
    if code[1] == id and code[2] ~= '1' then
      ids[#ids + 1] = id
      break
    end
  end
end
return ids
`;

/** ARGV: prefix, role, id → {active, revoked} */
const codeCounts = `
local role, id = ARGV[2], ARGV[3]
local active, revoked = 0, 0
for _, hash in ipairs(redis.call('SMEMBERS', pkey(role, id) .. ':codes')) do
  local code = redis.call('HMGET', P .. 'code:' .. hash, 'principalId', 'revoked')
  if code[1] == id then
    if code[2] == '1' then revoked = revoked + 1 else active = active + 1 end
  end
end
return { active, revoked }
`;

const bodies = {
  agoraOrgPutOrganizer: putOrganizer,
  agoraOrgPutSettings: putSettings,
  agoraOrgPutPrincipal: putPrincipal,
  agoraOrgUpsertRegistrants: upsertRegistrants,
  agoraOrgErase: erasePrincipal,
  agoraOrgWipeQuestions: wipeQuestions,
  agoraOrgWipeInteractions: wipeInteractions,
  agoraOrgWithActiveCode: withActiveCode,
  agoraOrgCodeCounts: codeCounts,
} as const;

export type OrganizerScriptName = keyof typeof bodies;

/** Every script with its prelude, ready for `defineCommand`. */
export const organizerScripts = Object.fromEntries(
  Object.entries(bodies).map(([name, body]) => [name, `${prelude}\n${body}`]),
) as Record<OrganizerScriptName, string>;
