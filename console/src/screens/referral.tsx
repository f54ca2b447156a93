import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { Field } from '../fields.js';
import { useForm } from '../form.js';
import { countryName, formatDate, t } from '../i18n/i18n.js';
import { Me, Navigate } from '../routes.js';
import { ErrorMessage, Fact, Heading, Redacted, StatusBadge } from '../ui.js';
import { ReferralActions } from './referral-actions.js';
import { ProfileFields, REFERRAL, Referral } from './referral-query.js';
import {
  CaseSection,
  ConsentSection,
  HistorySection,
  PersonSection,
  RedactionsSection,
  RiskAndReturnSection,
} from './referral-sections.js';

export function ReferralView({ id, me, navigate }: { id: string; me: Me; navigate: Navigate }) {
  const [referral, setReferral] = useState<Referral | null>(null);
  const [profiles, setProfiles] = useState<ProfileFields[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    gql<{ referral: Referral; partnerProfiles: ProfileFields[] }>(REFERRAL, { id }).then(
      (data) => {
        setReferral(data.referral);
        setProfiles(data.partnerProfiles);
      },
      (failure: Error) => setError(failure.message),
    );
  useEffect(() => void load(), [id]);

  if (error) {
    return (
      <section>
        <Heading>{t('Referral')}</Heading>
        <ErrorMessage error={error} />
      </section>
    );
  }
  if (!referral) return <p aria-live="polite">{t('Loading…')}</p>;
  const side = referral.sender.id === me.organisation.id ? 'sender' : 'receiver';
  return (
    <article class="referral">
      <Heading>
        {t('Referral')} {referral.reference} <StatusBadge status={referral.status} />
      </Heading>
      <dl class="facts">
        <Fact label={t('From')}>
          {referral.sender.name} ({countryName(referral.senderCountry)})
        </Fact>
        <Fact label={t('To')}>
          {referral.receiver.name} ({countryName(referral.receiverCountry)})
        </Fact>
        <Fact label={t('Submitted')}>{formatDate(referral.submittedAt, true)}</Fact>
        <Fact label={t('Changed')}>{formatDate(referral.updatedAt, true)}</Fact>
        {(referral.statusReason || referral.statusReasonRedaction) && (
          <Fact label={t('Reason')}>{referral.statusReason ?? <Redacted reason={referral.statusReasonRedaction!} />}</Fact>
        )}
      </dl>
      <ReferralActions referral={referral} side={side} me={me} reload={load} navigate={navigate} />
      <RedactionsSection referral={referral} />
      <PersonSection referral={referral} />
      <ConsentSection referral={referral} />
      <RiskAndReturnSection referral={referral} />
      <CaseSection referral={referral} fields={profiles.find((p) => p.country === referral.senderCountry)?.referralFields ?? []} />
      <FollowUpsSection referral={referral} side={side} navigate={navigate} />
      <Messages referral={referral} reload={load} />
      <HistorySection referral={referral} />
    </article>
  );
}

function FollowUpsSection({ referral, side, navigate }: { referral: Referral; side: string; navigate: Navigate }) {
  if (referral.followUps.length === 0) return null;
  return (
    <section aria-labelledby="follow-ups">
      <h2 id="follow-ups">{t('Follow-ups')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('Due on')}</th>
            <th scope="col">{t('Status')}</th>
            <th scope="col">{t('Report')}</th>
          </tr>
        </thead>
        <tbody>
          {referral.followUps.map((followUp) => (
            <tr class={followUp.status === 'OVERDUE' || followUp.status === 'DUE' ? 'needs-action' : undefined}>
              <td>{followUp.sequence}</td>
              <td>{formatDate(followUp.dueOn)}</td>
              <td>{t(followUp.status)}</td>
              <td>
                {followUp.report?.content ? (
                  <span class="report">
                    {t('Economic')} {followUp.report.content.economicScore} · {t('Social')} {followUp.report.content.socialScore} ·{' '}
                    {t('Psychosocial')} {followUp.report.content.psychosocialScore} · {t('Safety')} {t(followUp.report.content.safetyLevel)}
                    <br />
                    {followUp.report.content.narrative}
                  </span>
                ) : followUp.report?.contentRedaction ? (
                  <Redacted reason={followUp.report.contentRedaction} />
                ) : side === 'receiver' && (followUp.status === 'DUE' || followUp.status === 'OVERDUE') ? (
                  <button
                    type="button"
                    onClick={() =>
                      navigate({
                        screen: 'report',
                        followUpId: followUp.id,
                        referralId: referral.id,
                        carriesPlan: followUp.carriesReintegrationPlan,
                      })
                    }
                  >
                    {t('Write the report')}
                  </button>
                ) : (
                  '–'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Messages({ referral, reload }: { referral: Referral; reload: () => void }) {
  const form = useForm({ body: '' });
  const send = form.submit(async ({ body }) => {
    await gql(`mutation($input: SendReferralMessageInput!) { sendReferralMessage(input: $input) { message { id } } }`, {
      input: { referralId: referral.id, body },
    });
    form.setValues({ body: '' });
    reload();
  });
  const author = (id: string) => (id === referral.sender.id ? referral.sender.name : referral.receiver.name);
  return (
    <section aria-labelledby="messages">
      <h2 id="messages">{t('Messages')}</h2>
      <ul class="messages">
        {referral.messages.map((message) => (
          <li>
            <span class="meta">
              {author(message.authorOrganisationId)} · {formatDate(message.createdAt, true)}
            </span>
            <p>{message.body ?? (message.bodyRedaction ? <Redacted reason={message.bodyRedaction} /> : '–')}</p>
          </li>
        ))}
      </ul>
      {referral.status !== 'DRAFT' && (
        <form onSubmit={send}>
          <Field label={t('New message')} {...form.bind('body')} type="textarea" required />
          <ErrorMessage error={form.error} />
          <button type="submit" disabled={form.busy}>
            {t('Send')}
          </button>
        </form>
      )}
    </section>
  );
}
