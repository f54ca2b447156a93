/**
 * Where the user is. Kept in memory only, never in the address or the browser's history: the console is one history
 * entry, which the quick exit replaces, and the history holds no trace of the cases looked at.
 */
export type Route =
  | { screen: 'inbox' }
  | { screen: 'outbox' }
  | { screen: 'referral'; id: string }
  | { screen: 'new-referral' }
  | { screen: 'follow-ups' }
  | { screen: 'report'; followUpId: string; referralId: string; carriesPlan: boolean }
  | { screen: 'practices' }
  | { screen: 'practice'; id: string }
  | { screen: 'new-practice'; meetingId?: string }
  | { screen: 'edit-practice'; id: string }
  | { screen: 'meetings' }
  | { screen: 'meeting'; id: string }
  | { screen: 'new-meeting' }
  | { screen: 'edit-meeting'; id: string }
  | { screen: 'statistics' }
  | { screen: 'organisation' };

export type Navigate = (route: Route) => void;

export interface Me {
  id: string;
  displayName: string;
  roles: string[];
  organisation: { id: string; name: string; country: string };
}
