/**
 * What an analyst can work out from published counts by linear algebra alone, in exact arithmetic: each answer
 * is an equation "these unknown counts add up to this value"; a quantity (one unknown, or a sum of some) is
 * determined when its coefficients are a combination of the equations', and its value is then that combination of
 * the answers. This is how suppressed cells are recovered from totals of different queries ("differencing").
 */

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a === 0n ? 1n : a) : gcd(b, a % b));

/** A fraction in lowest terms, with a positive denominator. */
class Fraction {
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static of(n: bigint, d = 1n): Fraction {
    if (d < 0n) [n, d] = [-n, -d];
    const g = gcd(n < 0n ? -n : n, d);
    return new Fraction(n / g, d / g);
  }

  static readonly ZERO = Fraction.of(0n);

  get isZero(): boolean {
    return this.n === 0n;
  }

  minus(other: Fraction): Fraction {
    return Fraction.of(this.n * other.d - other.n * this.d, this.d * other.d);
  }

  times(other: Fraction): Fraction {
    return Fraction.of(this.n * other.n, this.d * other.d);
  }

  over(other: Fraction): Fraction {
    return Fraction.of(this.n * other.d, this.d * other.n);
  }

  toNumber(): number {
    return Number(this.n) / Number(this.d);
  }
}

interface Row {
  coefficients: Fraction[];
  value: Fraction;
  pivot: number;
}

/** The equations reduced to echelon form, each row with a leading 1 in its own column. */
export class LinearAttack {
  private readonly rows: Row[] = [];
  private inconsistent = false;

  constructor(private readonly unknowns: number) {}

  /** "The unknowns at these positions add up to `value`." */
  learn(positions: number[], value: number): void {
    const coefficients = Array.from({ length: this.unknowns }, () => Fraction.ZERO);
    for (const position of positions) coefficients[position] = Fraction.of(1n);
    const reduced = this.reduce(coefficients, Fraction.of(BigInt(value)));
    const pivot = reduced.coefficients.findIndex((c) => !c.isZero);
    if (pivot < 0) {
      if (!reduced.value.isZero) this.inconsistent = true;
      return;
    }
    const lead = reduced.coefficients[pivot];
    const row = { coefficients: reduced.coefficients.map((c) => c.over(lead)), value: reduced.value.over(lead), pivot };
    // Keep the rows fully reduced against each other, so that reducing a query needs one pass.
    for (const other of this.rows) {
      const factor = other.coefficients[pivot];
      if (factor.isZero) continue;
      other.coefficients = other.coefficients.map((c, i) => c.minus(factor.times(row.coefficients[i])));
      other.value = other.value.minus(factor.times(row.value));
    }
    this.rows.push(row);
  }

  /** Whether the answers contradict each other (as they do once each is perturbed on its own). */
  get contradicted(): boolean {
    return this.inconsistent;
  }

  /** The sum of the unknowns at `positions`, if the equations determine it; null if they do not. */
  determined(positions: number[]): number | null {
    const coefficients = Array.from({ length: this.unknowns }, () => Fraction.ZERO);
    for (const position of positions) coefficients[position] = Fraction.of(1n);
    const reduced = this.reduce(coefficients, Fraction.ZERO);
    if (reduced.coefficients.some((c) => !c.isZero)) return null;
    return Fraction.ZERO.minus(reduced.value).toNumber();
  }

  /** Subtracts the known rows from an equation; what is left of its value is minus what they account for. */
  private reduce(coefficients: Fraction[], value: Fraction): { coefficients: Fraction[]; value: Fraction } {
    let current = coefficients;
    let rest = value;
    for (const row of this.rows) {
      const factor = current[row.pivot];
      if (factor.isZero) continue;
      current = current.map((c, i) => c.minus(factor.times(row.coefficients[i])));
      rest = rest.minus(factor.times(row.value));
    }
    return { coefficients: current, value: rest };
  }
}
