import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { useSubmission } from '../form.js';
import { countryName, formatDate, t } from '../i18n/i18n.js';
import { Me, Navigate } from '../routes.js';
import { ErrorMessage, Fact, Heading, today } from '../ui.js';
import { ConfirmStep } from './confirm-step.js';
import { Meeting, meetingDates, MeetingStatus } from './meetings.js';
import { isEditor, ScreenLink } from './practices.js';

/** The host's own outcomes that are not published yet: drafts are seen by their organisation only. */
const DRAFT_OUTCOMES = `query DraftOutcomes($id: ID!) { practices(meeting: $id, status: DRAFT, first: 100) { edges { node { id title language } } } }`;

export const MEETING = `query Meeting($id: ID!) { meeting(id: $id) { id title city country startsOn endsOn status agenda challenges
  host { id name } participants { status organisation { id name country } }
  practices(first: 100) { edges { node { id title language publishedAt organisation { name } } } } } }`;

/**
 * An expert meeting: when and where, the agenda, who takes part, the challenges discussed and the published
 * practices that came out of it. The host's editors change it, mark it held or cancelled, and record outcomes.
 */
export function MeetingView({ id, me, navigate }: { id: string; me: Me; navigate: Navigate }) {
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [drafts, setDrafts] = useState<{ id: string; title: string; language: string }[]>([]);
  const { error, busy, run } = useSubmission();
  const load = async () => {
    const data = await gql(MEETING, { id });
    setMeeting(data.meeting);
    if (isEditor(me) && data.meeting.host.id === me.organisation.id) {
      setDrafts((await gql(DRAFT_OUTCOMES, { id })).practices.edges.map((edge: { node: (typeof drafts)[number] }) => edge.node));
    }
  };
  useEffect(() => void run(load), [id]);
  if (!meeting) return <ErrorMessage error={error} />;

  const host = isEditor(me) && meeting.host.id === me.organisation.id;
  const practiceLink = (practice: { id: string; title: string; language: string }) => (
    <span lang={practice.language}>
      <ScreenLink onOpen={() => navigate({ screen: 'practice', id: practice.id })}>{practice.title}</ScreenLink>
    </span>
  );
  const planned = meeting.status === 'PLANNED';
  const outcomes = meeting.practices.edges.map((edge) => edge.node);
  const mark = (status: string) => () =>
    run(async () => {
      await gql(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { id } } }`, { input: { id, status } });
      await load();
    });
  const list = (items: string[]) =>
    items.length === 0 ? (
      <p>–</p>
    ) : (
      <ul>
        {items.map((item) => (
          <li>{item}</li>
        ))}
      </ul>
    );

  return (
    <article>
      <Heading>
        {meeting.title} <MeetingStatus status={meeting.status} />
      </Heading>
      <dl class="facts">
        <Fact label={t('Dates')}>{meetingDates(meeting)}</Fact>
        <Fact label={t('Place')}>
          {meeting.city}, {countryName(meeting.country)}
        </Fact>
        <Fact label={t('Host')}>{meeting.host.name}</Fact>
      </dl>
      {host && (
        <div class="buttons">
          {planned && (
            <button type="button" disabled={busy} onClick={() => navigate({ screen: 'edit-meeting', id })}>
              {t('Change the meeting')}
            </button>
          )}
          {planned && meeting.startsOn <= today() && (
            <button type="button" disabled={busy} onClick={mark('HELD')}>
              {t('Mark as held')}
            </button>
          )}
          {planned && <ConfirmStep label={t('Cancel the meeting')} busy={busy} onConfirm={mark('CANCELLED')} />}
          {meeting.status === 'HELD' && (
            <button type="button" disabled={busy} onClick={() => navigate({ screen: 'new-practice', meetingId: id })}>
              {t('Record an outcome')}
            </button>
          )}
        </div>
      )}
      <ErrorMessage error={error} />
      <h2>{t('Agenda')}</h2>
      {list(meeting.agenda)}
      <h2>{t('Participants')}</h2>
      {meeting.participants.length === 0 ? (
        <p>–</p>
      ) : (
        <ul>
          {meeting.participants.map((participant) => (
            <li>
              {participant.organisation.name} ({countryName(participant.organisation.country)}) · {t(participant.status)}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('Challenges discussed')}</h2>
      {list(meeting.challenges)}
      <h2>{t('Outcomes')}</h2>
      {outcomes.length === 0 ? (
        <p>{t('No published outcomes yet.')}</p>
      ) : (
        <ul>
          {outcomes.map((practice) => (
            <li>
              {practiceLink(practice)} · {practice.organisation.name} · {formatDate(practice.publishedAt)}
            </li>
          ))}
        </ul>
      )}
      {drafts.length > 0 && (
        <>
          <h3>{t('Drafts of your organisation, not published yet')}</h3>
          <ul>
            {drafts.map((practice) => (
              <li>{practiceLink(practice)}</li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
