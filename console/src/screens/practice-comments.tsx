import { useState } from 'preact/hooks';
import { gql } from '../api.js';
import { Field } from '../fields.js';
import { idempotencyKey, useForm } from '../form.js';
import { formatDate, t } from '../i18n/i18n.js';
import { usePages } from '../paging.js';
import { ErrorMessage } from '../ui.js';

const COMMENTS = `query Comments($id: ID!, $after: String) { practice(id: $id) {
  comments(first: 20, after: $after) { edges { node { id body createdAt organisation { name } author { displayName } } } pageInfo { hasNextPage endCursor } }
} }`;

interface Comment {
  id: string;
  body: string;
  createdAt: string;
  organisation: { name: string };
  author: { displayName: string } | null;
}

/**
 * What organisations of the network say about a published practice, oldest first, and a comment of the reader's
 * organisation. Another organisation's members stay unnamed (the API gives their organisation only).
 */
export function PracticeComments({ practiceId }: { practiceId: string }) {
  const { shown, reload } = usePages<Comment>(
    (after) => gql(COMMENTS, { id: practiceId, after }).then((data) => data.practice.comments),
    [practiceId],
  );
  // One key per comment being written: a retry of a lost answer posts it once; a posted comment starts a new key.
  const [key, setKey] = useState(idempotencyKey);
  const form = useForm({ body: '' });
  const post = form.submit(async ({ body }) => {
    await gql(`mutation($input: CommentOnPracticeInput!) { commentOnPractice(input: $input) { comment { id } } }`, {
      input: { practiceId, body, idempotencyKey: key },
    });
    form.setValues({ body: '' });
    setKey(idempotencyKey());
    reload();
  });
  return (
    <section class="comments">
      <h2>{t('Comments')}</h2>
      {shown(t('No comments yet.'), (rows) => (
        <ol class="comments">
          {rows.map((comment) => (
            <li>
              <p class="meta">
                {comment.organisation.name}
                {comment.author && ` · ${comment.author.displayName}`} · {formatDate(comment.createdAt, true)}
              </p>
              <p class="comment-body">{comment.body}</p>
            </li>
          ))}
        </ol>
      ))}
      <form onSubmit={post}>
        <Field
          label={t('Your comment')}
          hint={t('On behalf of your organisation, seen by the whole network. No personal data.')}
          {...form.bind('body')}
          type="textarea"
          required
        />
        <ErrorMessage error={form.error} />
        <button type="submit" disabled={form.busy}>
          {t('Post the comment')}
        </button>
      </form>
    </section>
  );
}
