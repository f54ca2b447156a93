import { useEffect, useState } from 'preact/hooks';
import { gql, latestAnswer } from '../api.js';
import { Field, options } from '../fields.js';
import { countryName, formatDate, t } from '../i18n/i18n.js';
import { Navigate } from '../routes.js';
import { ErrorMessage, Heading, StatusBadge } from '../ui.js';

const STATUSES = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'DECLINED', 'RETURNED', 'IN_REINTEGRATION', 'CLOSED', 'CANCELLED', 'CONSENT_WITHDRAWN'];
const PAGE_SIZE = 20;

// Facts only: a list reads no sealed personal data (each read would be decrypted and audited, twenty times a page).
const PAGE = `referrals(box: $box, status: $status, country: $country, first: $first, after: $after) {
    edges { node { id reference status updatedAt submittedAt senderCountry receiverCountry sender { name } receiver { name } flags } }
    pageInfo { endCursor hasNextPage }
  }
  partnerProfiles { country }`;
const VARIABLES = '$box: ReferralBox!, $status: ReferralStatus, $country: String, $first: Int!, $after: String';
const LIST = `query Box(${VARIABLES}) { ${PAGE} }`;

/**
 * The console's first request: who is signed in, and the inbox's first page with it, so that the screen most
 * sessions start on comes with one request (one turn of the organisation's share, one round trip).
 */
export const START = `query Start(${VARIABLES}) { me { id displayName roles organisation { id name country } } ${PAGE} }`;
export const FIRST_INBOX_PAGE = { box: 'INBOX', status: null, country: null, first: PAGE_SIZE, after: null };

/** The first page that came with START, used once by the inbox; any other page is asked for when shown. */
let prefetched: Promise<any> | null = null;
export function keepFirstInboxPage(data: unknown): void {
  prefetched = Promise.resolve(data);
}

interface Row {
  id: string;
  reference: string;
  status: string;
  updatedAt: string;
  submittedAt: string | null;
  senderCountry: string;
  receiverCountry: string;
  sender: { name: string };
  receiver: { name: string };
  flags: string[];
}

/** What the reader's organisation must do about a referral today, or null. */
export function actionToday(row: Row, box: 'inbox' | 'outbox'): string | null {
  if (row.flags.length > 0) return t('Follow-up overdue');
  if (box === 'outbox') return row.status === 'DRAFT' ? t('Submit or cancel') : null;
  return row.status === 'SUBMITTED' ? t('Accept or decline') : null;
}

export function Boxes({ box, navigate }: { box: 'inbox' | 'outbox'; navigate: Navigate }) {
  const [status, setStatus] = useState('');
  const [country, setCountry] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<{ rows: Row[]; next: string | null; countries: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const after = cursors[cursors.length - 1];

  useEffect(() => {
    setPage(null);
    const first = box === 'inbox' && !status && !country && !after;
    const ask = () => gql(LIST, { box: box.toUpperCase(), status: status || null, country: country || null, first: PAGE_SIZE, after });
    const answer = first && prefetched ? prefetched.catch(ask) : ask();
    prefetched = null;
    const latest = latestAnswer();
    answer.then(
      latest.only((data: any) =>
        setPage({
          rows: data.referrals.edges.map((edge: { node: Row }) => edge.node),
          next: data.referrals.pageInfo.hasNextPage ? data.referrals.pageInfo.endCursor : null,
          countries: data.partnerProfiles.map((profile: { country: string }) => profile.country),
        }),
      ),
      latest.only((failure: Error) => setError(failure.message)),
    );
    return latest.stop;
  }, [box, status, country, after]);

  const filter = (set: (value: string) => void) => (value: string) => {
    set(value);
    setCursors([null]);
  };
  const needing = page?.rows.filter((row) => actionToday(row, box)).length ?? 0;

  return (
    <section>
      <Heading>{box === 'inbox' ? t('Inbox') : t('Outbox')}</Heading>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <Field
          field="status"
          label={t('Status')}
          value={status}
          onValue={filter(setStatus)}
          problems={[]}
          options={options(STATUSES)}
          empty={t('All')}
        />
        <Field
          field="country"
          label={box === 'inbox' ? t('Sender’s country') : t('Receiver’s country')}
          value={country}
          onValue={filter(setCountry)}
          problems={[]}
          options={(page?.countries ?? (country ? [country] : [])).map((code) => ({ value: code, label: countryName(code) }))}
          empty={t('All')}
        />
      </form>
      <ErrorMessage error={error} />
      {!page ? (
        <p aria-live="polite">{t('Loading…')}</p>
      ) : page.rows.length === 0 ? (
        <p>{t('No referrals here.')}</p>
      ) : (
        <>
          {needing > 0 && <p class="needs-action-summary">{t('{count} need action today', { count: needing })}</p>}
          <table class="referrals">
            <caption class="visually-hidden">{t('Newest first')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Reference')}</th>
                <th scope="col">{box === 'inbox' ? t('From') : t('To')}</th>
                <th scope="col">{t('Status')}</th>
                <th scope="col">{t('Submitted')}</th>
                <th scope="col">{t('Changed')}</th>
                <th scope="col">{t('Today')}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => {
                const action = actionToday(row, box);
                const other = box === 'inbox' ? row.sender.name : row.receiver.name;
                const otherCountry = box === 'inbox' ? row.senderCountry : row.receiverCountry;
                return (
                  <tr class={action ? 'needs-action' : undefined}>
                    <td>
                      <a
                        href="#"
                        onClick={(event) => {
                          event.preventDefault();
                          navigate({ screen: 'referral', id: row.id });
                        }}
                      >
                        {row.reference}
                      </a>
                    </td>
                    <td>
                      {other} ({countryName(otherCountry)})
                    </td>
                    <td>
                      <StatusBadge status={row.status} />
                    </td>
                    <td>{formatDate(row.submittedAt)}</td>
                    <td>{formatDate(row.updatedAt, true)}</td>
                    <td>{action && <strong class="action-today">{action}</strong>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <div class="paging">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('Previous page')}
        </button>
        <button type="button" disabled={!page?.next} onClick={() => page?.next && setCursors([...cursors, page.next])}>
          {t('Next page')}
        </button>
      </div>
    </section>
  );
}
