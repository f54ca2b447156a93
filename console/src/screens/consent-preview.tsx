import { countryName, formatDate, t } from '../i18n/i18n.js';
import type { ProfileField } from './new-referral.js';
import type { Draft } from './wizard-state.js';

/** A national field's value as the user chose it: a date in their locale, yes or no. */
const shown = (field: ProfileField, value: string): string =>
  field.type === 'DATE' ? formatDate(value) : field.type === 'BOOLEAN' ? t(value === 'true' ? 'Yes' : 'No') : value;

interface Line {
  label: string;
  value: string;
  /** The consent category that decides it, or why it is shared regardless. */
  basis: string | 'VITAL_INTEREST' | 'ALWAYS';
}

/**
 * Field by field, what the receiver will see once the referral is submitted, and what it will not: the service's
 * rules (src/personal-data/personal-data-kind.ts) applied to what was entered. The service decides again on every
 * read, so a consent withdrawn later hides the same fields at once.
 */
export function ConsentPreview({ draft, fields }: { draft: Draft; fields: ProfileField[] }) {
  const { person, consent, referral } = draft;
  const lines: Line[] = [
    {
      label: t('Pseudonym, nationality, country of return'),
      value: `${countryName(person.nationality.toUpperCase())} → ${countryName(person.countryOfReturn.toUpperCase())}`,
      basis: 'ALWAYS',
    },
    { label: t('Name'), value: `${person.givenNames} ${person.familyName}`, basis: 'IDENTITY' },
    { label: t('Date of birth'), value: formatDate(person.dateOfBirth || null), basis: 'IDENTITY' },
    { label: t('Languages'), value: person.languages || '–', basis: 'IDENTITY' },
    { label: t('Phone'), value: person.phone || '–', basis: 'CONTACT' },
    { label: t('Needs'), value: referral.needs.map((n) => `${t(n.serviceType)} (${t(n.priority)})`).join(', '), basis: 'NEEDS' },
    { label: t('Exploitation'), value: referral.exploitationTypes.map((e) => t(e)).join(', ') || '–', basis: 'CASE_HISTORY' },
    { label: t('Summary of the case'), value: referral.summary || '–', basis: 'CASE_HISTORY' },
    ...fields
      .filter((f) => referral.nationalFields[f.key])
      .map((f) => ({ label: f.label, value: shown(f, referral.nationalFields[f.key]), basis: 'CASE_HISTORY' })),
    {
      label: t('Planned return, route and reception'),
      value:
        [formatDate(referral.plannedReturnDate || null), referral.route, referral.receptionPlace]
          .filter((v) => v && v !== '–')
          .join(' · ') || '–',
      basis: 'CONTACT',
    },
    {
      label: t('Risk level and safety indicators'),
      value: [t(referral.riskLevel), ...referral.indicators.map((i) => t(i))].join(', '),
      basis: 'VITAL_INTEREST',
    },
  ];
  const sees = (basis: string) => basis === 'ALWAYS' || basis === 'VITAL_INTEREST' || consent.categories.includes(basis);
  const why = (basis: string) =>
    basis === 'ALWAYS'
      ? t('Always shared with the receiver')
      : basis === 'VITAL_INTEREST'
        ? t('Shared for safety (vital interest), whatever the consent says')
        : sees(basis)
          ? t('Covered by the consent ({category})', { category: t(basis) })
          : t('Not covered by the consent ({category})', { category: t(basis) });
  return (
    <div class="preview">
      <p>{t('This is what the receiving organisation will see once you submit. Nothing is sent before.')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('Field')}</th>
            <th scope="col">{t('Value')}</th>
            <th scope="col">{t('The receiver')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr class={sees(line.basis) ? 'shared' : 'withheld'}>
              <th scope="row">{line.label}</th>
              <td>{line.value}</td>
              <td>
                <strong>{sees(line.basis) ? t('will see') : t('will not see')}</strong> · {why(line.basis)}
              </td>
            </tr>
          ))}
          <tr class={consent.purposes.includes('FOLLOW_UP_REPORTING') ? 'shared' : 'withheld'}>
            <th scope="row">{t('Follow-up reports to you')}</th>
            <td>–</td>
            <td>
              {consent.purposes.includes('FOLLOW_UP_REPORTING')
                ? t('You will read the receiver’s follow-up reports')
                : t('You will not read follow-up reports: the consent does not include follow-up reporting')}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
