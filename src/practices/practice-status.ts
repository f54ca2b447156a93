import { registerEnumType } from '@nestjs/graphql';

/**
 * DRAFT -> PUBLISHED -> ARCHIVED. A draft and an archived record are seen by the
 * author organisation only; a published one by every member of the network.
 */
export enum PracticeStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

registerEnumType(PracticeStatus, {
  name: 'PracticeStatus',
  valuesMap: {
    DRAFT: { description: 'Seen by the author organisation only' },
    PUBLISHED: { description: 'Seen by the whole network' },
    ARCHIVED: { description: 'Taken back: seen by the author organisation only' },
  },
});

export enum PracticeTheme {
  PREVENTION = 'PREVENTION',
  IDENTIFICATION = 'IDENTIFICATION',
  SHELTER = 'SHELTER',
  RETURN = 'RETURN',
  REINTEGRATION = 'REINTEGRATION',
  PROSECUTION = 'PROSECUTION',
  COOPERATION = 'COOPERATION',
}

registerEnumType(PracticeTheme, {
  name: 'PracticeTheme',
  valuesMap: {
    PREVENTION: { description: 'Preventing trafficking and re-trafficking' },
    IDENTIFICATION: { description: 'Identifying presumed victims' },
    SHELTER: { description: 'Shelter and safe accommodation' },
    RETURN: { description: 'Safe return home' },
    REINTEGRATION: { description: 'Reintegration after return' },
    PROSECUTION: { description: 'Investigation and prosecution' },
    COOPERATION: { description: 'Cooperation between organisations and countries' },
  },
});
