import { basePrelude } from './lua-prelude.ts';

/**
 * Lua scripts of the organizer console's part of the Redis store (see `scripts.ts` for the rules:
 * preconditions checked before the first write, refusals by rule name, keys derived from the prefix
 * in ARGV[1], all in the edition-wide slot `{g}`). Accounts and settings are decided in TypeScript
 * (organizer.rules.ts) and committed by compare-and-set (organizer-redis.ts); the scripts left are
 * the bulk import, the principals' indexes and reads over many keys.
 *
 * Keys added, under the prefix and the edition-wide tag (`<prefix>{g}:`):
 *   organizers                        hash   account id → OrganizerAccount JSON
 *   organizer-emails                  hash   lower-cased email → account id
 *   edition-settings                  hash   edition id → EditionSettings JSON
 *   edition:<id>:principals:<role>    list   principal ids of the edition, in insertion order
 *   edition:<id>:emails               hash   registrant email (lower-cased) → registrant id
 * and read: principal:<role>:<id>(:codes), code:<hash> (layout in `scripts.ts`). Erasure and the
 * go-live wipe, one script per feature, are in `privacy-scripts.ts`.
 */

/** Helpers every organizer script starts with (also the privacy scripts'). */
export const organizerPrelude = `${basePrelude}
local function pkey(role, id) return G .. 'principal:' .. role .. ':' .. id end
local function listkey(eid, role) return G .. 'edition:' .. eid .. ':principals:' .. role end
local function emailkey(eid) return G .. 'edition:' .. eid .. ':emails' end
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

/** ARGV: prefix, role, editionId → ids of the edition's principals of that role with a code not revoked */
const withActiveCode = `
local role, eid = ARGV[2], ARGV[3]
local ids = {}
for _, id in ipairs(redis.call('LRANGE', listkey(eid, role), 0, -1)) do
  for _, hash in ipairs(redis.call('SMEMBERS', pkey(role, id) .. ':codes')) do
    local code = redis.call('HMGET', G .. 'code:' .. hash, 'principalId', 'revoked')
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
  local code = redis.call('HMGET', G .. 'code:' .. hash, 'principalId', 'revoked')
  if code[1] == id then
    if code[2] == '1' then revoked = revoked + 1 else active = active + 1 end
  end
end
return { active, revoked }
`;

const bodies = {
  agoraOrgPutPrincipal: putPrincipal,
  agoraOrgWithActiveCode: withActiveCode,
  agoraOrgCodeCounts: codeCounts,
} as const;

export type OrganizerScriptName = keyof typeof bodies;

/** Every script with its prelude, ready for `defineCommand`. */
export const organizerScripts = Object.fromEntries(
  Object.entries(bodies).map(([name, body]) => [name, `${organizerPrelude}\n${body}`]),
) as Record<OrganizerScriptName, string>;
