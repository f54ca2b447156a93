import { fieldOf, InputProblem } from './api.js';
import { t } from './i18n/i18n.js';

export interface Option {
  value: string;
  label: string;
}

export interface FieldProps {
  /** The input's path in the mutation's input (BAD_USER_INPUT problems are matched on it), e.g. identity.givenNames. */
  field: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  problems: InputProblem[];
  /** An input type (text, date, tel, email, search), or textarea; with options the field is a select. */
  type?: string;
  options?: Option[];
  required?: boolean;
  hint?: string;
  /** The label of a select's empty choice (a dash unless told, e.g. "All" in a filter). */
  empty?: string;
  autocomplete?: string;
}

const idOf = (field: string) => `f-${field.replace(/\W/g, '-')}`;

/** The problems that concern a field: its own path, or a path inside it (`agenda.2` belongs to `agenda`). */
const problemsOf = (field: string, problems: InputProblem[]) =>
  problems.filter((problem) => fieldOf(problem) === field || fieldOf(problem).startsWith(`${field}.`));

/** The problems of one field (BAD_USER_INPUT's paths), shown next to it; the id ties them to the field. */
export function FieldProblems({ id, field, problems }: { id: string; field: string; problems: InputProblem[] }) {
  const mine = problemsOf(field, problems);
  if (mine.length === 0) return null;
  return (
    <span id={`${id}-problem`} class="field-error" role="alert">
      {mine.map((problem) => problem.message).join(' ')}
    </span>
  );
}

/**
 * The one form field of the console: its label, the control (input, textarea or select), a hint, and the API's
 * problems with it right below, tied to the control by aria-describedby and aria-invalid so that a screen reader
 * reads them with the field.
 */
export function Field(props: FieldProps) {
  const { field, label, value, onValue, problems, type = 'text', options, required, hint, empty = '–', autocomplete } = props;
  const id = idOf(field);
  const invalid = problemsOf(field, problems).length > 0;
  const describedBy = [hint && `${id}-hint`, invalid && `${id}-problem`].filter(Boolean).join(' ');
  const control = {
    id,
    required,
    value,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': describedBy || undefined,
    autocomplete,
  };
  const typed = (event: Event) => onValue((event.target as HTMLInputElement).value);
  return (
    <div class="field">
      <label for={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      {hint && (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      )}
      {options ? (
        <select {...control} onChange={typed}>
          {(!required || value === '') && <option value="">{empty}</option>}
          {options.map((option) => (
            <option value={option.value}>{option.label}</option>
          ))}
        </select>
      ) : type === 'textarea' ? (
        <textarea {...control} onInput={typed} />
      ) : (
        <input {...control} type={type} onInput={typed} />
      )}
      <FieldProblems id={id} field={field} problems={problems} />
    </div>
  );
}

/** Checkboxes for a set of values (enum values in words by default), as a fieldset with a legend. */
export function ChoiceSet(props: {
  field: string;
  legend: string;
  values: string[];
  chosen: string[];
  onChosen: (chosen: string[]) => void;
  problems: InputProblem[];
  labelOf?: (value: string) => string;
}) {
  const { field, legend, values, chosen, onChosen, problems, labelOf = t } = props;
  const id = idOf(field);
  const invalid = problemsOf(field, problems).length > 0;
  return (
    <fieldset class="choices" aria-describedby={invalid ? `${id}-problem` : undefined}>
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
          {labelOf(value)}
        </label>
      ))}
      <FieldProblems id={id} field={field} problems={problems} />
    </fieldset>
  );
}

/** The organisation screen's name for Field. */
export const TextField = Field;

export const options = (values: string[]): Option[] => values.map((value) => ({ value, label: t(value) }));

type TextKey<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T] & string;
type ListKey<T> = { [K in keyof T]: T[K] extends string[] ? K : never }[keyof T] & string;

/**
 * Binds fields to a record of texts, so that a field is its label and its key: `<Field label={…} {...bind('title')} />`.
 * `path` names the field in the mutation's input where it differs from the key.
 */
export function binder<T>(values: T, change: (key: TextKey<T>, value: string) => void, problems: InputProblem[]) {
  return (key: TextKey<T>, path: string = key) => ({
    field: path,
    value: values[key] as string,
    onValue: (value: string) => change(key, value),
    problems,
  });
}

/** Binds choice sets to a record's lists of values: `<ChoiceSet legend={…} values={…} {...choices('themes')} />`. */
export function choiceBinder<T>(values: T, change: (key: ListKey<T>, chosen: string[]) => void, problems: InputProblem[]) {
  return (key: ListKey<T>, path: string = key) => ({
    field: path,
    chosen: values[key] as string[],
    onChosen: (chosen: string[]) => change(key, chosen),
    problems,
  });
}
