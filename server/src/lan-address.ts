import type { NetworkInterfaceInfo } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/**
 * Interfaces no phone in the room reaches: container bridges (docker0, br-…, veth…, cni, podman),
 * virtual machines' host-only networks (virbr, vboxnet, vmnet), VPNs and overlays (tun, tap, wg,
 * utun, tailscale, zerotier).
 */
const VIRTUAL =
  /^(docker|br-|veth|virbr|vboxnet|vmnet|vnic|tun|tap|wg|utun|tailscale|zt|lxc|lxd|cni|flannel|cali|podman|kube)/i;

const LOOPBACK_HOSTS = /^(127\.|localhost$|::1$|::ffff:127\.)/i;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/**
 * The IPv4 address of this machine that a phone on the same network can open: the one HOST names,
 * else the first non-internal, non-link-local IPv4 of a real interface. Null when the server listens
 * on the loopback only (phones could not reach it anyway) or no such address exists.
 */
export function lanAddress(interfaces: Interfaces, host: string): string | null {
  if (LOOPBACK_HOSTS.test(host)) return null;
  // A named address or host name is what the server is reachable at (an IPv6 one would need brackets).
  if (!WILDCARD_HOSTS.has(host)) return host.includes(':') ? null : host;
  for (const [name, addresses] of Object.entries(interfaces)) {
    if (VIRTUAL.test(name)) continue;
    const found = (addresses ?? []).find(
      (a) => a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.'),
    );
    if (found) return found.address;
  }
  return null;
}

/** The address links, the start output and the projector's QR use when PUBLIC_URL is unset. */
export function defaultPublicUrl(options: { host: string; port: number; interfaces: Interfaces }): string {
  const lan = lanAddress(options.interfaces, options.host);
  return `http://${lan ?? 'localhost'}:${options.port}`;
}
