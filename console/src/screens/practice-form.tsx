import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { ChoiceSet, Field } from '../fields.js';
import { useForm } from '../form.js';
import { t } from '../i18n/i18n.js';
import { Navigate } from '../routes.js';
import { ErrorMessage, Heading } from '../ui.js';
import { languageOptions, THEMES } from './practices.js';

const EDITED = `query Edited($id: ID!) { practice(id: $id) { title summary body language themes status } }`;

/**
 * A practice written by an editor: a new draft (an outcome of an expert meeting when `meetingId` is given), or an
 * edit of the organisation's own record, which keeps a published text's previous version as a revision.
 */
export function PracticeForm({ id, meetingId, navigate }: { id?: string; meetingId?: string; navigate: Navigate }) {
  const form = useForm({ title: '', summary: '', body: '', language: 'en', themes: [] as string[] });
  const [published, setPublished] = useState(false);
  const [ready, setReady] = useState(!id);
  useEffect(() => {
    if (id)
      void form.run(async () => {
        const { practice } = await gql(EDITED, { id });
        const { status, ...values } = practice;
        form.setValues(values);
        setPublished(status === 'PUBLISHED');
        setReady(true);
      });
  }, [id]);

  const save = form.submit(async (values) => {
    const data = id
      ? await gql(`mutation($input: UpdatePracticeInput!) { updatePractice(input: $input) { practice { id } } }`, {
          input: { id, ...values },
        })
      : await gql(`mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }`, {
          input: { ...values, meetingId: meetingId ?? null },
        });
    navigate({ screen: 'practice', id: (data.updatePractice ?? data.createPractice).practice.id });
  });
  const title = id ? 'Edit the practice' : meetingId ? 'Record an outcome' : 'Propose a practice';
  return (
    <section>
      <Heading>{t(title)}</Heading>
      {!ready && <ErrorMessage error={form.error} />}
      {published && <p class="hint">{t('The published text is kept as a revision that readers can open.')}</p>}
      {ready && (
        <form onSubmit={save}>
          <Field label={t('Title')} {...form.bind('title')} required />
          <Field label={t('Summary')} {...form.bind('summary')} type="textarea" required />
          <Field label={t('Text')} {...form.bind('body')} type="textarea" required />
          <Field label={t('Language of the text')} {...form.bind('language')} options={languageOptions} required />
          <ChoiceSet legend={t('Themes')} values={THEMES} {...form.choices('themes')} />
          <ErrorMessage error={form.error} />
          <button type="submit" disabled={form.busy}>
            {id ? t('Save the changes') : t('Save as draft')}
          </button>
        </form>
      )}
    </section>
  );
}
