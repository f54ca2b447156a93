import { loadAll, NodeType } from '../graphql/node.js';
import { MeetingLoaders } from './meeting-loaders.js';

/** Meetings are network-wide, as meeting(id) answers. */
export const MEETING_NODES: NodeType[] = [
  { name: 'ExpertMeeting', table: 'expert_meetings', load: (scope, ids) => loadAll(scope.of(MeetingLoaders).meetings, ids) },
];
