import type { Redis } from 'ioredis';
import {
  contentOrder,
  type ContactRecord,
  type ContentStore,
  type DocumentRecord,
  type PartnerRecord,
} from '../../modules/documents/documents.store.ts';
import { contentRefusals } from '../../modules/documents/documents.rules.ts';
import { putRevised } from './optimistic-write.ts';
import type { ScriptRunner } from './script-runner.ts';

// The record writes are compare-and-sets by revision (`putRevised`, optimistic-write.ts); the
// others are one script each, so a partner and its contacts change together. A script answers a
// refusal's name (`NO_PARTNER`), which `run` turns into the rules' error: the texts live in
// documents.rules.ts only.
const DELETE = `
local p, kind, id = ARGV[1], ARGV[2], ARGV[3]
local key = p .. 'content:' .. kind .. ':' .. id
local current = redis.call('GET', key)
if not current then return false end
local record = cjson.decode(current)
redis.call('DEL', key)
redis.call('SREM', p .. 'content:edition:' .. record.editionId .. ':' .. kind, id)
if kind == 'partner' then
  local contacts = p .. 'content:contacts:' .. id
  for _, participant in ipairs(redis.call('HKEYS', contacts)) do
    redis.call('SREM', p .. 'content:edition:' .. record.editionId .. ':mine:' .. participant, id)
  end
  redis.call('DEL', contacts)
end
return current`;

const CONTACT_PUT = `
local p, partner, ed, participant, json = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if redis.call('EXISTS', p .. 'content:partner:' .. partner) == 0 then return redis.error_reply('NO_PARTNER') end
redis.call('HSET', p .. 'content:contacts:' .. partner, participant, json)
redis.call('SADD', p .. 'content:edition:' .. ed .. ':mine:' .. participant, partner)
return 1`;

const CONTACT_DELETE = `
local p, partner, participant = ARGV[1], ARGV[2], ARGV[3]
local json = redis.call('HGET', p .. 'content:contacts:' .. partner, participant)
if not json then return 0 end
redis.call('HDEL', p .. 'content:contacts:' .. partner, participant)
redis.call('SREM', p .. 'content:edition:' .. cjson.decode(json).editionId .. ':mine:' .. participant, partner)
return 1`;

const CONTACT_ERASE = `
local p, ed, participant = ARGV[1], ARGV[2], ARGV[3]
local mine = p .. 'content:edition:' .. ed .. ':mine:' .. participant
local partners = redis.call('SMEMBERS', mine)
for _, partner in ipairs(partners) do redis.call('HDEL', p .. 'content:contacts:' .. partner, participant) end
redis.call('DEL', mine)
return #partners`;

const scripts = {
  agoraContentDelete: DELETE,
  agoraContactPut: CONTACT_PUT,
  agoraContactDelete: CONTACT_DELETE,
  agoraContactErase: CONTACT_ERASE,
} as const;
type Commands = Record<keyof typeof scripts, (...args: (string | number)[]) => Promise<unknown>>;

function refusal(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('NO_PARTNER')) return contentRefusals.notFound('partner');
  return error;
}

/** The documents part of the Redis store, on the store's own connection and prefix. */
export class RedisContentStore implements ContentStore {
  private readonly redis: Redis & Commands;

  private readonly prefix: string;

  constructor(private readonly runner: ScriptRunner) {
    const redis: Redis = runner.redis;
    for (const [name, lua] of Object.entries(scripts)) redis.defineCommand(name, { numberOfKeys: 1, lua });
    this.redis = redis as Redis & Commands;
    // Every content key is in the edition-wide slot (key-layout.ts): the scripts' prefix includes its tag.
    this.prefix = runner.keys.global('');
  }

  private key(...parts: string[]): string {
    return `${this.prefix}content:${parts.join(':')}`;
  }

  private async run<T>(name: keyof typeof scripts, ...args: (string | number)[]): Promise<T> {
    try {
      return (await this.redis[name](this.runner.keys.globalAnchor, this.prefix, ...args)) as T;
    } catch (error) {
      throw refusal(error);
    }
  }

  private async list<T>(kind: 'document' | 'partner', editionId: string): Promise<T[]> {
    const ids = await this.redis.smembers(this.key('edition', editionId, kind));
    if (ids.length === 0) return [];
    const jsons = await this.redis.mget(ids.map((id) => this.key(kind, id)));
    return jsons.filter((j): j is string => j !== null).map((j) => JSON.parse(j) as T);
  }

  private async get<T>(kind: 'document' | 'partner', id: string): Promise<T | null> {
    const json = await this.redis.get(this.key(kind, id));
    return json ? (JSON.parse(json) as T) : null;
  }

  /** A document or partner, by its revision, in an edition that exists. */
  private async put<T extends { id: string; editionId: string }>(
    kind: 'document' | 'partner',
    record: T,
    expectedRev: number,
  ): Promise<T> {
    const json = JSON.stringify(record);
    await putRevised(
      this.runner,
      {
        anchor: this.runner.keys.globalAnchor,
        owner: ['HEXISTS', `${this.prefix}editions`, record.editionId],
        key: this.key(kind, record.id),
        json,
        expectedRev,
        index: [this.key('edition', record.editionId, kind), record.id],
      },
      { missing: () => contentRefusals.notFound('edition'), stale: () => contentRefusals.stale(kind) },
    );
    return JSON.parse(json) as T;
  }

  putDocument(document: DocumentRecord, expectedRev: number): Promise<DocumentRecord> {
    return this.put('document', document, expectedRev);
  }
  getDocument(id: string): Promise<DocumentRecord | null> {
    return this.get('document', id);
  }
  async listDocuments(editionId: string): Promise<DocumentRecord[]> {
    return (await this.list<DocumentRecord>('document', editionId)).sort(contentOrder.documents);
  }
  async deleteDocument(id: string): Promise<DocumentRecord | null> {
    const json = await this.run<string | null>('agoraContentDelete', 'document', id);
    return json ? (JSON.parse(json) as DocumentRecord) : null;
  }

  putPartner(partner: PartnerRecord, expectedRev: number): Promise<PartnerRecord> {
    return this.put('partner', partner, expectedRev);
  }
  getPartner(id: string): Promise<PartnerRecord | null> {
    return this.get('partner', id);
  }
  async listPartners(editionId: string): Promise<PartnerRecord[]> {
    return (await this.list<PartnerRecord>('partner', editionId)).sort(contentOrder.partners);
  }
  async deletePartner(id: string): Promise<PartnerRecord | null> {
    const json = await this.run<string | null>('agoraContentDelete', 'partner', id);
    return json ? (JSON.parse(json) as PartnerRecord) : null;
  }

  async putContact(contact: ContactRecord): Promise<void> {
    await this.run(
      'agoraContactPut',
      contact.partnerId,
      contact.editionId,
      contact.participantId,
      JSON.stringify(contact),
    );
  }
  async deleteContact(partnerId: string, participantId: string): Promise<boolean> {
    return (await this.run<number>('agoraContactDelete', partnerId, participantId)) === 1;
  }
  async listContacts(partnerId: string): Promise<ContactRecord[]> {
    const all = await this.redis.hvals(this.key('contacts', partnerId));
    return all.map((j) => JSON.parse(j) as ContactRecord).sort((a, b) => a.at - b.at);
  }
  async listMyContacts(editionId: string, participantId: string): Promise<string[]> {
    return (await this.redis.smembers(this.key('edition', editionId, 'mine', participantId))).sort();
  }
  eraseContacts(editionId: string, participantId: string): Promise<number> {
    return this.run('agoraContactErase', editionId, participantId);
  }
  async count(editionId: string, counter: string): Promise<void> {
    await this.redis.hincrby(this.key('edition', editionId, 'counts'), counter, 1);
  }
  async counts(editionId: string): Promise<Record<string, number>> {
    const all = await this.redis.hgetall(this.key('edition', editionId, 'counts'));
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, Number(v)]));
  }
}
