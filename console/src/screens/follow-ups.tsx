import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { formatDate, t } from '../i18n/i18n.js';
import { Navigate } from '../routes.js';
import { ErrorMessage, Heading } from '../ui.js';

const NODE = `edges { node { id sequence dueOn status carriesReintegrationPlan referralId referral { reference } } }`;
const WORKLIST = `{ overdue: followUps(status: OVERDUE, first: 100) { ${NODE} } due: followUps(status: DUE, first: 100) { ${NODE} } }`;

interface Row {
  id: string;
  sequence: number;
  dueOn: string;
  status: string;
  carriesReintegrationPlan: boolean;
  referralId: string;
  referral: { reference: string };
}

/** The follow-ups the organisation must report now: overdue first, then due, each by due day. */
export function FollowUps({ navigate }: { navigate: Navigate }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    gql(WORKLIST).then(
      (data) => setRows([...data.overdue.edges, ...data.due.edges].map((edge: { node: Row }) => edge.node)),
      (failure: Error) => setError(failure.message),
    );
  }, []);
  return (
    <section>
      <Heading>{t('Follow-ups')}</Heading>
      <ErrorMessage error={error} />
      {!rows ? (
        !error && <p>{t('Loading…')}</p>
      ) : rows.length === 0 ? (
        <p>{t('No follow-up is due.')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Referral')}</th>
              <th scope="col">#</th>
              <th scope="col">{t('Due on')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col">{t('Report')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr class={row.status === 'OVERDUE' ? 'needs-action' : undefined}>
                <td>
                  <a
                    href="#"
                    onClick={(event) => {
                      event.preventDefault();
                      navigate({ screen: 'referral', id: row.referralId });
                    }}
                  >
                    {row.referral.reference}
                  </a>
                </td>
                <td>{row.sequence}</td>
                <td>{formatDate(row.dueOn)}</td>
                <td>{t(row.status)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      navigate({
                        screen: 'report',
                        followUpId: row.id,
                        referralId: row.referralId,
                        carriesPlan: row.carriesReintegrationPlan,
                      })
                    }
                  >
                    {t('Write the report')} ({row.referral.reference} #{row.sequence})
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
