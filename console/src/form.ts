import { useState } from 'preact/hooks';
import { ApiError, InputProblem } from './api.js';
import { binder, choiceBinder } from './fields.js';

/**
 * One save at a time, and what went wrong with it: the API's BAD_USER_INPUT problems (shown next to the fields they
 * name) and its message (shown above the buttons). A failed save changes nothing, so the form keeps what was typed.
 */
export function useSubmission() {
  const [problems, setProblems] = useState<InputProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setProblems([]);
    setError(null);
    try {
      await work();
      return true;
    } catch (failure) {
      if (failure instanceof ApiError) setProblems(failure.problems);
      setError((failure as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { problems, error, busy, run };
}

/** A form's values with its submission: `bind` ties a field to a value, `choices` a choice set to a list, `submit` handles the form's submit event. */
export function useForm<T extends object>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const submission = useSubmission();
  const change = (key: keyof T, value: unknown) => setValues((current) => ({ ...current, [key]: value }));
  return {
    ...submission,
    values,
    setValues,
    change,
    bind: binder(values, change, submission.problems),
    choices: choiceBinder(values, change, submission.problems),
    submit: (work: (values: T) => Promise<unknown>) => (event: Event) => {
      event.preventDefault();
      void submission.run(() => work(values));
    },
  };
}

/** A key for a create, so that a double click or a retry after a lost answer creates nothing twice. */
export const idempotencyKey = () => `console-${crypto.randomUUID()}`;
