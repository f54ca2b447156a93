import { useState } from 'preact/hooks';
import { ApiError, gql, InputProblem } from '../api.js';
import { options, SelectField, TextField } from '../fields.js';
import { t } from '../i18n/i18n.js';
import { Navigate } from '../routes.js';
import { ErrorMessage, Heading } from '../ui.js';

const SCORES = ['1', '2', '3', '4', '5'].map((value) => ({ value, label: value }));

/** A follow-up report: the wellbeing scores (1-5, as in IOM's reintegration sustainability measures), safety, narrative. */
export function ReportForm(props: { followUpId: string; referralId: string; carriesPlan: boolean; navigate: Navigate }) {
  const { followUpId, referralId, carriesPlan, navigate } = props;
  const [report, setReport] = useState({
    economicScore: '3',
    socialScore: '3',
    psychosocialScore: '3',
    safetyLevel: 'LOW',
    narrative: '',
    nextSteps: '',
    personView: '',
    reintegrationPlan: '',
  });
  const [problems, setProblems] = useState<InputProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof report) => (value: string) => setReport({ ...report, [key]: value });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblems([]);
    setError(null);
    try {
      await gql(`mutation($input: SubmitFollowUpInput!) { submitFollowUp(input: $input) { followUp { id status } } }`, {
        input: {
          followUpId,
          report: {
            economicScore: Number(report.economicScore),
            socialScore: Number(report.socialScore),
            psychosocialScore: Number(report.psychosocialScore),
            safetyLevel: report.safetyLevel,
            narrative: report.narrative,
            nextSteps: report.nextSteps.trim() || null,
            personView: report.personView.trim() || null,
            reintegrationPlan: report.reintegrationPlan.trim() || null,
          },
        },
      });
      navigate({ screen: 'referral', id: referralId });
    } catch (failure) {
      if (failure instanceof ApiError) setProblems(failure.problems);
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <Heading>{t('Follow-up report')}</Heading>
      <form onSubmit={submit}>
        <SelectField
          field="report.economicScore"
          label={t('Economic wellbeing (1-5)')}
          value={report.economicScore}
          onValue={set('economicScore')}
          problems={problems}
          options={SCORES}
          required
        />
        <SelectField
          field="report.socialScore"
          label={t('Social wellbeing (1-5)')}
          value={report.socialScore}
          onValue={set('socialScore')}
          problems={problems}
          options={SCORES}
          required
        />
        <SelectField
          field="report.psychosocialScore"
          label={t('Psychosocial wellbeing (1-5)')}
          value={report.psychosocialScore}
          onValue={set('psychosocialScore')}
          problems={problems}
          options={SCORES}
          required
        />
        <SelectField
          field="report.safetyLevel"
          label={t('Safety: risk of re-trafficking')}
          value={report.safetyLevel}
          onValue={set('safetyLevel')}
          problems={problems}
          options={options(['LOW', 'MEDIUM', 'HIGH'])}
          required
        />
        <TextField
          field="report.narrative"
          label={t('What happened since the last report')}
          type="textarea"
          value={report.narrative}
          onValue={set('narrative')}
          problems={problems}
          required
        />
        <TextField
          field="report.personView"
          label={t('What the person says')}
          type="textarea"
          value={report.personView}
          onValue={set('personView')}
          problems={problems}
        />
        {carriesPlan && (
          <TextField
            field="report.reintegrationPlan"
            label={t('Reintegration plan')}
            hint={t('The first follow-up carries the reintegration plan agreed with the person.')}
            type="textarea"
            value={report.reintegrationPlan}
            onValue={set('reintegrationPlan')}
            problems={problems}
            required
          />
        )}
        <TextField
          field="report.nextSteps"
          label={t('Next steps')}
          type="textarea"
          value={report.nextSteps}
          onValue={set('nextSteps')}
          problems={problems}
        />
        <ErrorMessage error={error} />
        <div class="step-buttons">
          <button type="button" class="link" onClick={() => navigate({ screen: 'referral', id: referralId })}>
            {t('Back')}
          </button>
          <button type="submit" disabled={busy}>
            {t('Submit the report')}
          </button>
        </div>
      </form>
    </section>
  );
}
