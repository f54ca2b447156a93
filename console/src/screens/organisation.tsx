import { useEffect, useState } from 'preact/hooks';
import { ApiError, gql, InputProblem } from '../api.js';
import { ChoiceSet, TextField } from '../fields.js';
import { formatDate, t } from '../i18n/i18n.js';
import { ErrorMessage, Heading } from '../ui.js';

const ROLES = ['CASE_WORKER', 'ANALYST', 'PRACTICE_EDITOR', 'ORG_ADMIN'];

const MEMBERS = `{ members(first: 100) { edges { node { id displayName email roles removedAt
  tokens { id name prefix createdAt expiresAt lastUsedAt revokedAt } } } } }`;

interface Token {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface Member {
  id: string;
  displayName: string;
  email: string;
  roles: string[];
  removedAt: string | null;
  tokens: Token[];
}

/** The organisation's admin: its members and their roles, and their tokens (issue one, shown once; revoke). */
export function Organisation() {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ member: string; token: string } | null>(null);
  const load = () =>
    gql(MEMBERS).then(
      (data) => setMembers(data.members.edges.map((edge: { node: Member }) => edge.node)),
      (failure: Error) => setError(failure.message),
    );
  useEffect(() => void load(), []);

  const issue = (member: Member) =>
    gql(`mutation($input: IssueTokenInput!) { issueToken(input: $input) { token } }`, {
      input: { memberId: member.id, name: 'console' },
    }).then(
      (data) => {
        setIssued({ member: member.displayName, token: data.issueToken.token });
        void load();
      },
      (failure: Error) => setError(failure.message),
    );
  const revoke = (token: Token) =>
    gql(`mutation($input: RevokeTokenInput!) { revokeToken(input: $input) { apiToken { id } } }`, { input: { tokenId: token.id } }).then(
      load,
      (failure: Error) => setError(failure.message),
    );

  return (
    <section>
      <Heading>{t('Organisation')}</Heading>
      <ErrorMessage error={error} />
      {issued && (
        <div role="status">
          <p>{t('The new token of {member}, shown this once: give it to them safely.', { member: issued.member })}</p>
          <p class="token-once">{issued.token}</p>
          <button type="button" onClick={() => setIssued(null)}>
            {t('Done')}
          </button>
        </div>
      )}
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
              <tr>
                <th scope="row">
                  {member.displayName}
                  <br />
                  <span class="meta">{member.email}</span>
                </th>
                <td>{member.roles.map((role) => t(role)).join(', ')}</td>
                <td>
                  <ul>
                    {member.tokens
                      .filter((token) => !token.revokedAt)
                      .map((token) => (
                        <li>
                          {token.name} ({token.prefix}…) · {t('expires')} {formatDate(token.expiresAt)} ·{' '}
                          <button type="button" class="link" onClick={() => revoke(token)}>
                            {t('Revoke')} {token.prefix}
                          </button>
                        </li>
                      ))}
                  </ul>
                </td>
                <td>
                  <button type="button" onClick={() => issue(member)}>
                    {t('Issue a token for {member}', { member: member.displayName })}
                  </button>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      <AddMember onAdded={load} />
    </section>
  );
}

function AddMember({ onAdded }: { onAdded: () => void }) {
  const [member, setMember] = useState({ displayName: '', email: '', roles: ['CASE_WORKER'] });
  const [problems, setProblems] = useState<InputProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblems([]);
    setError(null);
    try {
      await gql(`mutation($input: AddMemberInput!) { addMember(input: $input) { member { id } } }`, { input: member });
      setMember({ displayName: '', email: '', roles: ['CASE_WORKER'] });
      onAdded();
    } catch (failure) {
      if (failure instanceof ApiError) setProblems(failure.problems);
      setError((failure as Error).message);
    }
  };
  return (
    <form onSubmit={submit}>
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
