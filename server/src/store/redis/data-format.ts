import type { Redis } from 'ioredis';
import { NewerDataFormatError } from '../newer-data-error.ts';
import { scanKeys } from './key-layout.ts';

/**
 * The format of what the Redis store keeps under its prefix, recorded in one key,
 * `<prefix>meta:format`. Data from before the key existed is format 1. Raise it when a key's
 * shape changes and add the step below: the first node to start runs it, the others wait.
 */
export const REDIS_DATA_FORMAT = 3;

/** `steps[k]` upgrades format k + 1 to k + 2, in place; each must be safe to run again after a crash. */
const steps: ((redis: Redis, prefix: string) => Promise<void>)[] = [
  // 1 → 2: no key changed shape; from now on the format is recorded.
  async () => {},
  // 2 → 3: hash tags (key-layout.ts), so that the store runs on Redis Cluster too. Not a rolling
  // upgrade: a node of the previous version would go on writing the old names.
  async (redis, prefix) => {
    await refuseOlderNodes(redis);
    await redis.eval(TAG_KEYS, 0, prefix, `${escapeGlob(prefix)}*`);
  },
];

/**
 * Refuses to rename the keys while a node of a version before format 3 is connected (its store's
 * connection is named `agora-store`; from format 3 on the name carries the format): it would go on
 * writing the old key names. A server that refuses CLIENT LIST (some managed services) is trusted.
 */
async function refuseOlderNodes(redis: Redis): Promise<void> {
  let list: string;
  try {
    list = (await redis.client('LIST')) as string;
  } catch {
    return;
  }
  const older = list.split('\n').filter((line) => / name=agora-store( |$)/.test(line)).length;
  if (older > 0) {
    throw new Error(
      `${older} node(s) of a previous version are connected to Redis: stop every node before starting this version ` +
        '(its data format 3 renames the keys; docs/operations.md, « Upgrade »)',
    );
  }
}

const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Format 2 → 3, one atomic script on the single primary that holds format 2 (no node serves during
 * an upgrade; Redis is busy for it: 1.8 s for 100,000 keys, 10,000 of them questions, on 2 shared
 * cores at a load of 16). ARGV: prefix, its glob.
 *
 * A session's keys get its id as hash tag: `session:<id>[:…]` → `session:{<id>}[:…]`, and the keys of
 * its questions, polls and clouds, `q:<id>[:…]` → `q:{<session>}:<id>[:…]` (likewise `poll:`, `cloud:`),
 * the session read from each item's hash. The closing index becomes one sorted set per session
 * (`session:{<id>}:closing`, the sessions listed in `{g}:closing-sessions`); each author's asks are also
 * indexed per session (`session:{<id>}:asks:<author>`); the owners index `{g}:owners` is built (`q:<id>`
 * and `i:<id>` → session, `s:<id>` → edition). Every other store key goes under the edition-wide tag,
 * `<key>` → `{g}:<key>`, as does an item's key whose session is unknown (kept, never lost). Left as
 * they are: the format and migration keys (`meta:`), readiness, the failure counters and the
 * adapter's keys, which are not store data; deleted: the operation records (`op:`), which only answer
 * commands re-sent on a connection of before the upgrade, and the presence and delay boards' old keys
 * (what the stopped nodes last reported; the boards now use tagged names). Keys that already carry a
 * tag are skipped, so running it again after a stop changes nothing.
 */
const TAG_KEYS = `
local P, pattern = ARGV[1], ARGV[2]
local G = P .. '{g}:'
local keys = redis.call('KEYS', pattern)
local sessionOf, kindOf = {}, {}
local function starts(s, p) return string.sub(s, 1, #p) == p end
for _, key in ipairs(keys) do
  local rest = string.sub(key, #P + 1)
  local qid = string.match(rest, '^q:([^:{]+)$')
  if qid then sessionOf['q:' .. qid] = redis.call('HGET', key, 'sessionId') end
  local kind, id = string.match(rest, '^(%a+):([^:{]+)$')
  if (kind == 'poll' or kind == 'cloud') and id then sessionOf['i:' .. id] = redis.call('HGET', key, 'sessionId') end
end
local moved = 0
local function move(key, target)
  redis.call('RENAME', key, target)
  moved = moved + 1
end
local asks, sessions = {}, {}
for _, key in ipairs(keys) do
  local rest = string.sub(key, #P + 1)
  if string.find(rest, '{', 1, true) or starts(rest, 'meta:') or rest == 'readyz' or starts(rest, 'failures:')
    or starts(rest, 'socket.io') or rest == 'closing' then
    -- not store data, already tagged, or the closing index (below)
  elseif starts(rest, 'op:') or starts(rest, 'presence:') or starts(rest, 'delay:') then
    redis.call('DEL', key)
  else
    local sid, suffix = string.match(rest, '^session:([^:]+)(.*)$')
    if sid then
      if suffix == '' then sessions[#sessions + 1] = sid end
      move(key, P .. 'session:{' .. sid .. '}' .. suffix)
    else
      local target = nil
      local qid, qsuffix = string.match(rest, '^q:([^:]+)(.*)$')
      local kind, id, isuffix = string.match(rest, '^(%a+):([^:]+)(.*)$')
      if qid and sessionOf['q:' .. qid] then
        target = P .. 'q:{' .. sessionOf['q:' .. qid] .. '}:' .. qid .. qsuffix
      elseif (kind == 'poll' or kind == 'cloud') and sessionOf['i:' .. id] then
        target = P .. kind .. ':{' .. sessionOf['i:' .. id] .. '}:' .. id .. isuffix
      end
      local author = string.match(rest, '^author:(.+):asks$')
      if author then asks[#asks + 1] = author end
      move(key, target or (G .. rest))
    end
  end
end
for field, sid in pairs(sessionOf) do
  if sid then redis.call('HSET', G .. 'owners', field, sid) end
end
for _, sid in ipairs(sessions) do
  local s = redis.call('HMGET', P .. 'session:{' .. sid .. '}', 'editionId', 'json')
  local eid = s[1] or (s[2] and cjson.decode(s[2]).editionId)
  if eid then redis.call('HSET', G .. 'owners', 's:' .. sid, eid) end
end
for _, author in ipairs(asks) do
  local flat = redis.call('HGETALL', G .. 'author:' .. author .. ':asks')
  for i = 1, #flat, 2 do
    local sid = sessionOf['q:' .. flat[i + 1]]
    if sid then redis.call('HSET', P .. 'session:{' .. sid .. '}:asks:' .. author, flat[i], flat[i + 1]) end
  end
end
local closing = redis.call('ZRANGE', P .. 'closing', 0, -1, 'WITHSCORES')
for i = 1, #closing, 2 do
  local id = string.match(closing[i], '^%a+:(.+)$')
  local sid = id and sessionOf['i:' .. id]
  if sid then
    redis.call('ZADD', P .. 'session:{' .. sid .. '}:closing', closing[i + 1], closing[i])
    redis.call('SADD', G .. 'closing-sessions', sid)
  end
end
redis.call('DEL', P .. 'closing')
return moved
`;

const MIGRATION_LOCK_MS = 60_000;

async function hasAnyKey(redis: Redis, prefix: string): Promise<boolean> {
  return (await scanKeys(redis, `${escapeGlob(prefix)}*`)).length > 0;
}

/**
 * Run at start, before serving: reads the recorded format (none: 1 if the prefix holds data, else
 * nothing to upgrade), refuses a newer one, and runs the missing steps under a lock key so that
 * nodes starting together migrate once. Returns the format found.
 */
export async function ensureRedisDataFormat(redis: Redis, prefix: string): Promise<number> {
  const key = `${prefix}meta:format`;
  const lockKey = `${prefix}meta:migrating`;
  for (;;) {
    const recorded = await redis.get(key);
    const found =
      recorded === null ? ((await hasAnyKey(redis, prefix)) ? 1 : REDIS_DATA_FORMAT) : Number(recorded);
    if (!Number.isInteger(found) || found < 1) throw new Error(`${key} holds a bad data format: ${recorded}`);
    if (found > REDIS_DATA_FORMAT) {
      throw new NewerDataFormatError(found, REDIS_DATA_FORMAT, `Redis (prefix ${prefix})`);
    }
    if (found === REDIS_DATA_FORMAT && recorded !== null) return found;
    // The steps rename keys across slots: they run on the single primary that holds the old format.
    if (found < REDIS_DATA_FORMAT && redis.isCluster) {
      throw new Error(
        `${key}: data format ${found} cannot be upgraded on Redis Cluster; upgrade it on a single primary, then move it (docs/operations.md)`,
      );
    }
    if ((await redis.set(lockKey, String(process.pid), 'PX', MIGRATION_LOCK_MS, 'NX')) === 'OK') {
      try {
        // Read again under the lock: a node that finished migrating between our read and our lock
        // has recorded the format, and its steps must not run a second time.
        if ((await redis.get(key)) !== recorded) continue;
        for (let f = found; f < REDIS_DATA_FORMAT; f += 1)
          await (steps[f - 1] as (typeof steps)[number])(redis, prefix);
        await redis.set(key, String(REDIS_DATA_FORMAT));
        return found;
      } finally {
        await redis.del(lockKey);
      }
    }
    // Another node migrates: wait for it to record the format.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
