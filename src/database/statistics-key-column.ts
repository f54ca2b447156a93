import { Column } from 'typeorm';

/**
 * A secret random key from which the statistics functions derive each cell's adjustment (migrations
 * StatisticsCellKeys and ReintegrationCellKeys). The database draws it; no entity reads or writes it.
 */
export const StatisticsKeyColumn = () =>
  Column({
    name: 'statistics_key',
    type: 'smallint',
    default: () => 'new_statistics_key()',
    comment: "Secret: the statistics functions derive each cell's adjustment from it; no API reads it",
    select: false,
    insert: false,
    update: false,
  });
