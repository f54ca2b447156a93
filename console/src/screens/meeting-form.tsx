import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { ChoiceSet, Field, options } from '../fields.js';
import { idempotencyKey, useForm } from '../form.js';
import { t } from '../i18n/i18n.js';
import { Me, Navigate } from '../routes.js';
import { ErrorMessage, Heading, today } from '../ui.js';
import { MEETING } from './meeting.js';
import type { Meeting } from './meetings.js';

const ORGANISATIONS = `{ organisations(first: 100) { edges { node { id name country } } } }`;

/** One item a line, as the API's lists of agenda items and challenges take them. */
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * A meeting the reader's organisation hosts: planned (or recorded as held, for one that has taken place), or
 * changed while it is planned. Participants are invited; a participant's confirmation is kept on a change.
 */
export function MeetingForm({ id, me, navigate }: { id?: string; me: Me; navigate: Navigate }) {
  const form = useForm({
    title: '',
    country: me.organisation.country,
    city: '',
    startsOn: today(),
    endsOn: today(),
    agenda: '',
    challenges: '',
    status: 'PLANNED',
    participants: [] as string[],
  });
  const [organisations, setOrganisations] = useState<{ id: string; name: string; country: string }[]>([]);
  const [confirmed, setConfirmed] = useState<string[]>([]);
  const [key] = useState(idempotencyKey);
  const [ready, setReady] = useState(!id);
  useEffect(() => {
    gql(ORGANISATIONS).then((data) =>
      setOrganisations(data.organisations.edges.map((edge: { node: { id: string; name: string; country: string } }) => edge.node)),
    );
    if (id)
      void form.run(async () => {
        const { meeting }: { meeting: Meeting } = await gql(MEETING, { id });
        const { title, country, city, startsOn, endsOn, status, participants } = meeting;
        form.setValues({
          title,
          country,
          city,
          startsOn,
          endsOn,
          status,
          agenda: meeting.agenda.join('\n'),
          challenges: meeting.challenges.join('\n'),
          participants: participants.map((p) => p.organisation.id),
        });
        setConfirmed(participants.filter((p) => p.status === 'CONFIRMED').map((p) => p.organisation.id));
        setReady(true);
      });
  }, [id]);

  const save = form.submit(async ({ status, ...values }) => {
    const input = {
      ...values,
      agenda: lines(values.agenda),
      challenges: lines(values.challenges),
      participants: values.participants.map((organisationId) => ({
        organisationId,
        status: confirmed.includes(organisationId) ? 'CONFIRMED' : 'INVITED',
      })),
    };
    const data = id
      ? await gql(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { id } } }`, { input: { id, ...input } })
      : await gql(`mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }`, {
          input: { ...input, status, idempotencyKey: key },
        });
    navigate({ screen: 'meeting', id: (data.updateMeeting ?? data.createMeeting).meeting.id });
  });
  const nameOf = (organisationId: string) => organisations.find((o) => o.id === organisationId)?.name ?? organisationId;
  return (
    <section>
      <Heading>{id ? t('Change the meeting') : t('Plan a meeting')}</Heading>
      {!ready && <ErrorMessage error={form.error} />}
      {ready && (
        <form onSubmit={save}>
          <Field label={t('Title')} {...form.bind('title')} required />
          <Field label={t('Country')} hint={t('Country code, e.g. HU')} {...form.bind('country')} required />
          <Field label={t('City')} {...form.bind('city')} required />
          <Field label={t('First day')} {...form.bind('startsOn')} type="date" required />
          <Field label={t('Last day')} {...form.bind('endsOn')} type="date" required />
          {!id && (
            <Field
              label={t('Status')}
              hint={t('Held: to record a meeting that has taken place.')}
              {...form.bind('status')}
              options={options(['PLANNED', 'HELD'])}
              required
            />
          )}
          <Field label={t('Agenda')} hint={t('One item a line.')} {...form.bind('agenda')} type="textarea" />
          <Field label={t('Challenges')} hint={t('One challenge a line.')} {...form.bind('challenges')} type="textarea" />
          <ChoiceSet
            legend={t('Participants')}
            values={organisations.filter((o) => o.id !== me.organisation.id).map((o) => o.id)}
            labelOf={nameOf}
            {...form.choices('participants')}
          />
          <ErrorMessage error={form.error} />
          <button type="submit" disabled={form.busy}>
            {id ? t('Save the changes') : t('Plan the meeting')}
          </button>
        </form>
      )}
    </section>
  );
}
