/**
 * A full garbage collection in one of our node processes, from outside and without a line of server
 * code: SIGUSR1 opens Node's inspector on the loopback port its `--inspect-port` named (servers.ts
 * starts our embedded node so), and the inspector protocol's `HeapProfiler.collectGarbage` runs it.
 * The soak uses it to read what stays alive (its heap readings are otherwise wherever the
 * collector's saw-tooth happens to be).
 */
import { setTimeout as sleep } from 'node:timers/promises';

interface InspectorTarget {
  webSocketDebuggerUrl: string;
}

async function inspectorTarget(port: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/list`);
      const targets = (await res.json()) as InspectorTarget[];
      const url = targets[0]?.webSocketDebuggerUrl;
      if (url) return url;
    } catch {
      // Not listening yet: the signal is handled on the process's next turn.
    }
    if (Date.now() > deadline) throw new Error(`no inspector on 127.0.0.1:${port} after SIGUSR1`);
    await sleep(100);
  }
}

/** Runs a full garbage collection in the node process `pid` whose `--inspect-port` is `port`. */
export async function collectGarbage(pid: number, port: number, timeoutMs = 10_000): Promise<void> {
  // A second SIGUSR1 to a process whose inspector is already open does nothing.
  process.kill(pid, 'SIGUSR1');
  const socket = new WebSocket(await inspectorTarget(port, timeoutMs));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the inspector did not answer')), timeoutMs);
      socket.addEventListener('error', () => reject(new Error('the inspector connection failed')));
      socket.addEventListener('open', () =>
        socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })),
      );
      socket.addEventListener('message', (event) => {
        const reply = JSON.parse(String(event.data)) as { id?: number; error?: { message: string } };
        if (reply.id !== 1) return;
        clearTimeout(timer);
        if (reply.error) reject(new Error(`collectGarbage: ${reply.error.message}`));
        else resolve();
      });
    });
  } finally {
    socket.close();
  }
}
