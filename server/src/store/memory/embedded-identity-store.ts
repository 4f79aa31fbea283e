import type { Role } from '@agora/shared';
import type {
  CodeRecord,
  IdentityStore,
  ModeratorRecord,
  PrincipalRecord,
  RegistrantRecord,
  ScreenRecord,
} from '../../modules/identity/identity.store.ts';
import { principalKey } from './identity-state.ts';
import type { Journaled } from './journaled.ts';

/** Principals and codes of the embedded store: reads from the state, writes through the journal. */
export class EmbeddedIdentityStore implements IdentityStore {
  constructor(private readonly j: Journaled) {}

  async putRegistrant(registrant: RegistrantRecord): Promise<void> {
    await this.j.commit({ t: 'registrant', registrant });
  }
  async putModerator(moderator: ModeratorRecord): Promise<void> {
    await this.j.commit({ t: 'moderator', moderator });
  }
  async putScreen(screen: ScreenRecord): Promise<void> {
    await this.j.commit({ t: 'screen', screen });
  }
  async getPrincipal(role: Role, id: string): Promise<PrincipalRecord | null> {
    const p = this.j.state().principals.get(principalKey(role, id));
    return p ? { ...p } : null;
  }
  async putCode(code: CodeRecord): Promise<void> {
    await this.j.commit({ t: 'code', code });
  }
  async findCode(hash: string): Promise<CodeRecord | null> {
    const c = this.j.state().codes.get(hash);
    return c ? { ...c } : null;
  }
  revokeCodes(role: Role, principalId: string): Promise<number> {
    return this.j.commit({ t: 'revoke', role, principalId });
  }
  erasePrincipal(role: Role, editionId: string, principalId: string): Promise<number> {
    return this.j.commit({ t: 'erase-principal', role, editionId, principalId });
  }
}
