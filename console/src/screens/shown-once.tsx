import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

/**
 * A secret the service shows this once (a token, a sign-in link, a webhook secret), with a copy button. It lives in
 * this component's memory only and goes with "Done". It takes the focus when it appears, so that the person who asked
 * for it is brought to it (the button they pressed may be far down the page).
 */
export function ShownOnce({ text, secret, onDone }: { text: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const copy = () =>
    navigator.clipboard?.writeText(secret).then(
      () => setCopied(true),
      () => setCopied(false),
    ) ?? setCopied(false);
  return (
    <div role="status" class="shown-once" tabIndex={-1} ref={ref}>
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
