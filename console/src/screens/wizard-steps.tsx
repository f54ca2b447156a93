import { useEffect, useState } from 'preact/hooks';
import { gql, InputProblem } from '../api.js';
import { binder, ChoiceSet, choiceBinder, Field, FieldProblems, options } from '../fields.js';
import { LANGUAGES, t } from '../i18n/i18n.js';
import type { ProfileField } from './new-referral.js';
import { CATEGORIES, Draft, EXPLOITATION_TYPES, PURPOSES, RISK_INDICATORS, SERVICE_TYPES } from './wizard-state.js';

interface StepProps {
  draft: Draft;
  update: <K extends keyof Draft>(part: K, values: Partial<Draft[K]>) => void;
  problems: InputProblem[];
  /** Saved already: shown, not edited (a saved person or consent is changed on its own screen, not here). */
  locked: boolean;
}

/** Fields bound to one part of the draft. */
const partBinder = <K extends keyof Draft>({ draft, update, problems }: StepProps, part: K) =>
  binder(draft[part], (key, value) => update(part, { [key]: value } as Partial<Draft[K]>), problems);
/** Choice sets bound to one part of the draft. */
const partChoices = <K extends keyof Draft>({ draft, update, problems }: StepProps, part: K) =>
  choiceBinder(draft[part], (key, chosen) => update(part, { [key]: chosen } as Partial<Draft[K]>), problems);

const COUNTRY_HINT = 'Country code, e.g. HU';

export function PersonStep(props: StepProps) {
  const field = partBinder(props, 'person');
  return (
    <fieldset disabled={props.locked} class="plain">
      <Field label={t('Given names')} {...field('givenNames', 'identity.givenNames')} required />
      <Field label={t('Family name')} {...field('familyName', 'identity.familyName')} required />
      <Field
        label={t('Gender')}
        {...field('gender', 'identity.gender')}
        options={options(['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'])}
        required
      />
      <Field label={t('Date of birth')} {...field('dateOfBirth', 'identity.dateOfBirth')} type="date" />
      <Field label={t('Languages')} hint={t('ISO codes separated by commas, e.g. hu, en')} {...field('languages', 'identity.languages')} />
      <Field label={t('Nationality')} hint={t(COUNTRY_HINT)} {...field('nationality')} required />
      <Field label={t('Country of return')} hint={t(COUNTRY_HINT)} {...field('countryOfReturn')} required />
      <Field label={t('Phone')} {...field('phone', 'contact.phone')} type="tel" />
    </fieldset>
  );
}

export function ConsentStep(props: StepProps) {
  const { draft, update, locked } = props;
  const c = draft.consent;
  const [organisations, setOrganisations] = useState<{ id: string; name: string }[]>([]);
  const country = draft.person.countryOfReturn.trim().toUpperCase();
  useEffect(() => {
    gql(`query($country: String) { organisations(country: $country, first: 100) { edges { node { id name } } } }`, { country }).then(
      (data) => {
        const found = data.organisations.edges.map((edge: { node: { id: string; name: string } }) => edge.node);
        setOrganisations(found);
        if (!c.receiverId && found.length > 0) update('consent', { receiverId: found[0].id });
      },
      () => setOrganisations([]),
    );
  }, [country]);
  const field = partBinder(props, 'consent');
  const choices = partChoices(props, 'consent');
  return (
    <fieldset disabled={locked} class="plain">
      <Field
        label={t('Receiving organisation')}
        {...field('receiverId', 'recipientOrganisationIds')}
        options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        required
      />
      <ChoiceSet legend={t('Purposes')} values={PURPOSES} {...choices('purposes')} />
      <ChoiceSet legend={t('Data the receiver may see')} values={CATEGORIES} {...choices('categories')} />
      <Field label={t('Given on')} {...field('givenAt')} type="date" required />
      <Field label={t('Expires on')} {...field('expiresAt')} type="date" />
      <Field
        label={t('Language of the consent conversation')}
        {...field('language')}
        options={[
          ...LANGUAGES.map((l) => ({ value: l.code, label: l.name })),
          { value: 'ro', label: 'Română' },
          { value: 'bg', label: 'Български' },
        ]}
        required
      />
      <label class="choice">
        <input
          type="checkbox"
          checked={c.interpreterPresent}
          onChange={(e) => update('consent', { interpreterPresent: (e.target as HTMLInputElement).checked })}
        />
        {t('An interpreter was present')}
      </label>
      <Field label={t('Reference of the signed form')} {...field('formReference')} required />
    </fieldset>
  );
}

export function ReferralStep(props: StepProps & { fields: ProfileField[]; fieldKeys: string[] }) {
  const { draft, update, problems, locked, fields, fieldKeys } = props;
  const r = draft.referral;
  const field = partBinder(props, 'referral');
  const choices = partChoices(props, 'referral');
  const setNeed = (index: number, values: Partial<Draft['referral']['needs'][number]>) =>
    update('referral', { needs: r.needs.map((need, i) => (i === index ? { ...need, ...values } : need)) });
  const setNational = (key: string) => (value: string) => update('referral', { nationalFields: { ...r.nationalFields, [key]: value } });
  return (
    <fieldset disabled={locked} class="plain">
      <fieldset>
        <legend>{t('Needs')}</legend>
        {r.needs.map((need, index) => {
          const needField = binder(need, (key, value) => setNeed(index, { [key]: value }), problems);
          return (
            <div class="need">
              <Field
                label={t('Service')}
                {...needField('serviceType', `needs.${index}.serviceType`)}
                options={options(SERVICE_TYPES)}
                required
              />
              <Field
                label={t('Priority')}
                {...needField('priority', `needs.${index}.priority`)}
                options={options(['LOW', 'MEDIUM', 'HIGH', 'URGENT'])}
                required
              />
              <Field label={t('Note')} {...needField('note', `needs.${index}.note`)} />
            </div>
          );
        })}
        <button
          type="button"
          class="link"
          onClick={() => update('referral', { needs: [...r.needs, { serviceType: 'MEDICAL', priority: 'MEDIUM', note: '' }] })}
        >
          {t('Add a need')}
        </button>
      </fieldset>
      <ChoiceSet
        legend={t('Exploitation')}
        values={EXPLOITATION_TYPES}
        {...choices('exploitationTypes', 'caseHistory.exploitationTypes')}
      />
      <Field label={t('Summary of the case')} {...field('summary', 'caseHistory.summary')} type="textarea" />
      {fields.length > 0 && (
        <fieldset>
          <legend>{t('National fields')}</legend>
          {fields.map((profileField) => {
            const index = fieldKeys.indexOf(profileField.key);
            const common = {
              field: index >= 0 ? `caseHistory.nationalFields.${index}` : `caseHistory.nationalFields.${profileField.key}`,
              label: profileField.label,
              value: r.nationalFields[profileField.key] ?? '',
              onValue: setNational(profileField.key),
              problems,
              required: profileField.required,
            };
            return profileField.type === 'CHOICE' || profileField.type === 'BOOLEAN' ? (
              <Field
                {...common}
                options={(profileField.type === 'BOOLEAN' ? ['true', 'false'] : profileField.options).map((o) => ({
                  value: o,
                  label: o === 'true' ? t('Yes') : o === 'false' ? t('No') : o,
                }))}
              />
            ) : (
              <Field {...common} hint={profileField.description ?? undefined} type={profileField.type === 'DATE' ? 'date' : 'text'} />
            );
          })}
          <FieldProblems id="national-fields" field="caseHistory.nationalFields" problems={problems.filter((p) => p.path.length <= 3)} />
        </fieldset>
      )}
      <Field
        label={t('Risk level')}
        {...field('riskLevel', 'riskAssessment.level')}
        options={options(['LOW', 'MEDIUM', 'HIGH'])}
        required
      />
      <ChoiceSet legend={t('Safety indicators')} values={RISK_INDICATORS} {...choices('indicators', 'riskAssessment.indicators')} />
      <Field label={t('Notes on the risk')} {...field('riskNotes', 'riskAssessment.notes')} type="textarea" />
      <Field label={t('Planned return')} {...field('plannedReturnDate', 'returnPlan.plannedReturnDate')} type="date" />
      <Field label={t('Route')} {...field('route', 'returnPlan.route')} />
      <Field label={t('Reception: where')} {...field('receptionPlace', 'returnPlan.reception.place')} />
      <Field label={t('Reception: met by')} {...field('receptionMetBy', 'returnPlan.reception.metBy')} />
    </fieldset>
  );
}
