import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Progress } from '../src/common/progress.js';
import { KeyRotation } from '../src/crypto/key-rotation.js';
import { MasterKey } from '../src/crypto/master-key.js';
import { SubjectKeys } from '../src/crypto/subject-keys.js';
import { TenantDatabase } from '../src/database/tenant-database.js';
import { PersonalDataKind } from '../src/personal-data/personal-data-kind.js';
import { PersonalRecords } from '../src/personal-data/personal-records.js';
import { embeddedDataFolder } from './support/embedded-template.js';
import { freshDatabase } from './support/fresh-database.js';
import { ON_EMBEDDED } from './support/test-environment.js';
import { TestServices } from './support/test-services.js';

describe('rotating the master key', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  let t: TestServices;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let subjectIds: string[];

  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestServices.start({ ...database.overrides, RAVOT_MASTER_KEY: oldKey.toString('base64') });
    const shelter = await t.organisation(await t.networkAdmin(), { country: 'NL' });
    subjectIds = [];
    for (const name of ['Horváth', 'Nagy', 'Szabó']) subjectIds.push(await t.registerSubject(shelter, name));
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
    delete process.env.RAVOT_MASTER_KEY;
  });

  const familyNames = async (masterKey: MasterKey) => {
    const records = new PersonalRecords(new SubjectKeys(masterKey));
    const opened = await t.get(TenantDatabase).runAsOwner((manager) =>
      records.read(
        manager,
        subjectIds.map((subjectId) => ({ subjectId, referralId: null, kind: PersonalDataKind.IDENTITY })),
      ),
    );
    return [...opened.values()].map((identity) => (identity as { familyName: string }).familyName).sort();
  };

  it('re-wraps every data key, survives an interruption, and leaves the data readable with the new key alone', async () => {
    const rotating = MasterKey.fromBytes(newKey, oldKey);
    const rotation = new KeyRotation(t.get(TenantDatabase), rotating);

    // Interrupted after one batch of one: the rest still under the old key, all still readable.
    expect(await rotation.rotate({ batchSize: 1, maxBatches: 1 })).toEqual({ rewrapped: 1, remaining: 2 });
    expect(await familyNames(rotating)).toEqual(['Horváth', 'Nagy', 'Szabó']);

    // Run again: it picks up where it stopped, telling a watcher of each batch against what was left at its start.
    const heard: Progress[] = [];
    expect(await rotation.rotate({ batchSize: 1, onProgress: (progress) => heard.push(progress) })).toEqual({ rewrapped: 2, remaining: 0 });
    expect(heard).toEqual([
      { done: 1, total: 2 },
      { done: 2, total: 2 },
      { done: 2, total: 2 }, // the last, empty batch that finds nothing left
    ]);
    expect(await rotation.rotate()).toEqual({ rewrapped: 0, remaining: 0 });

    expect(await familyNames(MasterKey.fromBytes(newKey))).toEqual(['Horváth', 'Nagy', 'Szabó']);
    await expect(familyNames(MasterKey.fromBytes(oldKey))).rejects.toThrow(/master key this service does not have/);
    const fingerprints = await t.dataSource.query('SELECT DISTINCT master_key_fingerprint AS f FROM subject_keys');
    expect(fingerprints).toEqual([{ f: MasterKey.fromBytes(newKey).fingerprint }]);
  });
});

/**
 * The database records which master keys wrap its data keys. A start with another key stops; a start with a new key
 * and the old one as the previous key begins a rotation; once the rotation is through, the new key alone starts it
 * and the old one no longer does.
 */
describe('the master key check at start', () => {
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let folder: string | null = null;
  let overrides: Record<string, string>;

  beforeAll(async () => {
    database = await freshDatabase();
    // The embedded database must outlive one start: a folder, not memory.
    folder = ON_EMBEDDED ? await embeddedDataFolder() : null;
    overrides = folder ? { RAVOT_DATA_DIR: folder } : database.overrides;
  });
  afterAll(async () => {
    delete process.env.RAVOT_MASTER_KEY;
    delete process.env.RAVOT_PREVIOUS_MASTER_KEY;
    await database.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Starts the service with these keys and closes it again; the error that stopped it, or null. */
  async function startWith(current: string, previous?: string, work?: (t: TestServices) => Promise<void>): Promise<Error | null> {
    delete process.env.RAVOT_PREVIOUS_MASTER_KEY;
    const keys = { RAVOT_MASTER_KEY: current, ...(previous ? { RAVOT_PREVIOUS_MASTER_KEY: previous } : {}) };
    try {
      const t = await TestServices.start({ ...overrides, ...keys });
      try {
        await work?.(t);
      } finally {
        await t.close();
      }
      return null;
    } catch (error) {
      return error as Error;
    } finally {
      delete process.env.RAVOT_PREVIOUS_MASTER_KEY;
    }
  }
  const recorded = (t: TestServices) =>
    t.dataSource.query('SELECT fingerprints FROM master_key_check').then((rows) => rows[0].fingerprints);
  const fingerprint = (key: string) => MasterKey.fromBytes(Buffer.from(key, 'base64')).fingerprint;

  it('stops a start with another key, follows a rotation, and then refuses the old key', async () => {
    expect(
      await startWith(oldKey, undefined, async (t) => {
        await t.registerSubject(await t.organisation(await t.networkAdmin(), { country: 'NL' }));
        expect(await recorded(t)).toEqual([fingerprint(oldKey)]);
      }),
    ).toBeNull();

    const refused = await startWith(newKey);
    expect(refused?.message).toMatch(/does not match this database/);
    expect(refused?.message).toContain(fingerprint(oldKey));
    expect(refused?.message).not.toContain(newKey);

    expect(
      await startWith(newKey, oldKey, async (t) => {
        expect(await recorded(t)).toEqual([fingerprint(newKey), fingerprint(oldKey)]);
        expect(await t.get(KeyRotation).rotate()).toEqual({ rewrapped: 1, remaining: 0 });
        expect(await recorded(t)).toEqual([fingerprint(newKey)]);
      }),
    ).toBeNull();

    expect(await startWith(newKey)).toBeNull();
    expect((await startWith(oldKey))?.message).toMatch(/does not match this database/);
  }, 120_000);
});
