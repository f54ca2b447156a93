import { useEffect, useState } from 'preact/hooks';
import { gql, InputProblem } from '../api.js';
import { ChoiceSet, options, SelectField, TextField } from '../fields.js';
import { LANGUAGES, t } from '../i18n/i18n.js';
import { FieldProblems } from '../ui.js';
import type { ProfileField } from './new-referral.js';
import { CATEGORIES, Draft, EXPLOITATION_TYPES, PURPOSES, RISK_INDICATORS, SERVICE_TYPES } from './wizard-state.js';

interface StepProps {
  draft: Draft;
  update: <K extends keyof Draft>(part: K, values: Partial<Draft[K]>) => void;
  problems: InputProblem[];
  /** Saved already: shown, not edited (a saved person or consent is changed on its own screen, not here). */
  locked: boolean;
}

export function PersonStep({ draft, update, problems, locked }: StepProps) {
  const p = draft.person;
  const set = (key: keyof Draft['person']) => (value: string) => update('person', { [key]: value });
  return (
    <fieldset disabled={locked} class="plain">
      <TextField
        field="identity.givenNames"
        label={t('Given names')}
        value={p.givenNames}
        onValue={set('givenNames')}
        problems={problems}
        required
      />
      <TextField
        field="identity.familyName"
        label={t('Family name')}
        value={p.familyName}
        onValue={set('familyName')}
        problems={problems}
        required
      />
      <SelectField
        field="identity.gender"
        label={t('Gender')}
        value={p.gender}
        onValue={set('gender')}
        problems={problems}
        options={options(['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'])}
        required
      />
      <TextField
        field="identity.dateOfBirth"
        label={t('Date of birth')}
        type="date"
        value={p.dateOfBirth}
        onValue={set('dateOfBirth')}
        problems={problems}
      />
      <TextField
        field="identity.languages"
        label={t('Languages')}
        hint={t('ISO codes separated by commas, e.g. hu, en')}
        value={p.languages}
        onValue={set('languages')}
        problems={problems}
      />
      <TextField
        field="nationality"
        label={t('Nationality')}
        hint={t('Country code, e.g. HU')}
        value={p.nationality}
        onValue={set('nationality')}
        problems={problems}
        required
      />
      <TextField
        field="countryOfReturn"
        label={t('Country of return')}
        hint={t('Country code, e.g. HU')}
        value={p.countryOfReturn}
        onValue={set('countryOfReturn')}
        problems={problems}
        required
      />
      <TextField field="contact.phone" label={t('Phone')} type="tel" value={p.phone} onValue={set('phone')} problems={problems} />
    </fieldset>
  );
}

export function ConsentStep({ draft, update, problems, locked }: StepProps) {
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
  const set = (key: keyof Draft['consent']) => (value: string) => update('consent', { [key]: value });
  return (
    <fieldset disabled={locked} class="plain">
      <SelectField
        field="recipientOrganisationIds"
        label={t('Receiving organisation')}
        value={c.receiverId}
        onValue={set('receiverId')}
        problems={problems}
        options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        required
      />
      <ChoiceSet
        field="purposes"
        legend={t('Purposes')}
        values={PURPOSES}
        chosen={c.purposes}
        onChosen={(purposes) => update('consent', { purposes })}
        problems={problems}
      />
      <ChoiceSet
        field="categories"
        legend={t('Data the receiver may see')}
        values={CATEGORIES}
        chosen={c.categories}
        onChosen={(categories) => update('consent', { categories })}
        problems={problems}
      />
      <TextField
        field="givenAt"
        label={t('Given on')}
        type="date"
        value={c.givenAt}
        onValue={set('givenAt')}
        problems={problems}
        required
      />
      <TextField field="expiresAt" label={t('Expires on')} type="date" value={c.expiresAt} onValue={set('expiresAt')} problems={problems} />
      <SelectField
        field="language"
        label={t('Language of the consent conversation')}
        value={c.language}
        onValue={set('language')}
        problems={problems}
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
      <TextField
        field="formReference"
        label={t('Reference of the signed form')}
        value={c.formReference}
        onValue={set('formReference')}
        problems={problems}
        required
      />
    </fieldset>
  );
}

export function ReferralStep({
  draft,
  update,
  problems,
  locked,
  fields,
  fieldKeys,
}: StepProps & { fields: ProfileField[]; fieldKeys: string[] }) {
  const r = draft.referral;
  const set = (key: keyof Draft['referral']) => (value: string) => update('referral', { [key]: value });
  const setNeed = (index: number, values: Partial<Draft['referral']['needs'][number]>) =>
    update('referral', { needs: r.needs.map((need, i) => (i === index ? { ...need, ...values } : need)) });
  const setNational = (key: string) => (value: string) => update('referral', { nationalFields: { ...r.nationalFields, [key]: value } });
  return (
    <fieldset disabled={locked} class="plain">
      <fieldset>
        <legend>{t('Needs')}</legend>
        {r.needs.map((need, index) => (
          <div class="need">
            <SelectField
              field={`needs.${index}.serviceType`}
              label={t('Service')}
              value={need.serviceType}
              onValue={(serviceType) => setNeed(index, { serviceType })}
              problems={problems}
              options={options(SERVICE_TYPES)}
              required
            />
            <SelectField
              field={`needs.${index}.priority`}
              label={t('Priority')}
              value={need.priority}
              onValue={(priority) => setNeed(index, { priority })}
              problems={problems}
              options={options(['LOW', 'MEDIUM', 'HIGH', 'URGENT'])}
              required
            />
            <TextField
              field={`needs.${index}.note`}
              label={t('Note')}
              value={need.note}
              onValue={(note) => setNeed(index, { note })}
              problems={problems}
            />
          </div>
        ))}
        <button
          type="button"
          class="link"
          onClick={() => update('referral', { needs: [...r.needs, { serviceType: 'MEDICAL', priority: 'MEDIUM', note: '' }] })}
        >
          {t('Add a need')}
        </button>
      </fieldset>
      <ChoiceSet
        field="caseHistory.exploitationTypes"
        legend={t('Exploitation')}
        values={EXPLOITATION_TYPES}
        chosen={r.exploitationTypes}
        onChosen={(exploitationTypes) => update('referral', { exploitationTypes })}
        problems={problems}
      />
      <TextField
        field="caseHistory.summary"
        label={t('Summary of the case')}
        type="textarea"
        value={r.summary}
        onValue={set('summary')}
        problems={problems}
      />
      {fields.length > 0 && (
        <fieldset>
          <legend>{t('National fields')}</legend>
          {fields.map((field) => {
            const index = fieldKeys.indexOf(field.key);
            const path = index >= 0 ? `caseHistory.nationalFields.${index}` : `caseHistory.nationalFields.${field.key}`;
            const value = r.nationalFields[field.key] ?? '';
            return field.type === 'CHOICE' || field.type === 'BOOLEAN' ? (
              <SelectField
                field={path}
                label={field.label}
                value={value}
                onValue={setNational(field.key)}
                problems={problems}
                required={field.required}
                options={(field.type === 'BOOLEAN' ? ['true', 'false'] : field.options).map((o) => ({
                  value: o,
                  label: o === 'true' ? t('Yes') : o === 'false' ? t('No') : o,
                }))}
              />
            ) : (
              <TextField
                field={path}
                label={field.label}
                hint={field.description ?? undefined}
                type={field.type === 'DATE' ? 'date' : 'text'}
                value={value}
                onValue={setNational(field.key)}
                problems={problems}
                required={field.required}
              />
            );
          })}
          <FieldProblems id="national-fields" field="caseHistory.nationalFields" problems={problems.filter((p) => p.path.length <= 3)} />
        </fieldset>
      )}
      <SelectField
        field="riskAssessment.level"
        label={t('Risk level')}
        value={r.riskLevel}
        onValue={set('riskLevel')}
        problems={problems}
        options={options(['LOW', 'MEDIUM', 'HIGH'])}
        required
      />
      <ChoiceSet
        field="riskAssessment.indicators"
        legend={t('Safety indicators')}
        values={RISK_INDICATORS}
        chosen={r.indicators}
        onChosen={(indicators) => update('referral', { indicators })}
        problems={problems}
      />
      <TextField
        field="riskAssessment.notes"
        label={t('Notes on the risk')}
        type="textarea"
        value={r.riskNotes}
        onValue={set('riskNotes')}
        problems={problems}
      />
      <TextField
        field="returnPlan.plannedReturnDate"
        label={t('Planned return')}
        type="date"
        value={r.plannedReturnDate}
        onValue={set('plannedReturnDate')}
        problems={problems}
      />
      <TextField field="returnPlan.route" label={t('Route')} value={r.route} onValue={set('route')} problems={problems} />
      <TextField
        field="returnPlan.reception.place"
        label={t('Reception: where')}
        value={r.receptionPlace}
        onValue={set('receptionPlace')}
        problems={problems}
      />
      <TextField
        field="returnPlan.reception.metBy"
        label={t('Reception: met by')}
        value={r.receptionMetBy}
        onValue={set('receptionMetBy')}
        problems={problems}
      />
    </fieldset>
  );
}
