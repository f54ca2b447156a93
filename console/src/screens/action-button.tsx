import type { JSX } from 'preact';

/**
 * A button in a row of a table, whose visible text ("Remove") says what it does and whose name for assistive
 * technology also says to what ("Remove Bea Example"): one row's button among many must be told apart when heard.
 */
export function ActionButton({ text, about, ...props }: { text: string; about: string } & JSX.HTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" aria-label={`${text} ${about}`} {...props}>
      {text}
    </button>
  );
}
