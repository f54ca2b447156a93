import { applyDecorators } from '@nestjs/common';
import { IsISO31661Alpha2, Matches } from 'class-validator';
import { UpperCase } from './validation.js';

/** A calendar day written YYYY-MM-DD. */
export const IsCalendarDate = () =>
  Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: '$property must be a date written as YYYY-MM-DD' });

export const IsCountryCode = () =>
  applyDecorators(UpperCase(), IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 code such as NL' }));
