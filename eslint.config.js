// Lint: the recommended rules of eslint and typescript-eslint, over the sources, the suite and the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config({ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.py'] }, js.configs.recommended, ...tseslint.configs.recommended, {
  languageOptions: {
    ecmaVersion: 2023,
    sourceType: 'module',
    globals: {
      process: 'readonly',
      console: 'readonly',
      Buffer: 'readonly',
      URL: 'readonly',
      fetch: 'readonly',
      setTimeout: 'readonly',
      clearTimeout: 'readonly',
      setInterval: 'readonly',
      clearInterval: 'readonly',
      setImmediate: 'readonly',
      performance: 'readonly',
      structuredClone: 'readonly',
      AbortController: 'readonly',
      AbortSignal: 'readonly',
      Response: 'readonly',
      Request: 'readonly',
      Headers: 'readonly',
      FormData: 'readonly',
      Blob: 'readonly',
      TextEncoder: 'readonly',
      TextDecoder: 'readonly',
      URLSearchParams: 'readonly',
      document: 'readonly',
      window: 'readonly',
      globalThis: 'readonly',
    },
  },
  rules: {
    // OpenAPI documents and JSON Schemas are untyped data; `any` at those boundaries is deliberate.
    '@typescript-eslint/no-explicit-any': 'off',
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    'no-constant-condition': ['error', { checkLoops: false }],
    // Terminal output and protocol checks match control characters on purpose.
    'no-control-regex': 'off',
  },
});
