import type { ComponentChildren } from 'preact';
import { InputProblem } from './api.js';
import { t } from './i18n/i18n.js';
import { FieldProblems, problemProps } from './ui.js';

interface FieldProps {
  /** The input's path in the mutation's input (BAD_USER_INPUT problems are matched on it), e.g. identity.givenNames. */
  field: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  problems: InputProblem[];
  type?: string;
  required?: boolean;
  hint?: string;
}

const idOf = (field: string) => `f-${field.replace(/\W/g, '-')}`;

/** A labelled input with its problems next to it. */
export function TextField({ field, label, value, onValue, problems, type = 'text', required, hint }: FieldProps) {
  const id = idOf(field);
  return (
    <div class="field">
      <label for={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      {hint && <span class="hint">{hint}</span>}
      {type === 'textarea' ? (
        <textarea
          id={id}
          required={required}
          value={value}
          onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)}
          {...problemProps(id, field, problems)}
        />
      ) : (
        <input
          id={id}
          type={type}
          required={required}
          value={value}
          onInput={(e) => onValue((e.target as HTMLInputElement).value)}
          {...problemProps(id, field, problems)}
        />
      )}
      <FieldProblems id={id} field={field} problems={problems} />
    </div>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[] }) {
  const { field, label, value, onValue, problems, options, required } = props;
  const id = idOf(field);
  return (
    <div class="field">
      <label for={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      <select
        id={id}
        required={required}
        value={value}
        onChange={(e) => onValue((e.target as HTMLSelectElement).value)}
        {...problemProps(id, field, problems)}
      >
        {(!required || value === '') && <option value="">–</option>}
        {options.map((option) => (
          <option value={option.value}>{option.label}</option>
        ))}
      </select>
      <FieldProblems id={id} field={field} problems={problems} />
    </div>
  );
}

/** Checkboxes for a set of enum values, as a fieldset with a legend. */
export function ChoiceSet(props: {
  field: string;
  legend: string;
  values: string[];
  chosen: string[];
  onChosen: (chosen: string[]) => void;
  problems: InputProblem[];
}) {
  const { field, legend, values, chosen, onChosen, problems } = props;
  const id = idOf(field);
  return (
    <fieldset class="choices" aria-describedby={problemProps(id, field, problems)['aria-describedby']}>
      <legend>{legend}</legend>
      {values.map((value) => (
        <label class="choice">
          <input
            type="checkbox"
            name={field}
            value={value}
            checked={chosen.includes(value)}
            onChange={(e) => onChosen((e.target as HTMLInputElement).checked ? [...chosen, value] : chosen.filter((v) => v !== value))}
          />
          {t(value)}
        </label>
      ))}
      <FieldProblems id={id} field={field} problems={problems} />
    </fieldset>
  );
}

export function StepButtons({ children }: { children: ComponentChildren }) {
  return <div class="step-buttons">{children}</div>;
}

export const options = (values: string[]) => values.map((value) => ({ value, label: t(value) }));
