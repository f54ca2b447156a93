import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { BadUserInputError } from '../common/errors.js';

/** What the operator allows beyond public https addresses (tests and local development: a receiver on 127.0.0.1). */
export interface AddressPolicy {
  allowHttp: boolean;
  /** CIDRs exempted from the refusal of private, loopback and link-local addresses. */
  allowedNetworks: string[];
}

/**
 * Addresses a webhook must never reach: the service's own host, its network, cloud metadata, multicast. (BlockList
 * matches IPv4-mapped IPv6 addresses, ::ffff:10.0.0.1, against the IPv4 rules itself.)
 */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');

export function allowedList(policy: AddressPolicy): BlockList {
  const allowed = new BlockList();
  for (const cidr of policy.allowedNetworks) {
    const [network, prefix] = cidr.split('/');
    const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
    allowed.addSubnet(network, Number(prefix ?? (family === 'ipv6' ? 128 : 32)), family);
  }
  return allowed;
}

/** Why the address may not be reached, or null if it may. */
export function refusedAddress(address: string, allowed: BlockList): string | null {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (allowed.check(address, family)) return null;
  return FORBIDDEN.check(address, family) ? 'a private, loopback or link-local address' : null;
}

/** The webhook URL travels as `input.url` in both operations that take one. */
const urlProblem = (constraint: string, message: string) => BadUserInputError.at(['input', 'url'], constraint, message);

/** The URL's own problems, before any DNS: scheme, credentials, a literal address that is refused. */
export function checkWebhookUrl(url: string, policy: AddressPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw urlProblem('url', 'The webhook URL is not a valid URL.');
  }
  if (parsed.protocol !== 'https:' && !(policy.allowHttp && parsed.protocol === 'http:')) {
    throw urlProblem('https', 'A webhook URL must use https.');
  }
  if (parsed.username || parsed.password) throw urlProblem('noCredentials', 'A webhook URL cannot carry credentials.');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && refusedAddress(host, allowedList(policy))) {
    throw urlProblem('publicAddress', 'A webhook URL cannot point at a private, loopback or link-local address.');
  }
  return parsed;
}

/**
 * A DNS lookup for the connection itself that refuses forbidden addresses: checking the name first and connecting
 * later would let the name resolve to another address in between (DNS rebinding).
 */
export function guardedLookup(policy: AddressPolicy) {
  const allowed = allowedList(policy);
  return (
    hostname: string,
    options: LookupOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const refused = list.find((entry) => refusedAddress(entry.address, allowed));
      if (refused || list.length === 0) {
        return callback(
          Object.assign(new Error('The webhook host resolves to a private, loopback or link-local address'), { code: 'EREFUSED_ADDRESS' }),
          '',
          0,
        );
      }
      if (options.all) return callback(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}

/** At registration: the name must resolve, and only to addresses a webhook may reach. */
export async function checkWebhookHost(url: URL, policy: AddressPolicy): Promise<void> {
  const lookup = guardedLookup(policy);
  await new Promise<void>((resolve, reject) =>
    lookup(url.hostname.replace(/^\[|\]$/g, ''), { all: true }, (error) =>
      error
        ? reject(
            (error as NodeJS.ErrnoException).code === 'EREFUSED_ADDRESS'
              ? urlProblem('publicAddress', 'A webhook URL cannot point at a private, loopback or link-local address.')
              : urlProblem('resolvableHost', 'The webhook host name does not resolve.'),
          )
        : resolve(),
    ),
  );
}
