import { useEffect, useState } from 'preact/hooks';
import { ApiError, gql, InputProblem } from '../api.js';
import { ChoiceSet, options, SelectField, TextField } from '../fields.js';
import { formatDate, t } from '../i18n/i18n.js';
import { Me, Navigate } from '../routes.js';
import { ErrorMessage, Heading } from '../ui.js';

const THEMES = ['PREVENTION', 'IDENTIFICATION', 'SHELTER', 'RETURN', 'REINTEGRATION', 'PROSECUTION', 'COOPERATION'];
const LANGUAGES = ['en', 'nl', 'hu', 'ro', 'bg', 'fr', 'de'];
const languageOptions = LANGUAGES.map((code) => ({
  value: code,
  label: new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code,
}));

const SEARCH = `query Practices($search: String, $language: String, $status: PracticeStatus!) {
  practices(search: $search, language: $language, status: $status, first: 20) {
    edges { node { id title summary language status themes organisation { name } publishedAt } }
  }
}`;

interface Summary {
  id: string;
  title: string;
  summary: string;
  language: string;
  status: string;
  themes: string[];
  organisation: { name: string };
  publishedAt: string | null;
}

export const isEditor = (me: Me) => me.roles.includes('PRACTICE_EDITOR') || me.roles.includes('ORG_ADMIN');

/** Best practices of the network: search in any partner language, read, and (editors) propose and publish. */
export function Practices({ me, navigate }: { me: Me; navigate: Navigate }) {
  const [search, setSearch] = useState('');
  const [language, setLanguage] = useState('');
  const [status, setStatus] = useState('PUBLISHED');
  const [asked, setAsked] = useState({ search: '', language: '', status: 'PUBLISHED' });
  const [found, setFound] = useState<Summary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setFound(null);
    gql(SEARCH, { search: asked.search || null, language: asked.language || null, status: asked.status }).then(
      (data) => setFound(data.practices.edges.map((edge: { node: Summary }) => edge.node)),
      (failure: Error) => setError(failure.message),
    );
  }, [asked]);

  return (
    <section>
      <Heading>{t('Practices')}</Heading>
      {isEditor(me) && (
        <button type="button" onClick={() => navigate({ screen: 'new-practice' })}>
          {t('Propose a practice')}
        </button>
      )}
      <form
        class="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked({ search, language, status });
        }}
      >
        <TextField field="search" label={t('Search')} value={search} onValue={setSearch} problems={[]} />
        <SelectField
          field="language"
          label={t('Language')}
          value={language}
          onValue={setLanguage}
          problems={[]}
          options={languageOptions}
        />
        {isEditor(me) && (
          <SelectField
            field="status"
            label={t('Status')}
            value={status}
            onValue={setStatus}
            problems={[]}
            options={options(['PUBLISHED', 'DRAFT', 'ARCHIVED'])}
            required
          />
        )}
        <button type="submit">{t('Search')}</button>
      </form>
      <ErrorMessage error={error} />
      {!found ? (
        !error && <p>{t('Loading…')}</p>
      ) : found.length === 0 ? (
        <p>{t('Nothing found.')}</p>
      ) : (
        <ul class="practices">
          {found.map((practice) => (
            <li lang={practice.language}>
              <a
                href="#"
                onClick={(event) => {
                  event.preventDefault();
                  navigate({ screen: 'practice', id: practice.id });
                }}
              >
                {practice.title}
              </a>{' '}
              <span class="meta" lang={undefined}>
                {practice.organisation.name} · {practice.themes.map((theme) => t(theme)).join(', ')} · {formatDate(practice.publishedAt)}
              </span>
              <p>{practice.summary}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const PRACTICE = `query Practice($id: ID!) { practice(id: $id) { id title summary body language status themes countries
  organisation { id name } endorsementCount endorsedByYourOrganisation publishedAt } }`;

export function PracticeView({ id, me }: { id: string; me: Me }) {
  const [practice, setPractice] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    gql(PRACTICE, { id }).then(
      (data) => setPractice(data.practice),
      (failure: Error) => setError(failure.message),
    );
  useEffect(() => void load(), [id]);
  const act = (mutation: string, type: string, input: Record<string, string>) => () =>
    gql(`mutation($input: ${type}!) { ${mutation}(input: $input) { practice { id } } }`, { input }).then(load, (failure: Error) =>
      setError(failure.message),
    );
  if (!practice) return <ErrorMessage error={error} />;
  const own = practice.organisation.id === me.organisation.id;
  return (
    <article lang={practice.language}>
      <Heading>{practice.title}</Heading>
      <p class="meta" lang={undefined}>
        {practice.organisation.name} · {t(practice.status)} · {formatDate(practice.publishedAt)} ·{' '}
        {t('{count} endorsements', { count: practice.endorsementCount })}
      </p>
      <p>
        <strong>{practice.summary}</strong>
      </p>
      <div class="practice-body">{practice.body}</div>
      <div class="buttons" lang={undefined}>
        {own && practice.status === 'DRAFT' && isEditor(me) && (
          <button type="button" onClick={act('publishPractice', 'PublishPracticeInput', { id })}>
            {t('Publish')}
          </button>
        )}
        {!own && practice.status === 'PUBLISHED' && isEditor(me) && !practice.endorsedByYourOrganisation && (
          <button type="button" onClick={act('endorsePractice', 'EndorsePracticeInput', { practiceId: id })}>
            {t('Endorse')}
          </button>
        )}
      </div>
      <ErrorMessage error={error} />
    </article>
  );
}

export function NewPractice({ navigate }: { navigate: Navigate }) {
  const [draft, setDraft] = useState({ title: '', summary: '', body: '', language: 'en', themes: [] as string[] });
  const [problems, setProblems] = useState<InputProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const set = (key: 'title' | 'summary' | 'body' | 'language') => (value: string) => setDraft({ ...draft, [key]: value });
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblems([]);
    setError(null);
    try {
      const data = await gql(`mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }`, {
        input: draft,
      });
      navigate({ screen: 'practice', id: data.createPractice.practice.id });
    } catch (failure) {
      if (failure instanceof ApiError) setProblems(failure.problems);
      setError((failure as Error).message);
    }
  };
  return (
    <section>
      <Heading>{t('Propose a practice')}</Heading>
      <form onSubmit={submit}>
        <TextField field="title" label={t('Title')} value={draft.title} onValue={set('title')} problems={problems} required />
        <TextField
          field="summary"
          label={t('Summary')}
          type="textarea"
          value={draft.summary}
          onValue={set('summary')}
          problems={problems}
          required
        />
        <TextField field="body" label={t('Text')} type="textarea" value={draft.body} onValue={set('body')} problems={problems} required />
        <SelectField
          field="language"
          label={t('Language of the text')}
          value={draft.language}
          onValue={set('language')}
          problems={problems}
          options={languageOptions}
          required
        />
        <ChoiceSet
          field="themes"
          legend={t('Themes')}
          values={THEMES}
          chosen={draft.themes}
          onChosen={(themes) => setDraft({ ...draft, themes })}
          problems={problems}
        />
        <ErrorMessage error={error} />
        <button type="submit">{t('Save as draft')}</button>
      </form>
    </section>
  );
}
