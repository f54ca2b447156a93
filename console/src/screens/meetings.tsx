import { useState } from 'preact/hooks';
import { gql } from '../api.js';
import { countryName, formatDate, t } from '../i18n/i18n.js';
import { usePages } from '../paging.js';
import { Me, Navigate } from '../routes.js';
import { Heading } from '../ui.js';
import { isEditor, ScreenLink } from './practices.js';

const MEETINGS = `query Meetings($period: MeetingPeriod!, $after: String) {
  meetings(period: $period, first: 20, after: $after) {
    edges { node { id title city country startsOn endsOn status host { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** An expert meeting as its own screen reads it; the list reads the facts only. */
export interface Meeting {
  id: string;
  title: string;
  city: string;
  country: string;
  startsOn: string;
  endsOn: string;
  status: string;
  host: { id: string; name: string };
  agenda: string[];
  challenges: string[];
  participants: { status: string; organisation: { id: string; name: string; country: string } }[];
  practices: { edges: { node: { id: string; title: string; language: string; publishedAt: string; organisation: { name: string } } }[] };
}
type MeetingRow = Omit<Meeting, 'agenda' | 'challenges' | 'participants' | 'practices'>;

/** A meeting's status; a cancelled meeting is called off, in words that differ from a cancelled referral's. */
export const MeetingStatus = ({ status }: { status: string }) => (
  <span class={`badge status-${status.toLowerCase()}`}>{t(status === 'CANCELLED' ? 'Called off' : status)}</span>
);

/** The dates of a meeting in the reader's locale: one day, or first and last. */
export const meetingDates = (meeting: { startsOn: string; endsOn: string }) =>
  meeting.startsOn === meeting.endsOn ? formatDate(meeting.startsOn) : `${formatDate(meeting.startsOn)} – ${formatDate(meeting.endsOn)}`;

/** The network's expert meetings, upcoming (soonest first) or past (most recent first). */
export function Meetings({ me, navigate }: { me: Me; navigate: Navigate }) {
  const [period, setPeriod] = useState<'UPCOMING' | 'PAST'>('UPCOMING');
  const { shown } = usePages<MeetingRow>((after) => gql(MEETINGS, { period, after }).then((data) => data.meetings), [period]);
  return (
    <section>
      <Heading>{t('Expert meetings')}</Heading>
      {isEditor(me) && (
        <button type="button" onClick={() => navigate({ screen: 'new-meeting' })}>
          {t('Plan a meeting')}
        </button>
      )}
      <div class="tabs" role="group" aria-label={t('Period')}>
        {(['UPCOMING', 'PAST'] as const).map((value) => (
          <button type="button" class="link" aria-pressed={period === value} onClick={() => setPeriod(value)}>
            {value === 'UPCOMING' ? t('Upcoming meetings') : t('Past meetings')}
          </button>
        ))}
      </div>
      {shown(t('No meetings here.'), (rows) => (
        <table class="meetings">
          <caption class="visually-hidden">{period === 'UPCOMING' ? t('Soonest first') : t('Most recent first')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Meeting')}</th>
              <th scope="col">{t('Dates')}</th>
              <th scope="col">{t('Place')}</th>
              <th scope="col">{t('Host')}</th>
              <th scope="col">{t('Status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((meeting) => (
              <tr>
                <td>
                  <ScreenLink onOpen={() => navigate({ screen: 'meeting', id: meeting.id })}>{meeting.title}</ScreenLink>
                </td>
                <td>{meetingDates(meeting)}</td>
                <td>
                  {meeting.city}, {countryName(meeting.country)}
                </td>
                <td>{meeting.host.name}</td>
                <td>
                  <MeetingStatus status={meeting.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
