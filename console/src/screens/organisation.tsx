import { useEffect, useRef, useState } from 'preact/hooks';
import { gql } from '../api.js';
import { ChoiceSet, TextField } from '../fields.js';
import { t } from '../i18n/i18n.js';
import { useSubmission } from '../form.js';
import { ErrorMessage, Heading } from '../ui.js';
import { Member, MemberRow, MemberTask, ROLES } from './members.js';
import { ShownOnce } from './shown-once.js';
import { Webhooks } from './webhooks.js';

const MEMBERS = `{ members(first: 100) { edges { node { id displayName email roles removedAt
  tokens { id name prefix createdAt expiresAt lastUsedAt revokedAt } } } } }`;

/** A secret to show once: what it is, and the secret. */
export interface Secret {
  text: string;
  secret: string;
}

/**
 * The organisation's admin: its members (roles, removal), their tokens (issue one, shown once; revoke) and one-time
 * sign-in links, and the organisation's webhook endpoints.
 */
export function Organisation() {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Secret | null>(null);
  const [task, setTask] = useState<MemberTask | null>(null);
  const load = () =>
    gql(MEMBERS).then(
      (data) => setMembers(data.members.edges.map((edge: { node: Member }) => edge.node)),
      (failure: Error) => setError(failure.message),
    );
  useEffect(() => void load(), []);

  return (
    <section>
      <Heading>{t('Organisation')}</Heading>
      <ErrorMessage error={error} />
      {shown && <ShownOnce key={shown.secret} text={shown.text} secret={shown.secret} onDone={() => setShown(null)} />}
      <h2>{t('Members')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('Name')}</th>
            <th scope="col">{t('Roles')}</th>
            <th scope="col">{t('Tokens')}</th>
            <th scope="col">{t('Actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(members ?? [])
            .filter((member) => !member.removedAt)
            .map((member) => (
              <MemberRow key={member.id} member={member} reload={load} show={setShown} open={setTask} onError={setError} />
            ))}
        </tbody>
      </table>
      {task && (
        <MemberTaskForm
          key={`${task.kind}-${task.member.id}`}
          task={task}
          close={() => setTask(null)}
          done={() => {
            setTask(null);
            void load();
          }}
        />
      )}
      <AddMember onAdded={load} />
      <Webhooks show={setShown} />
    </section>
  );
}

/** Changing a member's roles, or removing them after a confirmation; the API's problems show next to the roles. */
function MemberTaskForm({ task, close, done }: { task: MemberTask; close: () => void; done: () => void }) {
  const { member } = task;
  const [roles, setRoles] = useState(member.roles.filter((role) => role !== 'NETWORK_ADMIN'));
  const { problems, error, busy, run } = useSubmission();
  const save = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      if (task.kind === 'roles') {
        // A network admin keeps that role: only another network admin changes it, and this form does not offer it.
        await gql(`mutation($input: UpdateMemberRolesInput!) { updateMemberRoles(input: $input) { member { id } } }`, {
          input: { memberId: member.id, roles: member.roles.includes('NETWORK_ADMIN') ? [...roles, 'NETWORK_ADMIN'] : roles },
        });
      } else {
        await gql(`mutation($input: RemoveMemberInput!) { removeMember(input: $input) { member { id } } }`, {
          input: { memberId: member.id },
        });
      }
      done();
    });
  };
  const title =
    task.kind === 'roles' ? t('Roles of {member}', { member: member.displayName }) : t('Remove {member}?', { member: member.displayName });
  return (
    <form class="action-form" onSubmit={save} aria-labelledby="member-task">
      <FocusedHeading id="member-task">{title}</FocusedHeading>
      {task.kind === 'roles' ? (
        <ChoiceSet field="roles" legend={t('Roles')} values={ROLES} chosen={roles} onChosen={setRoles} problems={problems} />
      ) : (
        <p>{t('Their tokens and sign-in links stop working at once. The audit log keeps their name.')}</p>
      )}
      <ErrorMessage error={error} />
      <button type="submit" class={task.kind === 'remove' ? 'danger' : undefined} disabled={busy}>
        {task.kind === 'roles' ? t('Save the roles') : t('Confirm: Remove {member}', { member: member.displayName })}
      </button>{' '}
      <button type="button" class="link" onClick={close}>
        {t('Back')}
      </button>
    </form>
  );
}

/** A heading that takes the focus when it appears, so that keyboard users land on the form it opens. */
function FocusedHeading({ id, children }: { id: string; children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 id={id} tabIndex={-1} ref={ref}>
      {children}
    </h2>
  );
}

function AddMember({ onAdded }: { onAdded: () => void }) {
  const [member, setMember] = useState({ displayName: '', email: '', roles: ['CASE_WORKER'] });
  const { problems, error, run } = useSubmission();
  const add = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await gql(`mutation($input: AddMemberInput!) { addMember(input: $input) { member { id } } }`, { input: member });
      setMember({ displayName: '', email: '', roles: ['CASE_WORKER'] });
      onAdded();
    });
  };
  return (
    <form onSubmit={add}>
      <h2>{t('Add a member')}</h2>
      <TextField
        field="displayName"
        label={t('Name')}
        value={member.displayName}
        onValue={(displayName) => setMember({ ...member, displayName })}
        problems={problems}
        required
      />
      <TextField
        field="email"
        label={t('Email')}
        type="email"
        value={member.email}
        onValue={(email) => setMember({ ...member, email })}
        problems={problems}
        required
      />
      <ChoiceSet
        field="roles"
        legend={t('Roles')}
        values={ROLES}
        chosen={member.roles}
        onChosen={(roles) => setMember({ ...member, roles })}
        problems={problems}
      />
      <ErrorMessage error={error} />
      <button type="submit">{t('Add the member')}</button>
    </form>
  );
}
