// npm run lint: typescript-eslint's strict type-checked rules on the app, its migrations, benchmark and tests;
// Prettier owns the layout (eslint-config-prettier switches off the rules that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'public/', 'test-results/', 'screenshots/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers read well in messages and keys; null, undefined and objects are still refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(req, res) => res.redirect(…)` and `return res.render(…)` are Express's early exits: the handler returns
      // nothing anyone reads, and splitting each into two statements would add only noise.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      // A leading underscore marks a parameter kept for its position (Express knows an error handler by its four).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Express's request and locals types are extended the way its typings require: `declare global { namespace Express }`.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
    },
  },
  {
    // Migrations are frozen once shipped: they type their handle Kysely<any>, as Kysely's migration guide says,
    // because a migration must not follow today's Database type; and their code is never edited afterwards, so
    // rules that would only ask to rewrite shipped code stay off for them.
    files: ['db/migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // supertest types every answer body as `any`: a test reads the JSON it then asserts on.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // …and the callbacks that walk those bodies (`(row: any) => …`) say so, rather than invent a type per answer.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
      // Tests guard against what typings promise but a hostile or broken answer can still do (`res.text` of a binary
      // body, JSON.stringify(undefined)); and their fakes implement async interfaces without awaiting anything.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/require-await': 'off',
      // In a test a missing value is a failure either way; `!` lets the next assertion say what was wrong.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Plain JavaScript (this file, the CI helper) sits outside the TypeScript project.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    // The two Node globals these scripts use (the `globals` package would be a dependency for two names).
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  prettier,
);
