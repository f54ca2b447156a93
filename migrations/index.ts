import { Foundation1764417600000 } from './1764417600000-Foundation.js';
import { PracticesAndMeetings1764600000000 } from './1764600000000-PracticesAndMeetings.js';

// Every migration, oldest first. `npm run migration:generate -- Name` adds to this list.
export const MIGRATIONS = [Foundation1764417600000, PracticesAndMeetings1764600000000];
