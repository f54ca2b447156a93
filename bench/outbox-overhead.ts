/**
 * What writing the outbox event adds to a referral's submit, in-process through the services a request calls (no
 * HTTP): the same submits with the Outbox on and with it replaced by a no-op, in alternating rounds so that drift
 * (caches, the database growing) falls on both alike.
 *
 *   npm run bench:outbox -- [--rounds 6] [--submits 40]
 *
 * On the embedded database by default (in memory); with DATABASE_URL (and its RAVOT_MASTER_KEY), on that server.
 * The budget (issue 21): the event adds at most 10 % to a submit's median.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Role } from '../src/auth/role.js';
import { RecordConsentInput } from '../src/consents/dto/consent.inputs.js';
import { ConsentsService } from '../src/consents/consents.service.js';
import { DOMAIN_MODULES } from '../src/domain-modules.js';
import { Outbox } from '../src/events/outbox.js';
import { NetworkBootstrapService } from '../src/organisations/network-bootstrap.service.js';
import { OrganisationKind } from '../src/organisations/organisation-kind.js';
import { OrganisationsService } from '../src/organisations/organisations.service.js';
import { MembersService } from '../src/organisations/members.service.js';
import { ReferralTransitionsService } from '../src/referrals/referral-transitions.service.js';
import { CreateReferralInput } from '../src/referrals/dto/referral.inputs.js';
import { ReferralsService } from '../src/referrals/referrals.service.js';
import { RegisterSubjectInput } from '../src/subjects/dto/subject.inputs.js';
import { SubjectsService } from '../src/subjects/subjects.service.js';
import { option, parseArgs } from './bench-support.js';
import { realReferralInputs } from './scenarios.js';

@Module({ imports: DOMAIN_MODULES })
class Domain {}

const actorOf = (organisationId: string, memberId: string, roles: Role[]) => ({ organisationId, memberId, roles, tokenId: '' });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rounds = Number(option(args, 'rounds', '6'));
  const submits = Number(option(args, 'submits', '40'));
  process.env.LOG_LEVEL ??= 'error';
  process.env.RAVOT_AUTO_BOOTSTRAP = 'false';
  if (!process.env.DATABASE_URL) process.env.RAVOT_DATA_DIR = 'memory://';
  const app = await NestFactory.createApplicationContext(Domain, { logger: ['error'] });
  await app.init();

  const admin = await app.get(NetworkBootstrapService).createAdministration({
    name: `Bench secretariat ${randomUUID().slice(0, 8)}`,
    country: 'NL',
    adminName: 'Bench admin',
    adminEmail: `${randomUUID()}@bench.example`,
  });
  const networkAdmin = actorOf(admin.organisation.id, admin.firstAdmin.id, [Role.NETWORK_ADMIN, Role.ORG_ADMIN]);
  const organisation = async (country: string, kind: OrganisationKind) => {
    const created = await app.get(OrganisationsService).create(networkAdmin, {
      name: `Bench ${country} ${randomUUID().slice(0, 8)}`,
      country,
      kind,
      services: [],
      languages: ['en'],
      firstAdmin: { displayName: 'Admin', email: `${randomUUID()}@bench.example` },
    });
    const orgAdmin = actorOf(created.organisation.id, created.firstAdmin.id, [Role.ORG_ADMIN]);
    const worker = await app.get(MembersService).add(orgAdmin, {
      displayName: 'Case worker',
      email: `${randomUUID()}@bench.example`,
      roles: [Role.CASE_WORKER],
    } as never);
    return actorOf(created.organisation.id, worker.id, [Role.CASE_WORKER]);
  };
  const sender = await organisation('NL', OrganisationKind.SHELTER);
  const receiver = await organisation('HU', OrganisationKind.NGO);
  const inputs = realReferralInputs(receiver.organisationId, 'HU');

  /** Drafts ready to submit (not timed), from inputs as the validation pipe hands them over. */
  const drafts = async (count: number) => {
    const ready = [];
    for (let i = 0; i < count; i++) {
      const subject = await app.get(SubjectsService).register(sender, plainToInstance(RegisterSubjectInput, inputs.subject));
      const consent = await app.get(ConsentsService).record(sender, plainToInstance(RecordConsentInput, inputs.consent(subject.id)));
      ready.push(
        await app.get(ReferralsService).create(sender, plainToInstance(CreateReferralInput, inputs.referral(subject.id, consent.id))),
      );
    }
    return ready;
  };
  const outbox = app.get(Outbox);
  const announce = outbox.announce.bind(outbox);
  const timings = { with: [] as number[], without: [] as number[] };
  /** A round: drafts made first, then submitted one with, one without the event, in turn (drift falls on both). */
  const round = async (first: 'with' | 'without') => {
    const ready = await drafts(submits * 2);
    for (const [i, draft] of ready.entries()) {
      const mode = (i % 2 === 0) === (first === 'with') ? 'with' : 'without';
      outbox.announce = mode === 'with' ? announce : async () => undefined;
      const started = performance.now();
      await app.get(ReferralTransitionsService).submit(sender, { referralId: draft.id, expectedVersion: draft.version } as never);
      timings[mode].push(performance.now() - started);
    }
  };
  await round('with'); // warm-up: plans, caches, the optimising compiler
  timings.with.length = 0;
  timings.without.length = 0;
  for (let r = 0; r < rounds; r++) await round(r % 2 ? 'without' : 'with');
  await app.close();

  const [on, off] = [median(timings.with), median(timings.without)];
  console.log(
    `| submitReferral, ${timings.with.length} each (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded'}) | median ms | p95 ms |`,
  );
  console.log('|---|---|---|');
  console.log(`| without the outbox event | ${off.toFixed(2)} | ${p95(timings.without).toFixed(2)} |`);
  console.log(`| with the outbox event | ${on.toFixed(2)} | ${p95(timings.with).toFixed(2)} |`);
  console.log(`\nThe event adds ${(((on - off) / off) * 100).toFixed(1)} % to the median submit (budget: 10 %).`);
}

void main();
