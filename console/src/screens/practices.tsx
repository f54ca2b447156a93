import { useState } from 'preact/hooks';
import { gql } from '../api.js';
import { binder, Field, options } from '../fields.js';
import { formatDate, language, t } from '../i18n/i18n.js';
import { usePages } from '../paging.js';
import { Me, Navigate } from '../routes.js';
import { Heading } from '../ui.js';

export const THEMES = ['PREVENTION', 'IDENTIFICATION', 'SHELTER', 'RETURN', 'REINTEGRATION', 'PROSECUTION', 'COOPERATION'];
const LANGUAGES = ['en', 'nl', 'hu', 'ro', 'bg', 'fr', 'de'];
/** Each language by its own name, as a reader of it would look for it. */
export const languageOptions = LANGUAGES.map((code) => ({
  value: code,
  label: new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code,
}));

const SEARCH = `query Practices($search: String, $language: String, $status: PracticeStatus!, $after: String) {
  practices(search: $search, language: $language, status: $status, first: 20, after: $after) {
    edges { node { id title summary language status themes organisation { name } publishedAt } snippet { text highlighted } }
    pageInfo { hasNextPage endCursor }
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
  snippet: { text: string; highlighted: boolean }[] | null;
}

/** Practice editors and organisation admins write, publish and endorse records (the API's EDITORS). */
export const isEditor = (me: Me) => me.roles.includes('PRACTICE_EDITOR') || me.roles.includes('ORG_ADMIN');

/** A link that moves within the console (its place is kept in memory, never in the address). */
export function ScreenLink({ onOpen, children }: { onOpen: () => void; children: string }) {
  return (
    <a
      href="#"
      onClick={(event) => {
        event.preventDefault();
        onOpen();
      }}
    >
      {children}
    </a>
  );
}

/** Best practices of the network: search in any partner language, read, and (editors) propose and publish. */
export function Practices({ me, navigate }: { me: Me; navigate: Navigate }) {
  const [filters, setFilters] = useState({ search: '', language: '', status: 'PUBLISHED' });
  const [asked, setAsked] = useState(filters);
  const { shown } = usePages<Summary>(
    (after) =>
      gql(SEARCH, { search: asked.search || null, language: asked.language || null, status: asked.status, after }).then((data) => ({
        ...data.practices,
        edges: data.practices.edges.map((edge: { node: Summary; snippet: Summary['snippet'] }) => ({
          node: { ...edge.node, snippet: edge.snippet },
        })),
      })),
    [asked],
  );
  const filter = binder(filters, (key, value) => setFilters((current) => ({ ...current, [key]: value })), []);

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
          setAsked(filters);
        }}
      >
        <Field label={t('Search')} {...filter('search')} type="search" />
        <Field label={t('Language')} {...filter('language')} options={languageOptions} empty={t('All')} />
        {isEditor(me) && <Field label={t('Status')} {...filter('status')} options={options(['PUBLISHED', 'DRAFT', 'ARCHIVED'])} required />}
        <button type="submit">{t('Search')}</button>
      </form>
      {shown(t('Nothing found.'), (rows) => (
        <ul class="practices">
          {rows.map((practice) => (
            <li lang={practice.language}>
              <ScreenLink onOpen={() => navigate({ screen: 'practice', id: practice.id })}>{practice.title}</ScreenLink>{' '}
              <span class="meta" lang={language()}>
                {practice.organisation.name} · {practice.themes.map((theme) => t(theme)).join(', ')} · {formatDate(practice.publishedAt)}
              </span>
              <p>
                {practice.snippet?.length
                  ? practice.snippet.map((part) => (part.highlighted ? <mark>{part.text}</mark> : part.text))
                  : practice.summary}
              </p>
            </li>
          ))}
        </ul>
      ))}
    </section>
  );
}
