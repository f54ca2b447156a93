import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

/**
 * A step that cannot be undone (cancelling a meeting, archiving a practice): the first press asks, the second does it,
 * so that a slip of the mouse or the keyboard changes nothing.
 */
export function ConfirmStep({ label, busy, onConfirm }: { label: string; busy: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  return asking ? (
    <span class="confirm-step">
      <button type="button" class="danger" disabled={busy} onClick={onConfirm}>
        {t('Confirm')}: {label}
      </button>
      <button type="button" class="link" onClick={() => setAsking(false)}>
        {t('Back')}
      </button>
    </span>
  ) : (
    <button type="button" class="danger" disabled={busy} onClick={() => setAsking(true)}>
      {label}
    </button>
  );
}
