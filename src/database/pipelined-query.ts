import pg from 'pg';
import pgUtils from 'pg/lib/utils.js';
import { endIfOutOfStep, statementName } from './prepared-query.js';

export interface Statement {
  text: string;
  values: unknown[];
}

/** What this module prepared on a connection; 'unsure' after a failed pipeline (its Parse may or may not have run). */
const preparedOn = new WeakMap<pg.Connection, Map<string, 'ready' | 'unsure'>>();

/** The protocol messages a pipeline sends: the driver's own connection methods (typed loosely in @types/pg). */
interface Wire {
  stream: { cork(): void; uncork(): void };
  parse(query: { name: string; text: string; types: number[] }): void;
  bind(config: { statement: string; values: unknown[] }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
  close(message: { type: 'S'; name: string }): void;
  sync(): void;
}

/** The parts of pg's Result a submittable uses (not in @types/pg). */
interface Rows {
  rows: Record<string, unknown>[];
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): Record<string, unknown>;
  addRow(row: Record<string, unknown>): void;
}

/**
 * Statements written to PostgreSQL at once and closed by a single Sync: the
 * server runs them in order as one implicit transaction, which the Sync
 * commits (or, after an error, rolls back; the statements after the failing
 * one are skipped). So settings made with set_config(..., true) by the first
 * hold for the last and end with it, as between BEGIN and COMMIT, in one round
 * trip instead of four. Each statement is prepared once per connection under a
 * name of its own. A pg "submittable" (the driver's extension point, as used by
 * pg-cursor): the client hands it the server's messages.
 */
class Pipeline implements pg.Submittable {
  /** The client fills in its type parsers here (pg's own convention for submittables). */
  readonly _result = new (pg.Result as unknown as new () => Rows)();
  /** The rows of each statement kept, by its place: the last's, or every statement's (pipelinedResults). */
  private readonly results: (Rows | undefined)[] = [];
  private completed = 0;
  private parsing: string[] = [];
  private failed = false;

  constructor(
    private readonly statements: Statement[],
    private readonly done: (error: Error | null, results?: Record<string, unknown>[][]) => void,
    private readonly keepAll = false,
  ) {}

  /** The statement counter (RAVOT_COUNT_SQL) counts each statement, not the one round trip. */
  get statementCount(): number {
    return this.statements.length;
  }

  submit(connection: pg.Connection): Error | null {
    const wire = connection as unknown as Wire;
    let known = preparedOn.get(connection);
    if (!known) preparedOn.set(connection, (known = new Map()));
    let values: unknown[][];
    try {
      values = this.statements.map((statement) => statement.values.map((value) => pgUtils.prepareValue(value)));
    } catch (error) {
      return error as Error;
    }
    wire.stream.cork();
    try {
      this.statements.forEach(({ text }, i) => {
        const name = statementName(text, 'pipelined');
        const state = known.get(name);
        // Parsed once, even where the pipeline runs the statement more than once (a write's history events).
        if (state !== 'ready' && !this.parsing.includes(name)) {
          if (state === 'unsure') wire.close({ type: 'S', name });
          wire.parse({ name, text, types: [] });
          this.parsing.push(name);
        }
        wire.bind({ statement: name, values: values[i] });
        wire.describe({ type: 'P', name: '' });
        wire.execute({ portal: '', rows: 0 });
      });
      wire.sync();
    } finally {
      wire.stream.uncork();
    }
    return null;
  }

  /** Where the current statement's rows go, if they are kept. */
  private get current(): Rows | undefined {
    const last = this.completed === this.statements.length - 1;
    if (!last && !this.keepAll) return undefined;
    if (last) return (this.results[this.completed] = this._result);
    return (this.results[this.completed] ??= new (pg.Result as unknown as new (mode: undefined, types: unknown) => Rows)(
      undefined,
      (this._result as unknown as { _types: unknown })._types,
    ));
  }

  handleRowDescription(message: { fields: unknown[] }): void {
    this.current?.addFields(message.fields);
  }

  handleDataRow(message: { fields: unknown[] }): void {
    const rows = this.current;
    rows?.addRow(rows.parseRow(message.fields));
  }

  handleCommandComplete(): void {
    this.completed += 1;
  }

  handleEmptyQuery(): void {
    this.completed += 1;
  }

  handleError(error: Error, connection: pg.Connection): void {
    if (this.failed) return;
    this.failed = true;
    const known = preparedOn.get(connection);
    for (const name of this.parsing) known?.set(name, 'unsure');
    this.done(error);
  }

  handleReadyForQuery(connection: pg.Connection): void {
    if (this.failed) return;
    const known = preparedOn.get(connection)!;
    for (const name of this.parsing) known.set(name, 'ready');
    this.done(
      null,
      this.statements.map((_, i) => this.results[i]?.rows ?? []),
    );
  }

  // Never asked of a pipeline of SELECTs; answered so that the protocol cannot stall if it were.
  handlePortalSuspended(connection: pg.Connection): void {
    this.handleError(new Error('A pipelined statement was suspended'), connection);
  }

  handleCopyInResponse(connection: pg.Connection): void {
    (connection as unknown as { sendCopyFail(message: string): void }).sendCopyFail('No COPY in a pipeline');
  }

  handleCopyData(): void {}
}

/** Runs the statements in one round trip and one implicit transaction; answers the last statement's rows. */
export async function pipelinedQuery<T = Record<string, unknown>>(client: pg.ClientBase, statements: Statement[]): Promise<T[]> {
  return (await run(client, statements, false)).at(-1) as T[];
}

/** The same, answering every statement's rows, in the statements' order. */
export function pipelinedResults(client: pg.ClientBase, statements: Statement[]): Promise<Record<string, unknown>[][]> {
  return run(client, statements, true);
}

function run(client: pg.ClientBase, statements: Statement[], keepAll: boolean): Promise<Record<string, unknown>[][]> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, results?: Record<string, unknown>[][]) => {
      if (!error) return resolve(results!);
      endIfOutOfStep(client, error);
      reject(error);
    };
    client.query(new Pipeline(statements, done, keepAll));
  });
}
