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
    rules: { 'no-restricted-imports': ['error', coreForbidden] },
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
