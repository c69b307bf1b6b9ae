// eslint peer set for bench/sast.sh: eslint-plugin-security (recommended) + @microsoft/eslint-plugin-sdl
// (common + node configs; the SDL react/angular/electron sets do not apply to Node services).
// TypeScript files are parsed with @typescript-eslint/parser so the same rules run on them.
'use strict'
const security = require('eslint-plugin-security')
const sdl = require('@microsoft/eslint-plugin-sdl')
const tsParser = require('@typescript-eslint/parser')

module.exports = [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**'] },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' }
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  { files: ['**/*.ts'], languageOptions: { parser: tsParser, sourceType: 'module' } },
  security.configs.recommended,
  ...sdl.configs.common,
  ...sdl.configs.node
]
