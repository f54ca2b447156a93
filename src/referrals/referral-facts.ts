/** The age band at referral, a coarse fact kept in clear for statistics. */
export function ageBand(birthYear: number | null, at: Date): string | null {
  if (!birthYear) return null;
  const age = at.getUTCFullYear() - birthYear;
  if (age < 18) return '0-17';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 50) return '35-49';
  return '50+';
}
