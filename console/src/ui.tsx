import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from './i18n/i18n.js';

/** The screen's title, focused when the screen opens so that keyboard and screen-reader users start there. */
export function Heading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

/** A value withheld from the reader, with the reason in words. */
export function Redacted({ reason }: { reason: string }) {
  return (
    <span class="redacted">
      {t('Withheld')}: {t(reason)}
    </span>
  );
}

/** A labelled value; null shows as a dash. */
export function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? '–'}</dd>
    </>
  );
}

export const StatusBadge = ({ status }: { status: string }) => <span class={`badge status-${status.toLowerCase()}`}>{t(status)}</span>;

export function ErrorMessage({ error }: { error: string | null }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}

export const today = (): string => new Date().toISOString().slice(0, 10);
