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
`;
