import { useEffect, useState } from 'preact/hooks';
import { gql, latestAnswer } from '../api.js';
import { binder, Field, options } from '../fields.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Heading } from '../ui.js';
import { CrossTable, OneWayTable, Row } from './statistics-tables.js';

const DIMENSIONS = ['SENDER_COUNTRY', 'RECEIVER_COUNTRY', 'YEAR', 'STATUS', 'EXPLOITATION_TYPE', 'GENDER', 'AGE_BAND'];

/** What can be counted, and which of the API's two aggregates counts it. */
const MEASURES: Record<string, 'referralStatistics' | 'reintegrationStatistics'> = {
  referrals: 'referralStatistics',
  returns: 'referralStatistics',
  reports: 'reintegrationStatistics',
  economic: 'reintegrationStatistics',
  social: 'reintegrationStatistics',
  psychosocial: 'reintegrationStatistics',
};
const MEASURE_LABELS: Record<string, string> = {
  referrals: 'Referrals',
  returns: 'Returns',
  reports: 'Follow-up reports',
  economic: 'Economic wellbeing (mean, 1-5)',
  social: 'Social wellbeing (mean, 1-5)',
  psychosocial: 'Psychosocial wellbeing (mean, 1-5)',
};

const query = (aggregate: string, measure: string) =>
  `query Statistics($groupBy: [StatisticsDimension!]!) { ${aggregate}(groupBy: $groupBy) { threshold rows { keys ${measure} { value suppressed } } } }`;

/**
 * Network-wide counts for analysts, by one dimension (a table with a bar chart) or two (a two-way table with its
 * totals): never a person, small cells suppressed, and shown as such.
 */
export function Statistics() {
  const [choice, setChoice] = useState({ measure: 'referrals', first: 'SENDER_COUNTRY', second: '' });
  const [answer, setAnswer] = useState<{ threshold: number; rows: Row[]; asked: typeof choice } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setAnswer(null);
    setError(null);
    const aggregate = MEASURES[choice.measure];
    const groupBy = [choice.first, choice.second].filter(Boolean);
    const latest = latestAnswer();
    gql(query(aggregate, choice.measure), { groupBy }).then(
      latest.only((data: any) => {
        const { threshold, rows } = data[aggregate];
        setAnswer({ threshold, rows: rows.map((row: any) => ({ keys: row.keys, cell: row[choice.measure] })), asked: choice });
      }),
      latest.only((failure: Error) => setError(failure.message)),
    );
    return latest.stop;
  }, [choice.measure, choice.first, choice.second]);
  // A second dimension equal to the first is no second dimension.
  const chosen = binder(
    choice,
    (key, value) => setChoice({ ...choice, [key]: value, ...(key === 'first' && value === choice.second ? { second: '' } : {}) }),
    [],
  );

  return (
    <section>
      <Heading>{t('Statistics')}</Heading>
      <p>{t('Counts across the network. Counts below the threshold are suppressed, and so are cells that would reveal them.')}</p>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <Field
          label={t('Count')}
          {...chosen('measure')}
          options={Object.keys(MEASURES).map((value) => ({ value, label: t(MEASURE_LABELS[value]) }))}
          required
        />
        <Field label={t('Group by')} {...chosen('first')} options={options(DIMENSIONS)} required />
        <Field label={t('and by')} {...chosen('second')} options={options(DIMENSIONS.filter((d) => d !== choice.first))} />
      </form>
      <ErrorMessage error={error} />
      {!answer ? (
        !error && <p aria-live="polite">{t('Loading…')}</p>
      ) : answer.asked.second ? (
        <CrossTable
          rows={answer.rows}
          threshold={answer.threshold}
          dimensions={[answer.asked.first, answer.asked.second]}
          measure={t(MEASURE_LABELS[answer.asked.measure])}
        />
      ) : (
        <OneWayTable
          rows={answer.rows}
          threshold={answer.threshold}
          dimension={answer.asked.first}
          measure={t(MEASURE_LABELS[answer.asked.measure])}
        />
      )}
    </section>
  );
}
