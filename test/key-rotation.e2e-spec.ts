import { randomBytes } from 'node:crypto';
import { KeyRotation } from '../src/crypto/key-rotation.js';
import { MasterKey } from '../src/crypto/master-key.js';
import { SubjectKeys } from '../src/crypto/subject-keys.js';
import { TenantDatabase } from '../src/database/tenant-database.js';
import { PersonalDataKind } from '../src/subjects/personal-data-kind.js';
import { PersonalRecords } from '../src/subjects/personal-records.js';
import { freshDatabase } from './support/fresh-database.js';
import { network, registerSubject } from './support/referral-fixtures.js';
import { TestApp } from './support/test-app.js';

describe('rotating the master key', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  let t: TestApp;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let subjectIds: string[];

  beforeAll(async () => {
    database = await freshDatabase();
    t = await TestApp.start({ ...database.overrides, RAVOT_MASTER_KEY: oldKey.toString('base64') });
    const n = await network(t);
    subjectIds = [];
    for (const name of ['Horváth', 'Nagy', 'Szabó']) subjectIds.push(await registerSubject(t, n.nlWorker, name));
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
    delete process.env.RAVOT_MASTER_KEY;
  });

  const familyNames = async (masterKey: MasterKey) => {
    const records = new PersonalRecords(new SubjectKeys(masterKey));
    const opened = await t.app.get(TenantDatabase).runAsOwner((manager) =>
      records.read(
        manager,
        subjectIds.map((subjectId) => ({ subjectId, referralId: null, kind: PersonalDataKind.IDENTITY })),
      ),
    );
    return [...opened.values()].map((identity) => (identity as { familyName: string }).familyName).sort();
  };

  it('re-wraps every data key, survives an interruption, and leaves the data readable with the new key alone', async () => {
    const rotating = MasterKey.fromBytes(newKey, oldKey);
    const rotation = new KeyRotation(t.app.get(TenantDatabase), rotating);

    // Interrupted after one batch of one: the rest still under the old key, all still readable.
    expect(await rotation.rotate({ batchSize: 1, maxBatches: 1 })).toEqual({ rewrapped: 1, remaining: 2 });
    expect(await familyNames(rotating)).toEqual(['Horváth', 'Nagy', 'Szabó']);

    // Run again: it picks up where it stopped.
    expect(await rotation.rotate({ batchSize: 1 })).toEqual({ rewrapped: 2, remaining: 0 });
    expect(await rotation.rotate()).toEqual({ rewrapped: 0, remaining: 0 });

    expect(await familyNames(MasterKey.fromBytes(newKey))).toEqual(['Horváth', 'Nagy', 'Szabó']);
    await expect(familyNames(MasterKey.fromBytes(oldKey))).rejects.toThrow(/master key this service does not have/);
    const fingerprints = await t.dataSource.query('SELECT DISTINCT master_key_fingerprint AS f FROM subject_keys');
    expect(fingerprints).toEqual([{ f: MasterKey.fromBytes(newKey).fingerprint }]);
  });
});
