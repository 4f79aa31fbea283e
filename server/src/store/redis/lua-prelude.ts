import { luaKeyLayout } from './key-layout.ts';

/**
 * The helpers every script of the Redis store starts with (scripts.ts, interaction-scripts.ts): the
 * key prefix (ARGV[1]) and the key builders (key-layout.ts; KEYS[1] is the slot's anchor), refusals,
 * and the once-per-operation guard of non-idempotent writes.
 */
export const basePrelude = `
local P = ARGV[1]
${luaKeyLayout}
-- A refusal named in a rules file, which holds its text (rule-refusals.ts): 'polls.choiceCount',
-- or a bare name for questions.rules.ts; its arguments follow, separated by spaces.
local function refuse(rule, ...)
  local args = { ... }
  if #args == 0 then return { err = 'RULE ' .. rule } end
  return { err = 'RULE ' .. rule .. ' ' .. table.concat(args, ' ') }
end

-- Runs a write at most once per operation id. ioredis re-sends a command whose reply was lost with
-- the connection; for a write that already ran, the recorded reply is answered instead of applying
-- it a second time. Refusals are not recorded: they changed nothing, so evaluating again is exact.
-- The record is kept beside the anchor, in the script's slot.
local function once(opId, ttl, fn)
  if opId == '' then return fn() end
  local key = A .. ':op:' .. opId
  local done = redis.call('GET', key)
  if done then return cmsgpack.unpack(done) end
  local result = fn()
  if type(result) ~= 'table' or result.err == nil then
    redis.call('SET', key, cmsgpack.pack(result), 'EX', ttl)
  end
  return result
end

-- nil when the session admits the caller, else the refusal (admissionRefusal, shared/src/rules/
-- participation.ts): the caller's edition, and the session's policy for the action ('vote' for
-- ballots and words, 'upvote'; nil checks the edition alone) among the audiences listed (an edition
-- of '' checks nothing). Decided once per run for each (session, edition, audiences, action): a run
-- of ballots changes no session. The session's JSON is read only for a session written before
-- 'editionId' had its own field.
local admissions = {}
local function admission(sessionId, editionId, audiences, action)
  if editionId == '' then return nil end
  local asked = sessionId .. ' ' .. editionId .. ' ' .. audiences .. ' ' .. (action or '')
  local known = admissions[asked]
  if known ~= nil then return known or nil end
  local s = redis.call('HMGET', skey(sessionId), 'editionId', 'policy')
  local ed = s[1]
  if not ed then
    local json = redis.call('HGET', skey(sessionId), 'json')
    ed = json and cjson.decode(json).editionId
  end
  local refused = nil
  if ed ~= editionId or not s[2] then
    refused = refuse('session.notFound')
  elseif action then
    local allowed = cjson.decode(s[2])[action]
    if string.find(',' .. audiences .. ',', ',' .. allowed .. ',', 1, true) then
    elseif action == 'upvote' then refused = refuse('session.upvotePolicy', allowed)
    else refused = refuse('session.votePolicy', allowed) end
  end
  admissions[asked] = refused or false
  return refused
end
`;
