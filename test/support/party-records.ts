import { randomUUID } from 'node:crypto';
import { Role } from '../../src/auth/role.js';
import { NetworkBootstrapService } from '../../src/organisations/network-bootstrap.service.js';
import type { RecordKind } from '../authorization-matrix.js';
import { createDraft, draftInput, MOVE, recordConsent, registerSubject } from './referral-fixtures.js';
import { Party, TestApp, unique } from './test-app.js';

/** An organisation with one member for each single role, NETWORK_ADMIN included. */
export interface PartyOrganisation {
  organisationId: string;
  founder: Party;
  as: Record<Role, Party>;
}

/** A record, the ids of everything it consists of, and the three organisations it is seen from. */
export interface PartyRecord {
  id: string;
  version?: number;
  consentId?: string;
  receiverId?: string;
  /** The record's id and those of its parts (subject, consent, referral): what "nothing changed" watches. */
  ids: string[];
  owner: PartyOrganisation;
  counterpart: PartyOrganisation;
  third: PartyOrganisation;
}

/**
 * Founded the way the secretariat is (its first member holds NETWORK_ADMIN and
 * ORG_ADMIN), since only a network admin gives the network's role to a colleague.
 */
export async function partyOrganisation(t: TestApp, country: string): Promise<PartyOrganisation> {
  const created = await t.app.get(NetworkBootstrapService).createAdministration({
    name: unique(`Party ${country}`),
    country,
    adminName: 'Founder',
    adminEmail: `${randomUUID()}@party.example`,
  });
  const founder = { organisationId: created.organisation.id, memberId: created.firstAdmin.id, token: created.firstAdminToken.token };
  const as = {} as Record<Role, Party>;
  for (const role of Object.values(Role)) as[role] = await t.member(founder, [role]);
  return { organisationId: founder.organisationId, founder, as };
}

export const today = () => new Date().toISOString().slice(0, 10);
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const FOLLOW_UP_REPORT = {
  economicScore: 3,
  socialScore: 4,
  psychosocialScore: 3,
  safetyLevel: 'LOW',
  narrative: 'Visited at home; she works in a bakery.',
  reintegrationPlan: 'Housing first, then vocational training.',
};

async function call(t: TestApp, token: string, query: string, variables: Record<string, unknown>) {
  const result = await t.gql(token, query, variables);
  if (result.errorCodes.length > 0) throw new Error(`Setting up a record failed: ${JSON.stringify(result.body.errors)}`);
  return result.data;
}

/** Builds records of every kind the table names, between the sender nl, the receiver hu and the uninvolved bg. */
export class PartyRecords {
  constructor(
    private readonly t: TestApp,
    private readonly nl: PartyOrganisation,
    private readonly hu: PartyOrganisation,
    private readonly bg: PartyOrganisation,
  ) {}

  build(kind: RecordKind): Promise<PartyRecord> {
    return this.builders[kind]();
  }

  private readonly builders: Record<RecordKind, () => Promise<PartyRecord>> = {
    'draft referral': () => this.referral('DRAFT'),
    'cancelled draft referral': () => this.stoppedDraft('cancelReferral', 'CancelReferralInput', { reason: 'She chose to stay' }),
    'withdrawn draft referral': () => this.stoppedDraft('withdrawConsent', 'WithdrawConsentInput', { reason: 'She changed her mind' }),
    'submitted referral': () => this.referral('SUBMITTED'),
    'accepted referral': () => this.referral('ACCEPTED'),
    'returned referral': () => this.referral('RETURNED'),
    'follow-up': () => this.followUp(false),
    'reported follow-up': () => this.followUp(true),
    subject: async () => {
      const referral = await this.referral('SUBMITTED');
      return { ...referral, id: referral.ids[1] };
    },
    consent: async () => {
      const referral = await this.referral('SUBMITTED');
      return { ...referral, id: referral.consentId! };
    },
    member: async () => {
      const id = await this.member();
      return this.ofNl({ id, ids: [id] });
    },
    token: async () => {
      const memberId = await this.member();
      const issued = await call(
        this.t,
        this.nl.founder.token,
        'mutation($input: IssueTokenInput!) { issueToken(input: $input) { apiToken { id } } }',
        {
          input: { memberId, name: 'laptop' },
        },
      );
      const id = issued.issueToken.apiToken.id;
      return this.ofNl({ id, ids: [id, memberId] });
    },
    'draft practice': () => this.practice([]),
    'published practice': () => this.practice(['publishPractice']),
    'archived practice': () => this.practice(['publishPractice', 'archivePractice']),
    'endorsed practice': async () => {
      const practice = await this.practice(['publishPractice']);
      for (const endorser of [this.hu, this.bg]) {
        await call(
          this.t,
          endorser.as.PRACTICE_EDITOR.token,
          'mutation($id: ID!) { endorsePractice(input: { practiceId: $id }) { practice { id } } }',
          {
            id: practice.id,
          },
        );
      }
      return practice;
    },
    meeting: async () => {
      const created = await call(
        this.t,
        this.nl.as.PRACTICE_EDITOR.token,
        'mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }',
        {
          input: {
            title: unique('Expert meeting on safe return'),
            country: 'NL',
            city: 'Utrecht',
            startsOn: inDays(30),
            endsOn: inDays(31),
            participants: [{ organisationId: this.hu.organisationId }],
          },
        },
      );
      return this.ofNl({ id: created.createMeeting?.meeting.id, ids: [created.createMeeting?.meeting.id] });
    },
    'webhook endpoint': async () => {
      const id = await this.webhookEndpoint();
      return this.ofNl({ id, ids: [id] });
    },
    'webhook delivery': async () => {
      const endpointId = await this.webhookEndpoint();
      // A delivery as the dispatcher makes it (running the dispatcher here would take other suites' deliveries).
      const [{ id }] = await this.t.dataSource.query(
        `INSERT INTO webhook_deliveries (organisation_id, endpoint_id, event_id, event_type, event_position, status, attempts, created_at)
         VALUES ($1, $2, gen_random_uuid(), 'PRACTICE_PUBLISHED', 0, 'FAILED', 8, now()) RETURNING id`,
        [this.nl.organisationId, endpointId],
      );
      return this.ofNl({ id, ids: [id, endpointId] });
    },
    organisation: () => this.organisation(false),
    'suspended organisation': () => this.organisation(true),
  };

  /** A referral from nl to hu, moved as far as `status`. */
  private async referral(status: 'DRAFT' | 'SUBMITTED' | 'ACCEPTED' | 'RETURNED'): Promise<PartyRecord> {
    const sender = this.nl.as.CASE_WORKER;
    const receiver = this.hu.as.CASE_WORKER;
    const subjectId = await registerSubject(this.t, sender);
    const consentId = await recordConsent(this.t, sender, subjectId, { recipientOrganisationIds: [this.hu.organisationId] });
    const draft = await createDraft(this.t, sender, draftInput(subjectId, consentId, this.hu.organisationId));
    let version = draft.version;
    const steps: [Party, string, string, Record<string, unknown>][] = [
      [sender, 'submitReferral', 'SubmitReferralInput', {}],
      [receiver, 'acceptReferral', 'AcceptReferralInput', {}],
      [receiver, 'recordArrival', 'RecordArrivalInput', { arrivedOn: today() }],
    ];
    for (const [who, mutation, inputType, extra] of steps.slice(0, ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED'].indexOf(status))) {
      const moved = await call(this.t, who.token, MOVE(mutation, inputType), {
        input: { referralId: draft.id, expectedVersion: version, ...extra },
      });
      version = moved[mutation].referral.version;
    }
    return {
      id: draft.id,
      version,
      consentId,
      receiverId: this.hu.organisationId,
      ids: [draft.id, subjectId, consentId],
      owner: this.nl,
      counterpart: this.hu,
      third: this.bg,
    };
  }

  /** A draft that never reached the receiver: cancelled by the sender, or stopped when the person withdrew consent. */
  private async stoppedDraft(mutation: string, inputType: string, extra: Record<string, unknown>): Promise<PartyRecord> {
    const draft = await this.referral('DRAFT');
    const input =
      mutation === 'withdrawConsent'
        ? { consentId: draft.consentId, ...extra }
        : { referralId: draft.id, expectedVersion: draft.version, ...extra };
    await call(this.t, this.nl.as.CASE_WORKER.token, `mutation($input: ${inputType}!) { ${mutation}(input: $input) { __typename } }`, {
      input,
    });
    return { ...draft, version: draft.version! + 1 };
  }

  /** The first follow-up of a returned referral: the receiver's to report, so hu owns it. */
  private async followUp(reported: boolean): Promise<PartyRecord> {
    const referral = await this.referral('RETURNED');
    const read = await call(this.t, this.hu.as.CASE_WORKER.token, 'query($id: ID!) { referral(id: $id) { followUps { id } } }', {
      id: referral.id,
    });
    const id = read.referral.followUps[0].id;
    if (reported) {
      await call(
        this.t,
        this.hu.as.CASE_WORKER.token,
        'mutation($input: SubmitFollowUpInput!) { submitFollowUp(input: $input) { followUp { id } } }',
        {
          input: { followUpId: id, report: FOLLOW_UP_REPORT },
        },
      );
    }
    return { id, ids: [id, ...referral.ids], owner: this.hu, counterpart: this.nl, third: this.bg };
  }

  private async webhookEndpoint(): Promise<string> {
    const registered = await call(
      this.t,
      this.nl.founder.token,
      'mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { endpoint { id } } }',
      { input: { url: 'http://127.0.0.1:9/hooks', description: 'Case system' } },
    );
    return registered.registerWebhookEndpoint.endpoint.id;
  }

  private async member(): Promise<string> {
    const added = await call(
      this.t,
      this.nl.founder.token,
      'mutation($input: AddMemberInput!) { addMember(input: $input) { member { id } } }',
      {
        input: { displayName: 'Case worker', email: `${randomUUID()}@party.example`, roles: ['CASE_WORKER'] },
      },
    );
    return added.addMember?.member.id;
  }

  /** An nl practice, moved through the given steps by its editor. */
  private async practice(steps: string[]): Promise<PartyRecord> {
    const editor = this.nl.as.PRACTICE_EDITOR.token;
    const created = await call(
      this.t,
      editor,
      'mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }',
      {
        input: {
          title: 'Agree on reception at arrival',
          summary: 'The receiving organisation confirms who meets the person.',
          body: 'We sent a reception request before the return date was booked.',
          language: 'en',
        },
      },
    );
    const id = created.createPractice?.practice.id;
    for (const step of steps) await call(this.t, editor, `mutation($id: ID!) { ${step}(input: { id: $id }) { __typename } }`, { id });
    return this.ofNl({ id, ids: [id] });
  }

  /** A new organisation is its own owner; nl and bg are other organisations to it. */
  private async organisation(suspended: boolean): Promise<PartyRecord> {
    const organisation = await partyOrganisation(this.t, 'RO');
    const id = organisation.organisationId;
    if (suspended) {
      await call(
        this.t,
        this.bg.founder.token,
        'mutation($id: ID!) { suspendOrganisation(input: { id: $id, reason: "Audit" }) { organisation { id } } }',
        {
          id,
        },
      );
    }
    return { id, ids: [id], owner: organisation, counterpart: this.nl, third: this.bg };
  }

  private ofNl(record: Pick<PartyRecord, 'id' | 'ids'>): PartyRecord {
    return { ...record, owner: this.nl, counterpart: this.hu, third: this.bg };
  }
}
