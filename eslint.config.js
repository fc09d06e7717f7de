import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Imports the core (src/) may never make: it runs without Electron, React or a DOM. */
const coreForbidden = {
  paths: [
    { name: 'electron', message: 'src/ is the core: it never imports Electron (put shell code in main/).' },
    { name: 'react', message: 'src/ is the core: it never imports React (put UI code in renderer/).' },
    { name: 'react-dom', message: 'src/ is the core: it never imports React (put UI code in renderer/).' },
  ],
  patterns: [
    { group: ['react-dom/*', 'electron/*'], message: 'src/ is the core: no Electron or React.' },
    { group: ['**/main/**', '**/renderer/**'], message: 'src/ is the core: it never reaches into main/ or renderer/.' },
  ],
};

/** The doors (CLI, browser-mode server, demo, Electron shell) reach the core only through src/api and the core's wiring. */
const doorOnly = (prefix, message) => ({
  regex: `^${prefix.replace(/[./]/g, (c) => `\\${c}`)}(?!api/|core\\.js$|config/|util/errors\\.js$|version\\.js$)`,
  message,
});

/** The core's rule (no Electron, React, DOM or src/api), with any further patterns for a part of it. */
const coreRule = (...extra) => ['error', {
  paths: coreForbidden.paths,
  patterns: [
    ...coreForbidden.patterns,
    { group: ['**/api/*', '**/api/**'], message: 'The core never imports src/api: the API is built on the core, not the other way round.' },
    ...extra,
  ],
}];

/**
 * src/bundle/ in layers: format/ (what export and verify share), documents/ (files written into a
 * bundle), then export/ and verify/, which never import each other. A folder imports only those before it.
 */
const bundleLayers = [
  { folder: 'format', forbidden: ['documents', 'export', 'verify'] },
  { folder: 'documents', forbidden: ['export', 'verify'] },
  { folder: 'export', forbidden: ['verify'] },
  { folder: 'verify', forbidden: ['export'] },
].map(({ folder, forbidden }) => ({
  files: [`src/bundle/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': coreRule({
      regex: `^\\.\\./(${forbidden.join('|')})/`,
      message: `src/bundle/${folder}/ never imports src/bundle/${forbidden.join('/, ')}/ (layers: format, documents, then export and verify apart).`,
    }),
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-output/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/api/**', 'src/cli/**', 'src/server/**', 'src/demo/**'],
    rules: { 'no-restricted-imports': coreRule() },
  },
  ...bundleLayers,
  {
    files: ['src/api/**/*.ts', 'src/cli/**/*.ts', 'src/demo/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreForbidden] },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: coreForbidden.paths,
        patterns: [...coreForbidden.patterns, doorOnly('../', 'The browser-mode server reaches the core only through src/api (and src/core.ts to be wired).')],
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [doorOnly('../src/', 'The Electron shell reaches the core only through src/api (and src/core.ts to be wired).')],
      }],
    },
  },
  {
    // Every promise is awaited or explicitly let go: a forgotten await on a repository call
    // would let a write race its custody entry, or a test pass without checking anything.
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'main/**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.json', './tsconfig.main.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'electron'], message: 'The renderer runs in a sandboxed page: no Node or Electron.' },
          { regex: '(^|/)src/(?!api/)', message: 'The renderer sees the core only through src/api (its types, and pure modules such as coordinates).' },
        ],
      }],
    },
  },
);
