import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultPublicUrl, lanAddress } from './lan-address.ts';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '02:00:00:00:00:01',
  internal,
  cidr: `${address}/24`,
});
const v6 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: 'ffff:ffff:ffff:ffff::',
  family: 'IPv6',
  mac: '02:00:00:00:00:01',
  internal,
  cidr: `${address}/64`,
  scopeid: 0,
});

describe('the LAN address a phone on the same network can open', () => {
  it('picks the first non-internal IPv4 of a real interface on a laptop with Wi-Fi and Docker', () => {
    const laptop = {
      lo: [v4('127.0.0.1', true), v6('::1', true)],
      docker0: [v4('172.17.0.1')],
      'br-4f2a9c': [v4('172.18.0.1')],
      veth12ab: [v6('fe80::1')],
      wlp2s0: [v6('fe80::aa:bb'), v4('192.168.1.23')],
      enp3s0: [v4('10.0.0.5')],
    };
    expect(lanAddress(laptop, '0.0.0.0')).toBe('192.168.1.23');
  });

  it('skips virtual machine, VPN and link-local addresses', () => {
    expect(
      lanAddress(
        {
          vboxnet0: [v4('192.168.56.1')],
          virbr0: [v4('192.168.122.1')],
          tailscale0: [v4('100.101.102.103')],
          utun3: [v4('10.8.0.2')],
          en0: [v4('169.254.10.20'), v4('192.168.0.42')],
        },
        '::',
      ),
    ).toBe('192.168.0.42');
  });

  it('keeps localhost when the server listens on the loopback only, or when nothing else is there', () => {
    const lan = { eth0: [v4('192.168.1.23')] };
    expect(lanAddress(lan, '127.0.0.1')).toBeNull();
    expect(lanAddress(lan, 'localhost')).toBeNull();
    expect(lanAddress(lan, '::1')).toBeNull();
    expect(lanAddress({ lo: [v4('127.0.0.1', true)], docker0: [v4('172.17.0.1')] }, '0.0.0.0')).toBeNull();
    expect(lanAddress({}, '0.0.0.0')).toBeNull();
  });

  it('uses the address the server is bound to when HOST names one', () => {
    expect(lanAddress({ eth0: [v4('192.168.1.23')], eth1: [v4('10.1.2.3')] }, '10.1.2.3')).toBe('10.1.2.3');
    expect(lanAddress({ eth0: [v4('192.168.1.23')] }, 'salle-a.local')).toBe('salle-a.local');
  });

  it('builds the links: PUBLIC_URL first, else the LAN address, else localhost', () => {
    const lan = { eth0: [v4('192.168.1.23')] };
    expect(defaultPublicUrl({ host: '0.0.0.0', port: 3000, interfaces: lan })).toBe(
      'http://192.168.1.23:3000',
    );
    expect(defaultPublicUrl({ host: '127.0.0.1', port: 3000, interfaces: lan })).toBe(
      'http://localhost:3000',
    );
    expect(defaultPublicUrl({ host: '0.0.0.0', port: 8080, interfaces: {} })).toBe('http://localhost:8080');
  });
});
