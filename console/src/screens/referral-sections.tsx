import { countryName, formatDate, t } from '../i18n/i18n.js';
import { Fact, Redacted } from '../ui.js';
import type { Referral } from './referral-query.js';

/** The redaction reason of a field, from the referral's or the person's list. */
const reasonFor = (referral: Referral, field: string): string | undefined =>
  [...referral.redactions, ...referral.subject.redactions].find((r) => r.field === field)?.reason;

function Withheld({ referral, field }: { referral: Referral; field: string }) {
  const reason = reasonFor(referral, field);
  return reason ? <Redacted reason={reason} /> : <span>–</span>;
}

export function PersonSection({ referral }: { referral: Referral }) {
  const { subject } = referral;
  return (
    <section aria-labelledby="person">
      <h2 id="person">{t('The person')}</h2>
      <dl class="facts">
        <Fact label={t('Pseudonym')}>{subject.pseudonym}</Fact>
        <Fact label={t('Nationality')}>{countryName(subject.nationality)}</Fact>
        <Fact label={t('Country of return')}>{countryName(subject.countryOfReturn)}</Fact>
        <Fact label={t('Name')}>
          {subject.identity ? (
            `${subject.identity.givenNames} ${subject.identity.familyName}`
          ) : (
            <Withheld referral={referral} field="identity" />
          )}
        </Fact>
        <Fact label={t('Date of birth')}>
          {subject.identity ? formatDate(subject.identity.dateOfBirth) : <Withheld referral={referral} field="identity" />}
        </Fact>
        <Fact label={t('Contact')}>
          {subject.contact ? (
            [subject.contact.phone, subject.contact.email, subject.contact.address].filter(Boolean).join(' · ') || '–'
          ) : (
            <Withheld referral={referral} field="contact" />
          )}
        </Fact>
      </dl>
    </section>
  );
}

export function ConsentSection({ referral }: { referral: Referral }) {
  const consent = referral.consent;
  return (
    <section aria-labelledby="consent">
      <h2 id="consent">{t('Consent')}</h2>
      {consent ? (
        <dl class="facts">
          <Fact label={t('Status')}>{t(consent.status)}</Fact>
          <Fact label={t('Purposes')}>{consent.purposes.map((p) => t(p)).join(', ')}</Fact>
          <Fact label={t('Data categories')}>{consent.categories.map((c) => t(c)).join(', ')}</Fact>
          <Fact label={t('Given on')}>{formatDate(consent.givenAt)}</Fact>
          <Fact label={t('Expires on')}>{formatDate(consent.expiresAt)}</Fact>
        </dl>
      ) : (
        <p>–</p>
      )}
    </section>
  );
}

/** A national field as its profile names it, its value in the reader's words (a date in their locale, yes or no). */
function nationalField(fields: { key: string; label: string; type: string }[], key: string, value: string): [string, string] {
  const field = fields.find((f) => f.key === key);
  if (!field) return [key, value];
  const shown = field.type === 'DATE' ? formatDate(value) : field.type === 'BOOLEAN' ? t(value === 'true' ? 'Yes' : 'No') : value;
  return [field.label, shown];
}

export function CaseSection({ referral, fields }: { referral: Referral; fields: { key: string; label: string; type: string }[] }) {
  return (
    <section aria-labelledby="case">
      <h2 id="case">{t('Needs and case history')}</h2>
      {referral.needs ? (
        <ul>
          {referral.needs.map((need) => (
            <li>
              {t(need.serviceType)} ({t(need.priority)}){need.note ? `: ${need.note}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          {t('Needs')}: <Withheld referral={referral} field="needs" />
        </p>
      )}
      {referral.caseHistory ? (
        <dl class="facts">
          <Fact label={t('Exploitation')}>{referral.caseHistory.exploitationTypes.map((e) => t(e)).join(', ') || '–'}</Fact>
          <Fact label={t('Summary')}>{referral.caseHistory.summary}</Fact>
          {referral.caseHistory.nationalFields.map((field) => {
            const [label, value] = nationalField(fields, field.key, field.value);
            return <Fact label={label}>{value}</Fact>;
          })}
        </dl>
      ) : (
        <p>
          {t('Case history')}: <Withheld referral={referral} field="caseHistory" />
        </p>
      )}
    </section>
  );
}

export function RiskAndReturnSection({ referral }: { referral: Referral }) {
  const risk = referral.riskAssessment;
  const plan = referral.returnPlan;
  return (
    <section aria-labelledby="risk">
      <h2 id="risk">{t('Risk and return')}</h2>
      <dl class="facts">
        <Fact label={t('Risk level')}>{risk ? <span class={`risk risk-${risk.level.toLowerCase()}`}>{t(risk.level)}</span> : null}</Fact>
        <Fact label={t('Safety indicators')}>{risk ? risk.indicators.map((i) => t(i)).join(', ') || '–' : null}</Fact>
        {risk && <Fact label={t('Shared because')}>{t(risk.legalBasis)}</Fact>}
        <Fact label={t('Planned return')}>
          {plan ? formatDate(plan.plannedReturnDate) : <Withheld referral={referral} field="returnPlan" />}
        </Fact>
        <Fact label={t('Route')}>{plan?.route}</Fact>
        <Fact label={t('Reception')}>
          {plan?.reception ? `${plan.reception.place} · ${plan.reception.metBy} · ${formatDate(plan.reception.meetingAt, true)}` : null}
        </Fact>
        <Fact label={t('Arrived on')}>{formatDate(referral.arrivedOn)}</Fact>
      </dl>
    </section>
  );
}

export function RedactionsSection({ referral }: { referral: Referral }) {
  const all = [...referral.subject.redactions, ...referral.redactions];
  if (all.length === 0) return null;
  return (
    <section aria-labelledby="withheld">
      <h2 id="withheld">{t('What you may not see, and why')}</h2>
      <ul class="redactions">
        {all.map((redaction) => (
          <li>
            <strong>{t(redaction.field)}</strong>: {t(redaction.reason)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function HistorySection({ referral }: { referral: Referral }) {
  const nameOf = (id: string | null) =>
    id === referral.sender.id ? referral.sender.name : id === referral.receiver.id ? referral.receiver.name : '–';
  return (
    <section aria-labelledby="history">
      <h2 id="history">{t('History')}</h2>
      <ol class="history">
        {referral.events.map((event) => (
          <li>
            {formatDate(event.occurredAt, true)}: {event.toStatus ? t(event.toStatus) : t(event.type)} · {nameOf(event.actorOrganisationId)}
            {event.reason ? ` · ${event.reason}` : event.reasonRedaction ? <Redacted reason={event.reasonRedaction} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
