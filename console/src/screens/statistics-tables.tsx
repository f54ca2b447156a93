import { countryName, formatNumber, t } from '../i18n/i18n.js';

const COUNTRY_DIMENSIONS = ['SENDER_COUNTRY', 'RECEIVER_COUNTRY'];

export interface Cell {
  value: number | null;
  suppressed: boolean;
}
export interface Row {
  keys: string[];
  cell: Cell;
}

/** A dimension's value in words: "*" is the total. */
export const keyLabel = (dimension: string, key: string) =>
  key === '*' ? t('All') : COUNTRY_DIMENSIONS.includes(dimension) ? countryName(key) : t(key);

/** A count or mean, or "suppressed" (never a number) where it is below the threshold or would reveal one that is. */
export function CellValue({ cell, threshold }: { cell: Cell; threshold: number }) {
  return cell.suppressed ? (
    <span class="suppressed" title={t('Fewer than {threshold}: suppressed', { threshold })}>
      {t('suppressed')}
    </span>
  ) : (
    <>{formatNumber(cell.value ?? 0)}</>
  );
}

export function OneWayTable({
  rows,
  threshold,
  dimension,
  measure,
}: {
  rows: Row[];
  threshold: number;
  dimension: string;
  measure: string;
}) {
  const largest = Math.max(1, ...rows.filter((row) => row.keys[0] !== '*').map((row) => row.cell.value ?? 0));
  return (
    <table class="statistics">
      <caption>{t('{measure} by {dimension} (threshold {threshold})', { measure, dimension: t(dimension), threshold })}</caption>
      <thead>
        <tr>
          <th scope="col">{t(dimension)}</th>
          <th scope="col">{measure}</th>
          <th scope="col">{t('Chart')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <th scope="row">{keyLabel(dimension, row.keys[0])}</th>
            <td>
              <CellValue cell={row.cell} threshold={threshold} />
            </td>
            <td aria-hidden="true">
              {row.keys[0] !== '*' && !row.cell.suppressed && (
                <span class="bar" ref={(bar) => void (bar && (bar.style.width = `${(100 * (row.cell.value ?? 0)) / largest}%`))} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The values a dimension takes in the answer, in the API's order, with the total ("*") last. */
function valuesOf(rows: Row[], index: number): string[] {
  const values = [...new Set(rows.map((row) => row.keys[index]).filter((key) => key !== '*'))];
  return [...values, '*'];
}

/**
 * Two dimensions as a two-way table: the first down, the second across, totals in the last row and column. The
 * API answers every combination with its totals, so each cell is one row of the answer; a combination it does not
 * list shows as a dash.
 */
export function CrossTable(props: { rows: Row[]; threshold: number; dimensions: [string, string]; measure: string }) {
  const { rows, threshold, dimensions, measure } = props;
  const [down, across] = dimensions;
  const cells = new Map(rows.map((row) => [`${row.keys[0]}|${row.keys[1]}`, row.cell]));
  const columns = valuesOf(rows, 1);
  return (
    <table class="statistics cross">
      <caption>
        {t('{measure} by {dimension} and {other} (threshold {threshold})', {
          measure,
          dimension: t(down),
          other: t(across),
          threshold,
        })}
      </caption>
      <thead>
        <tr>
          <th scope="col">
            {t(down)} \ {t(across)}
          </th>
          {columns.map((column) => (
            <th scope="col">{keyLabel(across, column)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {valuesOf(rows, 0).map((value) => (
          <tr class={value === '*' ? 'total' : undefined}>
            <th scope="row">{keyLabel(down, value)}</th>
            {columns.map((column) => {
              const cell = cells.get(`${value}|${column}`);
              return <td>{cell ? <CellValue cell={cell} threshold={threshold} /> : '–'}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
