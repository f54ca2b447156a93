/**
 * The age band at referral, a coarse fact kept in clear for statistics; the
 * date of birth it comes from stays sealed in the person's identity.
 */
export function ageBand(dateOfBirth: string | null | undefined, at: Date): string | null {
  const born = /^(\d{4})(?:-(\d{2})-(\d{2}))?/.exec(dateOfBirth ?? '');
  if (!born) return null;
  const [year, month, day] = [Number(born[1]), Number(born[2] ?? 1), Number(born[3] ?? 1)];
  const hadBirthday = at.getUTCMonth() + 1 > month || (at.getUTCMonth() + 1 === month && at.getUTCDate() >= day);
  const age = at.getUTCFullYear() - year - (hadBirthday ? 0 : 1);
  if (age < 18) return '0-17';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 50) return '35-49';
  return '50+';
}
