// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import boundaries from docs/architecture.md (« Layers »), enforced rather than remembered:
// - domain modules never see the transport (Socket.IO, Fastify, server/src/transport);
// - `shared` is the wire contract used by the server and the browser, so it depends on zod only.
const transportImports = {
  patterns: [
    {
      regex: '^(socket\\.io|fastify|@fastify|engine\\.io|@socket\\.io)(/|$)',
      message: 'Modules never import the transport: keep Socket.IO and Fastify in server/src/transport.',
    },
    {
      regex: '(^|/)transport(/|$)',
      message: 'Imports flow transport → modules → store: a module must not import server/src/transport.',
    },
  ],
};

/** @param {string[]} allowed regex alternatives for the import specifiers allowed besides relative ones */
const sharedImports = (allowed) => ({
  patterns: [
    {
      // Anything that is neither relative nor allowed (this includes node: builtins).
      regex: `^(?!\\.{1,2}/|${allowed.join('|')})`,
      message: 'shared/src is the wire contract for server and browser: it may import zod only.',
    },
    {
      regex: '(^|/)(server|client)(/|$)',
      message: 'shared/src must not depend on the server or the client.',
    },
  ],
});

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    'data/',
    'test-results/',
    'bench-results/',
    'coverage/',
    '**/.vite/',
    '.cache/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': [
        'error',
        {
          'ts-ignore': true,
          'ts-nocheck': true,
          'ts-check': false,
          'ts-expect-error': 'allow-with-description',
          minimumDescriptionLength: 10,
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Hooks live in .tsx components and in .ts files such as client/src/realtime/use-command.ts.
    files: ['client/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },

  {
    // The service worker runs in its own global scope (self, caches, clients).
    files: ['client/sw/**/*.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },

  {
    files: ['server/src/modules/**/*.{ts,tsx,js,mjs}'],
    rules: { 'no-restricted-imports': ['error', transportImports] },
  },

  {
    files: ['shared/src/**/*.{ts,tsx,js,mjs}'],
    rules: { 'no-restricted-imports': ['error', sharedImports(['zod(/|$)'])] },
  },
  {
    files: ['shared/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', sharedImports(['zod(/|$)', 'vitest(/|$)', 'node:'])] },
  },
);
