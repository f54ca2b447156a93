import { Transform } from 'class-transformer';

const eachString = (change: (text: string) => string) =>
  Transform(({ value }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? change(item) : item)) : value));

/** Trims every string of a list argument. */
export const TrimEach = () => eachString((text) => text.trim());

/** Upper-cases every string of a list argument (country codes). */
export const UpperCaseEach = () => eachString((text) => text.trim().toUpperCase());
