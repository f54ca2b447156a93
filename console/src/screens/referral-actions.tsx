import { useState } from 'preact/hooks';
import { gql } from '../api.js';
import { Field } from '../fields.js';
import { useSubmission } from '../form.js';
import { t } from '../i18n/i18n.js';
import { Me, Navigate } from '../routes.js';
import { ErrorMessage, today } from '../ui.js';
import { CONSENTS, Referral } from './referral-query.js';

type Ask = 'reason' | 'optional-reason' | 'date' | null;

interface Action {
  key: string;
  label: string;
  ask: Ask;
  run: (value: string) => Promise<unknown>;
  danger?: boolean;
}

const OPEN = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED', 'IN_REINTEGRATION'];

const transition = (mutation: string, input: string) => (referral: Referral, extra: Record<string, unknown>) =>
  gql(`mutation($input: ${input}!) { ${mutation}(input: $input) { referral { id } } }`, {
    input: { referralId: referral.id, expectedVersion: referral.version, ...extra },
  });

/** The lifecycle's steps this reader may take now (src/referrals/referral-lifecycle.ts), and no other. */
function actionsFor(referral: Referral, side: 'sender' | 'receiver'): Action[] {
  const s = referral.status;
  const actions: Action[] = [];
  if (side === 'sender') {
    if (s === 'DRAFT')
      actions.push({
        key: 'submit',
        label: t('Submit'),
        ask: null,
        run: () => transition('submitReferral', 'SubmitReferralInput')(referral, {}),
      });
    if (['DRAFT', 'SUBMITTED', 'ACCEPTED'].includes(s)) {
      actions.push({
        key: 'cancel',
        label: t('Cancel the referral'),
        ask: 'reason',
        danger: true,
        run: (reason) => transition('cancelReferral', 'CancelReferralInput')(referral, { reason }),
      });
    }
    if (OPEN.includes(s) && referral.consent?.status === 'ACTIVE') {
      actions.push({
        key: 'withdraw',
        label: t('Withdraw consent'),
        ask: 'reason',
        danger: true,
        run: (reason) => withdrawConsent(referral, reason),
      });
    }
  } else {
    if (s === 'SUBMITTED') {
      actions.push({
        key: 'accept',
        label: t('Accept'),
        ask: null,
        run: () => transition('acceptReferral', 'AcceptReferralInput')(referral, {}),
      });
      actions.push({
        key: 'decline',
        label: t('Decline'),
        ask: 'reason',
        danger: true,
        run: (reason) => transition('declineReferral', 'DeclineReferralInput')(referral, { reason }),
      });
    }
    if (s === 'ACCEPTED') {
      actions.push({
        key: 'arrival',
        label: t('Record the arrival'),
        ask: 'date',
        run: (arrivedOn) => transition('recordArrival', 'RecordArrivalInput')(referral, { arrivedOn }),
      });
    }
    if (s === 'RETURNED' || s === 'IN_REINTEGRATION') {
      actions.push({
        key: 'close',
        label: t('Close'),
        ask: 'optional-reason',
        run: (reason) => transition('closeReferral', 'CloseReferralInput')(referral, reason ? { reason } : {}),
      });
    }
  }
  return actions;
}

/** The consent the referral rests on: the person's active consent naming the receiver (the sender may read it). */
async function withdrawConsent(referral: Referral, reason: string): Promise<void> {
  const data = await gql(CONSENTS, { id: referral.subject.id });
  const consent = data.subject.consents.find(
    (c: { status: string; recipientOrganisationIds: string[] }) =>
      c.status === 'ACTIVE' && c.recipientOrganisationIds.includes(referral.receiver.id),
  );
  if (!consent) throw new Error(t('No active consent names the receiver.'));
  await gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { consent { id } } }`, {
    input: { consentId: consent.id, reason },
  });
}

export function ReferralActions(props: {
  referral: Referral;
  side: 'sender' | 'receiver';
  me: Me;
  reload: () => void;
  navigate: Navigate;
}) {
  const { referral, side, me, reload } = props;
  const [open, setOpen] = useState<Action | null>(null);
  const [value, setValue] = useState('');
  const { problems, error, busy, run: submit } = useSubmission();
  if (!me.roles.includes('CASE_WORKER')) return null;
  const actions = actionsFor(referral, side);
  if (actions.length === 0) return null;

  const run = (action: Action, input: string) =>
    submit(async () => {
      await action.run(input);
      setOpen(null);
      setValue('');
      reload();
    });
  const start = (action: Action) => {
    if (!action.ask) return void run(action, '');
    setValue(action.ask === 'date' ? today() : '');
    setOpen(action);
  };

  return (
    <section aria-labelledby="actions" class="actions">
      <h2 id="actions">{t('What you can do now')}</h2>
      <div class="buttons">
        {actions.map((action) => (
          <button
            type="button"
            class={action.danger ? 'danger' : undefined}
            disabled={busy}
            aria-expanded={open?.key === action.key}
            onClick={() => start(action)}
          >
            {action.label}
          </button>
        ))}
      </div>
      {open && (
        <form
          class="action-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(open, value.trim());
          }}
        >
          <Field
            field={open.ask === 'date' ? 'arrivedOn' : 'reason'}
            label={open.ask === 'date' ? t('Arrived on') : open.ask === 'reason' ? t('Reason') : t('Reason (optional)')}
            type={open.ask === 'date' ? 'date' : 'textarea'}
            value={value}
            onValue={setValue}
            problems={problems}
            required={open.ask !== 'optional-reason'}
          />
          <button type="submit" disabled={busy}>
            {t('Confirm')}: {open.label}
          </button>
          <button type="button" class="link" onClick={() => setOpen(null)}>
            {t('Back')}
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
