import { useState } from 'preact/hooks';
import { ApiError, signIn } from '../api.js';
import { t } from '../i18n/i18n.js';
import { Field } from '../fields.js';
import { Heading } from '../ui.js';

/**
 * The member's API token is sent once, exchanged for a session cookie, and forgotten: the field is cleared. A sign-in
 * link that did not work (used, expired) arrives here as `linkError`.
 */
export function SignIn({ onSignedIn, linkError = null }: { onSignedIn: () => void; linkError?: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ token });
      setToken('');
      onSignedIn();
    } catch (failure) {
      setError(failure instanceof ApiError && failure.code === 'UNAUTHENTICATED' ? t('This token is not valid.') : t('Sign-in failed.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="sign-in">
      <Heading>{t('Sign in')}</Heading>
      {linkError && (
        <p class="error" role="alert">
          {linkError}
        </p>
      )}
      <p>{t('Sign in with the API token your organisation’s administrator gave you. It is not kept in this browser.')}</p>
      <form onSubmit={submit} autocomplete="off">
        <Field
          field="token"
          label={t('API token')}
          type="password"
          autocomplete="off"
          value={token}
          onValue={setToken}
          problems={error ? [{ path: ['token'], message: error }] : []}
          required
        />
        <button type="submit" disabled={busy}>
          {t('Sign in')}
        </button>
      </form>
    </section>
  );
}
