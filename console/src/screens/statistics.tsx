import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { options, SelectField } from '../fields.js';
import { countryName, formatNumber, t } from '../i18n/i18n.js';
import { ErrorMessage, Heading } from '../ui.js';

const DIMENSIONS = ['SENDER_COUNTRY', 'RECEIVER_COUNTRY', 'YEAR', 'STATUS', 'EXPLOITATION_TYPE', 'GENDER', 'AGE_BAND'];
const COUNTRY_DIMENSIONS = ['SENDER_COUNTRY', 'RECEIVER_COUNTRY'];

const STATISTICS = `query Statistics($groupBy: [StatisticsDimension!]!) {
  referralStatistics(groupBy: $groupBy) { threshold rows { keys referrals { value suppressed } returns { value suppressed } } }
}`;

interface Count {
  value: number | null;
  suppressed: boolean;
}
interface Row {
  keys: string[];
  referrals: Count;
  returns: Count;
}

/** Network-wide counts for analysts: never a person, small cells suppressed (and shown as such). */
export function Statistics() {
  const [dimension, setDimension] = useState('SENDER_COUNTRY');
  const [answer, setAnswer] = useState<{ threshold: number; rows: Row[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setAnswer(null);
    gql(STATISTICS, { groupBy: [dimension] }).then(
      (data) => setAnswer(data.referralStatistics),
      (failure: Error) => setError(failure.message),
    );
  }, [dimension]);

  const label = (key: string) => (key === '*' ? t('All') : COUNTRY_DIMENSIONS.includes(dimension) ? countryName(key) : t(key));
  const cell = (count: Count) =>
    count.suppressed ? (
      <span class="suppressed" title={t('Fewer than {threshold}: suppressed', { threshold: answer!.threshold })}>
        {t('suppressed')}
      </span>
    ) : (
      formatNumber(count.value ?? 0)
    );
  const largest = Math.max(1, ...(answer?.rows ?? []).filter((r) => r.keys[0] !== '*').map((r) => r.referrals.value ?? 0));

  return (
    <section>
      <Heading>{t('Statistics')}</Heading>
      <p>{t('Counts across the network. Counts below the threshold are suppressed, and so are cells that would reveal them.')}</p>
      <SelectField
        field="dimension"
        label={t('Group by')}
        value={dimension}
        onValue={setDimension}
        problems={[]}
        options={options(DIMENSIONS)}
        required
      />
      <ErrorMessage error={error} />
      {answer && (
        <>
          <table class="statistics">
            <caption>
              {t('Referrals and returns by {dimension} (threshold {threshold})', { dimension: t(dimension), threshold: answer.threshold })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t(dimension)}</th>
                <th scope="col">{t('Referrals')}</th>
                <th scope="col">{t('Returns')}</th>
                <th scope="col">{t('Chart')}</th>
              </tr>
            </thead>
            <tbody>
              {answer.rows.map((row) => (
                <tr>
                  <th scope="row">{label(row.keys[0])}</th>
                  <td>{cell(row.referrals)}</td>
                  <td>{cell(row.returns)}</td>
                  <td aria-hidden="true">
                    {row.keys[0] !== '*' && !row.referrals.suppressed && (
                      <span
                        class="bar"
                        ref={(bar) => void (bar && (bar.style.width = `${(100 * (row.referrals.value ?? 0)) / largest}%`))}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
