/**
 * The write path's operations, as a partner's client performs them through the API: refer a person (register,
 * record consent, create, submit), accept, send a message, record the arrival (which schedules the follow-ups) and
 * submit a follow-up report. Each returns what the next one needs.
 */
import { Agent } from 'node:http';
import { send } from './load.js';
import { CREATE_REFERRAL, RECORD_CONSENT, realReferralInputs, REGISTER_AND_REFER, REGISTER_SUBJECT, SUBMIT_REFERRAL } from './scenarios.js';

const ACCEPT = `mutation($input: AcceptReferralInput!) { acceptReferral(input: $input) { referral { id version } } }`;
const RECORD_ARRIVAL = `mutation($input: RecordArrivalInput!) { recordArrival(input: $input) { referral { id version followUps { id dueOn } } } }`;
const SEND_MESSAGE = `mutation($input: SendReferralMessageInput!) { sendReferralMessage(input: $input) { message { id } } }`;
const SUBMIT_FOLLOW_UP = `mutation($input: SubmitFollowUpInput!) { submitFollowUp(input: $input) { followUp { id status } } }`;

/** One organisation pair that a connection writes for: the sender refers to the receiver. */
export interface Lane {
  senderToken: string;
  senderOrganisationId: string;
  senderMemberId: string;
  senderCountry: string;
  receiverToken: string;
  receiverOrganisationId: string;
  receiverMemberId: string;
  receiverCountry: string;
}

/** A referral as the write path carries it from one step to the next. */
export interface Case {
  referralId: string;
  version: number;
  followUpIds: string[];
}

/** What one operation cost: its SQL statements, where the service counts them (RAVOT_COUNT_SQL). */
export type Statements = number;

/** The operations one server offers; the service's through GraphQL, the baseline's through its own routes. */
export interface WriteClient {
  refer(lane: Lane): Promise<[Case, Statements]>;
  /** The same in one request where the server offers it (registerAndRefer); the baseline's refer is one already. */
  referInOne(lane: Lane): Promise<[Case, Statements]>;
  accept(lane: Lane, referral: Case): Promise<Statements>;
  recordArrival(lane: Lane, referral: Case): Promise<Statements>;
  sendMessage(lane: Lane, referral: Case): Promise<Statements>;
  submitFollowUp(lane: Lane, followUpId: string): Promise<Statements>;
}

/** Thirteen months ago: every follow-up of the default schedule (1, 3, 6, 12 months) is due. */
export const ARRIVED_ON = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10);

/** What each sending country's profile asks of a referral (src/partners/<country>); countries without one ask nothing. */
const NATIONAL_FIELDS: Record<string, { key: string; value: string }[]> = {
  NL: realReferralInputs('', 'HU').referral('', '').caseHistory.nationalFields,
  BE: [
    { key: 'victimStatusProcedure', value: 'true' },
    { key: 'specialisedCentre', value: 'PAYOKE' },
  ],
};

export const MESSAGE_BODY = 'The flight is confirmed; she will be met at arrivals by our social worker.';

export const FOLLOW_UP_REPORT = {
  economicScore: 3,
  socialScore: 4,
  psychosocialScore: 3,
  safetyLevel: 'LOW',
  narrative: 'Settled with her aunt, attends a tailoring course, no contact from the recruiters.',
  reintegrationPlan: 'Vocational training, then a job placement through the partner network.',
};

export class ApiWriteClient implements WriteClient {
  constructor(
    private readonly port: number,
    private readonly agent: Agent,
  ) {}

  private async call(token: string, query: string, input: unknown): Promise<[any, Statements]> {
    const response = await send(
      {
        port: this.port,
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { input } }),
      },
      this.agent,
    );
    const body = JSON.parse(response.body) as { data?: Record<string, any>; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`the service answered ${response.status}: ${body.errors?.[0]?.message}`);
    // One mutation per call, whose payload holds one object (e.g. acceptReferral { referral }): that object.
    const payload = Object.values(body.data)[0] as Record<string, any>;
    return [Object.values(payload)[0], Number(response.headers['x-sql-statements'] ?? NaN)];
  }

  async refer(lane: Lane): Promise<[Case, Statements]> {
    const inputs = realReferralInputs(lane.receiverOrganisationId, lane.receiverCountry);
    const [subject, a] = await this.call(lane.senderToken, REGISTER_SUBJECT, inputs.subject);
    const [consent, b] = await this.call(lane.senderToken, RECORD_CONSENT, {
      ...inputs.consent(subject.id),
      purposes: ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT', 'FOLLOW_UP_REPORTING'],
      // English is a consent language under every receiving profile.
      language: 'en',
    });
    const referral = inputs.referral(subject.id, consent.id);
    const caseHistory = { ...referral.caseHistory, nationalFields: NATIONAL_FIELDS[lane.senderCountry] ?? [] };
    const [draft, c] = await this.call(lane.senderToken, CREATE_REFERRAL, { ...referral, caseHistory });
    const [submitted, d] = await this.call(lane.senderToken, SUBMIT_REFERRAL, { referralId: draft.id, expectedVersion: draft.version });
    return [{ referralId: submitted.id, version: submitted.version, followUpIds: [] }, a + b + c + d];
  }

  async referInOne(lane: Lane): Promise<[Case, Statements]> {
    const inputs = realReferralInputs(lane.receiverOrganisationId, lane.receiverCountry);
    const { subjectId: _subject, ...consent } = inputs.consent('');
    const { subjectId: _s, consentId: _c, ...referral } = inputs.referral('', '');
    const [submitted, statements] = await this.call(lane.senderToken, REGISTER_AND_REFER, {
      subject: inputs.subject,
      consent: { ...consent, purposes: ['RETURN_ASSISTANCE', 'REINTEGRATION_SUPPORT', 'FOLLOW_UP_REPORTING'], language: 'en' },
      referral: { ...referral, caseHistory: { ...referral.caseHistory, nationalFields: NATIONAL_FIELDS[lane.senderCountry] ?? [] } },
    });
    return [{ referralId: submitted.id, version: submitted.version, followUpIds: [] }, statements];
  }

  async accept(lane: Lane, referral: Case): Promise<Statements> {
    const [accepted, statements] = await this.call(lane.receiverToken, ACCEPT, {
      referralId: referral.referralId,
      expectedVersion: referral.version,
    });
    referral.version = accepted.version;
    return statements;
  }

  async recordArrival(lane: Lane, referral: Case): Promise<Statements> {
    const [arrived, statements] = await this.call(lane.receiverToken, RECORD_ARRIVAL, {
      referralId: referral.referralId,
      expectedVersion: referral.version,
      arrivedOn: ARRIVED_ON,
    });
    referral.version = arrived.version;
    referral.followUpIds = (arrived.followUps as { id: string; dueOn: string }[])
      .sort((x, y) => x.dueOn.localeCompare(y.dueOn))
      .map((f) => f.id);
    return statements;
  }

  async sendMessage(lane: Lane, referral: Case): Promise<Statements> {
    return (await this.call(lane.receiverToken, SEND_MESSAGE, { referralId: referral.referralId, body: MESSAGE_BODY }))[1];
  }

  async submitFollowUp(lane: Lane, followUpId: string): Promise<Statements> {
    return (await this.call(lane.receiverToken, SUBMIT_FOLLOW_UP, { followUpId, report: FOLLOW_UP_REPORT }))[1];
  }
}

/** The same operations on the bare baseline (bench/write-baseline-server.ts), one SQL transaction each. */
export class BaselineWriteClient implements WriteClient {
  constructor(
    private readonly port: number,
    private readonly agent: Agent,
  ) {}

  private async call(path: string, body: Record<string, unknown>): Promise<any> {
    const response = await send(
      { port: this.port, method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      this.agent,
    );
    if (response.status !== 200) throw new Error(`the baseline answered ${response.status}: ${response.body}`);
    return JSON.parse(response.body);
  }

  private receiver(lane: Lane, referral: Case) {
    return {
      referralId: referral.referralId,
      receiverOrganisationId: lane.receiverOrganisationId,
      receiverMemberId: lane.receiverMemberId,
    };
  }

  async refer(lane: Lane): Promise<[Case, Statements]> {
    const { referralId, version, statements } = await this.call('/refer', {
      senderOrganisationId: lane.senderOrganisationId,
      senderMemberId: lane.senderMemberId,
      senderCountry: lane.senderCountry,
      receiverOrganisationId: lane.receiverOrganisationId,
      receiverCountry: lane.receiverCountry,
    });
    return [{ referralId, version, followUpIds: [] }, statements];
  }

  referInOne(lane: Lane): Promise<[Case, Statements]> {
    return this.refer(lane);
  }

  async accept(lane: Lane, referral: Case): Promise<Statements> {
    return (await this.call('/accept', this.receiver(lane, referral))).statements;
  }

  async recordArrival(lane: Lane, referral: Case): Promise<Statements> {
    const arrived = await this.call('/arrival', { ...this.receiver(lane, referral), arrivedOn: ARRIVED_ON });
    referral.followUpIds = arrived.followUpIds;
    return arrived.statements;
  }

  async sendMessage(lane: Lane, referral: Case): Promise<Statements> {
    return (await this.call('/message', this.receiver(lane, referral))).statements;
  }

  async submitFollowUp(lane: Lane, followUpId: string): Promise<Statements> {
    return (
      await this.call('/follow-up', {
        followUpId,
        receiverOrganisationId: lane.receiverOrganisationId,
        receiverMemberId: lane.receiverMemberId,
      })
    ).statements;
  }
}
