import { useState } from 'preact/hooks';
import { ApiError, InputProblem } from './api.js';

/**
 * A form's sending state: busy while the mutation runs; the API's BAD_USER_INPUT problems, which the fields show next
 * to themselves; any other refusal as one message (a CONFLICT's reason, say) to show under the form.
 */
export function useSubmit() {
  const [problems, setProblems] = useState<InputProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (work: () => Promise<unknown>) => async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblems([]);
    setError(null);
    try {
      await work();
    } catch (failure) {
      const found = failure instanceof ApiError ? failure.problems : [];
      setProblems(found);
      setError(found.length ? null : (failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { problems, error, busy, submit };
}
