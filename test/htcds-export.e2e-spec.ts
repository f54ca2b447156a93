import { parse } from 'csv-parse/sync';
import { HTCDS_COLUMNS } from '../src/exchange/htcds/htcds-case.js';
import { schemaAt, schemaErrors } from './support/json-schemas.js';
import { createDraft, draftInput, MOVE, network, Network, recordConsent, registerSubject } from './support/referral-fixtures.js';
import { TestApp, unique } from './support/test-app.js';

const validate = schemaAt('docs/schemas/htcds-export.schema.json');
const WITHDRAW = 'mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { consent { status } } }';
const ERASE = 'mutation($input: EraseSubjectInput!) { eraseSubject(input: $input) { subject { erasedAt } } }';

type HtcdsCase = Record<string, unknown>;

describe('the HTCDS case export', () => {
  let t: TestApp;
  let n: Network;

  beforeAll(async () => {
    t = await TestApp.start();
    n = await network(t);
  });
  afterAll(() => t.close());

  /** A referral from the Dutch shelter to the Hungarian NGO about a person of this family name, submitted. */
  async function referral(familyName: string) {
    const subjectId = await registerSubject(t, n.nlWorker, familyName);
    const consentId = await recordConsent(t, n.nlWorker, subjectId, { recipientOrganisationIds: [n.hu.organisationId] });
    const draft = await createDraft(t, n.nlWorker, draftInput(subjectId, consentId, n.hu.organisationId));
    const submitted = await t.gql(n.nlWorker.token, MOVE('submitReferral', 'SubmitReferralInput'), {
      input: { referralId: draft.id, expectedVersion: draft.version },
    });
    const reference = (await t.dataSource.query('SELECT reference FROM referrals WHERE id = $1', [draft.id]))[0].reference as string;
    return { subjectId, consentId, referralId: draft.id, reference, version: submitted.data.submitReferral?.referral.version as number };
  }

  async function exported(token: string): Promise<{ body: { cases: HtcdsCase[] }; text: string }> {
    const response = await t.http.get('/exports/htcds.json').set('authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    // Personal data: no cache on the way may keep it.
    expect(response.headers['cache-control']).toBe('no-store');
    const valid = validate(response.body);
    expect(schemaErrors(validate)).toEqual([]);
    expect(valid).toBe(true);
    return { body: response.body, text: response.text };
  }

  const caseOf = (cases: HtcdsCase[], reference: string) => cases.find((c) => c.ext_CaseReference === reference);

  it('gives both parties the case in HTCDS fields, schema-valid, with keyed pseudonyms instead of the ids', async () => {
    const familyName = unique('Kovács');
    const sent = await referral(familyName);
    await t.gql(n.huWorker.token, MOVE('acceptReferral', 'AcceptReferralInput'), {
      input: { referralId: sent.referralId, expectedVersion: sent.version },
    });

    const sender = await exported(n.nlWorker.token);
    const outgoing = caseOf(sender.body.cases, sent.reference);
    expect(outgoing).toMatchObject({
      ext_Direction: 'OUTGOING',
      ext_ReferralStatus: 'ACCEPTED',
      cas_Status: 'Active',
      cas_ReferringOrganisation: await nameOf(n.nl.organisationId),
      cas_ReferredOrganisation: await nameOf(n.hu.organisationId),
      org_ShippingCountry: 'NL',
      ext_ReferredCountry: 'HU',
      con_Consent: true,
      ext_PersonalDataWithheld: null,
      prs_FirstName: 'Szilvia',
      prs_SecondName: familyName,
      prs_Birthdate: '1994-07-12',
      prs_Gender: 'Feminine',
      prs_Citizenship: 'HU',
      prs_PrimaryLanguage: 'hu',
      vic_TypeOfExploitation: ['ForcedLabour'],
    });
    expect(outgoing!.cas_OutgoingReferralDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const id of [sent.subjectId, sent.referralId]) expect(sender.text).not.toContain(id);

    const receiver = await exported(n.huWorker.token);
    const incoming = caseOf(receiver.body.cases, sent.reference);
    expect(incoming).toMatchObject({ ext_Direction: 'INCOMING', prs_SecondName: familyName, vic_TypeOfExploitation: ['ForcedLabour'] });
    expect(incoming!.cas_IncomingReferralDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // One pseudonym per person and organisation: the same in the next export, another in the partner's.
    expect(caseOf((await exported(n.nlWorker.token)).body.cases, sent.reference)!.ext_PersonPseudonym).toBe(outgoing!.ext_PersonPseudonym);
    expect(incoming!.ext_PersonPseudonym).not.toBe(outgoing!.ext_PersonPseudonym);
    expect(incoming!.ext_CaseId).not.toBe(outgoing!.ext_CaseId);
  });

  it('pages the export, with the count and the next page in headers, and refuses a page size out of range', async () => {
    for (const name of [unique('Lapozó'), unique('Lapozó')]) await referral(name);
    const all = (await exported(n.nlWorker.token)).body.cases;
    const get = (query: string) => t.http.get(`/exports/htcds.json?${query}`).set('authorization', `Bearer ${n.nlWorker.token}`);

    const first = await get('per_page=1');
    expect(first.body).toMatchObject({ page: 1, perPage: 1, totalCases: all.length, totalPages: all.length });
    expect(first.headers['x-total-count']).toBe(String(all.length));
    expect(first.headers.link).toBe('</exports/htcds.json?page=2&per_page=1>; rel="next"');
    const second = await get('page=2&per_page=1');
    expect([...first.body.cases, ...second.body.cases]).toEqual(all.slice(0, 2));
    const last = await get(`page=${all.length}&per_page=1`);
    expect(last.body.cases).toEqual(all.slice(-1));
    expect(last.headers.link).toBeUndefined();
    const csv = await t.http.get('/exports/htcds.csv?per_page=1').set('authorization', `Bearer ${n.nlWorker.token}`);
    expect(csv.headers.link).toBe('</exports/htcds.csv?page=2&per_page=1>; rel="next"');

    for (const query of ['per_page=1001', 'per_page=0', 'page=x']) {
      const refused = await get(query);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/must be a whole number from 1 to/) });
    }
  });

  it("shows a foreign organisation none of the others' cases", async () => {
    const familyName = unique('Horváth');
    const sent = await referral(familyName);
    const foreign = await exported(n.bgWorker.token);
    expect(foreign.body.cases).toEqual([]);
    for (const leak of [familyName, sent.reference, await nameOf(n.nl.organisationId), await nameOf(n.hu.organisationId)])
      expect(foreign.text).not.toContain(leak);
  });

  it("withholds the person's fields from the receiver once consent is withdrawn, and from everyone once erased", async () => {
    const familyName = unique('Withdrawn');
    const sent = await referral(familyName);
    expect(
      (await t.gql(n.nlWorker.token, WITHDRAW, { input: { consentId: sent.consentId, reason: 'Changed her mind' } })).errorCodes,
    ).toEqual([]);

    const receiver = await exported(n.huWorker.token);
    const pseudonymOnly = receiver.body.cases.find(
      (c) => c.ext_Direction === 'INCOMING' && c.ext_PersonalDataWithheld === 'CONSENT_WITHDRAWN',
    );
    expect(pseudonymOnly).toMatchObject({
      ext_ReferralStatus: 'CONSENT_WITHDRAWN',
      ext_CaseReference: null,
      con_Consent: false,
      prs_FirstName: null,
      prs_SecondName: null,
      prs_Birthdate: null,
      prs_Gender: null,
      prs_Citizenship: null,
      vic_TypeOfExploitation: null,
    });
    expect(pseudonymOnly!.ext_PersonPseudonym).toMatch(/^P-/);
    // The schema itself refuses a withheld case that carries a name.
    expect(validate({ ...receiver.body, cases: [{ ...pseudonymOnly, prs_SecondName: familyName }] })).toBe(false);
    expect(receiver.text).not.toContain(familyName);
    const csv = await t.http.get('/exports/htcds.csv').set('authorization', `Bearer ${n.huWorker.token}`);
    expect(csv.text).not.toContain(familyName);

    // The owner still reads its own person, until it erases them.
    expect(caseOf((await exported(n.nlWorker.token)).body.cases, sent.reference)).toMatchObject({ prs_SecondName: familyName });
    expect(
      (await t.gql(n.nlWorker.token, ERASE, { input: { subjectId: sent.subjectId, reason: 'Request of the person' } })).errorCodes,
    ).toEqual([]);
    const owner = await exported(n.nlWorker.token);
    expect(owner.text).not.toContain(familyName);
    expect(owner.body.cases.filter((c) => c.ext_PersonalDataWithheld === 'ERASED')).toHaveLength(1);
  });

  it('answers CSV with the HTCDS columns, one row per case, and defuses cells a spreadsheet would run as formulas', async () => {
    const sent = await referral('=HYPERLINK("http://evil.example")');
    const response = await t.http.get('/exports/htcds.csv').set('authorization', `Bearer ${n.nlWorker.token}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('htcds-cases.csv');
    expect(response.headers['cache-control']).toBe('no-store');
    const rows: Record<string, string>[] = parse(response.text, { bom: true, columns: true });
    expect(Object.keys(rows[0])).toEqual(HTCDS_COLUMNS);
    const json = await exported(n.nlWorker.token);
    expect(rows).toHaveLength(json.body.cases.length);
    const row = rows.find((r) => r.ext_CaseReference === sent.reference)!;
    expect(row.prs_SecondName).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(row.vic_TypeOfExploitation).toBe('ForcedLabour');
    expect(row.con_Consent).toBe('true');
  });

  it('refuses other roles and callers without a token with a stable code, and exports nothing for them', async () => {
    const analyst = await t.member(n.nl, ['ANALYST']);
    const before = await auditCount(n.nl.organisationId);
    for (const [token, status, code] of [
      [n.nl.token, 403, 'FORBIDDEN'],
      [analyst.token, 403, 'FORBIDDEN'],
      ['not-a-token', 401, 'UNAUTHENTICATED'],
    ] as const) {
      for (const path of ['/exports/htcds.json', '/exports/htcds.csv']) {
        const response = await t.http.get(path).set('authorization', `Bearer ${token}`);
        expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status, code });
        expect(response.body.message).toEqual(expect.any(String));
        expect(response.text).not.toContain('cases');
      }
    }
    const anonymous = await t.http.get('/exports/htcds.json');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(await auditCount(n.nl.organisationId)).toBe(before);
  });

  it('audits each export as one event that names the organisation and no person, besides the logged reads', async () => {
    const sent = await referral(unique('Audited'));
    const before = await auditCount(n.nl.organisationId);
    await exported(n.nlWorker.token);
    const events = await t.dataSource.query(
      `SELECT action, entity, entity_id, referral_id, actor_member_id FROM audit_events
       WHERE organisation_id = $1 ORDER BY sequence DESC LIMIT 1`,
      [n.nl.organisationId],
    );
    expect(events).toEqual([
      {
        action: 'exchange.htcds_export.json',
        entity: 'organisation',
        entity_id: n.nl.organisationId,
        referral_id: null,
        actor_member_id: n.nlWorker.memberId,
      },
    ]);
    expect(await auditCount(n.nl.organisationId)).toBeGreaterThan(before);
    const reads = await t.dataSource.query(
      `SELECT count(*)::int AS reads FROM audit_events WHERE organisation_id = $1 AND action = 'personal_data.read' AND referral_id = $2`,
      [n.nl.organisationId, sent.referralId],
    );
    expect(reads[0].reads).toBeGreaterThan(0);
  });

  async function nameOf(organisationId: string): Promise<string> {
    return (await t.dataSource.query('SELECT name FROM organisations WHERE id = $1', [organisationId]))[0].name;
  }

  async function auditCount(organisationId: string): Promise<number> {
    const [row] = await t.dataSource.query('SELECT count(*)::int AS events FROM audit_events WHERE organisation_id = $1', [organisationId]);
    return row.events;
  }
});
