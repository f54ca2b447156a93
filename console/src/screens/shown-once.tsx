import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

/**
 * A secret the service shows this once (a token, a sign-in link, a webhook secret), with a copy button. It lives in
 * this component's memory only and goes with "Done".
 */
export function ShownOnce({ text, secret, onDone }: { text: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = () =>
    navigator.clipboard?.writeText(secret).then(
      () => setCopied(true),
      () => setCopied(false),
    ) ?? setCopied(false);
  return (
    <div role="status" class="shown-once">
      <p>{text}</p>
      <p class="token-once">{secret}</p>
      <button type="button" onClick={copy}>
        {t('Copy')}
      </button>{' '}
      <button type="button" onClick={onDone}>
        {t('Done')}
      </button>
      {copied !== null && (
        <span class="meta"> {copied ? t('Copied.') : t('Copying is not allowed here: select the text and copy it.')}</span>
      )}
    </div>
  );
}
