import { gql } from '../api.js';
import { formatDate, t } from '../i18n/i18n.js';
import { ActionButton } from './action-button.js';
import type { Secret } from './organisation.js';

export const ROLES = ['CASE_WORKER', 'ANALYST', 'PRACTICE_EDITOR', 'ORG_ADMIN'];

interface Token {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Member {
  id: string;
  displayName: string;
  email: string;
  roles: string[];
  removedAt: string | null;
  tokens: Token[];
}

/** A change to a member that needs a form or a confirmation. */
export interface MemberTask {
  kind: 'roles' | 'remove';
  member: Member;
}

/** Where a one-time sign-in link leads: the fragment never reaches a server, and the console clears it at once. */
const signInAddress = (secret: string) => `${location.origin}/console/#/sign-in/${secret}`;

/** One member: their roles, their live tokens, and what an admin may do for them. */
export function MemberRow(props: {
  member: Member;
  reload: () => void;
  show: (secret: Secret) => void;
  open: (task: MemberTask) => void;
  onError: (message: string) => void;
}) {
  const { member, reload, show, open, onError } = props;
  const failed = (failure: Error) => onError(failure.message);
  const issueToken = () =>
    gql(`mutation($input: IssueTokenInput!) { issueToken(input: $input) { token } }`, {
      input: { memberId: member.id, name: 'console' },
    }).then((data) => {
      show({
        text: t('The new token of {member}, shown this once: give it to them safely.', { member: member.displayName }),
        secret: data.issueToken.token,
      });
      reload();
    }, failed);
  const issueLink = () =>
    gql(`mutation($input: IssueSignInLinkInput!) { issueSignInLink(input: $input) { secret signInLink { expiresAt } } }`, {
      input: { memberId: member.id },
    }).then(
      (data) =>
        show({
          text: t('A sign-in link for {member}, shown this once. It works once, until {expiry}: give it to them safely.', {
            member: member.displayName,
            expiry: formatDate(data.issueSignInLink.signInLink.expiresAt, true),
          }),
          secret: signInAddress(data.issueSignInLink.secret),
        }),
      failed,
    );
  const revoke = (token: Token) =>
    gql(`mutation($input: RevokeTokenInput!) { revokeToken(input: $input) { apiToken { id } } }`, { input: { tokenId: token.id } }).then(
      reload,
      failed,
    );

  return (
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
        <div class="buttons">
          <button type="button" onClick={issueToken}>
            {t('Issue a token for {member}', { member: member.displayName })}
          </button>
          <ActionButton text={t('Sign-in link')} about={member.displayName} onClick={issueLink} />
          <ActionButton text={t('Change roles')} about={member.displayName} onClick={() => open({ kind: 'roles', member })} />
          <ActionButton text={t('Remove')} about={member.displayName} class="danger" onClick={() => open({ kind: 'remove', member })} />
        </div>
      </td>
    </tr>
  );
}
