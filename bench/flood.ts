/**
 * The flood of scenario 5, in a process of its own: `node dist/bench/flood.js '<json>'` with the target, the seconds
 * and the connections; prints the load's result as one line of JSON. A flooding partner's client runs on its own
 * machine; run inside the runner, its answers would be handled on the same event loop that times the probe, and the
 * probe's latencies would hold the flood client's work as well as the service's.
 */
import { builtInLoad, Target } from './load.js';

const { target, seconds, connections } = JSON.parse(process.argv[2]) as { target: Target; seconds: number; connections: number };
const result = await builtInLoad(target, seconds, connections);
process.stdout.write(`${JSON.stringify({ ...result, latencies: undefined, answered: result.latencies.length })}\n`);
