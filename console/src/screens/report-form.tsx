import { gql } from '../api.js';
import { Field, options } from '../fields.js';
import { useForm } from '../form.js';
import { t } from '../i18n/i18n.js';
import { Navigate } from '../routes.js';
import { ErrorMessage, Heading } from '../ui.js';

const SCORES = ['1', '2', '3', '4', '5'].map((value) => ({ value, label: value }));

/** A follow-up report: the wellbeing scores (1-5, as in IOM's reintegration sustainability measures), safety, narrative. */
export function ReportForm(props: { followUpId: string; referralId: string; carriesPlan: boolean; navigate: Navigate }) {
  const { followUpId, referralId, carriesPlan, navigate } = props;
  const form = useForm({
    economicScore: '3',
    socialScore: '3',
    psychosocialScore: '3',
    safetyLevel: 'LOW',
    narrative: '',
    nextSteps: '',
    personView: '',
    reintegrationPlan: '',
  });
  const { bind } = form;
  const report = (key: Parameters<typeof bind>[0]) => bind(key, `report.${key}`);

  const submit = form.submit(async (values) => {
    await gql(`mutation($input: SubmitFollowUpInput!) { submitFollowUp(input: $input) { followUp { id status } } }`, {
      input: {
        followUpId,
        report: {
          economicScore: Number(values.economicScore),
          socialScore: Number(values.socialScore),
          psychosocialScore: Number(values.psychosocialScore),
          safetyLevel: values.safetyLevel,
          narrative: values.narrative,
          nextSteps: values.nextSteps.trim() || null,
          personView: values.personView.trim() || null,
          reintegrationPlan: values.reintegrationPlan.trim() || null,
        },
      },
    });
    navigate({ screen: 'referral', id: referralId });
  });

  return (
    <section>
      <Heading>{t('Follow-up report')}</Heading>
      <form onSubmit={submit}>
        <Field label={t('Economic wellbeing (1-5)')} {...report('economicScore')} options={SCORES} required />
        <Field label={t('Social wellbeing (1-5)')} {...report('socialScore')} options={SCORES} required />
        <Field label={t('Psychosocial wellbeing (1-5)')} {...report('psychosocialScore')} options={SCORES} required />
        <Field
          label={t('Safety: risk of re-trafficking')}
          {...report('safetyLevel')}
          options={options(['LOW', 'MEDIUM', 'HIGH'])}
          required
        />
        <Field label={t('What happened since the last report')} {...report('narrative')} type="textarea" required />
        <Field label={t('What the person says')} {...report('personView')} type="textarea" />
        {carriesPlan && (
          <Field
            label={t('Reintegration plan')}
            hint={t('The first follow-up carries the reintegration plan agreed with the person.')}
            {...report('reintegrationPlan')}
            type="textarea"
            required
          />
        )}
        <Field label={t('Next steps')} {...report('nextSteps')} type="textarea" />
        <ErrorMessage error={form.error} />
        <div class="step-buttons">
          <button type="button" class="link" onClick={() => navigate({ screen: 'referral', id: referralId })}>
            {t('Back')}
          </button>
          <button type="submit" disabled={form.busy}>
            {t('Submit the report')}
          </button>
        </div>
      </form>
    </section>
  );
}
