import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attendanceContract } from '../../../../tests/support/store-contract/attendance.contract.ts';
import { contentContract } from '../../../../tests/support/store-contract/content.contract.ts';
import { organizerContract } from '../../../../tests/support/store-contract/organizer.contract.ts';
import { privacyContract } from '../../../../tests/support/store-contract/privacy.contract.ts';
import type { StoreFactory } from '../../../../tests/support/store-contract/store.contract.ts';
import { watchContract } from '../../../../tests/support/store-contract/watch.contract.ts';
import type { Store } from '../store.ts';
import { EmbeddedStore } from './embedded-store.ts';

let dir = '';
const factory: StoreFactory = {
  async open() {
    dir = mkdtempSync(join(tmpdir(), 'agora-org-'));
    return EmbeddedStore.open({ dataDir: dir });
  },
  async reopen(store: Store) {
    await store.close();
    return EmbeddedStore.open({ dataDir: dir });
  },
  async cleanup() {
    rmSync(dir, { recursive: true, force: true });
  },
};

organizerContract('embedded', factory);
privacyContract('embedded', factory);
contentContract('embedded', factory);
watchContract('embedded', factory);
attendanceContract('embedded', factory);
