import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  NETWORK_ADMIN = 'NETWORK_ADMIN',
  ORG_ADMIN = 'ORG_ADMIN',
  CASE_WORKER = 'CASE_WORKER',
  ANALYST = 'ANALYST',
  PRACTICE_EDITOR = 'PRACTICE_EDITOR',
}

registerEnumType(Role, {
  name: 'Role',
  valuesMap: {
    NETWORK_ADMIN: {
      description: 'Runs the network: creates, suspends and reactivates organisations; with ORG_ADMIN, adds a NETWORK_ADMIN',
    },
    ORG_ADMIN: { description: 'Administers its own organisation: members, roles, tokens, webhooks, the audit log' },
    CASE_WORKER: { description: 'Registers people, records consents, sends and receives referrals, reports follow-ups' },
    ANALYST: { description: 'Reads network statistics (aggregates only, never a person) and imports registration figures' },
    PRACTICE_EDITOR: { description: 'Writes, publishes and archives best practices and hosts expert meetings' },
  },
});
