import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { useSubmission } from '../form.js';
import { formatDate, language, t } from '../i18n/i18n.js';
import { Me, Navigate } from '../routes.js';
import { ErrorMessage, Heading } from '../ui.js';
import { ConfirmStep } from './confirm-step.js';
import { PracticeComments } from './practice-comments.js';
import { isEditor, ScreenLink } from './practices.js';

const PRACTICE = `query Practice($id: ID!) { practice(id: $id) { id title summary body language status themes countries
  organisation { id name } endorsementCount endorsedByYourOrganisation endorsedBy { id name } publishedAt revision
  meeting { id title } revisions { id number revisedAt revisedBy { displayName } title summary body } } }`;

interface Practice {
  id: string;
  title: string;
  summary: string;
  body: string;
  language: string;
  status: string;
  themes: string[];
  organisation: { id: string; name: string };
  endorsementCount: number;
  endorsedByYourOrganisation: boolean;
  endorsedBy: { id: string; name: string }[];
  publishedAt: string | null;
  revision: number;
  meeting: { id: string; title: string } | null;
  revisions: {
    id: string;
    number: number;
    revisedAt: string;
    revisedBy: { displayName: string } | null;
    title: string;
    summary: string;
    body: string;
  }[];
}

/** A practice as the network reads it, with the steps the reader's organisation and roles allow on it now. */
export function PracticeView({ id, me, navigate }: { id: string; me: Me; navigate: Navigate }) {
  const [practice, setPractice] = useState<Practice | null>(null);
  const { error, busy, run } = useSubmission();
  const load = () => gql(PRACTICE, { id }).then((data) => setPractice(data.practice));
  useEffect(() => void run(load), [id]);
  const act = (mutation: string, input: Record<string, string>) => () =>
    run(async () => {
      const type = `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;
      await gql(`mutation($input: ${type}!) { ${mutation}(input: $input) { practice { id } } }`, { input });
      await load();
    });
  if (!practice) return <ErrorMessage error={error} />;

  const own = practice.organisation.id === me.organisation.id;
  const editor = isEditor(me);
  const published = practice.status === 'PUBLISHED';
  const step = (label: string, onClick: () => void) => (
    <button type="button" disabled={busy} onClick={onClick}>
      {t(label)}
    </button>
  );
  return (
    <article lang={practice.language}>
      <Heading>{practice.title}</Heading>
      <p class="meta" lang={language()}>
        {practice.organisation.name} · {t(practice.status)} · {formatDate(practice.publishedAt)} ·{' '}
        {t('Revision {number}', { number: practice.revision })} · {t('{count} endorsements', { count: practice.endorsementCount })}
      </p>
      {practice.meeting && (
        <p lang={language()}>
          {t('Outcome of the expert meeting')}{' '}
          <ScreenLink onOpen={() => navigate({ screen: 'meeting', id: practice.meeting!.id })}>{practice.meeting.title}</ScreenLink>
        </p>
      )}
      <p>
        <strong>{practice.summary}</strong>
      </p>
      <div class="practice-body">{practice.body}</div>
      <div class="buttons" lang={language()}>
        {editor && own && practice.status === 'DRAFT' && step('Publish', act('publishPractice', { id }))}
        {editor && own && practice.status !== 'ARCHIVED' && step('Edit', () => navigate({ screen: 'edit-practice', id }))}
        {editor && own && published && <ConfirmStep label={t('Archive')} busy={busy} onConfirm={act('archivePractice', { id })} />}
        {editor && !own && published && !practice.endorsedByYourOrganisation && step('Endorse', act('endorsePractice', { practiceId: id }))}
        {editor &&
          !own &&
          practice.endorsedByYourOrganisation &&
          step('Withdraw the endorsement', act('withdrawEndorsement', { practiceId: id }))}
      </div>
      <ErrorMessage error={error} />
      <div lang={language()}>
        {practice.endorsedBy.length > 0 && (
          <p>
            {t('Endorsed by')}: {practice.endorsedBy.map((organisation) => organisation.name).join(', ')}
          </p>
        )}
        {practice.revisions.length > 0 && (
          <section>
            <h2>{t('Earlier revisions')}</h2>
            {practice.revisions.map((revision) => (
              <details>
                <summary>
                  {t('Revision {number}', { number: revision.number })} ·{' '}
                  {t('replaced on {date}', { date: formatDate(revision.revisedAt, true) })}
                  {revision.revisedBy && ` · ${revision.revisedBy.displayName}`}
                </summary>
                <div lang={practice.language}>
                  <h3>{revision.title}</h3>
                  <p>
                    <strong>{revision.summary}</strong>
                  </p>
                  <div class="practice-body">{revision.body}</div>
                </div>
              </details>
            ))}
          </section>
        )}
        {published && <PracticeComments practiceId={id} />}
      </div>
    </article>
  );
}
