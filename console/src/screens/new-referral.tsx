import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { idempotencyKey, useSubmission } from '../form.js';
import { t } from '../i18n/i18n.js';
import { Me, Navigate } from '../routes.js';
import { ErrorMessage, Heading, today } from '../ui.js';
import { ConsentPreview } from './consent-preview.js';
import { ConsentStep, PersonStep, ReferralStep } from './wizard-steps.js';
import { consentInput, Draft, emptyDraft, referralInput, subjectInput } from './wizard-state.js';

export interface ProfileField {
  key: string;
  label: string;
  type: string;
  options: string[];
  required: boolean;
  description: string | null;
}

const STEPS = ['The person', 'Consent', 'The referral', 'Check and submit'];

/**
 * The new referral, step by step. Each step is saved when the user goes on (the person, their consent, the referral
 * as a draft, which the receiver cannot see), so problems appear next to the step's fields; the last step shows
 * what the receiver will see before the referral is submitted.
 */
export function NewReferral({ me, navigate }: { me: Me; navigate: Navigate }) {
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(me.organisation.country, today()));
  const [keys] = useState(() => ({ subject: idempotencyKey(), consent: idempotencyKey(), referral: idempotencyKey() }));
  const [saved, setSaved] = useState<{ subjectId?: string; consentId?: string; referral?: { id: string; version: number } }>({});
  const { problems, error, busy, run } = useSubmission();
  const [fields, setFields] = useState<ProfileField[]>([]);

  useEffect(() => {
    gql(
      `query($country: String!) { partnerProfile(country: $country) { referralFields { key label type options required description } } }`,
      {
        country: me.organisation.country,
      },
    ).then(
      (data) => setFields(data.partnerProfile.referralFields),
      () => setFields([]),
    );
  }, []);

  const update = <K extends keyof Draft>(part: K, values: Partial<Draft[K]>) =>
    setDraft({ ...draft, [part]: { ...draft[part], ...values } });

  /** Runs one step's save and goes on; problems go next to fields, other errors above the buttons. */
  const save = async (work: () => Promise<void>) => {
    if (await run(work)) setStep(step + 1);
  };

  const fieldKeys = fields.map((f) => f.key).filter((key) => (draft.referral.nationalFields[key] ?? '').trim() !== '');
  const next = () =>
    save(async () => {
      if (step === 0 && !saved.subjectId) {
        const data = await gql(`mutation($input: RegisterSubjectInput!) { registerSubject(input: $input) { subject { id } } }`, {
          input: subjectInput(draft.person, keys.subject),
        });
        setSaved({ ...saved, subjectId: data.registerSubject.subject.id });
      } else if (step === 1 && !saved.consentId) {
        const data = await gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }`, {
          input: consentInput(draft.consent, saved.subjectId!, keys.consent),
        });
        setSaved({ ...saved, consentId: data.recordConsent.consent.id });
      } else if (step === 2 && !saved.referral) {
        const data = await gql(`mutation($input: CreateReferralInput!) { createReferral(input: $input) { referral { id version } } }`, {
          input: referralInput(draft, saved.subjectId!, saved.consentId!, keys.referral, fieldKeys),
        });
        setSaved({ ...saved, referral: data.createReferral.referral });
      }
    });
  const submit = () =>
    save(async () => {
      await gql(`mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { referral { id } } }`, {
        input: { referralId: saved.referral!.id, expectedVersion: saved.referral!.version },
      });
      navigate({ screen: 'referral', id: saved.referral!.id });
    });

  const done = [!!saved.subjectId, !!saved.consentId, !!saved.referral];
  return (
    <section class="wizard">
      <Heading>{t('New referral')}</Heading>
      <ol class="steps" aria-label={t('Steps')}>
        {STEPS.map((name, index) => (
          <li aria-current={index === step ? 'step' : undefined} class={index < step ? 'done' : undefined}>
            {index + 1}. {t(name)}
          </li>
        ))}
      </ol>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void (step === 3 ? submit() : next());
        }}
      >
        <h2>{t(STEPS[step])}</h2>
        {step < 3 && done[step] && <p class="saved">{t('Saved. Go on to the next step.')}</p>}
        {step === 0 && <PersonStep draft={draft} update={update} problems={problems} locked={done[0]} />}
        {step === 1 && <ConsentStep draft={draft} update={update} problems={problems} locked={done[1]} />}
        {step === 2 && (
          <ReferralStep draft={draft} update={update} problems={problems} locked={done[2]} fields={fields} fieldKeys={fieldKeys} />
        )}
        {step === 3 && <ConsentPreview draft={draft} fields={fields} />}
        <ErrorMessage error={error} />
        <div class="step-buttons">
          {step > 0 && (
            <button type="button" class="link" onClick={() => setStep(step - 1)}>
              {t('Previous step')}
            </button>
          )}
          <button type="submit" disabled={busy}>
            {step === 3 ? t('Submit the referral') : t('Save and continue')}
          </button>
        </div>
      </form>
    </section>
  );
}
