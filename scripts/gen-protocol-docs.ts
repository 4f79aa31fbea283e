/**
 * Generates docs/protocol.md from the wire contract in shared/src: the commands, the server
 * events and the HTTP routes, their JSON Schemas (zod's own `z.toJSONSchema`) and the JSDoc
 * written next to them, so the document cannot drift from the code.
 *
 *   node --import tsx scripts/gen-protocol-docs.ts           writes docs/protocol.md
 *   node --import tsx scripts/gen-protocol-docs.ts --check   exits 1 if docs/protocol.md is stale
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import ts from 'typescript';
import { z } from 'zod';
import * as shared from '@agora/shared';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sharedSrc = join(root, 'shared/src');
const outFile = join(root, 'docs/protocol.md');

type CommandDef = { input: z.ZodType; output: z.ZodType };
type RouteDef = {
  method: string;
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
};

const commands: Record<string, CommandDef> = shared.commands;
const serverEvents: Record<string, z.ZodType> = shared.serverEvents;
const httpRoutes: Record<string, RouteDef> = shared.httpRoutes;

/** Used when an ErrorCode member has no JSDoc of its own in shared/src/errors.ts. */
const errorMeanings: Record<string, string> = {
  INVALID_PAYLOAD: 'The payload does not match its schema; nothing changed. `details` may list the issues.',
  UNAUTHORIZED: 'No valid token: not joined, or the token is expired or revoked.',
  FORBIDDEN: "The caller's role may not do this.",
  POLICY_FORBIDS:
    "The session's interaction policy does not let this caller do this (e.g. remote in a workshop).",
  NOT_FOUND: 'No such edition, session or question, or not visible to the caller.',
  CONFLICT: 'The change conflicts with the current state.',
  INVALID_CODE: 'Join refused: a wrong, revoked or other-edition code all get this same answer.',
  RATE_LIMITED: 'Too many attempts; retry later.',
  UNAVAILABLE: 'The store is not available; nothing was applied. Retry (with the same `clientId`).',
  INTERNAL: 'Unexpected server error; logged on the server, no internals in the message.',
};

// ---------------------------------------------------------------------------------------------
// JSDoc, read from the source text with the TypeScript parser.

type Docs = { doc: string; members: Map<string, string> };

function jsDocOf(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
    .join('\n')
    .trim();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every exported `const` of shared/src with its JSDoc and the JSDoc of its object-literal members. */
function readDocs(): Map<string, Docs> {
  const docs = new Map<string, Docs>();
  for (const file of sourceFiles(sharedSrc).sort()) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name)) continue;
        const members = new Map<string, string>();
        let init = decl.initializer;
        while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
        if (init && ts.isObjectLiteralExpression(init)) {
          for (const prop of init.properties) {
            if (!ts.isPropertyAssignment(prop)) continue;
            if (!ts.isIdentifier(prop.name) && !ts.isStringLiteral(prop.name)) continue;
            const doc = jsDocOf(prop);
            if (doc) members.set(prop.name.text, doc);
          }
        }
        docs.set(decl.name.text, { doc: jsDocOf(decl), members });
      }
    }
  }
  return docs;
}

const docs = readDocs();
const memberDoc = (owner: string, member: string) => docs.get(owner)?.members.get(member) ?? '';

/** The exported name of a shared schema, when the wire uses one by name. */
function schemaName(schema: z.ZodType): string | null {
  for (const [name, value] of Object.entries(shared)) {
    if (value === schema && /^[A-Z]/.test(name)) return name;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Markdown.

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): string {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return '```json\n' + JSON.stringify(rest, null, 2) + '\n```';
}

/** GitHub's heading anchors. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

function schemaBlock(title: string, schema: z.ZodType, io: 'input' | 'output'): string {
  const name = schemaName(schema);
  const doc = name ? docs.get(name)?.doc : '';
  const label = name ? `${title}: \`${name}\`${doc ? ` — ${cell(doc)}` : ''}` : `${title}:`;
  return `${label}\n\n${jsonSchema(schema, io)}`;
}

function commandsSection(): string {
  const names = Object.keys(commands);
  const rows = names.map(
    (name) => `| [\`${name}\`](#${anchor(name)}) | ${cell(memberDoc('commands', name))} |`,
  );
  const sections = names.map((name) => {
    const { input, output } = commands[name]!;
    return [
      `### \`${name}\``,
      memberDoc('commands', name),
      schemaBlock('Input', input, 'input'),
      schemaBlock('Output (the `data` of a successful ack)', output, 'output'),
    ].join('\n\n');
  });
  return [
    '## Client → server commands',
    docs.get('commands')?.doc ?? '',
    'Input schemas describe what a client may send (fields with a `default` may be left out); ' +
      'output schemas describe what the server answers.',
    '| command | purpose |\n|---|---|\n' + rows.join('\n'),
    ...sections,
  ].join('\n\n');
}

function eventsSection(): string {
  const names = Object.keys(serverEvents);
  const rows = names.map(
    (name) => `| [\`${name}\`](#${anchor(name)}) | ${cell(memberDoc('serverEvents', name))} |`,
  );
  const sections = names.map((name) =>
    [
      `### \`${name}\``,
      memberDoc('serverEvents', name),
      schemaBlock('Payload', serverEvents[name]!, 'output'),
    ].join('\n\n'),
  );
  return [
    '## Server → client events',
    docs.get('serverEvents')?.doc ?? '',
    '| event | sent to |\n|---|---|\n' + rows.join('\n'),
    ...sections,
  ].join('\n\n');
}

function httpSection(
  heading = 'HTTP API',
  owner = 'httpRoutes',
  table: Record<string, RouteDef> = httpRoutes,
): string {
  const names = Object.keys(table);
  const title = (route: RouteDef) => `${route.method} ${route.path}`;
  const rows = names.map((name) => {
    const route = table[name]!;
    return `| [\`${title(route)}\`](#${anchor(title(route))}) | \`${name}\` | ${cell(memberDoc(owner, name))} |`;
  });
  const sections = names.map((name) => {
    const route = table[name]!;
    const parts = [`### \`${title(route)}\``, `Route \`${name}\`. ${memberDoc(owner, name)}`];
    if (route.params) parts.push(schemaBlock('Path parameters', route.params, 'input'));
    if (route.query) parts.push(schemaBlock('Query', route.query, 'input'));
    if (route.body) parts.push(schemaBlock('Body (JSON)', route.body, 'input'));
    parts.push(schemaBlock('Response (200)', route.response, 'output'));
    return parts.join('\n\n');
  });
  return [
    `## ${heading}`,
    docs.get(owner)?.doc ?? '',
    '| route | name | purpose |\n|---|---|---|\n' + rows.join('\n'),
    ...sections,
  ].join('\n\n');
}

function errorsSection(): string {
  const rows = Object.values(shared.ErrorCode).map((code) => {
    const meaning = memberDoc('ErrorCode', code) || errorMeanings[code] || '';
    return `| \`${code}\` | ${shared.httpStatusOf[code]} | ${cell(meaning)} |`;
  });
  return [
    '## Acks and errors',
    'Every command is acknowledged exactly once, through the Socket.IO acknowledgement callback:',
    [
      '```ts',
      'type Ack<T> =',
      '  | { ok: true; data: T }',
      '  | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };',
      '```',
    ].join('\n'),
    'A failed command changes nothing. Clients switch on `error.code`, never on `message`. ' +
      'HTTP errors answer the same `error` object as their body, with the status below.',
    schemaBlock('Error body', shared.AppErrorBody, 'output'),
    `### Error codes\n\n${cell(docs.get('ErrorCode')?.doc ?? '')}`,
    '| code | HTTP status | meaning |\n|---|---|---|\n' + rows.join('\n'),
  ].join('\n\n');
}

const kib = (bytes: number) => `${bytes / 1024} KiB`;

function connectionSection(): string {
  const { limits } = shared;
  const cookies = shared.Role.options.map((role) => `\`${shared.tokenCookieName(role)}\``).join(', ');
  return [
    '## Connecting',
    'A client first joins an edition over HTTP with a personal code ' +
      `([\`POST ${shared.httpRoutes.join.path}\`](#${anchor(`POST ${shared.httpRoutes.join.path}`)})). ` +
      `The token comes back in the body and as an httpOnly cookie, one per role: ${cookies}. ` +
      'The same token authenticates the Socket.IO connection (same origin, default path `/socket.io/`): ' +
      'a browser names the role whose cookie to use, other clients pass the token explicitly, in the handshake `auth`:',
    schemaBlock('Handshake `auth`', shared.SocketAuth, 'input'),
    'Live state is sent as snapshots (the answer of `session:join` and `moderation:join`) followed by deltas. ' +
      "Every broadcast of a session carries the session's sequence number `seq`; a client that sees a gap, " +
      'or reconnects, asks for a fresh snapshot by joining again.',
    '### Message size and heartbeats',
    `One Socket.IO message may hold at most **${kib(limits.socketMaxMessageBytes)}** ` +
      `(\`limits.socketMaxMessageBytes\`, ${limits.socketMaxMessageBytes} bytes): the UTF-8 bytes of the WebSocket ` +
      'message, i.e. `4` (Engine.IO message), `2` (Socket.IO event), the ack id, then the JSON of `[name, input]` ' +
      '(`commandMessageBytes` in `shared/src/events.ts` computes it). The server closes the connection on a bigger ' +
      'message **without acknowledging the command**, so a client must check the size before emitting and not ' +
      'send: the web client answers such a command itself with `INVALID_PAYLOAD` and ' +
      '`details: { bytes, limit }`, and never retries it. Every valid command is far below the limit.',
    `The server pings every ${limits.heartbeatIntervalMs / 1000} s and closes a socket whose pong has not ` +
      `come within ${limits.heartbeatTimeoutMs / 1000} s; a client closes after ` +
      `${(limits.heartbeatIntervalMs + limits.heartbeatTimeoutMs) / 1000} s without a ping. ` +
      `The web client shows itself as reconnecting once a ping is ${limits.heartbeatGraceMs / 1000} s overdue ` +
      "(nothing heard for interval + grace) or on the browser's `offline` event, without closing the socket.",
  ].join('\n\n');
}

async function render(): Promise<string> {
  const sources = ['events.ts', 'http.ts', 'http-organizer.ts', 'errors.ts', 'limits.ts']
    .map((f) => `\`shared/src/${f}\``)
    .join(', ');
  const markdown = [
    '# Wire protocol',
    `> Generated by \`npm run docs:protocol\` from ${sources} (zod schemas, converted with ` +
      '`z.toJSONSchema`, JSON Schema draft 2020-12). Do not edit by hand: change the schemas or their JSDoc ' +
      'and run the script again; `npm run docs:protocol -- --check` fails when this file is stale.',
    '- [Connecting](#connecting)\n- [Acks and errors](#acks-and-errors)\n' +
      '- [Client → server commands](#client--server-commands)\n' +
      '- [Server → client events](#server--client-events)\n- [HTTP API](#http-api)\n' +
      '- [Organizer HTTP API](#organizer-http-api)',
    connectionSection(),
    errorsSection(),
    commandsSection(),
    eventsSection(),
    httpSection(),
    httpSection('Organizer HTTP API', 'organizerRoutes', shared.organizerRoutes),
  ]
    .filter((part) => part.trim() !== '')
    .join('\n\n');
  const options = (await prettier.resolveConfig(outFile)) ?? {};
  return prettier.format(markdown, { ...options, filepath: outFile, parser: 'markdown' });
}

const generated = await render();
const shown = relative(process.cwd(), outFile) || outFile;

if (process.argv.includes('--check')) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : null;
  if (current !== generated) {
    console.error(`${shown} is stale: run \`npm run docs:protocol\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${shown} is up to date.`);
} else {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, generated);
  console.log(`wrote ${shown}`);
}
