import { useEffect, useRef, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { TextField } from '../fields.js';
import { formatDate, t } from '../i18n/i18n.js';
import { useSubmission } from '../form.js';
import { ErrorMessage } from '../ui.js';
import { ActionButton } from './action-button.js';
import type { Secret } from './organisation.js';

const ENDPOINTS = `{ webhookEndpoints(first: 20) { edges { node { id url description eventTypes status disabledReason disabledAt createdAt } } } }`;
const DELIVERIES = `query($endpointId: ID!) { webhookDeliveries(endpointId: $endpointId, first: 20) { edges { node {
  id eventType status attempts nextAttemptAt deliveredAt createdAt log { attemptedAt statusCode error } } } } }`;

interface Endpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  status: 'ACTIVE' | 'PAUSED' | 'DISABLED';
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
}

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  log: { attemptedAt: string; statusCode: number | null; error: string | null }[];
}

const endpointMutation = (name: string) => `mutation($input: WebhookEndpointInput!) { ${name}(input: $input) { endpoint { id } } }`;

/**
 * The organisation's webhook endpoints: status (and why the service disabled one), register (the secret shown once),
 * rotate the secret, pause and resume, delete after a confirmation, and each endpoint's delivery log with redelivery.
 */
export function Webhooks({ show }: { show: (secret: Secret) => void }) {
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const [log, setLog] = useState<Endpoint | null>(null);
  const load = () =>
    gql(ENDPOINTS).then(
      (data) => setEndpoints(data.webhookEndpoints.edges.map((edge: { node: Endpoint }) => edge.node)),
      (failure: Error) => setError(failure.message),
    );
  useEffect(() => void load(), []);
  const act = (name: string, endpoint: Endpoint) => {
    setError(null);
    return gql(endpointMutation(name), { input: { id: endpoint.id } }).then(load, (failure: Error) => setError(failure.message));
  };
  const rotate = (endpoint: Endpoint) =>
    gql(`mutation($input: WebhookEndpointInput!) { rotateWebhookSecret(input: $input) { secret } }`, { input: { id: endpoint.id } }).then(
      (data) =>
        show({
          text: t('The new signing secret of {url}, shown this once. The previous one keeps signing next to it for 24 hours.', {
            url: endpoint.url,
          }),
          secret: data.rotateWebhookSecret.secret,
        }),
      (failure: Error) => setError(failure.message),
    );
  return (
    <section aria-labelledby="webhooks">
      <h2 id="webhooks">{t('Webhooks')}</h2>
      <p>{t('Partner systems hear of changes here: signed notices with ids and types, never personal data.')}</p>
      <ErrorMessage error={error} />
      {endpoints.length === 0 ? (
        <p>{t('No webhook endpoints.')}</p>
      ) : (
        <table class="webhooks">
          <thead>
            <tr>
              <th scope="col">{t('Address')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col">{t('Registered')}</th>
              <th scope="col">{t('Actions')}</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map((endpoint) => (
              <tr>
                <th scope="row">
                  {endpoint.url}
                  {endpoint.description && (
                    <>
                      <br />
                      <span class="meta">{endpoint.description}</span>
                    </>
                  )}
                  <br />
                  <span class="meta">
                    {endpoint.eventTypes.length ? t('Hears: {types}', { types: endpoint.eventTypes.join(', ') }) : t('Hears every event')}
                  </span>
                </th>
                <td>
                  <span class={`badge webhook-${endpoint.status.toLowerCase()}`}>{t(endpoint.status)}</span>
                  {endpoint.status === 'DISABLED' && (
                    <p class="meta">
                      {t('Disabled by the service on {date}: {reason}', {
                        date: formatDate(endpoint.disabledAt, true),
                        reason: endpoint.disabledReason ?? '–',
                      })}
                    </p>
                  )}
                </td>
                <td>{formatDate(endpoint.createdAt)}</td>
                <td>
                  <div class="buttons">
                    {endpoint.status === 'ACTIVE' ? (
                      <ActionButton text={t('Pause')} about={endpoint.url} onClick={() => act('pauseWebhookEndpoint', endpoint)} />
                    ) : (
                      <ActionButton text={t('Resume')} about={endpoint.url} onClick={() => act('resumeWebhookEndpoint', endpoint)} />
                    )}
                    <ActionButton text={t('New secret')} about={endpoint.url} onClick={() => rotate(endpoint)} />
                    <ActionButton
                      text={t('Delivery log')}
                      about={endpoint.url}
                      aria-expanded={log?.id === endpoint.id}
                      onClick={() => setLog(log?.id === endpoint.id ? null : endpoint)}
                    />
                    <ActionButton text={t('Delete')} about={endpoint.url} class="danger" onClick={() => setDeleting(endpoint)} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDelete
          endpoint={deleting}
          confirm={() => void act('deleteWebhookEndpoint', deleting).then(() => setDeleting(null))}
          back={() => setDeleting(null)}
        />
      )}
      {log && <Deliveries key={log.id} endpoint={log} />}
      <RegisterEndpoint
        onRegistered={(endpoint, secret) => {
          show({
            text: t('The signing secret of {url}, shown this once: store it in the receiving system now.', { url: endpoint.url }),
            secret,
          });
          void load();
        }}
      />
    </section>
  );
}

/** Deleting takes a second, deliberate step; the focus goes to it, so a keyboard user is there. */
function ConfirmDelete({ endpoint, confirm, back }: { endpoint: Endpoint; confirm: () => void; back: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="action-form" role="group" aria-label={t('Delete {url}?', { url: endpoint.url })}>
      <p>{t('Delete {url}? Its secrets and its delivery log go with it.', { url: endpoint.url })}</p>
      <button type="button" class="danger" ref={ref} onClick={confirm}>
        {t('Confirm: Delete {url}', { url: endpoint.url })}
      </button>{' '}
      <button type="button" class="link" onClick={back}>
        {t('Back')}
      </button>
    </div>
  );
}

function Deliveries({ endpoint }: { endpoint: Endpoint }) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    gql(DELIVERIES, { endpointId: endpoint.id }).then(
      (data) => setDeliveries(data.webhookDeliveries.edges.map((edge: { node: Delivery }) => edge.node)),
      (failure: Error) => setError(failure.message),
    );
  useEffect(() => void load(), []);
  const redeliver = (delivery: Delivery) =>
    gql(`mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { delivery { id } } }`, {
      input: { deliveryId: delivery.id },
    }).then(load, (failure: Error) => setError(failure.message));

  return (
    <section aria-labelledby="deliveries">
      <h3 id="deliveries">{t('Deliveries to {url}', { url: endpoint.url })}</h3>
      <ErrorMessage error={error} />
      {deliveries?.length === 0 && <p>{t('Nothing was delivered yet.')}</p>}
      {deliveries && deliveries.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Event')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col">{t('Attempts')}</th>
              <th scope="col">{t('Last answer')}</th>
              <th scope="col">{t('Next attempt')}</th>
              <th scope="col">{t('Actions')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => {
              const last = delivery.log[delivery.log.length - 1];
              return (
                <tr>
                  <th scope="row">
                    {delivery.eventType}
                    <br />
                    <span class="meta">{formatDate(delivery.createdAt, true)}</span>
                  </th>
                  <td>{t(delivery.status)}</td>
                  <td>{delivery.attempts}</td>
                  <td>{last ? (last.statusCode ?? last.error ?? '–') : '–'}</td>
                  <td>{formatDate(delivery.nextAttemptAt, true)}</td>
                  <td>
                    <ActionButton text={t('Deliver again')} about={delivery.eventType} onClick={() => redeliver(delivery)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RegisterEndpoint({ onRegistered }: { onRegistered: (endpoint: Endpoint, secret: string) => void }) {
  const [endpoint, setEndpoint] = useState({ url: '', description: '' });
  const { problems, error, run } = useSubmission();
  const register = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const data = await gql(
        `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret endpoint { id url } } }`,
        { input: endpoint },
      );
      setEndpoint({ url: '', description: '' });
      onRegistered(data.registerWebhookEndpoint.endpoint, data.registerWebhookEndpoint.secret);
    });
  };
  return (
    <form onSubmit={register}>
      <h3>{t('Register an endpoint')}</h3>
      <TextField
        field="url"
        label={t('Address (https)')}
        type="url"
        value={endpoint.url}
        onValue={(url) => setEndpoint({ ...endpoint, url })}
        problems={problems}
        required
      />
      <TextField
        field="description"
        label={t('Description')}
        value={endpoint.description}
        onValue={(description) => setEndpoint({ ...endpoint, description })}
        problems={problems}
      />
      <ErrorMessage error={error} />
      <button type="submit">{t('Register the endpoint')}</button>
    </form>
  );
}
